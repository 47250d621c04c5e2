package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"imsetup/internal/bluemind/bluemindtest"
)

// /readyz of the real binary: ready once BlueMind answered; not ready,
// saying why, when the configuration cannot work with that BlueMind.
func TestReadyz(t *testing.T) {
	for _, tc := range []struct {
		version, role string
		code          int
		body          string
	}{
		{"4.9.2", "yes", http.StatusOK, "ok\n"},
		{"5.1.0", "auto", http.StatusOK, "ok\n"},
		{"5.1.0", "yes", http.StatusServiceUnavailable, "not ready: IMSETUP_REQUIRE_IM_ROLE=yes, but BlueMind 5.1.0 has no instant-messaging role"},
	} {
		bm := httptest.NewServer(bluemindtest.New(bluemindtest.Options{Version: tc.version, DefaultDomain: "example.com"}))
		p := start(t, []string{
			"IMSETUP_BLUEMIND_URL=" + bm.URL,
			"IMSETUP_PUBLIC_URL=https://im.example.com",
			"IMSETUP_SESSION_KEYS=" + randomKey(t),
			"IMSETUP_XMPP_HOST=127.0.0.1", "IMSETUP_XMPP_PORT=1",
			"IMSETUP_REQUIRE_IM_ROLE=" + tc.role,
		}, "serve")
		var code int
		var body string
		for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			resp, err := http.Get(p.url + "/readyz")
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			code, body = resp.StatusCode, string(b)
			if !strings.Contains(body, "not been asked yet") {
				break // past start-up
			}
		}
		if code != tc.code || !strings.HasPrefix(body, tc.body) {
			t.Errorf("BlueMind %s, role %s: /readyz %d %q; want %d %q", tc.version, tc.role, code, body, tc.code, tc.body)
		}
		bm.Close()
	}
}
