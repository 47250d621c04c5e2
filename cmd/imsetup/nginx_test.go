package main

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"imsetup/internal/bluemind/bluemindtest"
)

// The real nginx in front of the real binary, configured with the very
// file docs/admin.md tells administrators to put in BlueMind's
// bm-local.d/, once as it is (the prefix passed on) and once with
// "proxy_pass http://127.0.0.1:8080/;" (the prefix stripped).

const bmLocalConf = "deploy/nginx/imsetup.conf"

// findNginx returns Debian's nginx, or skips the test.
func findNginx(t *testing.T) string {
	t.Helper()
	for _, p := range []string{"nginx", "/usr/sbin/nginx"} {
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	t.Skip("nginx not found: install Debian's nginx-light (apt-get install nginx-light) to test imsetup behind nginx under /im/")
	return ""
}

// startNginx runs nginx in the foreground with its own configuration, pid
// and logs in a temporary directory, on a free loopback port, with the
// repository's bm-local.d file (made to proxy to portal) inside a server
// block like BlueMind's. It returns nginx's base URL.
func startNginx(t *testing.T, nginx, portal string, strip bool) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(repoRoot(t), bmLocalConf))
	if err != nil {
		t.Fatal(err)
	}
	const pass = "proxy_pass http://127.0.0.1:8080;"
	if !strings.Contains(string(raw), pass) {
		t.Fatalf("%s has no %q line", bmLocalConf, pass)
	}
	target := "proxy_pass http://" + portal + ";"
	if strip {
		target = "proxy_pass http://" + portal + "/;"
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "imsetup.conf"), []byte(strings.Replace(string(raw), pass, target, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	// nginx needs a port number in its file: take a free one, and try
	// again should another process take it first.
	for try := 0; try < 3; try++ {
		port := freePort(t)
		conf := filepath.Join(dir, "nginx.conf")
		if err := os.WriteFile(conf, []byte(nginxConf(dir, port)), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(nginx, "-p", dir, "-c", conf, "-e", filepath.Join(dir, "error.log"))
		var out strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		addr := fmt.Sprintf("127.0.0.1:%d", port)
		if waitListening(addr, done) {
			t.Cleanup(func() {
				_ = cmd.Process.Signal(syscall.SIGQUIT)
				select {
				case <-done:
				case <-time.After(5 * time.Second):
					_ = cmd.Process.Kill()
				}
			})
			return "http://" + addr
		}
		_ = cmd.Process.Kill()
		errLog, _ := os.ReadFile(filepath.Join(dir, "error.log"))
		if !strings.Contains(string(errLog)+out.String(), "in use") {
			t.Fatalf("nginx did not start:\n%s%s", out.String(), errLog)
		}
	}
	t.Fatal("nginx found no free port in three tries")
	return ""
}

// nginxConf is a server block in the manner of BlueMind's: its own
// locations, including a regular expression for static files that would
// take the portal's files without the "^~" of bm-local.d/imsetup.conf,
// and bm-local.d included at the end.
func nginxConf(dir string, port int) string {
	return fmt.Sprintf(`master_process off;
daemon off;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log;
events { worker_connections 64; }
http {
    access_log %[1]s/access.log;
    client_body_temp_path %[1]s/body;
    proxy_temp_path %[1]s/proxy;
    fastcgi_temp_path %[1]s/fastcgi;
    uwsgi_temp_path %[1]s/uwsgi;
    scgi_temp_path %[1]s/scgi;
    server {
        listen 127.0.0.1:%[2]d;
        location / { return 404 "BlueMind\n"; }
        location ~* \.(js|css|svg|png)$ { return 404 "BlueMind's static files\n"; }
        include %[1]s/imsetup.conf;
    }
}
`, dir, port)
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

// waitListening reports whether addr accepts connections within five
// seconds, false as soon as the process ends.
func waitListening(addr string, done chan error) bool {
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-done:
			done <- err
			return false
		default:
		}
		if c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond); err == nil {
			c.Close()
			return true
		}
		time.Sleep(50 * time.Millisecond)
	}
	return false
}

