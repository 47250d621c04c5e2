package main

import (
	"bufio"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"imsetup/internal/bluemind/bluemindtest"
	"imsetup/internal/redisstore/redistest"
	"imsetup/internal/xmppcert/prosodytest"
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
	cmd            *exec.Cmd
	url            string
	stdout, stderr *lockedLog
	done           chan error
}

// lockedLog is the process's standard error, read by the test while the
// process writes it.
type lockedLog struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedLog) WriteString(s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.b.WriteString(s)
}

func (l *lockedLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// waitLog waits for a log line holding every one of parts and returns it.
func (p *process) waitLog(t *testing.T, parts ...string) string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		for _, line := range strings.Split(p.stderr.String(), "\n") {
			found := true
			for _, part := range parts {
				found = found && strings.Contains(line, part)
			}
			if found {
				return line
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("no log line with %q:\n%s", parts, p.stderr)
	return ""
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
	p := &process{cmd: cmd, stdout: &lockedLog{}, stderr: &lockedLog{}, done: make(chan error, 1)}
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
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			p.stdout.WriteString(sc.Text() + "\n")
		}
	}()
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
	p := start(t, []string{
		"IMSETUP_BLUEMIND_URL=" + bm.URL,
		"IMSETUP_PUBLIC_URL=https://im.example.com",
		"IMSETUP_SESSION_KEYS=" + randomKey(t),
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
	cmd.Env = []string{"IMSETUP_BLUEMIND_URL=mail.example.com", "IMSETUP_XMPP_PORT=99999", "IMSETUP_SESION_KEYS=x"}
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatal("serve started with a broken configuration")
	}
	if code := cmd.ProcessState.ExitCode(); code != exitConfig {
		t.Errorf("exit status %d, want %d (the configuration needs fixing)", code, exitConfig)
	}
	for _, want := range []string{"IMSETUP_BLUEMIND_URL=\"mail.example.com\"", "IMSETUP_XMPP_PORT=\"99999\"", "IMSETUP_SESSION_KEYS is not set", "openssl rand -base64 32",
		"IMSETUP_SESION_KEYS is not a variable imsetup reads, so it is ignored: did you mean IMSETUP_SESSION_KEYS?"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the message does not say %q:\n%s", want, out)
		}
	}
}

// An unreachable BlueMind does not keep the portal from serving (its
// pages explain the outage), but the log says so at once, naming the
// variable, and points to imsetup check. The start-up line says which
// build runs, and a misspelled variable is named with the right one.
func TestServeWarnsWhenBlueMindDoesNotAnswer(t *testing.T) {
	down := httptest.NewServer(http.NotFoundHandler())
	down.Close() // nothing listens there now
	key := randomKey(t)
	p := start(t, []string{
		"IMSETUP_BLUEMIND_URL=" + down.URL,
		"IMSETUP_PUBLIC_URL=https://im.example.com",
		"IMSETUP_SESSION_KEYS=" + key,
		"IMSETUP_XMPP_HOST=127.0.0.1",
		"IMSETUP_SESION_IDLE=5m",
	}, "serve")
	resp, err := http.Get(p.url + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("healthz %d", resp.StatusCode)
	}
	p.waitLog(t, `"level":"WARN"`, "BlueMind does not answer", "imsetup check", "IMSETUP_BLUEMIND_URL")
	p.waitLog(t, `"level":"WARN"`, "IMSETUP_SESION_IDLE is not a variable imsetup reads", "did you mean IMSETUP_SESSION_IDLE?")
	// It listens on loopback (IMSETUP_LISTEN=127.0.0.1:0) with no trusted
	// proxy: serving, it warns that every user would count as the proxy.
	p.waitLog(t, `"level":"WARN"`, "is a loopback address", "set IMSETUP_TRUSTED_PROXIES=127.0.0.1")
	p.waitLog(t, "imsetup listening", `"version":"`, `"revision":"`)
}

