package main

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/pem"
	"net"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"imsetup/internal/bluemind/bluemindtest"
	"imsetup/internal/xmppcert"
	"imsetup/internal/xmppcert/xmppcerttest"
)

// runCheck runs `imsetup check` with the given variables and returns its
// exit status and output.
func runCheck(t *testing.T, env map[string]string, args ...string) (int, string) {
	t.Helper()
	code, out, errOut := runCmd(t, env, append([]string{"check"}, args...)...)
	return code, out + errOut
}

// runCmd runs imsetup in-process with these arguments and variables, and
// returns its exit status, standard output and standard error.
func runCmd(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var environ []string
	for k, v := range env {
		environ = append(environ, k+"="+v)
	}
	var out, errOut strings.Builder
	code := run(context.Background(), args, environ, &out, &errOut)
	return code, out.String(), errOut.String()
}

func checkEnv(t *testing.T, o xmppcerttest.Options) (map[string]string, *xmppcerttest.Server) {
	t.Helper()
	resolver = fakeResolver{}
	bm := httptest.NewServer(bluemindtest.NewDemo())
	t.Cleanup(bm.Close)
	if o.Domains == nil {
		o.Domains = []string{"example.com", "example.org"}
	}
	x, err := xmppcerttest.NewServer(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	return map[string]string{
		"IMSETUP_BLUEMIND_URL": bm.URL,
		"IMSETUP_XMPP_HOST":    "127.0.0.1",
		"IMSETUP_XMPP_PORT":    strconv.Itoa(x.Port()),
	}, x
}

func TestCheckSelfSignedIsNormal(t *testing.T) {
	env, x := checkEnv(t, xmppcerttest.Options{})
	code, out := runCheck(t, env, "example.org")
	t.Log("imsetup check printed:\n" + out)
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	for _, d := range []string{"example.com", "example.org"} {
		der := x.Certificate(d).Raw
		s256 := sha256.Sum256(der)
		for _, want := range []string{"XMPP for " + d, xmppcert.FormatUpper(s256[:]), "SHA-256 (Pidgin):             " + xmppcert.FormatLower(s256[:])} {
			if !strings.Contains(out, want) {
				t.Errorf("output lacks %q:\n%s", want, out)
			}
		}
	}
	for _, want := range []string{"version 4.9.2", "(IMSETUP_XMPP_HOST)", "default domain example.com (from BlueMind)", "self-signed (BlueMind's normal state)"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestCheckFailsWhenSomethingIsWrong(t *testing.T) {
	cases := map[string]struct {
		opts xmppcerttest.Options
		mod  func(env map[string]string, x *xmppcerttest.Server)
		want string
	}{
		"no STARTTLS":   {xmppcerttest.Options{Mode: xmppcerttest.NoStartTLS}, nil, "PROBLEM"},
		"expired":       {xmppcerttest.Options{Validity: xmppcerttest.Expired}, nil, "the certificate expired"},
		"expiring soon": {xmppcerttest.Options{Validity: xmppcerttest.ExpiringSoon}, nil, "renew it"},
		"not yet valid": {xmppcerttest.Options{Validity: xmppcerttest.NotYetValid}, nil, "not valid before"},
		"pin differs": {xmppcerttest.Options{}, func(env map[string]string, _ *xmppcerttest.Server) {
			env["IMSETUP_XMPP_FINGERPRINT"] = strings.Repeat("00:", 31) + "00"
		}, "differs from IMSETUP_XMPP_FINGERPRINT"},
		"XMPP down": {xmppcerttest.Options{}, func(_ map[string]string, x *xmppcerttest.Server) { x.Close() }, "PROBLEM"},
		"BlueMind down": {xmppcerttest.Options{}, func(env map[string]string, _ *xmppcerttest.Server) {
			env["IMSETUP_BLUEMIND_URL"] = "http://127.0.0.1:1"
		}, "unreachable"},
		"unknown domain": {xmppcerttest.Options{}, nil, "host-unknown"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			env, x := checkEnv(t, tc.opts)
			if tc.mod != nil {
				tc.mod(env, x)
			}
			args := []string{}
			if name == "unknown domain" {
				args = []string{"elsewhere.example"}
			}
			code, out := runCheck(t, env, args...)
			if code == 0 || !strings.Contains(out, tc.want) {
				t.Errorf("exit %d, want non-zero with %q:\n%s", code, tc.want, out)
			}
		})
	}
}

func TestCheckPinMatches(t *testing.T) {
	env, x := checkEnv(t, xmppcerttest.Options{Domains: []string{"example.com"}})
	sum := sha256.Sum256(x.Certificate("example.com").Raw)
	env["IMSETUP_XMPP_FINGERPRINT"] = xmppcert.FormatUpper(sum[:])
	if code, out := runCheck(t, env); code != 0 || !strings.Contains(out, "matches IMSETUP_XMPP_FINGERPRINT") {
		t.Errorf("exit %d:\n%s", code, out)
	}
}

// fakeResolver has one SRV record, for srv.example; the tests send no DNS
// query off the machine.
type fakeResolver struct{}

func (fakeResolver) LookupSRV(_ context.Context, service, proto, name string) (string, []*net.SRV, error) {
	if name == "srv.example" {
		return "", []*net.SRV{{Target: "127.0.0.1.", Port: uint16(srvPort)}}, nil
	}
	return "", nil, &net.DNSError{Err: "no such host", Name: name, IsNotFound: true}
}

// srvPort is where srv.example's SRV record points.
var srvPort int

// Without IMSETUP_XMPP_HOST, a domain's SRV record names its server; a
// domain without one falls back to the BlueMind host.
func TestCheckFindsTheServerThroughSRV(t *testing.T) {
	env, x := checkEnv(t, xmppcerttest.Options{Domains: []string{"srv.example", "example.com"}})
	delete(env, "IMSETUP_XMPP_HOST")
	srvPort = x.Port()
	env["IMSETUP_DEFAULT_DOMAIN"] = "srv.example"
	code, out := runCheck(t, env)
	if code != 0 || !strings.Contains(out, "XMPP for srv.example: 127.0.0.1 port "+strconv.Itoa(x.Port())+" (DNS SRV _xmpp-client._tcp.srv.example)") {
		t.Errorf("exit %d:\n%s", code, out)
	}
	env["IMSETUP_XMPP_PORT"] = strconv.Itoa(x.Port())
	code, out = runCheck(t, env, "example.com")
	if !strings.Contains(out, "XMPP for example.com: 127.0.0.1 port "+strconv.Itoa(x.Port())+" (the BlueMind host") || code != 0 {
		t.Errorf("fallback: exit %d:\n%s", code, out)
	}
}

// An unreachable BlueMind is one problem, named once, with the variable
// to check; the XMPP server of a domain named is still checked.
func TestCheckReportsAnUnreachableBlueMindOnce(t *testing.T) {
	env, _ := checkEnv(t, xmppcerttest.Options{})
	env["IMSETUP_BLUEMIND_URL"] = "http://127.0.0.1:1"
	code, out, errOut := runCmd(t, env, "check")
	t.Log("imsetup check printed:\n" + out + errOut)
	if code != exitProblems || strings.Count(out, "PROBLEM") != 1 || strings.Contains(out, "no domain to check") {
		t.Errorf("exit %d, want %d with one PROBLEM:\n%s", code, exitProblems, out)
	}
	for _, want := range []string{"unreachable", "are the host and port of IMSETUP_BLUEMIND_URL right?", "No XMPP server checked"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(errOut, "imsetup: 1 problem found") || strings.Contains(out+errOut, "BaseURL") {
		t.Errorf("stderr %q", errOut)
	}
	code, out, _ = runCmd(t, env, "check", "example.org")
	if code != exitProblems || strings.Count(out, "PROBLEM") != 1 || !strings.Contains(out, "XMPP for example.org") {
		t.Errorf("with a domain: exit %d:\n%s", code, out)
	}
}

// A configuration to fix is exit status 3, distinct from problems found,
// and nothing is checked.
func TestCheckConfigurationErrorsHaveTheirOwnStatus(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		says string
	}{
		{map[string]string{}, "IMSETUP_BLUEMIND_URL is not set"},
		{map[string]string{"IMSETUP_BLUEMIND_URL": "https://mail.example.com/api"}, `IMSETUP_BLUEMIND_URL="https://mail.example.com/api": remove /api, imsetup adds it: give BlueMind's address as users open it, such as https://mail.example.com`},
		{map[string]string{"IMSETUP_BLUEMIND_URL": "https://mail.example.com", "IMSETUP_BLUEMIND_TIMEOUT": "0s"}, `IMSETUP_BLUEMIND_TIMEOUT="0s": give a duration such as 10s`},
		// The misspelled name is listed too: it is why the other is unset.
		{map[string]string{"IMSETUP_BLUEMIND_ULR": "https://mail.example.com"}, "IMSETUP_BLUEMIND_ULR is not a variable imsetup reads, so it is ignored: did you mean IMSETUP_BLUEMIND_URL?"},
	} {
		code, out, errOut := runCmd(t, tc.env, "check", "example.com")
		if code != exitConfig || out != "" || !strings.Contains(errOut, "the configuration needs fixing") || !strings.Contains(errOut, tc.says) {
			t.Errorf("env %v: exit %d, stdout %q, stderr %q; want %d and %q", tc.env, code, out, errOut, exitConfig, tc.says)
		}
	}
}

// check says which build it is, and warns about variables it does not
// know, naming the closest known one; a warning is not a problem.
func TestCheckPrintsItsVersionAndUnknownVariables(t *testing.T) {
	env, _ := checkEnv(t, xmppcerttest.Options{})
	env["IMSETUP_XMPP_HSOT"] = "xmpp.example.com"
	code, out, _ := runCmd(t, env, "check")
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	if first, _, _ := strings.Cut(out, "\n"); first != readVersion().String() {
		t.Errorf("first line %q, want the version", first)
	}
	if !strings.Contains(out, "WARNING: IMSETUP_XMPP_HSOT is not a variable imsetup reads, so it is ignored: did you mean IMSETUP_XMPP_HOST?") {
		t.Errorf("no warning for IMSETUP_XMPP_HSOT:\n%s", out)
	}
}

// check serves nothing, so it does not warn about the listener or the
// proxies, which serve does (TestServeWarnsWhenBlueMindDoesNotAnswer):
// with IMSETUP_LISTEN at its loopback default and no
// IMSETUP_TRUSTED_PROXIES, its only warning is about BlueMind over http.
func TestCheckWarnsOnlyAboutWhatItChecks(t *testing.T) {
	env, _ := checkEnv(t, xmppcerttest.Options{})
	code, out, _ := runCmd(t, env, "check")
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	if n := strings.Count(out, "WARNING"); n != 1 || !strings.Contains(out, "WARNING: IMSETUP_BLUEMIND_URL uses http://") {
		t.Errorf("%d warnings, want the one about http:// alone:\n%s", n, out)
	}
}

// A certificate the system does not trust: check tells the administrator
// what the chooser tells users of Dino and Monal, and whom they are sent
// to; a trusted one gets no such line, and neither fails the check.
func TestCheckSaysWhichClientsCannotConnect(t *testing.T) {
	env, _ := checkEnv(t, xmppcerttest.Options{Domains: []string{"example.com"}})
	env["IMSETUP_SUPPORT_CONTACT"] = "the help desk (extension 1234)"
	code, out := runCheck(t, env)
	for _, want := range []string{"Dino has no way to accept", "Monal (iPhone) refuses it", "contact the help desk (extension 1234) (IMSETUP_SUPPORT_CONTACT)"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("self-signed: exit %d, output lacks %q:\n%s", code, want, out)
		}
	}
	delete(env, "IMSETUP_SUPPORT_CONTACT")
	if _, out := runCheck(t, env); !strings.Contains(out, "contact their IT department (IMSETUP_SUPPORT_CONTACT is not set)") {
		t.Errorf("no contact configured:\n%s", out)
	}

	ca, err := xmppcerttest.NewCA("imsetup test CA")
	if err != nil {
		t.Fatal(err)
	}
	env, _ = checkEnv(t, xmppcerttest.Options{Domains: []string{"example.com"}, CertFor: func(d string) (tls.Certificate, error) {
		return ca.Issue(d, time.Now().Add(-time.Hour), time.Now().Add(90*24*time.Hour))
	}})
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ca.Cert.Raw}), 0o600); err != nil {
		t.Fatal(err)
	}
	env["IMSETUP_BLUEMIND_CA_FILE"] = caFile
	code, out = runCheck(t, env)
	if code != 0 || !strings.Contains(out, "trusted by the system") || strings.Contains(out, "Dino") {
		t.Errorf("trusted: exit %d, want the trust line and no word of Dino:\n%s", code, out)
	}
}
