package bluemind

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"imsetup/internal/bluemind/bluemindtest"
)

func slogTo(w *syncBuffer) *slog.Logger { return slog.New(slog.NewTextHandler(w, nil)) }

func TestFailedLogoutIsLoggedNotFatal(t *testing.T) {
	s := bluemindtest.NewDemo()
	var key string
	h := &counter{next: s, override: func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path != "/api/auth/logout" {
			return false
		}
		key = r.Header.Get("X-BM-ApiKey")
		w.WriteHeader(http.StatusInternalServerError)
		return true
	}}
	log := &syncBuffer{}
	c := client(t, h, Options{Logger: slogTo(log)})
	id, err := c.Authenticate(context.Background(), "jmartin", demo)
	if err != nil || id.JID != "jeanne.martin@example.com" {
		t.Fatalf("Authenticate = %+v, %v; a failed logout must not fail the login", id, err)
	}
	if key == "" || s.ActiveSessions() != 1 {
		t.Fatalf("key %q, %d sessions: the logout was not even tried", key, s.ActiveSessions())
	}
	if !strings.Contains(log.String(), "logout") || !strings.Contains(log.String(), "HTTP 500") {
		t.Errorf("log %q does not tell the logout failed", log.String())
	}
	mustNotLeak(t, log.String(), key, demo)
}

// TestLogoutOutlivesTheCaller: a user closing the page must not leave the
// BlueMind session open.
func TestLogoutOutlivesTheCaller(t *testing.T) {
	s := bluemindtest.NewDemo()
	c := client(t, s, Options{})
	key := rawLogin(t, s, "psmith@example.com")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	c.logout(ctx, key)
	if n := s.ActiveSessions(); n != 0 {
		t.Errorf("%d sessions after logout with a cancelled context", n)
	}
}

func rawLogin(t *testing.T, h http.Handler, login string) string {
	t.Helper()
	r := httptest.NewRequest("POST", "/api/auth/login?login="+login, strings.NewReader(`"`+demo+`"`))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	var ans struct{ AuthKey string }
	if err := json.Unmarshal(w.Body.Bytes(), &ans); err != nil || ans.AuthKey == "" {
		t.Fatalf("raw login: %v %s", err, w.Body)
	}
	return ans.AuthKey
}