func TestServeSaysBlueMindAnswers(t *testing.T) {
	bm := httptest.NewServer(bluemindtest.NewDemo())
	defer bm.Close()
	key := randomKey(t)
	p := start(t, []string{"IMSETUP_BLUEMIND_URL=" + bm.URL, "IMSETUP_PUBLIC_URL=https://im.example.com", "IMSETUP_SESSION_KEYS=" + key, "IMSETUP_XMPP_HOST=127.0.0.1"}, "serve")
	p.waitLog(t, "BlueMind answers", `"version":"4.9.2"`)
	p.waitLog(t, "imsetup listening")
	// One start-up line for BlueMind: the readiness check's, not a second
	// check of its own beside it.
	if n := strings.Count(p.stderr.String(), "BlueMind answers"); n != 1 {
		t.Errorf("BlueMind's answer logged %d times at start, want once:\n%s", n, p.stderr)
	}
	if strings.Contains(p.stderr.String(), "does not answer") || strings.Contains(p.stderr.String(), "is not a variable") {
		t.Errorf("a warning with a working BlueMind and configuration:\n%s", p.stderr)
	}
}

func TestDemoWarnsAboutUnknownVariables(t *testing.T) {
	p := start(t, []string{"IMSETUP_LISTNE=127.0.0.1:8081"}, "demo")
	p.waitLog(t, "level=WARN", "IMSETUP_LISTNE is not a variable imsetup reads", "did you mean IMSETUP_LISTEN?")
}

// The binary says what the Go toolchain recorded when it was built: its
// module version and, from a git clone, the revision; `go version -m`
// reads the same record.
func TestVersionOfTheBinary(t *testing.T) {
	out, err := exec.Command(binary, "--version").Output()
	if err != nil {
		t.Fatal(err)
	}
	record, err := exec.Command("go", "version", "-m", binary).Output()
	if err != nil {
		t.Fatal(err)
	}
	recorded := map[string]string{}
	for _, line := range strings.Split(string(record), "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) >= 3 && f[0] == "mod":
			recorded["version"] = f[2]
		case len(f) == 2 && f[0] == "build" && strings.HasPrefix(f[1], "vcs."):
			k, v, _ := strings.Cut(f[1], "=")
			recorded[k] = v
		}
	}
	got := string(out)
	if !strings.HasPrefix(got, "imsetup "+recorded["version"]+" (") {
		t.Errorf("imsetup --version = %q; go version -m records module version %q", got, recorded["version"])
	}
	if rev := recorded["vcs.revision"]; rev != "" {
		if !strings.Contains(got, "revision "+rev) {
			t.Errorf("imsetup --version = %q; go version -m records revision %s", got, rev)
		}
	} else if !strings.Contains(got, "no VCS revision recorded") {
		t.Errorf("imsetup --version = %q; the build has no revision (go version -m:\n%s)", got, record)
	}
	if v, _ := exec.Command(binary, "version").Output(); string(v) != got {
		t.Errorf("imsetup version = %q, --version = %q", v, got)
	}
}

// SIGTERM while a login waits on a hanging BlueMind: after the drain
// time the request is cut, the log says which, and the exit is 0.
func TestSIGTERMCutsWhatCannotFinishAndExitsZero(t *testing.T) {
	t.Parallel()
	emu := bluemindtest.New(bluemindtest.Options{DefaultDomain: "example.com", Accounts: bluemindtest.DemoAccounts(), SlowDelay: time.Minute})
	emu.SetFailure(bluemindtest.FailureSlow)
	bm := httptest.NewServer(emu)
	defer bm.Close()
	p := start(t, []string{
		"IMSETUP_BLUEMIND_URL=" + bm.URL,
		"IMSETUP_PUBLIC_URL=https://im.example.com",
		"IMSETUP_SESSION_KEYS=" + randomKey(t),
		"IMSETUP_XMPP_HOST=xmpp.example.com",
		"IMSETUP_BLUEMIND_TIMEOUT=50s",
	}, "serve")
	go func() {
		resp, err := http.PostForm(p.url+"/login", url.Values{"login": {"psmith@example.com"}, "password": {"demo"}})
		if err == nil {
			resp.Body.Close()
		}
	}()
	for deadline := time.Now().Add(10 * time.Second); emu.LoginAttempts() == 0; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the login never reached BlueMind")
		}
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-p.done:
		if err != nil {
			t.Errorf("exit after SIGTERM with a request cut: %v, want 0\n%s", err, p.stderr)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("no exit after SIGTERM")
	}
	if log := p.stderr.String(); !regexp.MustCompile(`request cut.*"method":"POST","path":"/login"`).MatchString(log) {
		t.Errorf("the log does not say which request was cut:\n%s", log)
	}
}

