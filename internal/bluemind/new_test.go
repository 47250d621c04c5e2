package bluemind

import (
	"context"
	"encoding/pem"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"imsetup/internal/bluemind/bluemindtest"
)

func TestNewRefusesBadOptions(t *testing.T) {
	dir := t.TempDir()
	notPEM := filepath.Join(dir, "ca.txt")
	if err := os.WriteFile(notPEM, []byte("not a certificate"), 0o600); err != nil {
		t.Fatal(err)
	}
	names := Names{BaseURL: "IMSETUP_BLUEMIND_URL", CAFile: "IMSETUP_BLUEMIND_CA_FILE", Timeout: "IMSETUP_BLUEMIND_TIMEOUT"}
	tests := []struct {
		name string
		o    Options
		says string
	}{
		{"empty URL", Options{}, "BaseURL is empty"},
		{"no scheme", Options{BaseURL: "bluemind.example.com"}, "must start with https://"},
		{"other scheme", Options{BaseURL: "ftp://bluemind.example.com"}, "must start with https://"},
		{"no host", Options{BaseURL: "https:///x"}, "has no host"},
		{"not a URL", Options{BaseURL: "https://bad host\x7f"}, "is not a URL"},
		{"with /api", Options{BaseURL: "https://bluemind.example.com/api/"}, "must not end in /api"},
		{"with a query", Options{BaseURL: "https://bluemind.example.com/?x=1"}, "must not hold"},
		{"with credentials", Options{BaseURL: "https://u:p@bluemind.example.com"}, "must not hold"},
		{"missing CA file", Options{BaseURL: "https://bm.example.com", CAFile: filepath.Join(dir, "none.pem")}, "cannot read CAFile"},
		{"CA file without PEM", Options{BaseURL: "https://bm.example.com", CAFile: notPEM}, "holds no PEM certificate"},
		{"CA file and HTTPClient", Options{BaseURL: "https://bm.example.com", CAFile: notPEM, HTTPClient: http.DefaultClient}, "exclusive"},
		{"named /api", Options{BaseURL: "https://bm.example.com/api", Names: names}, `IMSETUP_BLUEMIND_URL="https://bm.example.com/api" must not end in /api`},
		{"named CA file", Options{BaseURL: "https://bm.example.com", CAFile: notPEM, Names: names}, "IMSETUP_BLUEMIND_CA_FILE=" + notPEM + " holds no PEM"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := New(tt.o)
			if err == nil || c != nil || !strings.Contains(err.Error(), tt.says) {
				t.Errorf("New = %v, %v; want an error saying %q", c, err, tt.says)
			}
		})
	}
}

func TestNewDefaults(t *testing.T) {
	c, err := New(Options{BaseURL: " https://bm.example.com/ ", DefaultDomain: " Example.COM "})
	if err != nil {
		t.Fatal(err)
	}
	if c.base != "https://bm.example.com" || c.timeout != DefaultTimeout || c.origin != DefaultOrigin || c.defaultDomain != "example.com" || c.log == nil {
		t.Errorf("client = %+v", c)
	}
	c, err = New(Options{BaseURL: "https://bm.example.com/webmail/"})
	if err != nil || c.base != "https://bm.example.com/webmail" {
		t.Errorf("path prefix: %v, %v", c, err)
	}
}

func TestOriginAndEscaping(t *testing.T) {
	var query string
	h := &counter{next: bluemindtest.NewDemo(), override: func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path == "/api/auth/login" {
			query = r.URL.RawQuery
		}
		return false
	}}
	c := client(t, h, Options{Origin: "imsetup portal"})
	_, _ = c.Authenticate(context.Background(), "a+b&c=d@example.com", demo)
	if query != "login=a%2Bb%26c%3Dd%40example.com&origin=imsetup+portal" {
		t.Errorf("query = %q", query)
	}
}

func TestTLS(t *testing.T) {
	s := bluemindtest.NewDemo()
	ts := httptest.NewTLSServer(s)
	defer ts.Close()
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	block := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ts.Certificate().Raw})
	if err := os.WriteFile(caFile, block, 0o600); err != nil {
		t.Fatal(err)
	}

	c, err := New(Options{BaseURL: ts.URL, CAFile: caFile})
	if err != nil {
		t.Fatal(err)
	}
	if id, err := c.Authenticate(context.Background(), "psmith", demo); err != nil || id.JID != "peter.smith@example.com" {
		t.Errorf("with the CA: %+v, %v", id, err)
	}

	c, err = New(Options{BaseURL: ts.URL, DefaultDomain: "example.com"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Authenticate(context.Background(), "psmith", demo)
	checkUnavailable(t, err, "login", 0, "unknown authority", demo)
	if s.LoginAttempts() != 1 {
		t.Errorf("%d logins reached BlueMind, want only the trusted one", s.LoginAttempts())
	}

	plain, err := New(Options{BaseURL: strings.Replace(ts.URL, "https:", "http:", 1), DefaultDomain: "example.com"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = plain.Authenticate(context.Background(), "psmith", demo)
	if !errors.Is(err, ErrUnavailable) {
		t.Errorf("http to a TLS port: %v", err)
	}
}
