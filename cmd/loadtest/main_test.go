package main

import (
	"bufio"
	"context"
	"os"
	"strings"
	"testing"
	"time"
)

// The bare Go server re-executes this binary: here, the test binary.
func TestMain(m *testing.M) {
	serveBareIfAsked()
	os.Exit(m.Run())
}

// A very short run of the whole command, for correctness only: every
// answer of the portal, the bare Go server and nginx (when installed) is
// the page first served, 50 concurrent views of a cold domain make one
// probe, and every figure is printed. It asserts no speed: CI machines
// differ, and the figures of so short a run mean nothing.
func TestShortRun(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and starts the portal several times")
	}
	var out strings.Builder
	// No deadline of its own: the run builds imsetup first, which on a
	// fresh build cache and a busy machine took more than the 3 minutes
	// it used to be given (load average 13). go test's -timeout bounds it.
	ctx := t.Context()
	if d, ok := t.Deadline(); ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, d.Add(-30*time.Second))
		defer cancel()
	}
	err := run(ctx, []string{"-d", "200ms", "-warmup", "50ms", "-c", "4", "-n", "500", "-rounds", "2",
		"-starts", "1", "-views", "50", "-logins", "5"}, &out)
	t.Log("\n" + out.String())
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"guide gajim", "guide pidgin", "guide thunderbird", "chooser", "login form",
		"portal ÷ Go", "portal memory:", "portal log:", "read after its SIGTERM", "cold start", "made 1 probe", "portal CPU per login"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the report has no %q", want)
		}
	}
}

func TestReadResponse(t *testing.T) {
	for name, raw := range map[string]string{
		"length":  "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX: y\r\n\r\nhello",
		"chunked": "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n3\r\nhel\r\n2;ext=1\r\nlo\r\n0\r\nTrailer: x\r\n\r\n",
	} {
		br := bufio.NewReader(strings.NewReader(raw + raw))
		for i := range 2 { // twice: the connection is kept alive
			status, body, err := readResponse(br, nil)
			if err != nil || status != 200 || string(body) != "hello" {
				t.Errorf("%s #%d: %d %q %v", name, i, status, body, err)
			}
		}
	}
	if _, _, err := readResponse(bufio.NewReader(strings.NewReader("HTTP/1.1 200 OK\r\n\r\n")), nil); err == nil {
		t.Error("a response without length must be refused: the load needs keep-alive")
	}
}

func TestHistogramQuantiles(t *testing.T) {
	var h histogram
	for i := 1; i <= 1000; i++ {
		h.add(time.Duration(i) * 10 * time.Microsecond) // 10 µs … 10 ms
	}
	for q, want := range map[float64]time.Duration{0.5: 5 * time.Millisecond, 0.99: 9900 * time.Microsecond} {
		got := h.quantile(q)
		if d := got - want; d < -want/50 || d > want/50 {
			t.Errorf("q%.2f = %v, want %v within 2%%", q, got, want)
		}
	}
	if h.quantile(1) != 10*time.Millisecond {
		t.Errorf("max %v", h.quantile(1))
	}
}

// A count that cannot be zero is refused, and the message names it.
func TestNonPositiveCountsAreRefused(t *testing.T) {
	for _, flag := range []string{"-c", "-n", "-rounds", "-views", "-logins", "-starts"} {
		var stderr strings.Builder
		_, err := parseFlags([]string{flag, "0"}, &stderr)
		if err == nil || !strings.Contains(err.Error(), flag+",") && !strings.Contains(err.Error(), flag+" ") {
			t.Errorf("%s 0: %v", flag, err)
		}
	}
}
