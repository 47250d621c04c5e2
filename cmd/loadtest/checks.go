package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"imsetup/internal/bluemind/bluemindtest"
	"imsetup/internal/xmppcert"
	"imsetup/internal/xmppcert/xmppcerttest"
)

// login posts the login form and returns the session's Cookie header.
func login(addr, user string) (string, error) {
	form := url.Values{"login": {user}, "password": {bluemindtest.DemoPassword}}
	req, err := http.NewRequest("POST", "http://"+addr+"/login", strings.NewReader(form.Encode()))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := noRedirects.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusSeeOther {
		return "", fmt.Errorf("login %s: status %d, want 303", user, resp.StatusCode)
	}
	for _, c := range resp.Cookies() {
		if c.Name == "imsetup_session" {
			return c.Name + "=" + c.Value, nil
		}
	}
	return "", fmt.Errorf("login %s: no session cookie", user)
}

var noRedirects = &http.Client{
	Timeout:       30 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// fetch gets one page as the load will, and keeps its headers and body.
func fetch(addr, path, cookie string) (page, error) {
	req, err := http.NewRequest("GET", "http://"+addr+path, nil)
	if err != nil {
		return page{}, err
	}
	req.Header.Set("User-Agent", "imsetup-loadtest")
	if cookie != "" {
		req.Header.Set("Cookie", cookie)
	}
	resp, err := noRedirects.Do(req)
	if err != nil {
		return page{}, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return page{}, err
	}
	if resp.StatusCode != http.StatusOK {
		return page{}, fmt.Errorf("GET %s: status %d", path, resp.StatusCode)
	}
	h := replayHeader(resp.Header)
	if resp.ContentLength >= 0 && len(resp.TransferEncoding) == 0 {
		h.Set("Content-Length", itoa(len(body)))
	}
	return page{Path: path, Header: h, Body: body}, nil
}

// coldStarts execs the demo n times and times each from exec to its
// first page (the login form), stopping it right after.
func coldStarts(ctx context.Context, bin, dir string, n int) ([]time.Duration, error) {
	var out []time.Duration
	for i := range n {
		p, d, err := startDemo(ctx, bin, filepath.Join(dir, fmt.Sprintf("coldstart-%d.log", i)))
		if err != nil {
			return nil, err
		}
		p.stop()
		out = append(out, d)
	}
	slices.Sort(out)
	return out, nil
}

// probeServer is the portal run by `imsetup serve` against a BlueMind
// emulator and an XMPP endpoint that this command hosts and instruments:
// the demo keeps both inside its process, out of sight.
type probeServer struct {
	proc     *process
	emu      *http.Server
	xmpp     *xmppcerttest.Server
	proxy    net.Listener
	probes   atomic.Int64 // connections to the XMPP endpoint: one per probe
	bmNanos  atomic.Int64 // time BlueMind's handlers took, summed
	logFile  string
	emuAddr  string
	certSHA2 []byte // the example.org certificate's SHA-256
}

func startProbeServer(ctx context.Context, bin, dir string) (*probeServer, error) {
	s := &probeServer{logFile: filepath.Join(dir, "serve.log")}
	emu := bluemindtest.NewDemo()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s.emuAddr = ln.Addr().String()
	s.emu = &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		begin := time.Now()
		emu.ServeHTTP(w, r)
		s.bmNanos.Add(int64(time.Since(begin)))
	}), ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = s.emu.Serve(ln) }()

	s.xmpp, err = xmppcerttest.NewServer(xmppcerttest.Options{Domains: []string{bluemindtest.DemoDomain, "example.org"}})
	if err != nil {
		s.close()
		return nil, err
	}
	sum := sha256.Sum256(s.xmpp.Certificate("example.org").Raw)
	s.certSHA2 = sum[:]
	if s.proxy, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
		s.close()
		return nil, err
	}
	go s.countProbes()

	key := make([]byte, 32)
	_, _ = rand.Read(key)
	addr, err := freeAddr()
	if err != nil {
		s.close()
		return nil, err
	}
	logFile, err := os.Create(s.logFile)
	if err != nil {
		s.close()
		return nil, err
	}
	defer logFile.Close()
	// No default domain: nothing is probed before the first guide view.
	cmd := portalCmd(bin, "serve", addr, []string{
		"IMSETUP_PUBLIC_URL=http://" + addr + "/",
		"IMSETUP_BLUEMIND_URL=http://" + s.emuAddr,
		"IMSETUP_SESSION_KEYS=" + base64.StdEncoding.EncodeToString(key),
		"IMSETUP_XMPP_HOST=127.0.0.1",
		"IMSETUP_XMPP_PORT=" + port(s.proxy.Addr().String()),
	}, logFile)
	if s.proc, _, err = start(ctx, "imsetup serve", cmd, addr, "/healthz"); err != nil {
		s.close()
		return nil, err
	}
	return s, nil
}

