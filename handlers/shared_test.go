package handlers

import (
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"imsetup/internal/bluemind"
	"imsetup/internal/bluemind/bluemindtest"
	"imsetup/internal/redisstore"
	"imsetup/internal/redisstore/redistest"
)

// onRedis makes an instance keep its shared state in the store at url,
// under prefix: instances with the same prefix are one deployment.
func onRedis(t *testing.T, url, prefix string) func(*Deps) {
	return func(d *Deps) {
		st, err := redisstore.New(url, prefix, d.Settings.Throttle)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		d.Throttle, d.Revocations = st, st
	}
}

// deployment is portal instances in front of one BlueMind, sharing one
// Redis.
type deployment struct {
	redis     *redistest.Server
	emu       *bluemindtest.Server
	instances []*portal
	shared    func(*Deps)
}

func newDeployment(t *testing.T, n int, mod ...func(*Deps)) *deployment {
	t.Helper()
	d := &deployment{redis: redistest.Start(t), emu: bluemindtest.NewDemo()}
	d.shared = onRedis(t, d.redis.URL(), redistest.Prefix(t))
	mod = append(mod, d.shared)
	for i := 0; i < n; i++ {
		d.instances = append(d.instances, newPortalOn(t, d.emu, bluemind.Options{}, mod...))
	}
	return d
}

// Three failures on instance A: the 4th, on instance B, is held back
// without asking BlueMind.
func TestInstancesShareTheThrottle(t *testing.T) {
	d := newDeployment(t, 2)
	emu, p := d.emu, d.instances
	a, b := p[0].browser("fr"), p[1].browser("fr")
	for i := 0; i < 3; i++ {
		if r := a.login("jmartin", "wrong"); r.StatusCode != http.StatusUnauthorized {
			t.Fatalf("failure %d on A: %d", i+1, r.StatusCode)
		}
	}
	r := b.login("jmartin", bluemindtest.DemoPassword)
	if r.StatusCode != http.StatusTooManyRequests || r.text("#form-problem p") != p[1].N("fr", "login.error.throttledAccount", 1) {
		t.Errorf("4th attempt, on B: %d %q, want 429 for this account", r.StatusCode, r.text("#form-problem p"))
	}
	if n := emu.LoginAttempts(); n != 3 {
		t.Errorf("BlueMind saw %d attempts, want 3", n)
	}
}

// A burst spread over two instances still reaches BlueMind at most the
// limit: the reservation is shared.
func TestParallelBurstAcrossInstances(t *testing.T) {
	d := newDeployment(t, 2, func(d *Deps) { d.Settings.Throttle.AddrFailures = 10 })
	emu, p := d.emu, d.instances
	emu.SetLoginDelay(300 * time.Millisecond)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := 0; i < 40; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			login := "psmith@example.com"
			if i%2 == 1 {
				login = "user" + strings.Repeat("x", i) + "@example.com"
			}
			resp, err := http.PostForm(p[i%2].url+"/login", url.Values{"login": {login}, "password": {"wrong"}})
			if err == nil {
				resp.Body.Close()
			}
		}()
	}
	close(start)
	wg.Wait()
	if n := emu.LoginAttempts(); n > 10 {
		t.Errorf("BlueMind saw %d of 40 parallel wrong passwords from one address over two instances, want at most 10", n)
	}
}

// A logout on A is a logout on B, and on an instance started afterwards.
func TestLogoutIsSharedAndSurvivesARestart(t *testing.T) {
	d := newDeployment(t, 2)
	p := d.instances
	a := loggedIn(t, p[0], "fr", "jmartin")
	cookie := a.client.Jar.Cookies(mustURL(t, p[0].url))
	if r := get(t, p[1].url+"/", cookie); r.text("[data-value=jid]") != "jeanne.martin@example.com" {
		t.Fatal("the cookie from A does not work on B")
	}
	if r := a.do("POST", "/logout", url.Values{}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("logout on A: %d", r.StatusCode)
	}
	if r := get(t, p[1].url+"/", cookie); r.doc.Find(`form[action="/login"]`).Length() != 1 {
		t.Error("a cookie logged out on A still works on B")
	}
	// A restart: a brand-new instance on the same Redis.
	restarted := newPortalOn(t, d.emu, bluemind.Options{}, d.shared)
	if r := get(t, restarted.url+"/", cookie); r.doc.Find(`form[action="/login"]`).Length() != 1 {
		t.Error("a logged-out cookie works again after a restart")
	}
}

// Redis down: nobody logs in (never unthrottled), the page says the portal
// is unavailable in the user's language, the log says why, and BlueMind
// is not asked.
func TestRedisUnreachableRefusesLogins(t *testing.T) {
	d := newDeployment(t, 1)
	srv, emu, p := d.redis, d.emu, d.instances
	b := loggedIn(t, p[0], "de", "kschmidt")
	before := emu.LoginAttempts()
	srv.Stop()
	for _, lang := range []string{"fr", "de"} {
		r := p[0].browser(lang).login("psmith", bluemindtest.DemoPassword)
		if r.StatusCode != http.StatusServiceUnavailable || !strings.Contains(r.pageText(), p[0].T(lang, "error.storeUnavailable", nil)) {
			t.Errorf("%s: login with Redis down: %d %q", lang, r.StatusCode, r.text("main"))
		}
	}
	if n := emu.LoginAttempts() - before; n != 0 {
		t.Errorf("BlueMind was asked %d times while the throttle could not count", n)
	}
	// A logged-in user cannot be checked against the logouts either.
	if r := b.get("/"); r.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("a page with Redis down: %d, want 503", r.StatusCode)
	}
	logs := p[0].logs.String()
	if !strings.Contains(logs, `"outcome":"store_unavailable"`) || !strings.Contains(logs, "redis at "+srv.Addr) {
		t.Errorf("the log does not say Redis is unreachable:\n%s", logs)
	}
}

func mustURL(t *testing.T, s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// get fetches a page with the given cookies only, as another browser
// holding a copy of them would.
func get(t *testing.T, target string, cookies []*http.Cookie) *response {
	t.Helper()
	req, _ := http.NewRequest("GET", target, nil)
	for _, c := range cookies {
		req.AddCookie(c)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return readResponse(resp)
}
