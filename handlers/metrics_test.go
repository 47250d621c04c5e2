package handlers

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"imsetup/internal/bluemind"
	"imsetup/internal/bluemind/bluemindtest"
	"imsetup/internal/metrics"
)

func scrapeMetrics(t *testing.T, m *metrics.Metrics) string {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	b, _ := io.ReadAll(rec.Body)
	return string(b)
}

func sample(body, series string) float64 {
	m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(series) + ` (\S+)$`).FindStringSubmatch(body)
	if m == nil {
		return -1
	}
	v, _ := strconv.ParseFloat(m[1], 64)
	return v
}

// Many users at once: every login and guide view is counted exactly once,
// by outcome, and no label holds a login, an address or a name.
func TestMetricsCountParallelRequests(t *testing.T) {
	m := metrics.New()
	// Limits high enough for the parallel logins of one account from one
	// address; TestMetricsCountHeldBackLogins holds logins back.
	p := newPortalWithClient(t, bluemind.Options{Timeout: 2 * time.Second, Observe: m.BlueMindCall}, func(d *Deps) {
		d.Metrics = m
		d.Settings.Throttle.AddrFailures = 1000
		d.Settings.Throttle.LoginFailures = 1000
	})
	type attempt struct {
		login, password string
		n               int
	}
	var wg sync.WaitGroup
	for i, a := range []attempt{
		{"jmartin@example.com", "demo", 20},
		{"zorglub.quintessence%d@example.com", "wrong", 20}, // distinctive, one failure each
		{"jmartin@example.com", "", 10},
		{"expired@example.com", "demo", 5},
		{"nochat@example.com", "demo", 5},
	} {
		for j := range a.n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				login := a.login
				if strings.Contains(login, "%d") {
					login = strings.Replace(login, "%d", strconv.Itoa(i*100+j), 1)
				}
				p.anonymousBrowser("fr").do("POST", "/login", url.Values{"login": {login}, "password": {a.password}})
			}()
		}
	}
	wg.Wait()
	b := p.browser("fr")
	if r := b.login("jmartin@example.com", "demo"); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: %d", r.StatusCode)
	}
	for range 30 {
		wg.Add(1)
		go func() { defer wg.Done(); b.get("/guides/gajim") }()
	}
	wg.Wait()
	b.get("/guides/pidgin?lang=de")
	p.emu.SetFailure(bluemindtest.FailureDown500)
	p.anonymousBrowser("fr").login("jmartin@example.com", "demo")
	p.emu.SetFailure(bluemindtest.FailureNone)

	body := scrapeMetrics(t, m)
	for series, want := range map[string]float64{
		`imsetup_logins_total{outcome="ok"}`:                           21,
		`imsetup_logins_total{outcome="bad_credentials"}`:              20,
		`imsetup_logins_total{outcome="invalid_input"}`:                10,
		`imsetup_logins_total{outcome="password_expired"}`:             5,
		`imsetup_logins_total{outcome="no_im_role"}`:                   5,
		`imsetup_logins_total{outcome="bluemind_unavailable"}`:         1,
		`imsetup_guide_views_total{client="gajim",lang="fr"}`:          30,
		`imsetup_guide_views_total{client="pidgin",lang="de"}`:         1,
		`imsetup_bluemind_request_duration_seconds_count{op="login"}`:  21 + 20 + 5 + 5 + 1,
		`imsetup_bluemind_request_duration_seconds_count{op="logout"}`: 21 + 5 + 5,
		`imsetup_bluemind_errors_total{op="login"}`:                    1,
	} {
		if got := sample(body, series); got != want {
			t.Errorf("%s = %v, want %v", series, got, want)
		}
	}
	for _, personal := range []string{"@", "zorglub", "quintessence", "jmartin", "jeanne", "Jeanne", "Martin", "Chatelain", "127.0.0.1"} {
		if strings.Contains(body, personal) {
			t.Errorf("the metrics contain %q:\n%s", personal, grepLines(body, personal))
		}
	}
}

// Held-back logins, counted by the limit that held them, from parallel
// attempts: each one is counted once, whatever the limit.
func TestMetricsCountHeldBackLogins(t *testing.T) {
	m := metrics.New()
	p := newPortal(t, func(d *Deps) {
		d.Metrics = m
		d.Settings.Throttle.LoginFailures = 3
		d.Settings.Throttle.AddrFailures = 1000
	})
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() { defer wg.Done(); p.anonymousBrowser("fr").login("jmartin@example.com", "wrong") }()
	}
	wg.Wait()
	body := scrapeMetrics(t, m)
	// Held back by failures, or by the attempts still in flight: each
	// outcome with its own label.
	bad := sample(body, `imsetup_logins_total{outcome="bad_credentials"}`)
	held, busy := max(sample(body, `imsetup_logins_total{outcome="held_back_account"}`), 0), max(sample(body, `imsetup_logins_total{outcome="held_back_account_busy"}`), 0)
	if bad < 1 || bad > 3 || bad+held+busy != 20 {
		t.Errorf("20 parallel wrong passwords: %v bad, %v held back, %v held by those in flight; want at most 3 bad and 20 in all", bad, held, busy)
	}
	if got := max(sample(body, `imsetup_login_throttled_total{limit="account"}`), 0); got != held {
		t.Errorf("throttled{limit=account} = %v, want %v", got, held)
	}
	if got := max(sample(body, `imsetup_login_throttled_total{limit="account_busy"}`), 0); got != busy {
		t.Errorf("throttled{limit=account_busy} = %v, want %v", got, busy)
	}
	// The network's limit has its own label.
	m2 := metrics.New()
	p2 := newPortal(t, func(d *Deps) {
		d.Metrics = m2
		d.Settings.Throttle.AddrFailures = 2
	})
	for i := range 4 {
		p2.anonymousBrowser("fr").login("nobody"+strconv.Itoa(i)+"@example.com", "wrong")
	}
	body = scrapeMetrics(t, m2)
	if held := sample(body, `imsetup_logins_total{outcome="held_back_network"}`); held != 2 || sample(body, `imsetup_login_throttled_total{limit="network"}`) != 2 {
		t.Errorf("held back by the network's limit: %v\n%s", held, grepLines(body, "held_back"))
	}
}

func grepLines(body, s string) string {
	var out []string
	for _, l := range strings.Split(body, "\n") {
		if strings.Contains(l, s) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// The portal's own routes never serve metrics.
func TestNoMetricsOnThePortal(t *testing.T) {
	p := newPortal(t, func(d *Deps) { d.Metrics = metrics.New() })
	for _, path := range []string{"/metrics", "/static/metrics", "/im/metrics"} {
		if r := p.anonymousBrowser("fr").get(path); r.StatusCode != http.StatusNotFound || strings.Contains(r.body, "imsetup_logins_total") {
			t.Errorf("GET %s: %d", path, r.StatusCode)
		}
	}
}
