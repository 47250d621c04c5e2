package handlers

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"imsetup/internal/bluemind/bluemindtest"
)

func sessionCookieOf(t *testing.T, r *response) *http.Cookie {
	t.Helper()
	for _, c := range r.Cookies() {
		if c.Name == sessionCookie {
			return c
		}
	}
	t.Fatal("no session cookie")
	return nil
}

func TestDeepLinkGoesThroughLoginAndComesBack(t *testing.T) {
	p := newPortal(t)
	b := p.browser("fr")
	r := b.get("/guides/pidgin")
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/login?next=%2Fguides%2Fpidgin" {
		t.Fatalf("status %d location %q", r.StatusCode, r.Header.Get("Location"))
	}
	form := b.get(r.Header.Get("Location"))
	next := form.doc.Find(`input[name="next"]`).AttrOr("value", "")
	r = b.do("POST", "/login", url.Values{"login": {"jmartin"}, "password": {bluemindtest.DemoPassword}, "next": {next}})
	if r.Header.Get("Location") != "/guides/pidgin" {
		t.Fatalf("after login: location %q, want the guide", r.Header.Get("Location"))
	}
	if g := b.get("/guides/pidgin"); g.StatusCode != http.StatusOK || g.value("username") != "jeanne.martin" {
		t.Errorf("guide: %d %q", g.StatusCode, g.value("username"))
	}
}

func TestLoginRedirectTargetStaysLocal(t *testing.T) {
	p := newPortal(t)
	for _, next := range []string{"//evil.example", "/\\evil.example", "https://evil.example/", "%2F%2Fevil.example", "/%2F/evil.example", "/\t/evil.example", "javascript:alert(1)"} {
		r := p.browser("fr").do("POST", "/login", url.Values{"login": {"jmartin"}, "password": {bluemindtest.DemoPassword}, "next": {next}})
		if loc := r.Header.Get("Location"); loc != "/" {
			t.Errorf("next=%q: redirected to %q, want /", next, loc)
		}
	}
}

func TestLogoutEndsTheSession(t *testing.T) {
	p := newPortal(t)
	b := loggedIn(t, p, "fr", "jmartin")
	r := b.do("POST", "/logout", url.Values{})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("logout status %d", r.StatusCode)
	}
	if c := sessionCookieOf(t, r); c.MaxAge >= 0 {
		t.Errorf("logout must delete the cookie, got MaxAge %d", c.MaxAge)
	}
	if home := b.get("/"); home.doc.Find(`form[action="/login"]`).Length() != 1 {
		t.Error("after logout, / must show the login form")
	}
}

func TestSessionCookieIsOpaqueAndFlagged(t *testing.T) {
	p := newPortal(t)
	r := p.browser("fr").login("jmartin", bluemindtest.DemoPassword)
	c := sessionCookieOf(t, r)
	if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.MaxAge <= 0 || c.MaxAge > 12*3600 {
		t.Errorf("cookie flags: %+v", c)
	}
	raw, _ := base64.URLEncoding.DecodeString(c.Value)
	for _, s := range []string{c.Value, string(raw)} {
		if strings.Contains(s, "jeanne") || strings.Contains(s, "Jeanne") {
			t.Error("the cookie reveals the user")
		}
	}
}

func TestSecureCookieOnHTTPS(t *testing.T) {
	p := newPortal(t, func(d *Deps) { d.Settings.SecureCookies = true })
	r := p.browser("fr").login("jmartin", bluemindtest.DemoPassword)
	if c := sessionCookieOf(t, r); !c.Secure {
		t.Error("cookie not Secure with an https public URL")
	}
	if r.Header.Get("Strict-Transport-Security") == "" {
		t.Error("no HSTS with an https public URL")
	}
}

func TestTamperedCookieIsJustLoggedOut(t *testing.T) {
	p := newPortal(t)
	c := sessionCookieOf(t, p.browser("fr").login("jmartin", bluemindtest.DemoPassword))
	v := []byte(c.Value)
	v[len(v)/2] ^= 1
	req, _ := http.NewRequest("GET", p.url+"/", nil)
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: string(v)})
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("tampered cookie: status %d, want the login page", resp.StatusCode)
	}
}

