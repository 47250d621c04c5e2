package xmppcert_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"imsetup/internal/xmppcert"
	"imsetup/internal/xmppcert/xmppcerttest"
)

func newServer(t *testing.T, o xmppcerttest.Options) *xmppcerttest.Server {
	t.Helper()
	s, err := xmppcerttest.NewServer(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// prober trusts nothing by default, so results do not depend on the
// machine's roots.
func prober() *xmppcert.Prober {
	return &xmppcert.Prober{Timeout: 3 * time.Second, RootCAs: x509.NewCertPool()}
}

func TestProbeReadsEachDomainsCertificate(t *testing.T) {
	s := newServer(t, xmppcerttest.Options{Domains: []string{"a.test", "b.test"}})
	var sums [][]byte
	for _, d := range []string{"a.test", "b.test"} {
		r, err := prober().Probe(context.Background(), s.Target(d))
		if err != nil {
			t.Fatalf("%s: %v", d, err)
		}
		want := sha256.Sum256(s.Certificate(d).Raw)
		if !bytes.Equal(r.SHA256, want[:]) {
			t.Errorf("%s: SHA256 = %s, want %s", d, xmppcert.FormatUpper(r.SHA256), xmppcert.FormatUpper(want[:]))
		}
		if len(r.SHA1) != 20 || r.Subject != d || r.Issuer != d || len(r.Names) != 1 || r.Names[0] != d {
			t.Errorf("%s: SHA1 %x, Subject %q, Issuer %q, Names %q", d, r.SHA1, r.Subject, r.Issuer, r.Names)
		}
		if !r.SelfSigned || r.Trusted || r.TrustError == "" {
			t.Errorf("%s: SelfSigned %v, Trusted %v, TrustError %q: want a self-signed, untrusted certificate with a reason", d, r.SelfSigned, r.Trusted, r.TrustError)
		}
		if r.Host != "127.0.0.1" || r.Port != s.Port() || r.Domain != d || r.HostFromSRV {
			t.Errorf("%s: probed %s:%d for %s (SRV %v)", d, r.Host, r.Port, r.Domain, r.HostFromSRV)
		}
		if !r.NotAfter.Equal(s.Certificate(d).NotAfter) || len(r.Chain) != 1 || r.Leaf == nil || r.ProbedAt.IsZero() {
			t.Errorf("%s: NotAfter %v, chain of %d, ProbedAt %v", d, r.NotAfter, len(r.Chain), r.ProbedAt)
		}
		sums = append(sums, r.SHA256)
	}
	if bytes.Equal(sums[0], sums[1]) {
		t.Error("two domains gave the same fingerprint; each domain has its own certificate")
	}
}

func TestProbeDomainIsCaseInsensitive(t *testing.T) {
	s := newServer(t, xmppcerttest.Options{Domains: []string{"a.test"}})
	r, err := prober().Probe(context.Background(), s.Target("A.Test."))
	if err != nil {
		t.Fatal(err)
	}
	if r.Domain != "a.test" {
		t.Errorf("Domain = %q, want a.test", r.Domain)
	}
}

func TestProbeFailures(t *testing.T) {
	tests := []struct {
		name      string
		mode      xmppcerttest.Mode
		domain    string
		kind      error
		stage     string
		condition string // of the stream error
		says      string // in the message
	}{
		{"no starttls", xmppcerttest.NoStartTLS, "a.test", xmppcert.ErrNoStartTLS, xmppcert.StageFeatures, "", "features offered: mechanisms"},
		{"starttls refused", xmppcerttest.RefuseStartTLS, "a.test", xmppcert.ErrStartTLSRefused, xmppcert.StageStartTLS, "", "<failure/>"},
		{"garbage", xmppcerttest.Garbage, "a.test", xmppcert.ErrProtocol, xmppcert.StageHeader, "", "HTTP/1.1 400"},
		{"stream error", xmppcerttest.StreamError, "a.test", xmppcert.ErrStreamError, xmppcert.StageFeatures, "system-shutdown", "test server in StreamError mode"},
		{"unknown domain", xmppcerttest.Normal, "other.test", xmppcert.ErrStreamError, xmppcert.StageFeatures, "host-unknown", "<host-unknown/>"},
		{"not TLS after proceed", xmppcerttest.BadTLS, "a.test", xmppcert.ErrTLS, xmppcert.StageTLS, "", "handshake"},
	}
	s := newServer(t, xmppcerttest.Options{Domains: []string{"a.test"}})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s.SetMode(tt.mode)
			r, err := prober().Probe(context.Background(), s.Target(tt.domain))
			pe := checkProbeError(t, r, err, tt.kind, tt.stage)
			if pe != nil && pe.Target.Domain != tt.domain {
				t.Errorf("Target.Domain = %q", pe.Target.Domain)
			}
			if !strings.Contains(err.Error(), tt.says) || !strings.Contains(err.Error(), tt.domain) {
				t.Errorf("message %q should name the domain and say %q", err, tt.says)
			}
			var se *xmppcert.StreamError
			if got := errors.As(err, &se); got != (tt.condition != "") {
				t.Fatalf("errors.As(StreamError) = %v", got)
			}
			if se != nil && se.Condition != tt.condition {
				t.Errorf("condition = %q, want %q", se.Condition, tt.condition)
			}
		})
	}
}