// countProbes passes connections on to the XMPP endpoint, counting them.
func (s *probeServer) countProbes() {
	for {
		c, err := s.proxy.Accept()
		if err != nil {
			return
		}
		s.probes.Add(1)
		go func() {
			defer c.Close()
			up, err := net.Dial("tcp", s.xmpp.Addr())
			if err != nil {
				return
			}
			defer up.Close()
			go func() { _, _ = io.Copy(up, c) }()
			_, _ = io.Copy(c, up)
		}()
	}
}

func (s *probeServer) close() {
	if s.proc != nil {
		s.proc.stop()
	}
	if s.proxy != nil {
		s.proxy.Close()
	}
	if s.xmpp != nil {
		s.xmpp.Close()
	}
	if s.emu != nil {
		s.emu.Close()
	}
}

// coldViews opens n connections, then sends the same guide request on all
// of them at once, for a domain whose certificate was never probed. Every
// answer must show that domain's fingerprint; it returns the probes made.
func (s *probeServer) coldViews(n int) (int64, error) {
	cookie, err := login(s.proc.addr, "lucie@example.org")
	if err != nil {
		return 0, err
	}
	before := s.probes.Load()
	want := strings.Join(xmppcert.FormatLines(s.certSHA2, 8), "\n")
	req := target{addr: s.proc.addr, path: "/guides/gajim", cookie: cookie}.request()
	conns := make([]net.Conn, 0, n)
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	for range n {
		c, err := net.Dial("tcp", s.proc.addr)
		if err != nil {
			return 0, err
		}
		conns = append(conns, c)
	}
	var (
		wg    sync.WaitGroup
		start = make(chan struct{})
		mu    sync.Mutex
		first error
	)
	for _, c := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			err := viewOnce(c, req, want)
			if err != nil {
				mu.Lock()
				if first == nil {
					first = err
				}
				mu.Unlock()
			}
		}()
	}
	close(start)
	wg.Wait()
	return s.probes.Load() - before, first
}

// viewOnce sends one guide request on c and checks that the answer shows
// the fingerprint want.
func viewOnce(c net.Conn, req []byte, want string) error {
	_ = c.SetDeadline(time.Now().Add(30 * time.Second))
	if _, err := c.Write(req); err != nil {
		return err
	}
	status, body, err := readResponse(bufio.NewReader(c), nil)
	switch {
	case err != nil:
		return err
	case status != http.StatusOK:
		return fmt.Errorf("status %d", status)
	case !strings.Contains(string(body), want):
		return fmt.Errorf("a guide without example.org's fingerprint")
	}
	return nil
}

// loginCost logs in n times, one after the other, and splits each login's
// time into BlueMind's (its handlers, as the emulator times them) and the
// rest: the portal's own work and the loopback round trips. It also
// returns the portal's CPU time per login.
func (s *probeServer) loginCost(n int) (own, floor histogram, cpu time.Duration, err error) {
	cpuBefore := procCPU(s.proc.pid())
	for range n {
		s.bmNanos.Store(0)
		begin := time.Now()
		if _, err := login(s.proc.addr, "jmartin@"+bluemindtest.DemoDomain); err != nil {
			return own, floor, 0, err
		}
		total := time.Since(begin)
		own.add(total - time.Duration(s.bmNanos.Load()))
	}
	cpu = (procCPU(s.proc.pid()) - cpuBefore) / time.Duration(n)
	// The same client's round trip to a handler that does nothing: what
	// of "own" is the client and the loopback, not the portal.
	for range n {
		begin := time.Now()
		resp, err := noRedirects.Get("http://" + s.proc.addr + "/healthz")
		if err != nil {
			return own, floor, 0, err
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		floor.add(time.Since(begin))
	}
	return own, floor, cpu, nil
}
