// Package prosodytest runs a real Prosody for integration tests: in a
// temporary directory, on a free loopback port, with a self-signed
// certificate openssl makes for each domain. It also reads a server's
// fingerprint with openssl s_client, the way an administrator would, so
// tests compare the portal with an independent tool. Tests skip, saying
// what to install, when prosody or openssl is missing.
package prosodytest

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Server is a running Prosody.
type Server struct {
	Port    int
	LogFile string
}

// Start runs Prosody hosting the given domains, or skips the test when
// prosody or openssl is not installed (or with -short). It is stopped
// when the test ends.
func Start(t testing.TB, domains ...string) *Server {
	t.Helper()
	if testing.Short() {
		t.Skip("starts Prosody; skipped with -short")
	}
	prosody, err := exec.LookPath("prosody")
	if err != nil {
		t.Skip("prosody is not installed (apt-get install prosody); skipping the Prosody integration test")
	}
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Skip("openssl is not installed (apt-get install openssl); skipping the Prosody integration test")
	}
	dir := t.TempDir()
	var hosts strings.Builder
	for _, domain := range domains {
		cert, key := filepath.Join(dir, domain+".crt"), filepath.Join(dir, domain+".key")
		run(t, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30",
			"-keyout", key, "-out", cert, "-subj", "/CN="+domain, "-addext", "subjectAltName=DNS:"+domain)
		fmt.Fprintf(&hosts, "VirtualHost %q\n\tssl = { certificate = %q, key = %q }\n", domain, cert, key)
	}
	port := freePort(t)
	logFile := startProsody(t, prosody, dir, port, hosts.String())
	return &Server{Port: port, LogFile: logFile}
}

// Fingerprint is what `openssl s_client -starttls xmpp -xmpphost DOMAIN
// | openssl x509 -noout -fingerprint -sha256` (digest "-sha256" or
// "-sha1") prints for this server: upper-case hex joined by colons.
func (s *Server) Fingerprint(t testing.TB, domain, digest string) string {
	return opensslFingerprint(t, s.Port, domain, digest)
}

// Log returns the end of Prosody's log, for failure messages.
func (s *Server) Log() string { return tail(s.LogFile) }

// startProsody runs Prosody in the foreground with everything (data,
// pid, log) in dir, and stops it when the test ends. Prosody runs as
// whoever runs the test: mod_posix, which would refuse root or drop
// privileges, is disabled, so root in CI works as well as a developer.
func startProsody(t testing.TB, prosody, dir string, port int, virtualHosts string) (logFile string) {
	t.Helper()
	logFile = filepath.Join(dir, "prosody.log")
	data := filepath.Join(dir, "data")
	if err := os.Mkdir(data, 0o700); err != nil {
		t.Fatal(err)
	}
	cfg := fmt.Sprintf(`-- written by prosodytest
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

%[6]s`, filepath.Join(dir, "prosody.pid"), data, dir, port, logFile, virtualHosts)
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
func opensslFingerprint(t testing.TB, port int, domain, digest string) string {
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

func run(t testing.TB, name string, args ...string) {
	t.Helper()
	if out, err := exec.Command(name, args...).CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
}

func freePort(t testing.TB) int {
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