func TestBehindNginxUnderIM(t *testing.T) {
	nginx := findNginx(t)
	for _, mode := range []struct {
		name  string
		strip bool
	}{{"prefix passed on", false}, {"prefix stripped", true}} {
		t.Run(mode.name, func(t *testing.T) {
			bm := httptest.NewServer(bluemindtest.NewDemo())
			defer bm.Close()
			p := start(t, []string{
				"IMSETUP_BLUEMIND_URL=" + bm.URL,
				"IMSETUP_PUBLIC_URL=http://mail.example.com/im/",
				"IMSETUP_SESSION_KEYS=" + randomKey(t),
				"IMSETUP_TRUSTED_PROXIES=127.0.0.1",
				"IMSETUP_XMPP_HOST=127.0.0.1", "IMSETUP_XMPP_PORT=1", // nothing there: the guide says so
			}, "serve")
			site := startNginx(t, nginx, strings.TrimPrefix(p.url, "http://"), mode.strip)
			walkUnderIM(t, newVisitor(t, site))
		})
	}
}

// walkUnderIM is a user's visit through nginx: a guide's link while
// logged out, the login, the guide, the chooser, the other guides, the
// language switch, logging out; every link, form, asset and redirect on
// the way must stay under /im/ and work.
func walkUnderIM(t *testing.T, v *visitor) {
	// /im without its slash: nginx sends the browser on.
	if r := v.get("/im"); r.StatusCode != http.StatusMovedPermanently || !strings.HasSuffix(r.Header.Get("Location"), "/im/") {
		t.Errorf("GET /im: %d to %q", r.StatusCode, r.Header.Get("Location"))
	}
	r := v.get("/im/guides/gajim")
	if loc := r.Header.Get("Location"); r.StatusCode != http.StatusSeeOther || loc != "/im/login?next=%2Fguides%2Fgajim" {
		t.Fatalf("a guide while logged out: %d to %q", r.StatusCode, loc)
	}
	login := v.page(r.Header.Get("Location"))
	if next, _ := login.doc.Find(`input[name="next"]`).Attr("value"); next != "/guides/gajim" {
		t.Errorf("the login form's next is %q", next)
	}
	action, _ := login.doc.Find("form.login-form").Attr("action")
	r = v.post(action, map[string]string{"login": "jmartin", "password": "demo", "next": "/guides/gajim"})
	if loc := r.Header.Get("Location"); r.StatusCode != http.StatusSeeOther || loc != "/im/guides/gajim" {
		t.Fatalf("login: %d to %q\n%s", r.StatusCode, loc, r.body)
	}
	if c := cookieOf(r.Response, "imsetup_session"); c == nil || c.Path != "/im/" || !c.HttpOnly {
		t.Errorf("session cookie %+v: want Path=/im/, HttpOnly", c)
	}
	guide := v.page("/im/guides/gajim")
	if !strings.Contains(guide.doc.Find("h1").Text(), "Gajim") {
		t.Errorf("the guide's h1 is %q", guide.doc.Find("h1").Text())
	}
	v.followLinks(guide)
	home := v.page("/im/")
	if home.doc.Find(".guide-cards a").Length() != 3 {
		t.Errorf("the chooser has %d guides", home.doc.Find(".guide-cards a").Length())
	}
	v.followLinks(home)
	// Back in French, and a next leading off the site lands on the chooser.
	v.page("/im/?lang=fr")
	if r := v.post("/im/login", map[string]string{"login": "jmartin", "password": "demo", "next": "//evil.example/"}); r.Header.Get("Location") != "/im/" {
		t.Errorf("next=//evil.example/: redirected to %q", r.Header.Get("Location"))
	}
	logout, _ := v.page("/im/").doc.Find("form.logout").Attr("action")
	r = v.post(logout, nil)
	if loc := r.Header.Get("Location"); r.StatusCode != http.StatusSeeOther || loc != "/im/" {
		t.Errorf("logout: %d to %q", r.StatusCode, loc)
	}
	if c := cookieOf(r.Response, "imsetup_session"); c == nil || c.Path != "/im/" || c.MaxAge >= 0 {
		t.Errorf("logout's cookie %+v: must delete the cookie at /im/", c)
	}
	if r := v.get("/im/guides/gajim"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("a guide after logging out: %d", r.StatusCode)
	}
}

// The file docs/admin.md tells administrators to create is the one the
// test above runs, word for word.
func TestAdminDocGivesTheTestedNginxFile(t *testing.T) {
	root := repoRoot(t)
	conf, err := os.ReadFile(filepath.Join(root, bmLocalConf))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := os.ReadFile(filepath.Join(root, "docs/admin.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(doc), "```nginx\n"+string(conf)+"```\n") {
		t.Errorf("docs/admin.md does not give %s as it is: copy it into the doc's nginx block", bmLocalConf)
	}
}
