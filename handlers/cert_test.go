package handlers

import (
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"strings"
	"sync"
	"testing"
	"time"

	"imsetup/clientguides"
	"imsetup/internal/xmppcert"
	"imsetup/internal/xmppcert/xmppcerttest"
)

// xmppPortal is the portal with a real certificate cache probing a real
// in-process STARTTLS server for the demo domains.
type xmppPortal struct {
	*portal
	xmpp  *xmppcerttest.Server
	cache *xmppcert.Cache
}

func newXMPPPortal(t testing.TB, o xmppcerttest.Options, roots *x509.CertPool, mod ...func(*Deps)) *xmppPortal {
	t.Helper()
	if o.Domains == nil {
		o.Domains = []string{"example.com", "example.org"}
	}
	srv, err := xmppcerttest.NewServer(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	var cache *xmppcert.Cache
	mods := append([]func(*Deps){func(d *Deps) {
		// The cache logs where the portal logs, as in production.
		cache = xmppcert.NewCache(&xmppcert.Prober{Timeout: 2 * time.Second, RootCAs: roots}, time.Minute, d.Logger)
		t.Cleanup(func() { cache.Close() })
		d.Certs = cache
		d.Settings.XMPPHost = "127.0.0.1"
		d.Settings.XMPPPort = srv.Port()
	}}, mod...)
	p := newPortal(t, mods...)
	return &xmppPortal{portal: p, xmpp: srv, cache: cache}
}

func fingerprintOn(r *response, algo string) string {
	return r.doc.Find(`[data-fingerprint="` + algo + `"]`).Text()
}

// Each guide shows the fingerprint of the certificate the server really
// presents for the user's domain, in the form that client prints it.
func TestGuideShowsTheLiveFingerprintInEachClientsFormat(t *testing.T) {
	p := newXMPPPortal(t, xmppcerttest.Options{}, nil)
	der := p.xmpp.Certificate("example.com").Raw
	s256 := sha256.Sum256(der)
	b := loggedIn(t, p.portal, "fr", "jmartin")
	want := map[clientguides.ClientID][2]string{
		clientguides.Thunderbird: {"sha256", xmppcert.FormatUpper(s256[:])},
		clientguides.Pidgin:      {"sha256", xmppcert.FormatLower(s256[:])},
		clientguides.Gajim:       {"sha256", strings.Join(xmppcert.FormatLines(s256[:], 8), "\n")},
	}
	for client, w := range want {
		r := b.get("/guides/" + string(client))
		if got := fingerprintOn(r, w[0]); got != w[1] {
			t.Errorf("%s: fingerprint %q, want %q", client, got, w[1])
		}
		if !strings.Contains(r.pageText(), p.T("fr", "cert.untrusted", nil)) {
			t.Errorf("%s: a self-signed certificate must be explained as such", client)
		}
	}
	if n := strings.Count(strings.Join(xmppcert.FormatLines(s256[:], 8), "\n"), "\n"); n != 3 {
		t.Errorf("Gajim's SHA-256 must be 4 lines, got %d", n+1)
	}
}

// Users of another domain see their own domain's certificate.
func TestEachDomainSeesItsOwnCertificate(t *testing.T) {
	p := newXMPPPortal(t, xmppcerttest.Options{}, nil)
	com := sha256.Sum256(p.xmpp.Certificate("example.com").Raw)
	org := sha256.Sum256(p.xmpp.Certificate("example.org").Raw)
	if com == org {
		t.Fatal("the test server must give each domain its own certificate")
	}
	got := fingerprintOn(loggedIn(t, p.portal, "fr", "lucie@example.org").get("/guides/thunderbird"), "sha256")
	if got != xmppcert.FormatUpper(org[:]) {
		t.Errorf("lucie@example.org sees %q, want example.org's %q", got, xmppcert.FormatUpper(org[:]))
	}
}

func TestTrustedCertificateSaysNoWarningExpected(t *testing.T) {
	ca, err := xmppcerttest.NewCA("Test CA")
	if err != nil {
		t.Fatal(err)
	}
	p := newXMPPPortal(t, xmppcerttest.Options{CertFor: func(domain string) (tls.Certificate, error) {
		return ca.Issue(domain, time.Now().Add(-time.Hour), time.Now().Add(90*24*time.Hour))
	}}, ca.Pool())
	r := loggedIn(t, p.portal, "en", "psmith").get("/guides/gajim")
	if !strings.Contains(r.pageText(), p.T("en", "cert.trusted", nil)) {
		t.Error("a trusted certificate must say that no warning should appear")
	}
	if strings.Contains(r.pageText(), p.T("en", "cert.compare", nil)) {
		t.Error("a trusted certificate must not ask the user to accept anything")
	}
}

func TestExpiryWarnings(t *testing.T) {
	for v, msg := range map[xmppcerttest.Validity]string{
		xmppcerttest.Expired:      "cert.expired",
		xmppcerttest.NotYetValid:  "cert.notYetValid",
		xmppcerttest.ExpiringSoon: "cert.expiringSoon",
	} {
		p := newXMPPPortal(t, xmppcerttest.Options{Validity: v}, nil)
		r := loggedIn(t, p.portal, "en", "psmith").get("/guides/thunderbird")
		prefix, _, _ := strings.Cut(p.T("en", msg, map[string]any{"Date": "\x00"}), "\x00")
		if !strings.Contains(r.pageText(), prefix) {
			t.Errorf("%v: %q not shown", v, prefix)
		}
	}
}

// A failed probe does not break the guide: it says the fingerprint could
// not be checked, and the administrator finds the cause in the log.
func TestProbeFailureStillRendersTheGuide(t *testing.T) {
	p := newXMPPPortal(t, xmppcerttest.Options{Mode: xmppcerttest.NoStartTLS}, nil)
	r := loggedIn(t, p.portal, "fr", "jmartin").get("/guides/pidgin")
	if r.StatusCode != 200 {
		t.Fatalf("status %d", r.StatusCode)
	}
	if !strings.Contains(r.pageText(), p.T("fr", "cert.unavailable", nil)) || r.doc.Find("[data-fingerprint]").Length() != 0 {
		t.Error("the guide must say the fingerprint could not be checked, and show none")
	}
	if p.cache.Probes() == 0 || !strings.Contains(strings.ToLower(p.logs.String()), "starttls") {
		t.Errorf("the probe failure is not logged for administrators:\n%s", p.logs)
	}
}

// With IMSETUP_XMPP_FINGERPRINT set, a different live certificate is one
// users are told not to accept, and administrators see an error.
func TestPinnedFingerprintMismatch(t *testing.T) {
	wrong := make([]byte, 32)
	p := newXMPPPortal(t, xmppcerttest.Options{}, nil, func(d *Deps) { d.Settings.ExpectedFingerprint = wrong })
	r := loggedIn(t, p.portal, "fr", "jmartin").get("/guides/thunderbird")
	if !strings.Contains(r.pageText(), p.T("fr", "cert.mismatch", nil)) || strings.Contains(r.pageText(), p.T("fr", "cert.compare", nil)) {
		t.Error("a mismatching certificate must be refused, not offered for acceptance")
	}
	if !strings.Contains(p.logs.String(), `"level":"ERROR"`) || !strings.Contains(p.logs.String(), "IMSETUP_XMPP_FINGERPRINT") {
		t.Error("administrators are not told")
	}
	loggedIn(t, p.portal, "fr", "jmartin").get("/guides/pidgin")
	if n := strings.Count(p.logs.String(), "IMSETUP_XMPP_FINGERPRINT"); n != 1 {
		t.Errorf("the mismatch is logged %d times for one probe, want once", n)
	}

	// The right pin changes nothing for the user: the usual comparison.
	cert, err := xmppcerttest.SelfSigned("example.com", time.Now().Add(-time.Hour), time.Now().Add(time.Hour*24*365))
	if err != nil {
		t.Fatal(err)
	}
	right := sha256.Sum256(cert.Certificate[0])
	q := newXMPPPortal(t, xmppcerttest.Options{
		Domains: []string{"example.com"},
		CertFor: func(string) (tls.Certificate, error) { return cert, nil },
	}, nil, func(d *Deps) { d.Settings.ExpectedFingerprint = right[:] })
	r = loggedIn(t, q.portal, "fr", "jmartin").get("/guides/thunderbird")
	if strings.Contains(r.pageText(), q.T("fr", "cert.mismatch", nil)) || !strings.Contains(r.pageText(), q.T("fr", "cert.compare", nil)) {
		t.Error("the pinned fingerprint matches: the guide must read as usual")
	}
}

// Many users opening guides at once cause one probe per domain; the
// benchmark below measures a warm page view.
func TestConcurrentGuideViewsProbeOncePerDomain(t *testing.T) {
	p := newXMPPPortal(t, xmppcerttest.Options{}, nil)
	users := []string{"jmartin", "psmith", "lucie@example.org"}
	browsers := make([]*browser, len(users))
	for i, u := range users {
		browsers[i] = loggedIn(t, p.portal, "fr", u)
	}
	var wg sync.WaitGroup
	for i := 0; i < 60; i++ {
		wg.Add(1)
		go func(b *browser) {
			defer wg.Done()
			b.get("/guides/gajim")
		}(browsers[i%len(browsers)])
	}
	wg.Wait()
	if n := p.cache.Probes(); n != 2 {
		t.Errorf("%d probes for 60 views over 2 domains, want 2", n)
	}
}

func BenchmarkGuideViewWarm(b *testing.B) {
	p := newXMPPPortal(b, xmppcerttest.Options{}, nil)
	br := loggedIn(b, p.portal, "fr", "jmartin")
	br.get("/guides/gajim")
	for b.Loop() {
		br.get("/guides/gajim")
	}
	b.ReportMetric(float64(p.cache.Probes()), "probes")
}
