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
	cmd  *exec.Cmd
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
		port := freePort(t)
		cmd := exec.Command(bin, "--bind", "127.0.0.1", "--port", strconv.Itoa(port),
			"--dir", dir, "--save", "", "--appendonly", "no", "--protected-mode", "yes", "--loglevel", "warning")
		var out strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatalf("redis-server: %v", err)
		}
		s := &Server{Addr: net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), cmd: cmd, done: make(chan struct{})}
		go func() { _ = cmd.Wait(); close(s.done) }()
		if s.ready() {
			t.Cleanup(s.Stop)
			return s
		}
		s.Stop()
		if attempt == 2 {
			t.Fatalf("redis-server did not start on %s:\n%s", s.Addr, out.String())
		}
	}
}

// Stop ends the server; a store using it then finds it unreachable.
func (s *Server) Stop() {
	_ = s.cmd.Process.Kill()
	<-s.done
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
