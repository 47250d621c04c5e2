package xmppcert_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"imsetup/internal/xmppcert"
	"imsetup/internal/xmppcert/prosodytest"
)

// TestProsody checks the probe against a real XMPP server: Prosody, in a
// temporary directory, on a loopback port, with a certificate openssl
// makes for the test. The fingerprint must be the one openssl s_client
// reads from the same server, which is what the guides tell
// administrators to compare with.
func TestProsody(t *testing.T) {
	const domain = "imsetup.test"
	srv := prosodytest.Start(t, domain)
	port := srv.Port

	r, err := prober().Probe(context.Background(), xmppcert.Target{Host: "127.0.0.1", Port: port, Domain: domain})
	if err != nil {
		t.Fatalf("probe: %v\nprosody log:\n%s", err, srv.Log())
	}
	if got, want := xmppcert.FormatUpper(r.SHA256), srv.Fingerprint(t, domain, "-sha256"); got != want {
		t.Errorf("SHA-256 %s, openssl s_client reads %s", got, want)
	}
	if got, want := xmppcert.FormatLower(r.SHA1), strings.ToLower(srv.Fingerprint(t, domain, "-sha1")); got != want {
		t.Errorf("SHA-1 %s, openssl s_client reads %s", got, want)
	}
	if r.Subject != domain || !r.SelfSigned || r.Trusted {
		t.Errorf("Subject %q, SelfSigned %v, Trusted %v", r.Subject, r.SelfSigned, r.Trusted)
	}

	// A domain Prosody does not host: it says so with a stream error.
	_, err = prober().Probe(context.Background(), xmppcert.Target{Host: "127.0.0.1", Port: port, Domain: "other.test"})
	var se *xmppcert.StreamError
	if !errors.Is(err, xmppcert.ErrStreamError) || !errors.As(err, &se) || se.Condition != "host-unknown" {
		t.Errorf("probe of a domain Prosody does not host: %v, want <host-unknown/>", err)
	}
}