// checkProbeError checks that err is a *ProbeError of exactly one kind.
func checkProbeError(t *testing.T, r *xmppcert.Result, err, kind error, stage string) *xmppcert.ProbeError {
	t.Helper()
	if err == nil {
		t.Fatalf("probe succeeded with %s, want %v", xmppcert.FormatUpper(r.SHA256), kind)
	}
	if r != nil {
		t.Errorf("a failed probe returned a result")
	}
	kinds := []error{xmppcert.ErrUnreachable, xmppcert.ErrTimeout, xmppcert.ErrNoStartTLS, xmppcert.ErrStartTLSRefused,
		xmppcert.ErrStreamError, xmppcert.ErrProtocol, xmppcert.ErrTLS, xmppcert.ErrCanceled}
	for _, k := range kinds {
		if errors.Is(err, k) != (k == kind) {
			t.Errorf("errors.Is(%q, %q) = %v", err, k, errors.Is(err, k))
		}
	}
	var pe *xmppcert.ProbeError
	if !errors.As(err, &pe) {
		t.Fatalf("%v is not a *ProbeError", err)
	}
	if pe.Stage != stage {
		t.Errorf("Stage = %q, want %q (%v)", pe.Stage, stage, err)
	}
	return pe
}

func TestProbeTimesOutOnASilentServer(t *testing.T) {
	s := newServer(t, xmppcerttest.Options{Domains: []string{"a.test"}, Mode: xmppcerttest.Silent})
	p := prober()
	p.Timeout = 300 * time.Millisecond
	start := time.Now()
	r, err := p.Probe(context.Background(), s.Target("a.test"))
	elapsed := time.Since(start)
	checkProbeError(t, r, err, xmppcert.ErrTimeout, xmppcert.StageHeader)
	if elapsed < p.Timeout {
		t.Errorf("gave up after %v, before the %v timeout", elapsed, p.Timeout)
	}
	if !strings.Contains(err.Error(), "300ms") {
		t.Errorf("message %q should give the timeout", err)
	}
}

func TestProbeStopsWhenTheCallerCancels(t *testing.T) {
	s := newServer(t, xmppcerttest.Options{Domains: []string{"a.test"}, Mode: xmppcerttest.Silent})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	r, err := prober().Probe(ctx, s.Target("a.test"))
	checkProbeError(t, r, err, xmppcert.ErrCanceled, xmppcert.StageHeader)
}

func TestProbeConnectionRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	_ = ln.Close()
	r, err := prober().Probe(context.Background(), xmppcert.Target{Host: "127.0.0.1", Port: port, Domain: "a.test"})
	checkProbeError(t, r, err, xmppcert.ErrUnreachable, xmppcert.StageConnect)
	if !strings.Contains(err.Error(), "refused") {
		t.Errorf("message %q should say the connection was refused", err)
	}
}

