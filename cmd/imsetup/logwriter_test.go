package main

import (
	"bytes"
	"fmt"
	"net"
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
	// Two writers may find the buffer full at once: the second flush
	// then writes what came meanwhile.
	if max := 2*len(text)/flushSize + 3; writes > max {
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

// SIGTERM right after a burst of requests: every request line is in the
// log, and the last line says the portal stopped.
func TestNoLogLostOnSIGTERM(t *testing.T) {
	t.Parallel()
	logPath := filepath.Join(t.TempDir(), "demo.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer logFile.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(binary, "demo")
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "IMSETUP_LISTEN=" + addr}
	cmd.Stderr = logFile
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if resp, err := http.Get("http://" + addr + "/healthz"); err == nil {
			resp.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the demo never answered")
		}
	}
	const requests = 400
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range requests / 8 {
				resp, err := http.Get("http://" + addr + "/login?n=" + fmt.Sprint(g))
				if err != nil {
					t.Error(err)
					return
				}
				resp.Body.Close()
			}
		}()
	}
	wg.Wait()
	_ = cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("no exit after SIGTERM")
	}
	b, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	log := strings.TrimSuffix(string(b), "\n")
	if n := strings.Count(log, "msg=request path=/login") + strings.Count(log, "path=/login "); n < requests {
		t.Errorf("%d request lines for the %d requests answered before SIGTERM:\n%s", n, requests, log[max(0, len(log)-2000):])
	}
	if last := log[strings.LastIndex(log, "\n")+1:]; !strings.Contains(last, "imsetup stopped") {
		t.Errorf("the log's last line is %q, want imsetup stopped", last)
	}
}
