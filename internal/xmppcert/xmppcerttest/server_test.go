package xmppcerttest

import (
	"net"
	"testing"
	"time"
)

func TestServerCertificates(t *testing.T) {
	s, err := NewServer(Options{Domains: []string{"A.test", "b.test"}, Validity: ExpiringSoon})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	a, b := s.Certificate("a.test"), s.Certificate("B.TEST")
	if a == nil || b == nil || a.Equal(b) {
		t.Fatalf("each domain needs its own certificate: %v, %v", a, b)
	}
	if a.Subject.CommonName != "a.test" || len(a.DNSNames) != 1 || a.DNSNames[0] != "a.test" {
		t.Errorf("CN %q, SAN %q", a.Subject.CommonName, a.DNSNames)
	}
	if left := time.Until(a.NotAfter); left > 8*24*time.Hour || left < 6*24*time.Hour {
		t.Errorf("ExpiringSoon certificate ends in %v, want about 7 days", left)
	}
	if s.Certificate("c.test") != nil {
		t.Error("a certificate for a domain the server does not serve")
	}
	if tg := s.Target("a.test"); tg.Host != "127.0.0.1" || tg.Port != s.Port() || tg.DirectTLS {
		t.Errorf("Target = %+v", tg)
	}
}

// A client stuck on a silent server must not keep Close waiting.
func TestServerCloseCutsOpenConnections(t *testing.T) {
	s, err := NewServer(Options{Mode: Silent})
	if err != nil {
		t.Fatal(err)
	}
	c, err := net.Dial("tcp", s.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Write([]byte("<?xml version='1.0'?>")); err != nil {
		t.Fatal(err)
	}
	done := make(chan error)
	go func() { done <- s.Close() }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Close waited for an open connection")
	}
	_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := c.Read(make([]byte, 1)); err == nil {
		t.Error("the connection is still open after Close")
	}
}
