package handlers

import (
	"strings"
	"testing"
	"time"

	"imsetup/internal/xmppcert"
	"imsetup/internal/xmppcert/prosodytest"
)

// TestProsodyFingerprintOnTheRenderedGuide runs a real Prosody hosting the
// demo domains and checks that each guide shows, for the user's domain,
// exactly what openssl s_client reads from the same server.
func TestProsodyFingerprintOnTheRenderedGuide(t *testing.T) {
	srv := prosodytest.Start(t, "example.com", "example.org")
	cache := xmppcert.NewCache(&xmppcert.Prober{Timeout: 5 * time.Second}, time.Minute, nil)
	t.Cleanup(func() { cache.Close() })
	p := newPortal(t, func(d *Deps) {
		d.Certs = cache
		d.Settings.XMPPHost = "127.0.0.1"
		d.Settings.XMPPPort = srv.Port
	})
	for _, tc := range []struct{ login, domain string }{{"jmartin", "example.com"}, {"lucie@example.org", "example.org"}} {
		b := loggedIn(t, p, "fr", tc.login)
		sha256 := srv.Fingerprint(t, tc.domain, "-sha256")
		if got := fingerprintOn(b.get("/guides/thunderbird"), "sha256"); got != sha256 {
			t.Errorf("%s Thunderbird: %q, openssl reads %q\n%s", tc.domain, got, sha256, srv.Log())
		}
		pidgin := b.get("/guides/pidgin")
		if got := fingerprintOn(pidgin, "sha256"); got != strings.ToLower(sha256) {
			t.Errorf("%s Pidgin: %q, openssl reads %q", tc.domain, got, sha256)
		}
		// The certificate is the domain's, the server is 127.0.0.1: Pidgin,
		// which checks the server's name, warns about it, as the page says.
		if pidgin.doc.Find(`[data-testid="server-unnamed"]`).Length() != 1 {
			t.Errorf("%s Pidgin: the warning about the server's name is not explained", tc.domain)
		}
		if got := strings.ReplaceAll(fingerprintOn(b.get("/guides/gajim"), "sha256"), "\n", ":"); got != sha256 {
			t.Errorf("%s Gajim: %q, openssl reads %q", tc.domain, got, sha256)
		}
	}
}
