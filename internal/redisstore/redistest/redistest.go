// Package redistest runs a real redis-server for tests: on a loopback
// port, with no persistence files outside a temporary directory, stopped
// when the test ends.
package redistest

import (
	"context"
	"fmt"
	"net"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// Server is a running redis-server.
type Server struct {
	Addr string // 127.0.0.1:port
	bin  string
	dir  string
	cmd  *exec.Cmd
	out  *strings.Builder
	done chan struct{} // closed when the process has exited
}

// URL is the address as IMSETUP_REDIS_URL takes it.
func (s *Server) URL() string { return "redis://" + s.Addr + "/0" }

// Start runs redis-server for the test, or skips it, saying what to
// install, when there is none.
func Start(t testing.TB) *Server {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		t.Skip("redis-server is not installed: apt-get install redis-server (or valkey-server) to run the shared-store tests")
	}
	dir := t.TempDir()
	for attempt := 0; ; attempt++ {
		s := &Server{Addr: net.JoinHostPort("127.0.0.1", strconv.Itoa(freePort(t))), bin: bin, dir: dir}
		s.run(t)
		if s.ready() {
			t.Cleanup(s.Stop)
			return s
		}
		s.Stop()
		if attempt == 2 {
			t.Fatalf("redis-server did not start on %s:\n%s", s.Addr, s.out.String())
		}
	}
}

func (s *Server) run(t testing.TB) {
	_, port, _ := net.SplitHostPort(s.Addr)
	s.cmd = exec.Command(s.bin, "--bind", "127.0.0.1", "--port", port,
		"--dir", s.dir, "--save", "", "--appendonly", "no", "--protected-mode", "yes", "--loglevel", "warning")
	s.out = &strings.Builder{}
	s.cmd.Stdout, s.cmd.Stderr = s.out, s.out
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("redis-server: %v", err)
	}
	s.done = make(chan struct{})
	cmd, done := s.cmd, s.done
	go func() { _ = cmd.Wait(); close(done) }()
}

// Stop ends the server; a store using it then finds it unreachable.
func (s *Server) Stop() {
	_ = s.cmd.Process.Kill()
	<-s.done
}

// Restart starts a stopped server again on the same address, empty (it
// keeps no data), as a Redis without persistence comes back.
func (s *Server) Restart(t testing.TB) {
	t.Helper()
	s.run(t)
	if !s.ready() {
		s.Stop()
		t.Fatalf("redis-server did not start again on %s:\n%s", s.Addr, s.out.String())
	}
}

// ready waits for the server to answer PING.
func (s *Server) ready() bool {
	rdb := redis.NewClient(&redis.Options{Addr: s.Addr, DisableIdentity: true, MaxRetries: -1})
	defer rdb.Close()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		err := rdb.Ping(ctx).Err()
		cancel()
		if err == nil {
			return true
		}
		select {
		case <-s.done:
			return false
		default:
		}
	}
	return false
}

// freePort finds a loopback port nobody listens on (the kernel picks it).
func freePort(t testing.TB) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// Prefix is a key prefix of its own for each store a test makes, so
// tests can share one server.
func Prefix(t testing.TB) string {
	return fmt.Sprintf("test:%s:%d:", t.Name(), time.Now().UnixNano())
}
