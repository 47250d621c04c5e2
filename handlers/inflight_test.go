package handlers

import (
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"imsetup/internal/bluemind/bluemindtest"
	"imsetup/internal/metrics"
	"imsetup/internal/redisstore/redistest"
)

// onEachStore runs f on a portal whose throttle is in memory, then on one
// whose throttle is in a real Redis (skipped without redis-server).
func onEachStore(t *testing.T, f func(t *testing.T, mod func(*Deps))) {
	t.Run("memory", func(t *testing.T) { f(t, func(*Deps) {}) })
	t.Run("redis", func(t *testing.T) {
		r := redistest.Start(t)
		f(t, onRedis(t, r.URL(), redistest.Prefix(t)))
	})
}

// inParallel sends n logins at once, the ith in langs[i%3], and returns
// the answers.
func inParallel(p *portal, n int, login func(i int) (string, string)) ([]*response, []string) {
	langs := []string{"fr", "en", "de"}
	answers := make([]*response, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b := p.anonymousBrowser(langs[i%3])
			<-start
			answers[i] = b.login(login(i))
		}()
	}
	close(start)
	wg.Wait()
	lang := make([]string, n)
	for i := range n {
		lang[i] = langs[i%3]
	}
	return answers, lang
}

// Attempts in flight count against the limit, so that a burst cannot
// pass the check before its first failure is recorded; but a right
// password held back by them was told "too many wrong passwords, wait 1
// minute" without any wrong password (6 of 12 parallel logins). It is
// told the truth, with a short Retry-After, and logged and counted apart.
func TestParallelRightPasswordsAreToldALoginIsUnderWay(t *testing.T) {
	onEachStore(t, func(t *testing.T, store func(*Deps)) {
		p := newPortal(t, store)
		p.emu.SetLoginDelay(300 * time.Millisecond)
		answers, langs := inParallel(p, 12, func(int) (string, string) { return "jmartin", bluemindtest.DemoPassword })
		in, busy := 0, 0
		for i, r := range answers {
			switch r.StatusCode {
			case http.StatusSeeOther:
				in++
			case http.StatusTooManyRequests:
				busy++
				got, want := r.text("#form-problem p"), p.T(langs[i], "login.error.busyAccount", nil)
				if got != want || r.Header.Get("Retry-After") != "5" {
					t.Errorf("%s: %q, Retry-After %q; want %q, 5", langs[i], got, r.Header.Get("Retry-After"), want)
				}
			default:
				t.Errorf("%s: status %d", langs[i], r.StatusCode)
			}
			if strings.Contains(r.body, p.N(langs[i], "login.error.throttledAccount", 1)) {
				t.Errorf("%s: a right password was told of too many wrong passwords", langs[i])
			}
		}
		if in < 3 || busy == 0 {
			t.Errorf("12 right passwords at once: %d logged in, %d held back; want the 3 of the budget in, the others held while they were in flight", in, busy)
		}
		logs := p.logs.String()
		if n := strings.Count(logs, `"outcome":"held_back_account_busy"`); n != busy || strings.Contains(logs, `"outcome":"held_back_account"`) {
			t.Errorf("%d lines held_back_account_busy for %d held back, and none held_back_account:\n%s", n, busy, logs)
		}
		// Nothing was a failure: the next login goes through.
		if r := p.browser("fr").login("jmartin", bluemindtest.DemoPassword); r.StatusCode != http.StatusSeeOther {
			t.Errorf("after the burst: status %d, want 303", r.StatusCode)
		}
	})
}

// The protection is the same: a burst of wrong passwords still reaches
// BlueMind at most the limit. Those held while the first were in flight
// are told so; the first try after them is told of wrong passwords, with
// the real delay.
func TestParallelWrongPasswordsStillStopAtTheLimit(t *testing.T) {
	onEachStore(t, func(t *testing.T, store func(*Deps)) {
		p := newPortal(t, store)
		p.emu.SetLoginDelay(300 * time.Millisecond)
		answers, langs := inParallel(p, 30, func(int) (string, string) { return "jmartin@example.com", "wrong" })
		if n := p.emu.LoginAttempts(); n > 3 {
			t.Errorf("BlueMind saw %d of 30 parallel wrong passwords, want at most 3", n)
		}
		for i, r := range answers {
			if r.StatusCode == http.StatusUnauthorized {
				continue
			}
			busy, failures := p.T(langs[i], "login.error.busyAccount", nil), p.N(langs[i], "login.error.throttledAccount", 1)
			if got := r.text("#form-problem p"); r.StatusCode != http.StatusTooManyRequests || got != busy && got != failures {
				t.Errorf("%s: %d %q", langs[i], r.StatusCode, got)
			}
		}
		r := p.browser("en").login("jmartin", "wrong")
		secs, _ := strconv.Atoi(r.Header.Get("Retry-After"))
		if got, want := r.text("#form-problem p"), p.N("en", "login.error.throttledAccount", 1); r.StatusCode != http.StatusTooManyRequests || got != want || secs < 25 {
			t.Errorf("after the burst: %d %q, Retry-After %ds; want 429 %q, about 30 s", r.StatusCode, got, secs, want)
		}
	})
}

// Logins from one network fill its budget while in flight: those held
// back meanwhile are told that many logins from the network are under
// way, not that too many failed.
func TestParallelLoginsFromOneNetworkAreToldTheyAreUnderWay(t *testing.T) {
	onEachStore(t, func(t *testing.T, store func(*Deps)) {
		m := metrics.New()
		p := newPortal(t, func(d *Deps) { d.Settings.Throttle.AddrFailures, d.Metrics = 4, m }, store) // the store takes the limits
		p.emu.SetLoginDelay(300 * time.Millisecond)
		answers, langs := inParallel(p, 12, func(i int) (string, string) { return "user" + strconv.Itoa(i) + "@example.com", "wrong" })
		busy := 0
		for i, r := range answers {
			if r.StatusCode != http.StatusTooManyRequests {
				continue
			}
			busy++
			if got, want := r.text("#form-problem p"), p.T(langs[i], "login.error.busyNetwork", nil); got != want || r.Header.Get("Retry-After") != "5" {
				t.Errorf("%s: %q, Retry-After %q; want %q, 5", langs[i], got, r.Header.Get("Retry-After"), want)
			}
		}
		if n := p.emu.LoginAttempts(); n > 4 || busy == 0 {
			t.Errorf("12 logins at once from one network: BlueMind saw %d (want at most 4), %d held back", n, busy)
		}
		if n := strings.Count(p.logs.String(), `"outcome":"held_back_network_busy"`); n != busy {
			t.Errorf("%d lines held_back_network_busy for %d held back", n, busy)
		}
		// And counted once each, under their own labels.
		body := scrapeMetrics(t, m)
		if n := max(sample(body, `imsetup_logins_total{outcome="held_back_network_busy"}`), 0); n != float64(busy) {
			t.Errorf("logins_total{outcome=held_back_network_busy} = %v for %d held back", n, busy)
		}
		if n := max(sample(body, `imsetup_login_throttled_total{limit="network_busy"}`), 0); n != float64(busy) {
			t.Errorf("login_throttled_total{limit=network_busy} = %v for %d held back", n, busy)
		}
	})
}
