package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// process is a server this command started: the portal, the bare Go
// server or nginx. Each runs in its own process, so that the CPU and
// memory it uses can be read apart from the client's.
type process struct {
	name    string
	cmd     *exec.Cmd
	addr    string
	done    chan error
	stopped sync.Once
}

func (p *process) pid() int { return p.cmd.Process.Pid }

// stop ends the process (SIGTERM, then SIGKILL after a grace period); a
// second call has nothing to do.
func (p *process) stop() {
	p.stopped.Do(func() {
		_ = p.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-p.done:
		case <-time.After(10 * time.Second):
			_ = p.cmd.Process.Kill()
			<-p.done
		}
	})
}

// start runs cmd and waits until GET path on addr answers 200; it returns
// the time from exec to that first answer.
func start(ctx context.Context, name string, cmd *exec.Cmd, addr, path string) (*process, time.Duration, error) {
	p := &process{name: name, cmd: ownChild(cmd), addr: addr, done: make(chan error, 1)}
	begin := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, 0, fmt.Errorf("%s: %w", name, err)
	}
	go func() { p.done <- cmd.Wait() }()
	deadline := time.NewTimer(20 * time.Second)
	defer deadline.Stop()
	for {
		if status, err := get(addr, path); err == nil && status == http.StatusOK {
			return p, time.Since(begin), nil
		}
		select {
		case err := <-p.done:
			return nil, 0, fmt.Errorf("%s exited before answering: %v", name, err)
		case <-deadline.C:
			p.stop()
			return nil, 0, fmt.Errorf("%s did not answer GET %s on %s within 20 s", name, path, addr)
		case <-ctx.Done():
			p.stop()
			return nil, 0, ctx.Err()
		case <-time.After(time.Millisecond):
		}
	}
}

// get sends one plain GET, for readiness: no keep-alive, no client state.
func get(addr, path string) (int, error) {
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return 0, err
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", path, addr); err != nil {
		return 0, err
	}
	status, _, err := readResponse(bufio.NewReader(c), nil)
	return status, err
}

// freeAddr finds a free loopback port for a server that must be told its
// address in advance (nginx, the portal's XMPP endpoint).
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

func port(addr string) string {
	_, p, _ := net.SplitHostPort(addr)
	return p
}

// buildPortal builds cmd/imsetup as docs/admin.md has administrators
// build it: static (CGO_ENABLED=0), so that what is measured is what is
// installed. A binary built with cgo maps the C library too, some 2 MB
// more resident memory.
func buildPortal(dir string) (string, error) {
	bin := filepath.Join(dir, "imsetup")
	cmd := exec.Command("go", "build", "-trimpath", "-o", bin, "imsetup/cmd/imsetup")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	out, err := cmd.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("CGO_ENABLED=0 go build -trimpath imsetup/cmd/imsetup: %v\n%s", err, out)
	}
	return bin, nil
}

// portalCmd is `imsetup <mode>` on addr, logging to logFile as an
// administrator would redirect it.
func portalCmd(bin, mode, addr string, env []string, logFile *os.File) *exec.Cmd {
	cmd := exec.Command(bin, mode)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "IMSETUP_LISTEN=" + addr}, env...)
	cmd.Stderr = logFile
	return cmd
}

// page is one answer the portal gave, replayed by the other servers.
type page struct {
	Path   string      `json:"path"`
	Header http.Header `json:"header"`
	Body   []byte      `json:"body"`
}

// writePages saves the pages for the bare Go server and nginx.
func writePages(dir string, pages []page) (spec string, root string, err error) {
	spec = filepath.Join(dir, "pages.json")
	b, err := json.Marshal(pages)
	if err != nil {
		return "", "", err
	}
	if err := os.WriteFile(spec, b, 0o644); err != nil {
		return "", "", err
	}
	// nginx's workers run as nobody: the tree must be readable by all.
	root = filepath.Join(dir, "www")
	for _, p := range pages {
		file := filepath.Join(root, filepath.FromSlash(staticName(p.Path)))
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			return "", "", err
		}
		if err := os.WriteFile(file, p.Body, 0o644); err != nil {
			return "", "", err
		}
	}
	return spec, root, nil
}

// staticName is where nginx finds a page: "/" is a directory there.
func staticName(path string) string {
	if strings.HasSuffix(path, "/") {
		return path + "index.html"
	}
	return path
}

// bareMain is the bare Go server: each page's bytes and headers, exactly
// as the portal sent them, written by a plain net/http handler. It runs
// as a second process of this command (see main).
func bareMain(spec, addr string) error {
	b, err := os.ReadFile(spec)
	if err != nil {
		return err
	}
	var pages []page
	if err := json.Unmarshal(b, &pages); err != nil {
		return err
	}
	byPath := map[string]page{}
	for _, p := range pages {
		byPath[p.Path] = p
	}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, ok := byPath[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		for k, v := range p.Header {
			w.Header()[k] = v
		}
		_, _ = w.Write(p.Body)
	})
	return http.ListenAndServe(addr, h)
}

// replayHeader keeps the headers the portal chose, not those net/http
// writes by itself (Date, and Content-Length or chunking, which follow
// from what the handler does).
func replayHeader(h http.Header) http.Header {
	out := h.Clone()
	for _, k := range []string{"Date", "Transfer-Encoding", "Connection", "Set-Cookie"} {
		out.Del(k)
	}
	return out
}

func bareCmd(spec, addr string) (*exec.Cmd, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(self, "-bare-pages", spec, "-bare-listen", addr)
	cmd.Stderr = os.Stderr
	return cmd, nil
}

// findNginx is nginx if it is installed ("off" skips it).
func findNginx(flagValue string) string {
	switch flagValue {
	case "off":
		return ""
	case "":
		for _, p := range []string{"nginx", "/usr/sbin/nginx"} {
			if path, err := exec.LookPath(p); err == nil {
				return path
			}
		}
		return ""
	}
	return flagValue
}

// nginxCmd serves root as static files with a configuration of its own,
// in dir: nothing of the system's nginx set-up is used or touched.
func nginxCmd(bin, dir, root, addr string) (*exec.Cmd, error) {
	prefix := filepath.Join(dir, "nginx")
	if err := os.MkdirAll(filepath.Join(prefix, "temp"), 0o755); err != nil {
		return nil, err
	}
	conf := fmt.Sprintf(`# written by imsetup's cmd/loadtest; deleted with its directory
daemon off;
master_process on;
worker_processes auto;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path %[1]s/temp/body;
    keepalive_requests 1000000;
    types { }
    default_type "text/html; charset=utf-8";
    server {
        listen %[2]s;
        root %[3]s;
        index index.html;
    }
}
`, prefix, addr, root)
	file := filepath.Join(prefix, "nginx.conf")
	if err := os.WriteFile(file, []byte(conf), 0o644); err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "-p", prefix, "-c", file, "-e", filepath.Join(prefix, "error.log"))
	cmd.Stderr = os.Stderr
	return cmd, nil
}

// errNoNginx says how to get the third column.
var errNoNginx = errors.New("nginx is not installed (apt-get install nginx-light): measured against the bare Go server only")

// countLines counts, in one read of a log, the lines that contain each
// of subs (the portal's log after a load holds a line per request).
func countLines(file string, subs ...string) ([]int, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	n := make([]int, len(subs))
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		for i, s := range subs {
			if strings.Contains(line, s) {
				n[i]++
			}
		}
	}
	return n, sc.Err()
}

func itoa(n int) string { return strconv.Itoa(n) }