func TestSessionKeyRotation(t *testing.T) {
	oldKey := []byte(strings.Repeat("o", 32))
	newKey := []byte(strings.Repeat("n", 32))
	before := newPortal(t, func(d *Deps) { d.Settings.SessionKeys = [][]byte{oldKey} })
	c := sessionCookieOf(t, before.browser("fr").login("jmartin", bluemindtest.DemoPassword))

	for _, tc := range []struct {
		keys      [][]byte
		loggedIn  bool
		situation string
	}{
		{[][]byte{newKey, oldKey}, true, "old key still configured"},
		{[][]byte{newKey}, false, "old key removed"},
	} {
		after := newPortal(t, func(d *Deps) { d.Settings.SessionKeys = tc.keys })
		req, _ := http.NewRequest("GET", after.url+"/guides/gajim", nil)
		req.AddCookie(c)
		resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.StatusCode == http.StatusOK; got != tc.loggedIn {
			t.Errorf("%s: status %d", tc.situation, resp.StatusCode)
		}
	}
}

func TestCrossSiteLoginIsRefused(t *testing.T) {
	p := newPortal(t)
	req, _ := http.NewRequest("POST", p.url+"/login", strings.NewReader("login=jmartin&password="+bluemindtest.DemoPassword))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("status %d, want 403", resp.StatusCode)
	}
	if p.emu.LoginAttempts() != 0 {
		t.Error("BlueMind was asked for a cross-site login")
	}
}

func TestLoggedOutCookieCannotBeReplayed(t *testing.T) {
	p := newPortal(t)
	b := loggedIn(t, p, "fr", "jmartin")
	u, _ := url.Parse(p.url)
	copied := b.client.Jar.Cookies(u)
	b.do("POST", "/logout", url.Values{})
	req, _ := http.NewRequest("GET", p.url+"/guides/gajim", nil)
	for _, c := range copied {
		req.AddCookie(c)
	}
	resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("replayed cookie after logout: status %d, want a redirect to the login", resp.StatusCode)
	}
}

func TestIdleAndAbsoluteTimeouts(t *testing.T) {
	p := newPortal(t, func(d *Deps) {
		d.Settings.SessionIdle = 30 * time.Minute
		d.Settings.SessionLifetime = 2 * time.Hour
	})
	start := time.Now()
	clock := start
	p.srv.now = func() time.Time { return clock }
	b := loggedIn(t, p, "fr", "jmartin")
	visit := func(after time.Duration) int {
		clock = clock.Add(after)
		return b.get("/guides/gajim").StatusCode
	}
	// Active every 20 minutes: still logged in after an hour and a half...
	for i := 0; i < 4; i++ {
		if st := visit(20 * time.Minute); st != http.StatusOK {
			t.Fatalf("active user logged out after %v: %d", clock.Sub(start), st)
		}
	}
	// ...but never past the absolute lifetime.
	if st := visit(45 * time.Minute); st != http.StatusSeeOther {
		t.Errorf("past the lifetime: status %d", st)
	}
	b = loggedIn(t, p, "fr", "jmartin")
	if st := visit(31 * time.Minute); st != http.StatusSeeOther {
		t.Errorf("idle 31 minutes: status %d, want logged out", st)
	}
}

// Another site cannot log a user out either.
func TestCrossSiteLogoutIsRefused(t *testing.T) {
	p := newPortal(t)
	b := loggedIn(t, p, "fr", "jmartin")
	req, _ := http.NewRequest("POST", p.url+"/logout", nil)
	req.Header.Set("Origin", "https://evil.example")
	resp, err := b.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site logout: status %d, want 403", resp.StatusCode)
	}
	if r := b.get("/guides/pidgin"); r.StatusCode != http.StatusOK {
		t.Error("the user was logged out by another site")
	}
}

