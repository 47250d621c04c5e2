package handlers

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// The security headers' values are shared by every answer: a handler that
// adds to one changes its own answer, never the next one's.
func TestSecurityHeadersAreNotSharedBetweenAnswers(t *testing.T) {
	p := newPortal(t, func(d *Deps) { d.Settings.SecureCookies = true })
	adds := p.srv.securityHeaders(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("X-Frame-Options", "SAMEORIGIN")
		w.Header().Add("Strict-Transport-Security", "preload")
	}))
	plain := p.srv.securityHeaders(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	first := httptest.NewRecorder()
	adds.ServeHTTP(first, httptest.NewRequest("GET", "/", nil))
	next := httptest.NewRecorder()
	plain.ServeHTTP(next, httptest.NewRequest("GET", "/", nil))
	if got := first.Header().Values("X-Frame-Options"); len(got) != 2 {
		t.Errorf("the handler's own answer: %q", got)
	}
	for name, want := range map[string]string{"X-Frame-Options": "DENY", "Strict-Transport-Security": "max-age=31536000"} {
		if got := next.Header().Values(name); len(got) != 1 || got[0] != want {
			t.Errorf("the next answer: %s %q, want only %q", name, got, want)
		}
	}
}