// Two serve processes on one redis-server are one portal for the login
// limits and the logouts; with Redis gone, logins are refused.
func TestTwoInstancesOnOneRedis(t *testing.T) {
	t.Parallel()
	rs := redistest.Start(t)
	emu := bluemindtest.NewDemo()
	bm := httptest.NewServer(emu)
	defer bm.Close()
	env := []string{
		"IMSETUP_BLUEMIND_URL=" + bm.URL,
		"IMSETUP_PUBLIC_URL=http://im.example.com",
		"IMSETUP_SESSION_KEYS=" + randomKey(t),
		"IMSETUP_XMPP_HOST=xmpp.example.com",
		"IMSETUP_REDIS_URL=" + rs.URL(),
	}
	metricsAddr := fmt.Sprintf("127.0.0.1:%d", freePort(t))
	a, b := start(t, env, "serve"), start(t, append(env, "IMSETUP_METRICS_LISTEN="+metricsAddr), "serve")
	b.waitLog(t, "login throttle and logouts shared in Redis")
	b.waitLog(t, "ready: BlueMind answers")
	wrong := url.Values{"login": {"psmith@example.com"}, "password": {"nope"}}
	for i := 0; i < 3; i++ {
		post(t, a.url+"/login", wrong, nil)
	}
	if r := post(t, b.url+"/login", wrong, nil); r.StatusCode != http.StatusTooManyRequests || emu.LoginAttempts() != 3 {
		t.Errorf("4th wrong password, on the other instance: %d; BlueMind saw %d, want 429 and 3", r.StatusCode, emu.LoginAttempts())
	}
	// A cookie logged out on A is dead on B.
	login := post(t, a.url+"/login", url.Values{"login": {"jmartin@example.com"}, "password": {"demo"}}, nil)
	cookie := ""
	for _, c := range login.Cookies() {
		if c.Name == "imsetup_session" {
			cookie = c.Name + "=" + c.Value
		}
	}
	home := func(p *process) string {
		req, _ := http.NewRequest("GET", p.url+"/", nil)
		req.Header.Set("Cookie", cookie)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return string(body)
	}
	if !strings.Contains(home(b), "jeanne.martin@example.com") {
		t.Fatal("a cookie from A does not work on B")
	}
	post(t, a.url+"/logout", url.Values{}, map[string]string{"Cookie": cookie})
	if strings.Contains(home(b), "jeanne.martin@example.com") {
		t.Error("a cookie logged out on A still works on B")
	}
	if _, got := get(t, "http://"+metricsAddr+"/metrics"); !strings.Contains(got, "\nimsetup_shared_store_up 1\n") {
		t.Errorf("the metrics do not say Redis answers:\n%s", got)
	}
	rs.Stop()
	if r := post(t, b.url+"/login", url.Values{"login": {"kschmidt@example.com"}, "password": {"demo"}}, nil); r.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("login with Redis down: %d, want 503", r.StatusCode)
	}
	// The line reaches the log through a pipe: wait for it rather than
	// read the log at once.
	b.waitLog(t, `"outcome":"store_unavailable"`)
	b.waitLog(t, `"level":"ERROR"`, "Redis does not answer: logins are refused and logged-in pages answer 503 until it does", `"cause":`)
	if _, got := get(t, "http://"+metricsAddr+"/metrics"); !strings.Contains(got, "\nimsetup_shared_store_up 0\n") {
		t.Errorf("the metrics do not say Redis is down:\n%s", got)
	}
	// The form still shows (logging in is what fails), and the instance
	// stays ready: every instance shares this Redis, so taking them all
	// out of rotation would only replace the portal's translated 503 with
	// the load balancer's error.
	if r, _ := get(t, b.url+"/login"); r != http.StatusOK {
		t.Errorf("GET /login with Redis down: %d, want 200", r)
	}
	if r, _ := get(t, b.url+"/readyz"); r != http.StatusOK {
		t.Errorf("GET /readyz with Redis down: %d, want 200", r)
	}
	// Redis back (empty, without persistence): logins work again, and
	// the log and the metric say so.
	rs.Restart(t)
	var status int
	for deadline := time.Now().Add(10 * time.Second); status != http.StatusSeeOther && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		status = post(t, b.url+"/login", url.Values{"login": {"kschmidt@example.com"}, "password": {"demo"}}, nil).StatusCode
	}
	if status != http.StatusSeeOther {
		t.Errorf("login with Redis back: %d, want 303", status)
	}
	b.waitLog(t, "Redis answers again: logins work again")
	// docs/admin.md quotes these lines as they are written.
	doc, err := os.ReadFile(filepath.Join(repoRoot(t), "docs/admin.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{"login throttle and logouts shared in Redis", "Redis does not answer: logins are refused and logged-in pages answer 503 until it does", "Redis answers again: logins work again"} {
		if !strings.Contains(strings.Join(strings.Fields(string(doc)), " "), "`"+line+"`") {
			t.Errorf("docs/admin.md does not quote the log line `%s`", line)
		}
	}
	if _, got := get(t, "http://"+metricsAddr+"/metrics"); !strings.Contains(got, "\nimsetup_shared_store_up 1\n") {
		t.Errorf("the metrics do not say Redis is back:\n%s", got)
	}
}

