package main

import (
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"imsetup/internal/bluemind/bluemindtest"
)

// The demo's banner says where each thing it runs listens, and the
// imsetup check command it prints works against them: run as printed, it
// finds the emulator, the XMPP endpoint at the port the guides give, and
// nothing wrong.
func TestDemoBannerNamesWhatItRunsAndItsCheckWorks(t *testing.T) {
	p := start(t, nil, "demo")
	banner := waitFor(t, p.stdout, "Stop with Ctrl-C.")
	m := regexp.MustCompile(`(?m)^  BlueMind emulator  (http://127\.0\.0\.1:\d+)\n  XMPP endpoint      127\.0\.0\.1:(\d+), STARTTLS`).FindStringSubmatch(banner)
	if m == nil {
		t.Fatalf("the banner does not say where the emulator and the XMPP endpoint listen:\n%s", banner)
	}
	bmURL, port := m[1], m[2]
	if port != "5222" && !strings.Contains(banner, "Port 5222 is in use") {
		t.Errorf("the endpoint is on %s without saying why not 5222:\n%s", port, banner)
	}
	if !strings.Contains(banner, "(the guides give server localhost, port "+port+")") {
		t.Errorf("the banner does not give the guides' server and port:\n%s", banner)
	}
	// The guides give that port indeed.
	if got := demoGuidePort(t, p.url); got != port {
		t.Errorf("the guide gives port %s, the banner %s", got, port)
	}

	line := regexp.MustCompile(`(?m)^  (IMSETUP_BLUEMIND_URL=\S+ .* check)$`).FindStringSubmatch(banner)
	if line == nil {
		t.Fatalf("no imsetup check command in the banner:\n%s", banner)
	}
	want := "IMSETUP_BLUEMIND_URL=" + bmURL + " IMSETUP_XMPP_HOST=localhost IMSETUP_XMPP_PORT=" + port + " " + binary + " check"
	if line[1] != want {
		t.Errorf("check command\n  %s\nwant\n  %s", line[1], want)
	}
	// Run it as printed: variables, then the program and its argument.
	fields := strings.Fields(line[1])
	cmd := exec.Command(fields[3], fields[4:]...)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH")}, fields[:3]...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", line[1], err, out)
	}
	for _, want := range []string{"reachable, version 4.9.2", "XMPP for example.com: localhost port " + port + " (IMSETUP_XMPP_HOST)", "Everything users need is in order."} {
		if !strings.Contains(string(out), want) {
			t.Errorf("check against the demo does not say %q:\n%s", want, out)
		}
	}
}

// waitFor waits until the output holds s and returns it.
func waitFor(t *testing.T, l *lockedLog, s string) string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if out := l.String(); strings.Contains(out, s) {
			return out
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("no %q in:\n%s", s, l)
	return ""
}

// demoGuidePort logs in to the demo and reads the port Thunderbird's
// guide gives.
func demoGuidePort(t *testing.T, base string) string {
	t.Helper()
	return demoGuide(t, base).Find(`[data-value="port"]`).First().Text()
}

// demoGuide logs in to the demo as jmartin and returns Thunderbird's
// guide.
func demoGuide(t *testing.T, base string) *goquery.Document {
	t.Helper()
	r := post(t, base+"/login", url.Values{"login": {"jmartin"}, "password": {bluemindtest.DemoPassword}}, nil)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("demo login: %d", r.StatusCode)
	}
	req, _ := http.NewRequest("GET", base+"/guides/thunderbird", nil)
	for _, c := range r.Cookies() {
		req.AddCookie(c)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	doc, err := goquery.NewDocumentFromReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// With its port in use (a Prosody on this machine), the built-in XMPP
// endpoint takes a free one and the banner says so, naming the variable
// that chooses it; a port asked for with IMSETUP_XMPP_PORT is meant, so
// the demo stops instead, naming the variable.
func TestDemoXMPPPortInUse(t *testing.T) {
	held, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	port := held.Addr().(*net.TCPAddr).Port
	defer func(p int) { demoXMPPPort = p }(demoXMPPPort)
	demoXMPPPort = port

	code, out, errOut := runDone(t, []string{"IMSETUP_LISTEN=127.0.0.1:0"}, "demo")
	if code != exitOK {
		t.Fatalf("exit %d:\n%s%s", code, out, errOut)
	}
	m := regexp.MustCompile(`XMPP endpoint      127\.0\.0\.1:(\d+),`).FindStringSubmatch(out)
	if m == nil || m[1] == strconv.Itoa(port) {
		t.Fatalf("the endpoint did not move off the port in use:\n%s", out)
	}
	for _, want := range []string{"(the guides give server localhost, port " + m[1] + ")", "Port " + strconv.Itoa(port) + " is in use (another XMPP server?): set\n                     IMSETUP_XMPP_PORT to choose the port.", "IMSETUP_XMPP_PORT=" + m[1] + " "} {
		if !strings.Contains(out, want) {
			t.Errorf("the banner does not say %q:\n%s", want, out)
		}
	}

	code, out, errOut = runDone(t, []string{"IMSETUP_LISTEN=127.0.0.1:0", "IMSETUP_XMPP_PORT=" + strconv.Itoa(port)}, "demo")
	want := "IMSETUP_XMPP_PORT=" + strconv.Itoa(port) + ": the demo's built-in XMPP endpoint cannot listen on 127.0.0.1:" + strconv.Itoa(port) + ": bind: address already in use (choose another port, or unset IMSETUP_XMPP_PORT"
	if code != exitProblems || out != "" || !strings.Contains(errOut, want) {
		t.Errorf("IMSETUP_XMPP_PORT in use: exit %d, stdout %q, stderr %q; want %d and %q", code, out, errOut, exitProblems, want)
	}
}

// The check command the banner prints starts imsetup the way it was
// started: go run for the README's first command, imsetup when it is on
// PATH, else its path, quoted for the shell when it needs it.
func TestSelfCommand(t *testing.T) {
	onPath := binary // a file that exists, as the imsetup on PATH
	for _, tc := range []struct{ exe, onPath, want string }{
		{"/tmp/go-build3411/b001/exe/imsetup", "", "go run ./cmd/imsetup"},
		{binary, onPath, "imsetup"},
		{binary, "", binary},
		{"/opt/my tools/imsetup", onPath, "'/opt/my tools/imsetup'"},
		{"/opt/it's/imsetup", "", `'/opt/it'\''s/imsetup'`},
	} {
		if got := selfCommandFor(tc.exe, tc.onPath); got != tc.want {
			t.Errorf("selfCommandFor(%q, %q) = %q, want %q", tc.exe, tc.onPath, got, tc.want)
		}
	}
}
