package handlers

import (
	"bytes"
	"context"
	"crypto/sha1"
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"imsetup/clientguides"
	"imsetup/internal/bluemind/bluemindtest"
	"imsetup/internal/i18n"
	"imsetup/internal/xmppcert"
	"imsetup/locales"
)

// The golden test renders every page the portal serves (the login form,
// each login error, the chooser, each guide in each state of the
// certificate, each version's guide, the error pages) in every language, for one fixed user
// and one fixed certificate at a fixed time, and compares each body byte
// for byte with testdata/golden/<lang>/<page>.html. It is what keeps a
// speed-up honest: the pages must not change by a byte.
//
// A page that changes on purpose (new wording, a new step, a template
// change) fails here. Look at the diff, then regenerate the files and
// commit them with the change, saying why:
//
//	go test ./handlers -run TestGoldenPages -update
//	git diff handlers/testdata/golden
//
// The pages are those of the languages that have golden files, rendered
// with those languages alone in the catalog: a translator's new
// locales/es.toml changes no golden page (it would add "Español" to every
// page's language menu), and is only noted in the log. The developer who
// merges it writes its pages, and the menus that gain it, with
//
//	go test ./handlers -run TestGoldenPages -update -add-lang=es
//
// The request id, the only random text on a page, is replaced with
// REQUEST-ID (it comes back in the X-Request-ID header).
var (
	update  = flag.Bool("update", false, "rewrite handlers/testdata/golden from the pages as they render now")
	addLang = flag.String("add-lang", "", "with -update: languages of locales/ to give golden pages too, comma-separated (such as es)")
)

const goldenDir = "testdata/golden"

