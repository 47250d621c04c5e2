package handlers

import (
	"fmt"
	"imsetup/internal/bluemind"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"imsetup/internal/bluemind/bluemindtest"
)

// The 4th wrong password is refused by the portal itself, before
// BlueMind's brute-force plugin would lock the user out.
func TestFourthWrongPasswordIs429WithoutAskingBlueMind(t *testing.T) {
	p := newPortal(t)
	b := p.browser("fr")
	for i := 0; i < 3; i++ {
		if r := b.login("jmartin", "wrong"); r.StatusCode != http.StatusUnauthorized {
			t.Fatalf("attempt %d: status %d", i+1, r.StatusCode)
		}
	}
	// Same login, typed differently: still the same account.
	r := b.login(" JMartin@example.com ", bluemindtest.DemoPassword)
	if r.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("4th attempt: status %d, want 429", r.StatusCode)
	}
	secs, err := strconv.Atoi(r.Header.Get("Retry-After"))
	if err != nil || secs < 20 {
		t.Errorf("Retry-After %q", r.Header.Get("Retry-After"))
	}
	if got, want := r.text("#form-problem p"), p.N("fr", "login.error.throttledAccount", 1); got != want {
		t.Errorf("message %q, want %q", got, want)
	}
	if n := p.emu.LoginAttempts(); n != 3 {
		t.Errorf("BlueMind saw %d attempts, want 3", n)
	}
	// Another user is not affected.
	if r := b.login("psmith", bluemindtest.DemoPassword); r.StatusCode != http.StatusSeeOther {
		t.Errorf("another login: status %d", r.StatusCode)
	}
}

func TestRightPasswordAfterTheDelayWorks(t *testing.T) {
	p := newPortal(t)
	b := p.browser("fr")
	for i := 0; i < 3; i++ {
		b.login("jmartin", "wrong")
	}
	now := p.srv.clock()
	p.srv.now = func() time_ { return now.Add(31 * second) }
	if r := b.login("jmartin", bluemindtest.DemoPassword); r.StatusCode != http.StatusSeeOther {
		t.Errorf("after the delay: status %d", r.StatusCode)
	}
}

// X-Forwarded-For counts only from a configured proxy: a client cannot
// forge it to get a fresh address for every try.
func TestForwardedForOnlyFromTrustedProxies(t *testing.T) {
	for _, tc := range []struct {
		trusted []netip.Prefix
		want    int // status of the attempt after the address limit
	}{
		{nil, http.StatusTooManyRequests},
		{[]netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}, http.StatusUnauthorized},
	} {
		p := newPortal(t, func(d *Deps) {
			d.Settings.TrustedProxies = tc.trusted
			d.Settings.Throttle.AddrFailures = 2
		})
		var last int
		for i := 0; i < 3; i++ {
			req, _ := http.NewRequest("POST", p.url+"/login", strings.NewReader("login=user"+strconv.Itoa(i)+"&password=x"))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("X-Forwarded-For", "198.51.100."+strconv.Itoa(i))
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			last = resp.StatusCode
		}
		if last != tc.want {
			t.Errorf("trusted %v: 3rd attempt status %d, want %d", tc.trusted, last, tc.want)
		}
	}
}

// burst fires n wrong passwords at once, the ith for login(i), and
// returns the statuses.
func burst(t *testing.T, p *portal, n int, login func(i int) string) map[int]int {
	t.Helper()
	var wg sync.WaitGroup
	var mu sync.Mutex
	statuses := map[int]int{}
	start := make(chan struct{})
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			form := url.Values{"login": {login(i)}, "password": {"wrong"}}
			resp, err := http.PostForm(p.url+"/login", form)
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			mu.Lock()
			statuses[resp.StatusCode]++
			mu.Unlock()
		}()
	}
	close(start)
	wg.Wait()
	return statuses
}