func TestProbeDirectTLS(t *testing.T) {
	s := newServer(t, xmppcerttest.Options{Domains: []string{"a.test", "b.test"}, DirectTLS: true})
	target := s.Target("b.test")
	if !target.DirectTLS {
		t.Fatal("the direct TLS server's target should ask for direct TLS")
	}
	r, err := prober().Probe(context.Background(), target)
	if err != nil {
		t.Fatal(err)
	}
	if want := sha256.Sum256(s.Certificate("b.test").Raw); !bytes.Equal(r.SHA256, want[:]) {
		t.Errorf("SHA256 = %s, want b.test's %s", xmppcert.FormatUpper(r.SHA256), xmppcert.FormatUpper(want[:]))
	}
}

func TestProbeDirectTLSOnAStartTLSPortFails(t *testing.T) {
	s := newServer(t, xmppcerttest.Options{Domains: []string{"a.test"}})
	target := s.Target("a.test")
	target.DirectTLS = true
	r, err := prober().Probe(context.Background(), target)
	checkProbeError(t, r, err, xmppcert.ErrTLS, xmppcert.StageTLS)
}

type fakeResolver struct {
	srvs  []*net.SRV
	err   error
	asked []string
}

func (f *fakeResolver) LookupSRV(_ context.Context, service, proto, name string) (string, []*net.SRV, error) {
	f.asked = append(f.asked, "_"+service+"._"+proto+"."+name)
	return "", f.srvs, f.err
}

func TestProbeFindsTheHostThroughSRV(t *testing.T) {
	s := newServer(t, xmppcerttest.Options{Domains: []string{"a.test"}})
	res := &fakeResolver{srvs: []*net.SRV{
		{Target: "backup.invalid.", Port: 5222, Priority: 20},
		{Target: "127.0.0.1.", Port: uint16(s.Port()), Priority: 10},
	}}
	p := prober()
	p.Resolver = res
	r, err := p.Probe(context.Background(), xmppcert.Target{Domain: "a.test"})
	if err != nil {
		t.Fatal(err)
	}
	if !r.HostFromSRV || r.Host != "127.0.0.1" || r.Port != s.Port() {
		t.Errorf("probed %s:%d (SRV %v), want the priority-10 record", r.Host, r.Port, r.HostFromSRV)
	}
	if len(res.asked) != 1 || res.asked[0] != "_xmpp-client._tcp.a.test" {
		t.Errorf("asked %q", res.asked)
	}
	// Direct TLS has its own records (XEP-0368).
	res.asked = nil
	_, _ = p.Probe(context.Background(), xmppcert.Target{Domain: "a.test", DirectTLS: true})
	if len(res.asked) != 1 || res.asked[0] != "_xmpps-client._tcp.a.test" {
		t.Errorf("direct TLS asked %q", res.asked)
	}
}

func TestProbeFallsBackToTheDomainWithoutSRV(t *testing.T) {
	s := newServer(t, xmppcerttest.Options{Domains: []string{"localhost"}})
	p := prober()
	p.Resolver = &fakeResolver{err: &net.DNSError{Err: "no such host", Name: "_xmpp-client._tcp.localhost", IsNotFound: true}}
	r, err := p.Probe(context.Background(), xmppcert.Target{Domain: "localhost", Port: s.Port()})
	if err != nil {
		t.Fatal(err)
	}
	if r.HostFromSRV || r.Host != "localhost" {
		t.Errorf("probed %s (SRV %v), want the domain itself", r.Host, r.HostFromSRV)
	}
}