// goldenCatalog is the catalog the golden pages are rendered with: the
// languages that have a folder of golden pages, and those -add-lang adds.
// It notes each language of locales/ left out, and fails on a folder
// whose language is gone.
func goldenCatalog(t *testing.T) *i18n.Catalog {
	t.Helper()
	full, err := i18n.Load(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	files := fstest.MapFS{}
	keep := func(code string) bool {
		l, ok := full.Lookup(code)
		if !ok {
			return false
		}
		buf, err := fs.ReadFile(locales.FS, l.Code+".toml")
		if err != nil {
			t.Fatal(err)
		}
		files[l.Code+".toml"] = &fstest.MapFile{Data: buf}
		return true
	}
	dirs, err := os.ReadDir(goldenDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		if d.IsDir() && !keep(d.Name()) {
			t.Errorf("%s/%s: locales/%[2]s.toml is gone; remove its pages: git rm -r handlers/%[1]s/%[2]s", goldenDir, d.Name())
		}
	}
	if *addLang != "" && !*update {
		t.Fatal("-add-lang writes golden pages: give -update with it")
	}
	for _, code := range strings.Split(*addLang, ",") {
		if code = strings.TrimSpace(code); code != "" && !keep(code) {
			t.Fatalf("-add-lang=%s: there is no locales/%s.toml", code, code)
		}
	}
	for _, l := range full.Languages() {
		if _, ok := files[l.Code+".toml"]; !ok {
			t.Logf("%s: no golden pages yet, so the pages are compared without it; when merging locales/%[1]s.toml, run: go test ./handlers -run TestGoldenPages -update -add-lang=%[1]s", l.Code)
		}
	}
	c, err := i18n.Load(files)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// goldenNow is the portal's clock for the golden pages: the session's
// dates and the certificate's expiry are computed from it.
var goldenNow = time.Date(2030, time.June, 15, 9, 30, 0, 0, time.UTC)

// goldenCerts answers every domain with the same made-up certificate, in
// the state the current page asks for.
type goldenCerts struct {
	mu      sync.Mutex
	state   string
	answers map[string]xmppcert.Entry // by state and target: one result each, as the real cache keeps it
}

func (c *goldenCerts) set(state string) {
	c.mu.Lock()
	c.state = state
	c.mu.Unlock()
}

func (c *goldenCerts) Get(_ context.Context, t xmppcert.Target) xmppcert.Entry {
	c.mu.Lock()
	defer c.mu.Unlock()
	key := c.state + " " + t.Host + " " + t.Domain
	if e, ok := c.answers[key]; ok {
		return e
	}
	if c.answers == nil {
		c.answers = map[string]xmppcert.Entry{}
	}
	e := goldenEntry(c.state, t)
	c.answers[key] = e
	return e
}

func goldenEntry(state string, t xmppcert.Target) xmppcert.Entry {
	der := []byte("imsetup golden certificate")
	s256, s1 := sha256.Sum256(der), sha1.Sum(der)
	r := &xmppcert.Result{
		Host: t.Host, Port: t.Port, Domain: t.Domain, SHA256: s256[:], SHA1: s1[:],
		NotBefore:  time.Date(2029, time.March, 1, 0, 0, 0, 0, time.UTC),
		NotAfter:   time.Date(2031, time.March, 1, 0, 0, 0, 0, time.UTC),
		SelfSigned: true, ProbedAt: goldenNow,
	}
	switch state {
	case "trusted":
		r.Trusted, r.SelfSigned = true, false
	case "stale":
		return xmppcert.Entry{Result: r, Err: errors.New("connection refused"), Stale: true}
	case "unavailable":
		return xmppcert.Entry{Err: errors.New("connection refused")}
	case "expiring":
		r.NotAfter = goldenNow.Add(5 * 24 * time.Hour)
	case "expired":
		r.NotAfter = goldenNow.Add(-3 * 24 * time.Hour)
	case "notyet":
		r.NotBefore = goldenNow.Add(2 * 24 * time.Hour)
	}
	return xmppcert.Entry{Result: r}
}

// goldenStates are the certificate's states a guide shows differently;
// "mismatch" is the untrusted certificate with another one pinned.
var goldenStates = []string{"untrusted", "trusted", "mismatch", "stale", "unavailable", "expiring", "expired", "notyet"}

// goldenUA is a desktop Linux browser, so the chooser recommends a guide.
const goldenUA = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"

func TestGoldenPages(t *testing.T) {
	certs := &goldenCerts{}
	catalog := goldenCatalog(t)
	p := newPortal(t, func(d *Deps) { d.Certs, d.Catalog = certs, catalog })
	p.srv.now = func() time.Time { return goldenNow }
	pw := bluemindtest.DemoPassword
	diffs := 0
	for _, lang := range catalog.Languages() {
		dir := filepath.Join(goldenDir, lang.Code)
		g := &golden{t: t, b: p.browser(lang.Code), dir: dir, diffs: &diffs}

		// Logged out: the form and everything a login can answer.
		g.page("login", http.StatusOK, "GET", "/", nil)
		g.page("login-next", http.StatusOK, "GET", "/login?next=%2Fguides%2Fgajim", nil)
		g.page("login-missing", http.StatusBadRequest, "POST", "/login", loginForm("", pw))
		g.page("login-invalid", http.StatusBadRequest, "POST", "/login", loginForm("jeanne martin", pw))
		g.page("login-password-missing", http.StatusBadRequest, "POST", "/login", loginForm("jmartin", ""))
		g.page("login-password-invalid", http.StatusBadRequest, "POST", "/login", loginForm("jmartin", "a\x01b"))
		g.page("login-bad", http.StatusUnauthorized, "POST", "/login", loginForm("jmartin", "wrong"))
		g.page("login-expired", http.StatusForbidden, "POST", "/login", loginForm("expired", pw))
		g.page("login-no-im", http.StatusForbidden, "POST", "/login", loginForm("nochat", pw))
		g.page("login-no-email", http.StatusForbidden, "POST", "/login", loginForm("nomail", pw))
		ghost := "ghost." + lang.Code + "@example.com"
		for i := 0; i < 3; i++ {
			g.do("POST", "/login", loginForm(ghost, "wrong"), nil)
		}
		g.page("login-throttled", http.StatusTooManyRequests, "POST", "/login", loginForm(ghost, "wrong"))

		// The error pages.
		g.page("error-404", http.StatusNotFound, "GET", "/nowhere", nil)
		g.page("error-405", http.StatusMethodNotAllowed, "PUT", "/login", nil)
		g.page("error-400", http.StatusBadRequest, "POST", "/login", "login=%zz")
		g.page("error-413", http.StatusRequestEntityTooLarge, "POST", "/login", url.Values{"login": {strings.Repeat("a", 20<<10)}})
		g.page("error-403-cross-site", http.StatusForbidden, "POST", "/login", loginForm("jmartin", pw), "Sec-Fetch-Site", "cross-site")
		p.emu.SetFailure(bluemindtest.FailureDown500)
		g.page("error-503-bluemind", http.StatusServiceUnavailable, "POST", "/login", loginForm("jmartin", pw))
		p.emu.SetFailure(bluemindtest.FailureNone)

		// Logged in as Jeanne Martin: the chooser, every guide in every
		// state of the certificate, and a 404 with the logout button.
		if r := g.do("POST", "/login", loginForm("jmartin", pw), nil); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: login: status %d", lang.Code, r.StatusCode)
		}
		g.page("chooser", http.StatusOK, "GET", "/", nil)
		for _, state := range goldenStates {
			certs.set(state)
			p.srv.settings.ExpectedFingerprint = nil
			if state == "mismatch" {
				p.srv.settings.ExpectedFingerprint = bytes.Repeat([]byte{0xAB}, 32)
			}
			for _, guide := range clientguides.All() {
				name := "guide-" + string(guide.Client)
				if state != "untrusted" {
					name += "-cert-" + state
				}
				g.page(name, http.StatusOK, "GET", "/guides/"+string(guide.Client), nil)
			}
		}
		certs.set("")
		p.srv.settings.ExpectedFingerprint = nil
		// The other versions of a client's guide, each at its own address;
		// the untrusted certificate shows all of their certificate step.
		for _, guide := range clientguides.Every() {
			if versions := clientguides.VersionsOf(guide.Client); guide != versions[0] {
				g.page("guide-"+string(guide.Client)+"-"+guide.Version, http.StatusOK, "GET", "/guides/"+string(guide.Client)+"/"+guide.Version, nil)
			}
		}
		g.page("error-404-logged-in", http.StatusNotFound, "GET", "/guides/skype", nil)
		g.do("POST", "/logout", nil, nil)
	}
	checkStencilsServed(t, p)
}

// checkStencilsServed fails when a page's stencil refused itself: the
// pages were then rendered whole, and what the test compared is not what
// production serves.
func checkStencilsServed(t testing.TB, p *portal) {
	t.Helper()
	for name, c := range map[string]interface {
		Refused() bool
		Len() (int, int)
	}{"guide": p.srv.guides, "chooser": p.srv.choosers, "login form": p.srv.logins} {
		if n, _ := c.Len(); c.Refused() || n == 0 {
			t.Errorf("the %s's stencil served no page (refused: %v; the log: %s)", name, c.Refused(), p.logs.String())
		}
	}
}

// golden renders pages for one language and compares them with the files.
type golden struct {
	t     *testing.T
	b     *browser
	dir   string
	diffs *int // pages that differ so far, in every language
}

// do sends a request the way the golden browser does: its cookies, a
// desktop Linux User-Agent, its language. body is url.Values, a raw
// form string, or nil.
func (g *golden) do(method, path string, body any, header []string) *http.Response {
	g.t.Helper()
	var r io.Reader
	switch v := body.(type) {
	case url.Values:
		r = strings.NewReader(v.Encode())
	case string:
		r = strings.NewReader(v)
	}
	req, err := http.NewRequest(method, g.b.p.url+path, r)
	if err != nil {
		g.t.Fatal(err)
	}
	if r != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("User-Agent", goldenUA)
	req.Header.Set("Accept-Language", g.b.lang)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := g.b.client.Do(req)
	if err != nil {
		g.t.Fatal(err)
	}
	return resp
}

// page fetches one page, checks its status, and compares its body with
// the golden file (or writes it, with -update). A GET is fetched twice:
// the first may build the page's stencil, the second is served from it.
func (g *golden) page(name string, status int, method, path string, body any, header ...string) {
	g.t.Helper()
	g.fetch(name, status, method, path, body, header)
	if method == "GET" && !*update {
		g.fetch(name, status, method, path, body, header)
	}
}

func (g *golden) fetch(name string, status int, method, path string, body any, header []string) {
	g.t.Helper()
	resp := g.do(method, path, body, header)
	got, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		g.t.Fatal(err)
	}
	file := filepath.Join(g.dir, name+".html")
	if resp.StatusCode != status {
		g.t.Errorf("%s (%s %s): status %d, want %d", file, method, path, resp.StatusCode, status)
		return
	}
	if id := resp.Header.Get("X-Request-ID"); id != "" {
		got = bytes.ReplaceAll(got, []byte(id), []byte("REQUEST-ID"))
	}
	if *update {
		if err := os.MkdirAll(g.dir, 0o755); err != nil {
			g.t.Fatal(err)
		}
		if err := os.WriteFile(file, got, 0o644); err != nil {
			g.t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		g.t.Errorf("%s: %v (a new page? go test ./handlers -run TestGoldenPages -update)", file, err)
		return
	}
	if !bytes.Equal(got, want) {
		// A change to the layout changes every page: show the first few
		// differences in full, then only name the files.
		if *g.diffs++; *g.diffs > 3 {
			g.t.Errorf("%s differs too", file)
			return
		}
		g.t.Errorf("%s (%s %s) differs from the page as rendered now:\n%s\n"+
			"If the change is intended: go test ./handlers -run TestGoldenPages -update, and commit the files saying why.",
			file, method, path, firstDifference(want, got))
	}
}

// firstDifference shows the first line that differs, with its number.
func firstDifference(want, got []byte) string {
	wl, gl := bytes.Split(want, []byte("\n")), bytes.Split(got, []byte("\n"))
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g []byte
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if !bytes.Equal(w, g) {
			// Pages are long lines: show the neighbourhood of the change.
			at := 0
			for at < len(w) && at < len(g) && w[at] == g[at] {
				at++
			}
			from := max(0, at-80)
			return fmt.Sprintf("line %d, byte %d:\n  golden: …%s…\n  now:    …%s…", i+1, at+1, clip(w, from, at+120), clip(g, from, at+120))
		}
	}
	return "(no difference)"
}

func clip(b []byte, from, to int) []byte {
	return b[min(from, len(b)):min(to, len(b))]
}
