package handlers

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"imsetup/web"
)

// A portal published as https://mail.example.com/im/ behind a proxy that
// may keep or strip the prefix.
func newPortalUnderIM(t *testing.T) *portal {
	return newPortal(t, func(d *Deps) { d.Settings.Base = web.NewBase("/im") })
}

func TestBaseAcceptsPathsWithAndWithoutThePrefix(t *testing.T) {
	p := newPortalUnderIM(t)
	b := p.anonymousBrowser("fr")
	for _, prefix := range []string{"/im", ""} {
		if r := b.get(prefix + "/guides/gajim"); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/im/login?next=%2Fguides%2Fgajim" {
			t.Errorf("GET %s/guides/gajim: %d to %q", prefix, r.StatusCode, r.Header.Get("Location"))
		}
		r := b.get(prefix + "/static/css/imsetup.css")
		if r.StatusCode != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/css") {
			t.Errorf("GET %s/static/css/imsetup.css: %d %s", prefix, r.StatusCode, r.Header.Get("Content-Type"))
		}
		if r := b.get(prefix + "/login"); r.StatusCode != http.StatusOK || r.doc.Find("#login").Length() != 1 {
			t.Errorf("GET %s/login: %d", prefix, r.StatusCode)
		}
	}
	if r := b.get("/im"); r.StatusCode != http.StatusOK || r.doc.Find("#login").Length() != 1 {
		t.Errorf("GET /im: %d", r.StatusCode)
	}
	// A path that only starts with the same letters is not under /im/.
	if r := b.get("/images/x"); r.StatusCode != http.StatusNotFound {
		t.Errorf("GET /images/x: %d", r.StatusCode)
	}
}

// Every link, form, script, style sheet and image of every page points
// under /im/, whichever way the request came in. (The cookie's path is
// /im/ too, so a logged-in page is only asked for under /im/, as a
// browser does.)
func TestBaseLinksFormsAndAssets(t *testing.T) {
	p := newPortalUnderIM(t)
	b := p.browser("fr")
	checkUnder := func(what string, r *response) {
		t.Helper()
		if r.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", what, r.StatusCode)
		}
		n := 0
		r.doc.Find("[href], [src], [action]").Each(func(_ int, s *goqSel) {
			for _, attr := range []string{"href", "src", "action"} {
				v, ok := s.Attr(attr)
				if !ok || strings.HasPrefix(v, "#") || strings.HasPrefix(v, "https://mail.example.com/") {
					continue // in-page anchors; BlueMind's own address
				}
				n++
				if !strings.HasPrefix(v, "/im/") {
					t.Errorf("%s: %s=%q is not under /im/", what, attr, v)
				}
			}
		})
		if n < 5 {
			t.Errorf("%s: only %d links checked", what, n)
		}
	}
	checkUnder("login form", b.get("/im/login?next=%2Fguides%2Fpidgin"))
	if v, _ := b.get("/im/login?next=%2Fguides%2Fpidgin").doc.Find(`input[name="next"]`).Attr("value"); v != "/guides/pidgin" {
		t.Errorf("the form's next is %q, want the portal path /guides/pidgin", v)
	}
	if r := b.do("POST", "/im/login", url.Values{"login": {"jmartin"}, "password": {"demo"}, "next": {"/guides/pidgin"}}); r.Header.Get("Location") != "/im/guides/pidgin" {
		t.Fatalf("login: %d to %q", r.StatusCode, r.Header.Get("Location"))
	}
	for _, path := range []string{"/im/", "/", "/im/guides/pidgin", "/im/guides/thunderbird", "/im/guides/gajim?lang=en", "/im/nowhere"} {
		r := b.get(path)
		if path == "/im/nowhere" {
			r.StatusCode = http.StatusOK // the 404 page's links count too
		}
		checkUnder(path, r)
	}
	// The printed address is the page's full public one, under the base,
	// and names the version the page follows.
	if got := b.get("/im/guides/gajim").text(".print-url .url"); got != "https://chat.example.net/im/guides/gajim/2.3" {
		t.Errorf("printed address %q", got)
	}
}

