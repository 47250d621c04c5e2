package handlers

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/securecookie"
)

// cookieFrom saves a session with st and returns the request a browser
// would send back with it.
func cookieFrom(t *testing.T, st *sessionStore, s *session) *http.Request {
	t.Helper()
	rec := httptest.NewRecorder()
	if err := st.save(rec, httptest.NewRequest("GET", "/", nil), s); err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest("GET", "/", nil)
	for _, c := range rec.Result().Cookies() {
		req.AddCookie(c)
	}
	return req
}

// The compact cookie format reads back every field, and is smaller than
// gob's.
func TestSessionCookieRoundTrip(t *testing.T) {
	now := time.Unix(1_900_000_000, 0)
	st, err := newSessionStore([][]byte{testKey}, false, 4*time.Hour, 30*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	in := newSession("jeanne.martin@example.com", "Jeanne « Jo » Martin 😀", "fr", now)
	req := cookieFrom(t, st, in)
	got := st.load(req, now.Add(time.Minute), time.Now())
	if got == nil || *got != *in {
		t.Fatalf("read back %+v, want %+v", got, in)
	}
	c, _ := req.Cookie(sessionCookie)
	gobStore := oldGobStore(t)
	old := cookieFrom(t, gobStore, in)
	oc, _ := old.Cookie(sessionCookie)
	if len(c.Value) >= len(oc.Value) {
		t.Errorf("cookie of %d bytes, gob's is %d", len(c.Value), len(oc.Value))
	}
}

// oldGobStore writes cookies as the portal did before the compact format.
func oldGobStore(t *testing.T) *sessionStore {
	t.Helper()
	st, err := newSessionStore([][]byte{testKey}, false, 4*time.Hour, 30*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range st.store.Codecs {
		c.(*securecookie.SecureCookie).SetSerializer(securecookie.GobEncoder{})
	}
	return st
}

// A cookie written before the upgrade still opens: nobody is logged out
// by it.
func TestSessionCookieFromBeforeTheCompactFormat(t *testing.T) {
	now := time.Unix(time.Now().Unix(), 0) // the cookie keeps seconds
	in := newSession("jeanne.martin@example.com", "Jeanne Martin", "fr", now)
	req := cookieFrom(t, oldGobStore(t), in)
	st, _ := newSessionStore([][]byte{testKey}, false, 4*time.Hour, 30*time.Minute)
	if got := st.load(req, now, time.Now()); got == nil || *got != *in {
		t.Fatalf("an older cookie read as %+v, want %+v", got, in)
	}
}

// The format changes nothing to the protection: a cookie changed by one
// character, or made with another key, is no session.
func TestSessionCookieTamperedOrForeign(t *testing.T) {
	now := time.Now()
	st, _ := newSessionStore([][]byte{testKey}, false, 4*time.Hour, 30*time.Minute)
	req := cookieFrom(t, st, newSession("jeanne.martin@example.com", "Jeanne Martin", "fr", now))
	c, _ := req.Cookie(sessionCookie)
	for i := 0; i < len(c.Value); i += 7 {
		v := []byte(c.Value)
		v[i] ^= 1
		bad := httptest.NewRequest("GET", "/", nil)
		bad.AddCookie(&http.Cookie{Name: sessionCookie, Value: string(v)})
		if st.load(bad, now, now) != nil {
			t.Fatalf("a cookie changed at byte %d opened", i)
		}
	}
	other, _ := newSessionStore([][]byte{[]byte(strings.Repeat("o", 32))}, false, 4*time.Hour, 30*time.Minute)
	if other.load(req, now, now) != nil {
		t.Error("a cookie made with another key opened")
	}
}

// Values the compact format does not know go to gob, whole; malformed
// compact bytes are an error, not a panic.
func TestSessionCodecFallsBackAndRefusesGarbage(t *testing.T) {
	var c sessionCodec
	in := map[any]any{"id": "x", "flags": []string{"a"}, "at": int64(-5)}
	b, err := c.Serialize(in)
	if err != nil {
		t.Fatal(err)
	}
	out := map[any]any{}
	if err := c.Deserialize(b, &out); err != nil || len(out) != 3 || out["at"] != int64(-5) || out["flags"].([]string)[0] != "a" {
		t.Fatalf("fallback: %v %v", out, err)
	}
	for _, garbage := range [][]byte{{0, 1, 5}, {0, 1, 2, 'i', 'd', 'x'}, {0, 1, 2, 'i', 'd', 's', 200}, {0, 1, 1, 'a', 'i'}} {
		out := map[any]any{}
		if err := c.Deserialize(garbage, &out); err == nil {
			t.Errorf("% x: no error", garbage)
		}
	}
}