func TestProbeTrustsACertificateFromTheRoots(t *testing.T) {
	ca, err := xmppcerttest.NewCA("imsetup Test CA")
	if err != nil {
		t.Fatal(err)
	}
	s := newServer(t, xmppcerttest.Options{Domains: []string{"a.test"}, CertFor: func(d string) (tls.Certificate, error) {
		return ca.Issue(d, time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
	}})
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ca.Cert.Raw}), 0o600); err != nil {
		t.Fatal(err)
	}
	roots, err := xmppcert.NewRootCAs(caFile)
	if err != nil {
		t.Fatal(err)
	}
	for name, pool := range map[string]*x509.CertPool{"CA pool": ca.Pool(), "NewRootCAs": roots} {
		p := prober()
		p.RootCAs = pool
		r, err := p.Probe(context.Background(), s.Target("a.test"))
		if err != nil {
			t.Fatal(err)
		}
		if !r.Trusted || r.TrustError != "" || r.SelfSigned {
			t.Errorf("%s: Trusted %v (%s), SelfSigned %v: want trusted", name, r.Trusted, r.TrustError, r.SelfSigned)
		}
		if !strings.Contains(r.Issuer, "imsetup Test CA") || len(r.Chain) != 2 {
			t.Errorf("%s: Issuer %q, chain of %d", name, r.Issuer, len(r.Chain))
		}
	}
	// Without the CA, the same certificate is untrusted but not self-signed.
	r, err := prober().Probe(context.Background(), s.Target("a.test"))
	if err != nil {
		t.Fatal(err)
	}
	if r.Trusted || r.SelfSigned || !strings.Contains(r.TrustError, "unknown authority") {
		t.Errorf("Trusted %v, SelfSigned %v, TrustError %q", r.Trusted, r.SelfSigned, r.TrustError)
	}
}

func TestNewRootCAsRefusesABadFile(t *testing.T) {
	dir := t.TempDir()
	notPEM := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(notPEM, []byte("not a certificate"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{notPEM, filepath.Join(dir, "missing.pem")} {
		if _, err := xmppcert.NewRootCAs(f); err == nil || !strings.Contains(err.Error(), filepath.Base(f)) {
			t.Errorf("NewRootCAs(%s) = %v, want an error naming the file", f, err)
		}
	}
	if _, err := xmppcert.NewRootCAs(""); err != nil {
		t.Errorf("NewRootCAs(\"\") = %v", err)
	}
}

func TestProbeReportsTheServersValidity(t *testing.T) {
	tests := []struct {
		validity xmppcerttest.Validity
		want     xmppcert.ExpiryStatus
	}{
		{xmppcerttest.Valid, xmppcert.ExpiryOK},
		{xmppcerttest.ExpiringSoon, xmppcert.ExpiringSoon},
		{xmppcerttest.Expired, xmppcert.Expired},
		{xmppcerttest.NotYetValid, xmppcert.NotYetValid},
	}
	for _, tt := range tests {
		s := newServer(t, xmppcerttest.Options{Domains: []string{"a.test"}, Validity: tt.validity})
		r, err := prober().Probe(context.Background(), s.Target("a.test"))
		if err != nil {
			t.Fatal(err)
		}
		if got := r.ExpiryStatus(time.Now()); got != tt.want {
			t.Errorf("validity %d: %v, want %v", tt.validity, got, tt.want)
		}
	}
}

func TestExpiryStatusBoundaries(t *testing.T) {
	nb := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	na := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	r := &xmppcert.Result{NotBefore: nb, NotAfter: na}
	tests := []struct {
		now  time.Time
		want xmppcert.ExpiryStatus
	}{
		{nb.Add(-time.Second), xmppcert.NotYetValid},
		{nb, xmppcert.ExpiryOK},
		{na.Add(-xmppcert.ExpiringSoonWindow - time.Second), xmppcert.ExpiryOK},
		{na.Add(-13 * 24 * time.Hour), xmppcert.ExpiringSoon},
		{na, xmppcert.ExpiringSoon},
		{na.Add(time.Second), xmppcert.Expired},
	}
	for _, tt := range tests {
		if got := r.ExpiryStatus(tt.now); got != tt.want {
			t.Errorf("at %v: %v, want %v", tt.now, got, tt.want)
		}
	}
}
