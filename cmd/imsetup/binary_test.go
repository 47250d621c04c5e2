package main

import (
	"bufio"
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"imsetup/internal/bluemind/bluemindtest"
)

// The real binary, run the way an administrator runs it. These tests build
// it once and talk to it over HTTP only.

var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "imsetup-bin")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "imsetup")
	if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
		os.Stderr.Write(out)
		panic(err)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type process struct {
	cmd    *exec.Cmd
	url    string
	stderr *strings.Builder
	done   chan error
}

// start runs the binary and waits for the line that gives its address.
func start(t *testing.T, env []string, args ...string) *process {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "IMSETUP_LISTEN=127.0.0.1:0"}, env...)
	stdout, _ := cmd.StdoutPipe()
	stderrPipe, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &process{cmd: cmd, stderr: &strings.Builder{}, done: make(chan error, 1)}
	addr := make(chan string, 2)
	listening := regexp.MustCompile(`addr=(127\.0\.0\.1:\d+)|"addr":"(127\.0\.0\.1:\d+)"`)
	go func() {
		sc := bufio.NewScanner(stderrPipe)
		for sc.Scan() {
			line := sc.Text()
			p.stderr.WriteString(line + "\n")
			if m := listening.FindStringSubmatch(line); m != nil && strings.Contains(line, "listening") {
				addr <- m[1] + m[2]
			}
		}
	}()
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	go func() { p.done <- cmd.Wait() }()
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	select {
	case a := <-addr:
		p.url = "http://" + a
	case err := <-p.done:
		t.Fatalf("imsetup exited: %v\n%s", err, p.stderr)
	case <-time.After(20 * time.Second):
		t.Fatalf("imsetup did not start\n%s", p.stderr)
	}
	return p
}

var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func post(t *testing.T, target string, form url.Values, header map[string]string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest("POST", target, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

func TestServeAgainstBlueMind(t *testing.T) {
	emu := bluemindtest.NewDemo()
	bm := httptest.NewServer(emu)
	defer bm.Close()
	key := base64.StdEncoding.EncodeToString([]byte(strings.Repeat("s", 32)))
	p := start(t, []string{
		"IMSETUP_BLUEMIND_URL=" + bm.URL,
		"IMSETUP_PUBLIC_URL=https://im.example.com",
		"IMSETUP_SESSION_KEYS=" + key,
		"IMSETUP_XMPP_HOST=xmpp.example.com",
	}, "serve")

	// A cross-site login POST is refused.
	if r := post(t, p.url+"/login", url.Values{"login": {"jmartin"}, "password": {"demo"}}, map[string]string{"Sec-Fetch-Site": "cross-site"}); r.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site login: %d", r.StatusCode)
	}
	// A good login gives a cookie that reveals nothing.
	r := post(t, p.url+"/login", url.Values{"login": {"jmartin"}, "password": {"demo"}}, nil)
	if r.StatusCode != http.StatusSeeOther || len(r.Cookies()) == 0 {
		t.Fatalf("login: %d %v", r.StatusCode, r.Cookies())
	}
	for _, c := range r.Cookies() {
		raw, _ := base64.URLEncoding.DecodeString(c.Value)
		if strings.Contains(c.Value+string(raw), "jeanne") || !c.Secure || !c.HttpOnly {
			t.Errorf("cookie %s: readable or badly flagged", c.Name)
		}
	}
	// The 4th wrong password within a minute is 429; BlueMind saw 3.
	before := emu.LoginAttempts()
	var last int
	for i := 0; i < 4; i++ {
		last = post(t, p.url+"/login", url.Values{"login": {"psmith"}, "password": {"nope"}}, nil).StatusCode
	}
	if last != http.StatusTooManyRequests || emu.LoginAttempts()-before != 3 {
		t.Errorf("4th wrong password: %d; BlueMind saw %d", last, emu.LoginAttempts()-before)
	}
	// A 1 MB POST is refused.
	if r := post(t, p.url+"/login", url.Values{"login": {"x"}, "password": {strings.Repeat("p", 1<<20)}}, nil); r.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("1 MB POST: %d", r.StatusCode)
	}
	// A stopped BlueMind gives 503.
	bm.Close()
	if r := post(t, p.url+"/login", url.Values{"login": {"lucie@example.org"}, "password": {"demo"}}, nil); r.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("BlueMind stopped: %d", r.StatusCode)
	}
	// SIGTERM: a clean exit.
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-p.done:
		if err != nil {
			t.Errorf("exit after SIGTERM: %v\n%s", err, p.stderr)
		}
	case <-time.After(15 * time.Second):
		t.Error("no exit after SIGTERM")
	}
	if strings.Contains(p.stderr.String(), "nope") || strings.Contains(p.stderr.String(), "\"demo\"") {
		t.Error("a password reached the log")
	}
}

func TestDemoStartsWithNothingConfigured(t *testing.T) {
	p := start(t, nil, "demo")
	resp, err := http.Get(p.url + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("healthz %d", resp.StatusCode)
	}
	if r := post(t, p.url+"/login", url.Values{"login": {"jmartin"}, "password": {bluemindtest.DemoPassword}}, nil); r.StatusCode != http.StatusSeeOther {
		t.Errorf("demo login: %d", r.StatusCode)
	}
}

func TestServeRefusesABadConfiguration(t *testing.T) {
	cmd := exec.Command(binary, "serve")
	cmd.Env = []string{"IMSETUP_BLUEMIND_URL=mail.example.com", "IMSETUP_XMPP_PORT=99999"}
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatal("serve started with a broken configuration")
	}
	for _, want := range []string{"IMSETUP_BLUEMIND_URL=\"mail.example.com\"", "IMSETUP_XMPP_PORT=\"99999\"", "IMSETUP_SESSION_KEYS is not set", "openssl rand -base64 32"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the message does not say %q:\n%s", want, out)
		}
	}
}