// Requests fired together all used to pass the check before any failure
// was recorded: with a slow BlueMind, every one of them reached it. An
// attempt now counts from before BlueMind is asked.
func TestParallelWrongPasswordsReachBlueMindAtMostTheLimit(t *testing.T) {
	t.Run("one login", func(t *testing.T) {
		p := newPortal(t)
		p.emu.SetLoginDelay(300 * time.Millisecond)
		got := burst(t, p, 40, func(int) string { return "jmartin@example.com" })
		if n := p.emu.LoginAttempts(); n > 3 {
			t.Errorf("BlueMind saw %d of 40 parallel wrong passwords for one login, want at most 3 (statuses %v)", n, got)
		}
		if got[http.StatusUnauthorized] > 3 || got[http.StatusTooManyRequests] < 37 {
			t.Errorf("statuses %v: want at most 3 × 401, the rest 429", got)
		}
	})
	t.Run("one address", func(t *testing.T) {
		p := newPortal(t, func(d *Deps) { d.Settings.Throttle.AddrFailures = 10 })
		p.emu.SetLoginDelay(300 * time.Millisecond)
		got := burst(t, p, 60, func(i int) string { return fmt.Sprintf("user%d@example.com", i) })
		if n := p.emu.LoginAttempts(); n > 10 {
			t.Errorf("BlueMind saw %d of 60 parallel wrong passwords from one address, want at most 10 (statuses %v)", n, got)
		}
	})
}

