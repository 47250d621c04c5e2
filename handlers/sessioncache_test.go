package handlers

import (
	"crypto/sha256"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// getWith fetches a page with exactly this session cookie, as a copy of
// it sent again and again would.
func getWith(p *portal, path, cookie string) (int, string, error) {
	req, _ := http.NewRequest("GET", p.url+path, nil)
	req.Header.Set("Cookie", cookie)
	resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body), err
}

func browserCookie(t *testing.T, b *browser) string {
	t.Helper()
	for _, c := range b.client.Jar.Cookies(mustURL(t, b.p.url)) {
		if c.Name == sessionCookie {
			return c.Name + "=" + c.Value
		}
	}
	t.Fatal("no session cookie")
	return ""
}

// A remembered cookie is still refused once idle too long, or past the
// session's lifetime: the times are checked at every request.
func TestRememberedSessionsStillExpire(t *testing.T) {
	p := newPortal(t, func(d *Deps) {
		d.Settings.SessionIdle = 30 * time.Minute
		d.Settings.SessionLifetime = 2 * time.Hour
	})
	clock := time.Now()
	var mu sync.Mutex
	p.srv.now = func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }
	at := func(d time.Duration) { mu.Lock(); clock = clock.Add(d); mu.Unlock() }
	cookie := browserCookie(t, loggedIn(t, p, "fr", "jmartin"))
	for _, step := range []struct {
		after time.Duration
		want  int
	}{{0, 200}, {0, 200}, {29 * time.Minute, 200}, {2 * time.Minute, 303}} {
		at(step.after)
		if st, _, err := getWith(p, "/guides/gajim", cookie); err != nil || st != step.want {
			t.Fatalf("idle test, +%v: status %d (%v), want %d", step.after, st, err, step.want)
		}
	}
	if n := p.srv.sessions.cache.len(); n != 1 {
		t.Errorf("%d cookies remembered, want 1", n)
	}

	// Never idle too long, but past the lifetime: refused, the same
	// cookie still remembered.
	p = newPortal(t, func(d *Deps) {
		d.Settings.SessionIdle = 2 * time.Hour
		d.Settings.SessionLifetime = 2 * time.Hour
	})
	p.srv.now = func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }
	cookie = browserCookie(t, loggedIn(t, p, "fr", "jmartin"))
	for _, step := range []struct {
		after time.Duration
		want  int
	}{{0, 200}, {119 * time.Minute, 200}, {2 * time.Minute, 303}} {
		at(step.after)
		if st, _, err := getWith(p, "/guides/gajim", cookie); err != nil || st != step.want {
			t.Fatalf("lifetime test, +%v: status %d (%v), want %d", step.after, st, err, step.want)
		}
	}
}

// A remembered cookie with one character changed is another cookie,
// checked in full: refused. A logged-out one is refused while it is
// still remembered.
func TestRememberedSessionsTamperedOrLoggedOut(t *testing.T) {
	p := newPortal(t)
	b := loggedIn(t, p, "fr", "jmartin")
	cookie := browserCookie(t, b)
	if st, _, _ := getWith(p, "/", cookie); st != 200 {
		t.Fatalf("status %d", st)
	}
	for i := len(sessionCookie) + 1; i < len(cookie); i += 7 {
		c := []byte(cookie)
		c[i] ^= 1
		if st, body, _ := getWith(p, "/", string(c)); st != 200 || !strings.Contains(body, `id="login"`) {
			t.Fatalf("a cookie with byte %d changed: status %d, not the login form", i, st)
		}
	}
	b.do("POST", "/logout", nil)
	if st, _, _ := getWith(p, "/guides/gajim", cookie); st != http.StatusSeeOther {
		t.Errorf("a remembered cookie after its logout: status %d, want a redirect to the login", st)
	}
}

// securecookie's own limit on the age of a cookie applies to a
// remembered one too, on securecookie's clock.
func TestRememberedSessionsKeepSecurecookiesMaxAge(t *testing.T) {
	p := newPortal(t)
	cookie := browserCookie(t, loggedIn(t, p, "fr", "jmartin"))
	value := strings.TrimPrefix(cookie, sessionCookie+"=")
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("Cookie", cookie)
	st := p.srv.sessions
	if st.load(req, p.srv.clock(), time.Now()) == nil {
		t.Fatal("the cookie does not open")
	}
	cs, ok := st.cache.get(sha256.Sum256([]byte(value)))
	if !ok {
		t.Fatal("the cookie is not remembered")
	}
	st.cache.add(&cachedSession{key: cs.key, sess: cs.sess, stamp: time.Now().Unix() - st.maxAge - 1})
	if st.load(req, p.srv.clock(), time.Now()) != nil {
		t.Error("a remembered cookie older than securecookie's maximum age still opens")
	}
}

// Many users at once, more than the cache holds: each gets their own
// session, and the cache stays within its bound.
func TestSessionCacheUnderParallelRequests(t *testing.T) {
	p := newPortal(t)
	p.srv.sessions.cache = newSessionCache(8)
	type user struct{ jid, cookie string }
	var users []user
	for i := range 40 {
		jid := fmt.Sprintf("user%d@example.com", i)
		users = append(users, user{jid, cookieFor(t, p.srv, jid, fmt.Sprintf("User %d", i), "en")})
	}
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for g := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 30 {
				u := users[(g*7+i)%len(users)]
				st, body, err := getWith(p, "/", u.cookie)
				if err == nil && (st != 200 || !strings.Contains(body, ">"+u.jid+"<")) {
					err = fmt.Errorf("%s: status %d, not their address", u.jid, st)
				}
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := p.srv.sessions.cache.len(); n > 8 {
		t.Errorf("%d cookies remembered, want at most 8", n)
	}
}

// A client that keeps sending a cookie due for a refresh gets the same
// new cookie for every request of one second (no new encryption each
// time), and a new one the next second; the new cookie holds the moved
// SeenAt.
func TestRefreshedCookieReusedWithinItsSecond(t *testing.T) {
	p := newPortal(t)
	clock := time.Now().Truncate(time.Second)
	var mu sync.Mutex
	p.srv.now = func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }
	cookie := browserCookie(t, loggedIn(t, p, "fr", "jmartin"))
	mu.Lock()
	clock = clock.Add(2 * maxSessionRefresh) // the cookie is due for a refresh
	mu.Unlock()
	refreshed := func() string {
		t.Helper()
		req, _ := http.NewRequest("GET", p.url+"/", nil)
		req.Header.Set("Cookie", cookie)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		for _, c := range resp.Cookies() {
			if c.Name == sessionCookie {
				return c.Value
			}
		}
		t.Fatal("no refreshed cookie")
		return ""
	}
	first := refreshed()
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if got := refreshed(); got != first {
				t.Error("a request of the same second got another cookie")
			}
		}()
	}
	wg.Wait()
	mu.Lock()
	clock = clock.Add(time.Second)
	mu.Unlock()
	if refreshed() == first {
		t.Error("a request of the next second got the same cookie")
	}
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("Cookie", sessionCookie+"="+first)
	if s := p.srv.sessions.load(req, clock, time.Now()); s == nil || !s.SeenAt.Equal(clock.Add(-time.Second)) {
		t.Errorf("the refreshed cookie holds %+v, want SeenAt %v", s, clock.Add(-time.Second))
	}
}