func TestBaseCookiePaths(t *testing.T) {
	p := newPortalUnderIM(t)
	b := p.anonymousBrowser("fr")
	r := b.get("/im/?lang=de")
	if c := cookieNamed(r.Response, langCookie); c == nil || c.Path != "/im/" {
		t.Errorf("language cookie %+v, want Path /im/", c)
	}
	r = b.do("POST", "/im/login", url.Values{"login": {"jmartin"}, "password": {"demo"}})
	if c := cookieNamed(r.Response, sessionCookie); c == nil || c.Path != "/im/" || c.MaxAge <= 0 {
		t.Errorf("session cookie %+v, want Path /im/", c)
	}
	r = b.do("POST", "/im/logout", url.Values{})
	if r.Header.Get("Location") != "/im/" {
		t.Errorf("logout goes to %q", r.Header.Get("Location"))
	}
	if c := cookieNamed(r.Response, sessionCookie); c == nil || c.Path != "/im/" || c.MaxAge >= 0 {
		t.Errorf("logout cookie %+v: must delete the cookie at Path /im/", c)
	}
}

// "next" may name the page with or without the prefix; anything that
// leaves the site, with or without it, still lands on the chooser.
func TestBaseNextIsNeverAnOpenRedirect(t *testing.T) {
	p := newPortalUnderIM(t)
	for next, want := range map[string]string{
		"/guides/pidgin":          "/im/guides/pidgin",
		"/im/guides/pidgin":       "/im/guides/pidgin",
		"/im":                     "/im/",
		"":                        "/im/",
		"//evil.example/":         "/im/",
		"/im//evil.example/":      "/im/",
		"/im/\\evil.example":      "/im/",
		"/im/%2F%2Fevil.example":  "/im/",
		"/im%2F%2Fevil.example":   "/im/im%2F%2Fevil.example", // on the site: a 404 there
		"https://evil.example/im": "/im/",
		"/im/\t/evil.example":     "/im/",
		"/..":                     "/im/",
		"/im/guides/%2e%2e/..":    "/im/",
	} {
		b := p.anonymousBrowser("fr")
		r := b.do("POST", "/im/login", url.Values{"login": {"jmartin"}, "password": {"demo"}, "next": {next}})
		if got := r.Header.Get("Location"); r.StatusCode != http.StatusSeeOther || got != want {
			t.Errorf("next=%q: %d to %q, want %q", next, r.StatusCode, got, want)
		}
		// Logged in, the form sends the user on at once, by the same rule.
		if got := b.get("/im/login?" + url.Values{"next": {next}}.Encode()).Header.Get("Location"); got != want {
			t.Errorf("GET /im/login?next=%q goes to %q, want %q", next, got, want)
		}
	}
}

func FuzzNextPath(f *testing.F) {
	for _, s := range []string{"/im/x", "/im//x", "/im", "//x", "/im/%2F/x", "/imx"} {
		f.Add(s)
	}
	s := &Server{settings: Settings{Base: web.NewBase("/im")}}
	site, _ := url.Parse("https://mail.example.com/im/login")
	f.Fuzz(func(t *testing.T, raw string) {
		got := s.settings.Base.URL(s.nextPath(raw))
		u, err := site.Parse(got)
		if err != nil || u.Host != site.Host || !strings.HasPrefix(got, "/im/") || !strings.HasPrefix(u.Path, "/im/") || strings.Contains(got, "\\") {
			t.Fatalf("next %q leads to %q", raw, got)
		}
	})
}

func cookieNamed(r *http.Response, name string) *http.Cookie {
	for _, c := range r.Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// The request log names the path as it was asked for: an administrator
// looking for /im/guides/gajim in it finds it, whether nginx passed the
// prefix on or took it off.
func TestBaseLogsThePathAsAsked(t *testing.T) {
	p := newPortalUnderIM(t)
	b := p.anonymousBrowser("fr")
	asked := []string{"/im/guides/gajim", "/guides/pidgin", "/im/nothing", "/im"}
	for _, path := range asked {
		b.get(path)
	}
	var got []string
	for _, line := range logLines(t, p, "request") {
		got = append(got, fmt.Sprint(line["path"]))
	}
	if strings.Join(got, " ") != strings.Join(asked, " ") {
		t.Errorf("request lines' paths %q, want %q", got, asked)
	}
}
