package handlers

import (
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"testing"

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
	if got, want := r.text("#form-problem p"), p.N("fr", "login.error.throttled", 1); got != want {
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
	now := p.srv.now()
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
