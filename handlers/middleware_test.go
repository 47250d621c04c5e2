package handlers

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"
)

func TestSecurityHeadersOnEveryPage(t *testing.T) {
	p := newPortal(t)
	for _, path := range []string{"/", "/login", "/guides/pidgin", "/nowhere", "/static/css/imsetup.css"} {
		r := p.browser("fr").get(path)
		csp := r.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s: CSP %q", path, csp)
		}
		if r.Header.Get("X-Content-Type-Options") != "nosniff" || r.Header.Get("Referrer-Policy") != "same-origin" {
			t.Errorf("%s: nosniff/referrer missing", path)
		}
		if r.Header.Get("Strict-Transport-Security") != "" {
			t.Errorf("%s: HSTS over plain http", path)
		}
	}
	// Pages with the user's values are never cached.
	b := loggedIn(t, p, "fr", "jmartin")
	for _, path := range []string{"/", "/guides/thunderbird"} {
		if cc := b.get(path).Header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("%s: Cache-Control %q", path, cc)
		}
	}
}

func TestNoInlineScriptOrStyle(t *testing.T) {
	p := newPortal(t)
	b := loggedIn(t, p, "fr", "jmartin")
	for _, path := range []string{"/", "/guides/gajim", "/nowhere"} {
		r := b.get(path)
		r.doc.Find("script").Each(func(_ int, s *goqSel) {
			if _, ok := s.Attr("src"); !ok || strings.TrimSpace(s.Text()) != "" {
				t.Errorf("%s: inline script", path)
			}
		})
		if r.doc.Find("style, [style]").Length() > 0 {
			t.Errorf("%s: inline style, which the CSP blocks", path)
		}
	}
}

// A panic in a handler is a translated 500 page with the request id; the
// stack and the panic value go to the log only.
func TestPanicBecomesA500Page(t *testing.T) {
	p := newPortal(t)
	r := chi.NewRouter()
	r.Use(p.srv.requestID, p.srv.recoverPanics, p.srv.loadSession, p.srv.chooseLanguage)
	r.Get("/boom", func(http.ResponseWriter, *http.Request) { panic("secret internals") })
	r.Get("/fail", p.srv.handle(func(http.ResponseWriter, *http.Request) error { return errors.New("db password=hunter2") }))
	for _, path := range []string{"/boom", "/fail"} {
		rec := serve(r, "GET", path)
		body := rec.Body.String()
		if rec.Code != http.StatusInternalServerError {
			t.Errorf("%s: status %d", path, rec.Code)
		}
		if strings.Contains(body, "secret internals") || strings.Contains(body, "hunter2") || strings.Contains(body, "goroutine") {
			t.Errorf("%s: internals leaked to the page", path)
		}
		if id := rec.Header().Get("X-Request-ID"); id == "" || !strings.Contains(body, id) {
			t.Errorf("%s: request id missing from the page", path)
		}
		if !strings.Contains(body, p.T("fr", "error.internal", nil)) {
			t.Errorf("%s: no translated message", path)
		}
	}
	if !strings.Contains(p.logs.String(), "secret internals") {
		t.Error("the panic is not logged for the administrator")
	}
}

func TestOneLogLinePerRequestWithItsID(t *testing.T) {
	p := newPortal(t)
	r := p.browser("fr").get("/nowhere")
	id := r.Header.Get("X-Request-ID")
	if n := strings.Count(p.logs.String(), `"msg":"request","request_id":"`+id+`"`); n != 1 {
		t.Errorf("%d request lines for %s", n, id)
	}
	if !strings.Contains(r.body, id) {
		t.Error("the 404 page does not show the request id")
	}
}

func TestHealthz(t *testing.T) {
	p := newPortal(t)
	r := p.browser("").get("/healthz")
	if r.StatusCode != http.StatusOK || strings.TrimSpace(r.body) != "ok" {
		t.Errorf("healthz %d %q", r.StatusCode, r.body)
	}
	if r := p.browser("").do("HEAD", "/healthz", nil); r.StatusCode != http.StatusOK {
		t.Errorf("HEAD /healthz: %d", r.StatusCode)
	}
}
