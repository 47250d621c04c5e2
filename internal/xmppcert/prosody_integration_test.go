package xmppcert_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"imsetup/internal/xmppcert"
)

// TestProsody checks the probe against a real XMPP server: Prosody, in a
// temporary directory, on a loopback port, with a certificate openssl
// makes for the test. The fingerprint must be the one openssl s_client
// reads from the same server, which is what the guides tell
// administrators to compare with.
func TestProsody(t *testing.T) {
	if testing.Short() {
		t.Skip("starts Prosody; skipped with -short")
	}
	prosody, err := exec.LookPath("prosody")
	if err != nil {
		t.Skip("prosody is not installed (apt-get install prosody); skipping the Prosody integration test")
	}
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Skip("openssl is not installed; skipping the Prosody integration test")
	}
	const domain = "imsetup.test"
	dir := t.TempDir()
	cert, key := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	run(t, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30",
		"-keyout", key, "-out", cert, "-subj", "/CN="+domain, "-addext", "subjectAltName=DNS:"+domain)
	port := freePort(t)
	logFile := startProsody(t, prosody, dir, port, domain, cert, key)

	r, err := prober().Probe(context.Background(), xmppcert.Target{Host: "127.0.0.1", Port: port, Domain: domain})
	if err != nil {
		t.Fatalf("probe: %v\nprosody log:\n%s", err, tail(logFile))
	}
	if got, want := xmppcert.FormatUpper(r.SHA256), opensslFingerprint(t, port, domain, "-sha256"); got != want {
		t.Errorf("SHA-256 %s, openssl s_client reads %s", got, want)
	}
	if got, want := xmppcert.FormatLower(r.SHA1), strings.ToLower(opensslFingerprint(t, port, domain, "-sha1")); got != want {
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

// startProsody runs Prosody in the foreground with everything (data,
// pid, log) in dir, and stops it when the test ends. Prosody runs as
// whoever runs the test: mod_posix, which would refuse root or drop
// privileges, is disabled, so root in CI works as well as a developer.
func startProsody(t *testing.T, prosody, dir string, port int, domain, cert, key string) (logFile string) {
	t.Helper()
	logFile = filepath.Join(dir, "prosody.log")
	data := filepath.Join(dir, "data")
	if err := os.Mkdir(data, 0o700); err != nil {
		t.Fatal(err)
	}
	cfg := fmt.Sprintf(`-- written by TestProsody
daemonize = false
run_as_root = true
pidfile = %[1]q
data_path = %[2]q
certificates = %[3]q
interfaces = { "127.0.0.1" }
local_interfaces = { "127.0.0.1" }
c2s_ports = { %[4]d }
c2s_direct_tls_ports = { }
legacy_ssl_ports = { }
s2s_ports = { }
http_ports = { }
https_ports = { }
modules_enabled = { "tls", "saslauth" }
modules_disabled = { "s2s", "http", "bosh", "websocket", "http_files", "posix", "admin_telnet", "admin_shell" }
log = { { levels = { min = "info" }, to = "file", filename = %[5]q } }
authentication = "internal_hashed"

VirtualHost %[6]q
	ssl = { certificate = %[7]q, key = %[8]q }
`, filepath.Join(dir, "prosody.pid"), data, dir, port, logFile, domain, cert, key)
	cfgFile := filepath.Join(dir, "prosody.cfg.lua")
	if err := os.WriteFile(cfgFile, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	cmd := exec.Command(prosody, "--config", cfgFile)
	cmd.Env = append(os.Environ(), "PROSODY_CONFIG="+cfgFile)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting prosody: %v", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-exited
	})

	deadline := time.After(15 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), time.Second)
		if err == nil {
			_ = c.Close()
			return logFile
		}
		select {
		case err := <-exited:
			exited <- err // for the cleanup
			t.Fatalf("prosody exited (%v) before listening on %d:\n%s\nlog:\n%s", err, port, out.String(), tail(logFile))
		case <-deadline:
			t.Fatalf("prosody did not listen on %d within 15s:\n%s\nlog:\n%s", port, out.String(), tail(logFile))
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// opensslFingerprint is what an administrator would run by hand:
// openssl s_client -starttls xmpp | openssl x509 -fingerprint.
func opensslFingerprint(t *testing.T, port int, domain, digest string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	sc := exec.CommandContext(ctx, "openssl", "s_client", "-connect", fmt.Sprintf("127.0.0.1:%d", port),
		"-starttls", "xmpp", "-xmpphost", domain, "-servername", domain)
	sc.Stdin = strings.NewReader("")
	pemOut, err := sc.Output()
	if err != nil && len(pemOut) == 0 {
		t.Fatalf("openssl s_client: %v", err)
	}
	x := exec.CommandContext(ctx, "openssl", "x509", "-noout", "-fingerprint", digest)
	x.Stdin = bytes.NewReader(pemOut)
	out, err := x.CombinedOutput()
	if err != nil {
		t.Fatalf("openssl x509: %v\n%s\ns_client printed:\n%s", err, out, pemOut)
	}
	// "sha256 Fingerprint=AB:…" (OpenSSL 3) or "SHA256 Fingerprint=AB:…".
	line := strings.TrimSpace(string(out))
	i := strings.Index(strings.ToLower(line), "fingerprint=")
	if i < 0 {
		t.Fatalf("openssl x509 printed %q", line)
	}
	return line[i+len("fingerprint="):]
}

func run(t *testing.T, name string, args ...string) {
	t.Helper()
	if out, err := exec.Command(name, args...).CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

func tail(file string) string {
	b, _ := os.ReadFile(file)
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return string(b)
}