// Browsers without Sec-Fetch-Site (Safari before 16.4, Firefox before 90,
// or behind a proxy that strips Sec-Fetch-*) are judged by Origin alone.
// Under the portal's own Referrer-Policy they must send its real origin
// on its own forms (Fetch: a POST's Origin is "null" under no-referrer,
// the origin itself under same-origin when the request is same-origin),
// and nothing but that origin may pass.
func TestOriginWithoutSecFetchSite(t *testing.T) {
	p := newPortal(t)
	policy := p.browser("en").get("/login").Header.Get("Referrer-Policy")
	if policy != "same-origin" {
		t.Errorf("Referrer-Policy %q: under it an older browser sends Origin: null on the portal's own login form, which is refused; want same-origin (no referrer to other sites, the real Origin here)", policy)
	}
	u, _ := url.Parse(p.url)
	for _, tc := range []struct {
		what, origin string
		want         int
	}{
		{"the portal's own form (same-origin policy)", u.Scheme + "://" + u.Host, http.StatusSeeOther},
		{"Origin: null (a sandboxed frame, a data: page, a no-referrer page elsewhere)", "null", http.StatusForbidden},
		{"another site", "https://evil.example", http.StatusForbidden},
		{"another port of the same host", u.Scheme + "://" + u.Hostname() + ":1", http.StatusForbidden},
		{"the same host over https on its default port", "https://" + u.Hostname(), http.StatusForbidden},
	} {
		before := p.emu.LoginAttempts()
		b := p.anonymousBrowser("en")
		req, _ := http.NewRequest("POST", p.url+"/login", strings.NewReader(url.Values{"login": {"jmartin"}, "password": {bluemindtest.DemoPassword}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", tc.origin)
		resp, err := b.client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tc.want {
			t.Errorf("login from %s (Origin %q, no Sec-Fetch-Site): %d, want %d", tc.what, tc.origin, resp.StatusCode, tc.want)
		}
		if asked := p.emu.LoginAttempts() - before; (tc.want == http.StatusForbidden) != (asked == 0) {
			t.Errorf("%s: BlueMind asked %d times", tc.what, asked)
		}
		if tc.want == http.StatusSeeOther {
			// Logging out from the portal's own page works the same way.
			req, _ := http.NewRequest("POST", p.url+"/logout", nil)
			req.Header.Set("Origin", tc.origin)
			resp, err := b.client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusSeeOther {
				t.Errorf("logout with the portal's Origin and no Sec-Fetch-Site: %d", resp.StatusCode)
			}
		}
	}
	// Modern browsers say same-site for a sibling host: refused too.
	req, _ := http.NewRequest("POST", p.url+"/login", strings.NewReader("login=jmartin&password=x"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-site")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("same-site POST: %d, want 403", resp.StatusCode)
	}
}

// The idle timeout counts from the last request, not from the last time
// the cookie was rewritten: with a one-minute timeout, a cookie rewritten
// at most once a minute logged an active user out a minute after the
// login, whatever they did.
func TestActiveUsersStayLoggedInAndIdleOnesDoNot(t *testing.T) {
	for _, idle := range []time.Duration{time.Minute, 30 * time.Minute} {
		p := newPortal(t, func(d *Deps) {
			d.Settings.SessionIdle = idle
			d.Settings.SessionLifetime = 12 * time.Hour
		})
		clock := newFakeClock(p)
		b := loggedIn(t, p, "fr", "jmartin")
		// Requests at irregular times, never more than 85% of the
		// timeout apart, for many timeouts.
		var elapsed time.Duration
		for i, pct := range []int{85, 10, 85, 1, 50, 85, 85, 3, 70, 85, 20, 85, 85, 85, 60, 85} {
			gap := idle * time.Duration(pct) / 100
			clock.advance(gap)
			elapsed += gap
			if st := b.get("/guides/gajim").StatusCode; st != http.StatusOK {
				t.Fatalf("idle %v: an active user (request %d, %v after the login, %v after the last) logged out: %d", idle, i+1, elapsed, gap, st)
			}
		}
		clock.advance(idle + time.Second)
		if st := b.get("/guides/gajim").StatusCode; st != http.StatusSeeOther {
			t.Errorf("idle %v: no request for %v, still logged in: %d", idle, idle+time.Second, st)
		}
	}
}