// get asks for u and returns the answer's status and body.
func get(t *testing.T, u string) (int, string) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// With IMSETUP_XMPP_HOST set, the demo's guides name that server instead
// of the built-in endpoint, so they can be followed in a real client
// against a real Prosody: the page gives its host and port and the
// fingerprint openssl reads from it.
func TestDemoNamesTheConfiguredXMPPServer(t *testing.T) {
	srv := prosodytest.Start(t, bluemindtest.DemoDomain)
	p := start(t, []string{"IMSETUP_XMPP_HOST=127.0.0.1", "IMSETUP_XMPP_PORT=" + strconv.Itoa(srv.Port)}, "demo")
	if banner, want := waitFor(t, p.stdout, "Stop with Ctrl-C."), "  XMPP               none built in: the guides give your server,\n                     127.0.0.1 port "+strconv.Itoa(srv.Port)+" "; !strings.Contains(banner, want) {
		t.Errorf("the banner does not say %q:\n%s", want, banner)
	}
	doc := demoGuide(t, p.url)
	if got := doc.Find(`[data-value="server"]`).First().Text(); got != "127.0.0.1" {
		t.Errorf("server %q, want 127.0.0.1", got)
	}
	if got := doc.Find(`[data-value="port"]`).First().Text(); got != strconv.Itoa(srv.Port) {
		t.Errorf("port %q, want %d", got, srv.Port)
	}
	if got, want := doc.Find(`[data-fingerprint="sha256"]`).Text(), srv.Fingerprint(t, bluemindtest.DemoDomain, "-sha256"); got != want {
		t.Errorf("fingerprint %q, openssl reads %q\n%s", got, want, p.stderr)
	}
}