// postFrom sends a login as a client behind the trusted proxy would.
func postFrom(t *testing.T, p *portal, client, login, password string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest("POST", p.url+"/login", strings.NewReader(url.Values{"login": {login}, "password": {password}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept-Language", "en")
	if client != "" {
		req.Header.Set("X-Forwarded-For", client)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

var behindLocalProxy = func(d *Deps) {
	d.Settings.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}
}

// "This account" and "your network" are different messages: users read
// "this address" as their e-mail address.
func TestHeldBackMessageSaysWhichLimit(t *testing.T) {
	p := newPortal(t, func(d *Deps) { d.Settings.Throttle.AddrFailures = 4 })
	for i, lang := range []string{"fr", "en", "de"} {
		b := p.browser(lang)
		for i := 0; i < 3; i++ {
			b.login("psmith", "wrong")
		}
		account := b.login("psmith", "wrong")
		b.login("kschmidt", "wrong") // the address's 4th failure
		if got, want := account.text("#form-problem p"), p.N(lang, "login.error.throttledAccount", 1); account.StatusCode != http.StatusTooManyRequests || got != want {
			t.Errorf("%s: account held back: %d %q, want %q", lang, account.StatusCode, got, want)
		}
		// Another login from the same (now exhausted) address.
		network := b.login("kschmidt", "wrong")
		if got, want := network.text("#form-problem p"), p.N(lang, "login.error.throttledNetwork", 10); network.StatusCode != http.StatusTooManyRequests || got != want {
			t.Errorf("%s: network held back: %d %q, want %q", lang, network.StatusCode, got, want)
		}
		if account.text("#form-problem p") == network.text("#form-problem p") {
			t.Errorf("%s: one message for both limits", lang)
		}
		// A day later the account and the network start afresh.
		p.srv.now = func() time_ { return time.Now().Add(time.Duration(i+1) * 25 * time.Hour) }
	}
	if p.T("fr", "login.error.throttledAccount", map[string]any{"Count": 1}) == "" {
		t.Fatal("no French message")
	}
	for _, want := range []string{`"outcome":"held_back_account"`, `"outcome":"held_back_network"`} {
		if !strings.Contains(p.logs.String(), want) {
			t.Errorf("the log has no %s", want)
		}
	}
}

// BlueMind accepts every address of an account: once the portal has seen
// the account log in, failures typed with any of them share one budget.
func TestAnAccountsAddressesShareOneBudget(t *testing.T) {
	p := newPortal(t)
	if r := p.browser("fr").login("jmartin", bluemindtest.DemoPassword); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: %d", r.StatusCode)
	}
	before := p.emu.LoginAttempts()
	b := p.browser("fr")
	for _, login := range []string{"jeanne@example.com", "jeanne.martin@example.com", "JMartin@example.com"} {
		if r := b.login(login, "wrong"); r.StatusCode != http.StatusUnauthorized {
			t.Fatalf("%s: %d", login, r.StatusCode)
		}
	}
	for _, login := range []string{"jeanne@example.com", "jeanne.martin@example.com", "jmartin"} {
		if r := b.login(login, "wrong"); r.StatusCode != http.StatusTooManyRequests {
			t.Errorf("4th failure for one account, typed %s: %d, want 429", login, r.StatusCode)
		}
	}
	if n := p.emu.LoginAttempts() - before; n != 3 {
		t.Errorf("BlueMind saw %d wrong passwords for one account, want 3", n)
	}
}

// One user with IPv6 has a whole /64: it counts as one address.
func TestIPv6CountsPerSlash64(t *testing.T) {
	p := newPortal(t, behindLocalProxy, func(d *Deps) { d.Settings.Throttle.AddrFailures = 3 })
	for i := 1; i <= 3; i++ {
		if r := postFrom(t, p, fmt.Sprintf("2001:db8:1:2::%x", i), fmt.Sprintf("user%d", i), "x"); r.StatusCode != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %d", i, r.StatusCode)
		}
	}
	if r := postFrom(t, p, "2001:db8:1:2:ffff::9", "user9", "x"); r.StatusCode != http.StatusTooManyRequests {
		t.Errorf("4th failure from one /64: %d, want 429", r.StatusCode)
	}
	if r := postFrom(t, p, "2001:db8:1:3::1", "user10", "x"); r.StatusCode != http.StatusUnauthorized {
		t.Errorf("another /64: %d, want 401", r.StatusCode)
	}
	if r := postFrom(t, p, "192.0.2.1", "user11", "x"); r.StatusCode != http.StatusUnauthorized {
		t.Errorf("an IPv4 client: %d, want 401", r.StatusCode)
	}
}

// Behind a proxy that IMSETUP_TRUSTED_PROXIES does not list, everybody
// shares the proxy's address: the log says so, once, with the fix.
func TestUntrustedForwardedForIsWarnedOnce(t *testing.T) {
	p := newPortal(t)
	for i := 0; i < 3; i++ {
		postFrom(t, p, "198.51.100.7", "user", "x")
	}
	if n := strings.Count(p.logs.String(), "IMSETUP_TRUSTED_PROXIES=127.0.0.1"); n != 1 {
		t.Errorf("%d warnings naming IMSETUP_TRUSTED_PROXIES=127.0.0.1, want 1:\n%s", n, p.logs)
	}
	if strings.Contains(p.logs.String(), `"client":"198.51.100.7"`) {
		t.Error("an untrusted X-Forwarded-For was believed")
	}
}

// A bare login while BlueMind hangs waits for one timeout, not two: the
// default domain is asked once.
func TestBareLoginWithAHangingBlueMindAsksOnce(t *testing.T) {
	p := newPortalWithClient(t, bluemind.Options{Timeout: 200 * time.Millisecond})
	p.emu.SetFailure(bluemindtest.FailureSlow)
	r := p.browser("fr").login("jmartin", "whatever")
	if r.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("status %d, want 503", r.StatusCode)
	}
	if n := p.emu.Calls("GET /api/system/installation/_infos"); n != 1 {
		t.Errorf("BlueMind's default domain was asked %d times for one login, want 1", n)
	}
	if n := p.emu.LoginAttempts(); n != 0 {
		t.Errorf("a login went to BlueMind without its domain (%d)", n)
	}
}

// A client that hangs up while BlueMind checks the password must not get
// the attempt back: BlueMind saw the guess.
func TestAClientHangingUpStillCounts(t *testing.T) {
	p := newPortal(t)
	p.emu.SetLoginDelay(200 * time.Millisecond)
	impatient := &http.Client{Timeout: 30 * time.Millisecond}
	for i := 0; i < 8; i++ {
		resp, err := impatient.PostForm(p.url+"/login", url.Values{"login": {"psmith@example.com"}, "password": {"wrong"}})
		if err == nil {
			resp.Body.Close()
		}
		time.Sleep(40 * time.Millisecond)
	}
	time.Sleep(500 * time.Millisecond) // the last attempts settle
	if n := p.emu.LoginAttempts(); n > 3 {
		t.Errorf("BlueMind saw %d guesses from clients that hung up, want at most 3", n)
	}
	if r := p.browser("en").login("psmith@example.com", "wrong"); r.StatusCode != http.StatusTooManyRequests {
		t.Errorf("after 3 abandoned guesses: %d, want 429", r.StatusCode)
	}
}

// fakeClock is a portal's clock that a test moves on; handlers read it
// from many goroutines at once.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock(p *portal) *fakeClock {
	c := &fakeClock{t: time.Now()}
	p.srv.now = c.now
	return c
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// The attack that found it: holds of 30, 60 ... 900 s, then, right after
// the 900 s one, 3 parallel guesses all reached BlueMind and the cycle
// restarted at 30 s. After the longest hold each guess must wait it
// again, however many are fired at once, until the account is quiet.
func TestLongestHoldRepeatsUntilTheAccountIsQuiet(t *testing.T) {
	p := newPortal(t)
	clock := newFakeClock(p)
	b := p.browser("en")
	for i := 0; i < 3; i++ {
		b.login("psmith@example.com", "wrong")
	}
	var waits []int
	for cycle := 0; cycle < 10; cycle++ {
		r := b.login("psmith@example.com", "wrong")
		secs, _ := strconv.Atoi(r.Header.Get("Retry-After"))
		if r.StatusCode != http.StatusTooManyRequests || secs < 30 {
			t.Fatalf("hold %d: %d, Retry-After %q", cycle+1, r.StatusCode, r.Header.Get("Retry-After"))
		}
		waits = append(waits, secs)
		clock.advance(time.Duration(secs+1) * time.Second)
		before := p.emu.LoginAttempts()
		got := burst(t, p, 3, func(int) string { return "psmith@example.com" })
		if n := p.emu.LoginAttempts() - before; n != 1 || got[http.StatusUnauthorized] != 1 {
			t.Fatalf("after a hold of %d s: BlueMind saw %d of 3 parallel guesses, statuses %v; want 1 (holds so far %v)", secs, n, got, waits)
		}
	}
	if fmt.Sprint(waits) != "[30 60 120 240 480 900 900 900 900 900]" {
		t.Errorf("holds %v s, want doubling from 30 to 900 and staying there", waits)
	}
	// An hour later: still one guess at a time.
	clock.advance(time.Hour)
	if got := burst(t, p, 3, func(int) string { return "psmith@example.com" }); got[http.StatusUnauthorized] != 1 {
		t.Errorf("an hour after the last hold: statuses %v, want one guess through", got)
	}
	// A day without a failure: the account starts afresh.
	clock.advance(24*time.Hour + time.Second)
	if got := burst(t, p, 5, func(int) string { return "psmith@example.com" }); got[http.StatusUnauthorized] != 3 {
		t.Errorf("a quiet day later: statuses %v, want the full budget of 3", got)
	}
}

// Every address BlueMind lists for an account shares its budget, not only
// the first 64: an account with hundreds of aliases (a shared service
// address, a role account) was otherwise guessed through the rest.
func TestAllOfAnAccountsManyAddressesShareOneBudget(t *testing.T) {
	var aliases []string
	for i := 0; i < 400; i++ {
		aliases = append(aliases, fmt.Sprintf("alias%03d@example.com", i))
	}
	emu := bluemindtest.New(bluemindtest.Options{DefaultDomain: bluemindtest.DemoDomain, Accounts: append(bluemindtest.DemoAccounts(),
		bluemindtest.Account{Login: "service", Domain: bluemindtest.DemoDomain, Password: "pw", DisplayName: "Service",
			DefaultEmail: "service@example.com", Aliases: aliases, Roles: []string{"hasIM"}})})
	p := newPortalOn(t, emu, bluemind.Options{}, func(d *Deps) { d.Settings.Throttle.AddrFailures = 1000 })
	if r := p.browser("en").login("service", "pw"); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: %d", r.StatusCode)
	}
	p.emu.SetLoginDelay(200 * time.Millisecond)
	before := p.emu.LoginAttempts()
	got := burst(t, p, 40, func(i int) string { return aliases[len(aliases)-1-i*7] })
	if n := p.emu.LoginAttempts() - before; n > 3 {
		t.Errorf("40 parallel wrong passwords over 40 of an account's 400 addresses: BlueMind saw %d, want at most 3 (statuses %v)", n, got)
	}
}
