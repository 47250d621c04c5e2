package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// countingWriter counts the writes that reach it.
type countingWriter struct {
	mu     sync.Mutex
	b      bytes.Buffer
	writes int
}

func (c *countingWriter) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.writes++
	return c.b.Write(p)
}

func (c *countingWriter) state() (string, int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.b.String(), c.writes
}

// Lines from many goroutines come out whole, each once, each goroutine's
// in its order, in few writes; what waits is written at Close, and lines
// after Close go straight out.
func TestLogWriterKeepsEveryLineWhole(t *testing.T) {
	out := &countingWriter{}
	l := newLogWriter(out)
	l.every = time.Hour // only a full buffer or Close writes
	var wg sync.WaitGroup
	for g := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 500 {
				fmt.Fprintf(l, "line g=%d i=%d %s\n", g, i, strings.Repeat("x", i%50))
			}
		}()
	}
	wg.Wait()
	_, before := out.state()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(l, "after close\n")
	text, writes := out.state()
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	if len(lines) != 16*500+1 || lines[len(lines)-1] != "after close" {
		t.Fatalf("%d lines, the last %q; want %d, then the line written after Close", len(lines), lines[len(lines)-1], 16*500+1)
	}
	next := make([]int, 16)
	re := regexp.MustCompile(`^line g=(\d+) i=(\d+) x*$`)
	for _, line := range lines[:len(lines)-1] {
		var g, i int
		if m := re.FindStringSubmatch(line); m == nil {
			t.Fatalf("a line cut or mixed: %q", line)
		}
		fmt.Sscanf(line, "line g=%d i=%d", &g, &i)
		if i != next[g] {
			t.Fatalf("goroutine %d: line %d after %d", g, i, next[g]-1)
		}
		next[g]++
	}
	// Each write but Close's and the line after it is a full buffer's
	// worth, however many writers found the buffer full at once.
	if max := len(text)/flushSize + 2; writes > max {
		t.Errorf("%d writes for %d bytes, want at most %d", writes, len(text), max)
	}
	if before == 0 {
		t.Error("more than a buffer's worth waited for Close")
	}
}

// A line alone is written out without waiting for more.
func TestLogWriterFlushesALoneLine(t *testing.T) {
	out := &countingWriter{}
	l := newLogWriter(out)
	defer l.Close()
	l.every = time.Millisecond
	fmt.Fprintf(l, "alone\n")
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(time.Millisecond) {
		if text, _ := out.state(); text == "alone\n" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("a lone line was never written")
		}
	}
}

// Each signal that stops the portal, right after a burst of requests:
// every request line is in the log. SIGTERM, SIGINT and SIGHUP stop it
// cleanly, "imsetup stopped" last and exit 0 (SIGHUP used to kill it at
// once: 0 of 300 lines); SIGQUIT still gives Go's goroutine dump and exit
// status 2, after the lines (12 of 300 were written).
func TestNoLogLostOnAnySignal(t *testing.T) {
	for name, sig := range map[string]syscall.Signal{"SIGTERM": syscall.SIGTERM, "SIGINT": syscall.SIGINT, "SIGHUP": syscall.SIGHUP, "SIGQUIT": syscall.SIGQUIT} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			d := startDemoLogging(t, binary, "demo")
			const requests = 400
			d.burst(t, requests)
			_ = d.cmd.Process.Signal(sig)
			err := d.wait(t)
			log := d.log(t)
			if n := strings.Count(log, "msg=request path=/login") + strings.Count(log, "path=/login "); n < requests {
				t.Errorf("%d request lines for the %d requests answered before %v:\n%s", n, requests, sig, log[max(0, len(log)-2000):])
			}
			if sig == syscall.SIGQUIT {
				var exit *exec.ExitError
				if !errors.As(err, &exit) || exit.ExitCode() != 2 {
					t.Errorf("exit after SIGQUIT: %v, want status 2", err)
				}
				dump := strings.Index(log, "SIGQUIT: quit")
				if dump < 0 || !strings.Contains(log[dump:], "goroutine ") || strings.LastIndex(log, "path=/login ") > dump {
					t.Errorf("want every request line, then Go's goroutine dump:\n%s", log[max(0, len(log)-3000):])
				}
				return
			}
			if err != nil {
				t.Fatalf("exit after %v: %v", sig, err)
			}
			if last := log[strings.LastIndex(log, "\n")+1:]; !strings.Contains(last, "imsetup stopped") {
				t.Errorf("the log's last line is %q, want imsetup stopped", last)
			}
		})
	}
}

// A SIGHUP ignored when imsetup starts (nohup) stays ignored: the portal
// goes on, and stops on SIGTERM.
func TestSIGHUPIgnoredUnderNohup(t *testing.T) {
	t.Parallel()
	d := startDemoLogging(t, "/bin/sh", "-c", `trap "" HUP; exec "$0" demo`, binary)
	_ = d.cmd.Process.Signal(syscall.SIGHUP)
	d.burst(t, 8)
	_ = d.cmd.Process.Signal(syscall.SIGTERM)
	if err := d.wait(t); err != nil {
		t.Fatalf("exit after SIGTERM: %v", err)
	}
	if log := d.log(t); strings.Count(log, "path=/login ") != 8 || !strings.Contains(log, "imsetup stopped") {
		t.Errorf("want 8 requests answered after SIGHUP, then a clean stop:\n%s", log)
	}
}

// demoProcess is the demo run as a user runs it, its standard error to a
// file.
type demoProcess struct {
	cmd     *exec.Cmd
	addr    string
	logPath string
	done    chan error
}

func startDemoLogging(t *testing.T, name string, args ...string) *demoProcess {
	t.Helper()
	d := &demoProcess{logPath: filepath.Join(t.TempDir(), "demo.log"), done: make(chan error, 1)}
	logFile, err := os.Create(d.logPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { logFile.Close() })
	d.cmd = exec.Command(name, args...)
	d.cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "IMSETUP_LISTEN=127.0.0.1:0"}
	d.cmd.Stderr = logFile
	stdout, err := d.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := d.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = d.cmd.Process.Kill() })
	// The demo prints its address first: "imsetup demo: open http://…/".
	opened := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := regexp.MustCompile(`open http://(127\.0\.0\.1:\d+)/`).FindStringSubmatch(sc.Text()); m != nil {
				opened <- m[1]
			}
		}
		d.done <- d.cmd.Wait() // after the last read, as Wait wants
	}()
	select {
	case d.addr = <-opened:
	case <-time.After(20 * time.Second):
		t.Fatalf("the demo never said where it listens:\n%s", d.log(t))
	}
	return d
}

// burst asks for the login page n times from 8 goroutines, and returns
// when every answer has come.
func (d *demoProcess) burst(t *testing.T, n int) {
	t.Helper()
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range n / 8 {
				resp, err := http.Get("http://" + d.addr + "/login?n=" + fmt.Sprint(g))
				if err != nil {
					t.Error(err)
					return
				}
				resp.Body.Close()
			}
		}()
	}
	wg.Wait()
}

func (d *demoProcess) wait(t *testing.T) error {
	t.Helper()
	select {
	case err := <-d.done:
		return err
	case <-time.After(20 * time.Second):
		t.Fatal("no exit after the signal")
		return nil
	}
}

func (d *demoProcess) log(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(d.logPath)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSuffix(string(b), "\n")
}
