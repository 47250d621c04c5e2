package readiness

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"imsetup/internal/bluemind"
	"imsetup/internal/config"
)

type fakeBlueMind struct {
	calls atomic.Int64
	mu    sync.Mutex
	err   error
	infos bluemind.Infos
}

func (f *fakeBlueMind) ping(context.Context) (bluemind.Infos, error) {
	f.calls.Add(1)
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.infos, f.err
}

func (f *fakeBlueMind) set(err error) {
	f.mu.Lock()
	f.err = err
	f.mu.Unlock()
}

func TestStatesAndReasons(t *testing.T) {
	bm := &fakeBlueMind{infos: bluemind.Infos{SoftwareVersion: "4.9.2"}}
	var logs bytes.Buffer
	c := New(Options{Ping: bm.ping, Interval: time.Minute, Logger: slog.New(slog.NewTextHandler(&logs, nil)),
		Check: func(in bluemind.Infos) error {
			if in.SoftwareVersion == "5.0.0" {
				return errors.New("IMSETUP_REQUIRE_IM_ROLE=yes, but BlueMind 5.0.0 has no instant-messaging role")
			}
			return nil
		}})
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	c.now = func() time.Time { return now }
	ctx := context.Background()
	expect := func(step string, ready bool, reason string) {
		t.Helper()
		if r, why := c.Ready(); r != ready || !strings.Contains(why, reason) {
			t.Errorf("%s: Ready() = %v, %q; want %v, %q", step, r, why, ready, reason)
		}
	}
	expect("before any ask", false, "not been asked yet")
	bm.set(errors.New("connection refused"))
	c.ask(ctx)
	expect("BlueMind down at start", false, "has not answered since the portal started")
	bm.set(nil)
	c.ask(ctx)
	expect("BlueMind answers", true, "ok")
	// One lost answer: still ready while the last one is recent (3 intervals).
	bm.set(errors.New("timeout"))
	now = now.Add(time.Minute)
	c.ask(ctx)
	expect("one lost answer", true, "ok")
	now = now.Add(2*time.Minute + time.Second)
	c.ask(ctx)
	expect("silent for over 3 intervals", false, "has not answered for 3m1s")
	now = now.Add(time.Minute)
	c.ask(ctx)
	expect("still silent", false, "has not answered for 4m1s")
	bm.set(nil)
	bm.infos.SoftwareVersion = "5.0.0"
	c.ask(ctx)
	expect("answers, but the configuration does not suit it", false, "IMSETUP_REQUIRE_IM_ROLE=yes")
	bm.infos.SoftwareVersion = "4.9.2"
	c.ask(ctx)
	expect("healed", true, "ok")

	// The log tells each change once, not every interval.
	log := logs.String()
	for want, n := range map[string]int{
		"has not answered since":             1,
		"did not answer the readiness check": 1,
		"has not answered for":               1, // not again at 4m1s
		"ready: BlueMind answers":            2,
		"IMSETUP_REQUIRE_IM_ROLE=yes, but":   1,
		"cause=timeout":                      2, // the first failure, then the change of state
	} {
		if got := strings.Count(log, want); got != n {
			t.Errorf("log has %q %d times, want %d:\n%s", want, got, n, log)
		}
	}
}

// Ready is read by every request; BlueMind is asked by Run only, once per
// interval: a thousand parallel readiness requests cost one question.
func TestReadyNeverAsksBlueMind(t *testing.T) {
	bm := &fakeBlueMind{}
	c := New(Options{Ping: bm.ping, Interval: time.Hour})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { c.Run(ctx); close(done) }()
	for deadline := time.Now().Add(5 * time.Second); ; {
		if ok, _ := c.Ready(); ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("never ready")
		}
		time.Sleep(5 * time.Millisecond)
	}
	var wg sync.WaitGroup
	for range 1000 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if ok, _ := c.Ready(); !ok {
				t.Error("not ready")
			}
		}()
	}
	wg.Wait()
	if n := bm.calls.Load(); n != 1 {
		t.Errorf("BlueMind was asked %d times, want once", n)
	}
	cancel()
	<-done // Run stops with its context
}

// docs/admin.md quotes each reason /readyz gives word for word, as an
// administrator reads it on a load balancer's page: the doc changes with
// the code.
func TestTheAdminGuideQuotesTheReasons(t *testing.T) {
	doc, err := os.ReadFile("../../docs/admin.md")
	if err != nil {
		t.Fatal(err)
	}
	bm := &fakeBlueMind{infos: bluemind.Infos{SoftwareVersion: "5.1.0"}}
	c := New(Options{Ping: bm.ping, Interval: 15 * time.Second,
		Check: func(in bluemind.Infos) error {
			cfg := config.Config{RequireIMRole: config.RoleYes}
			return cfg.Sound(in.SoftwareVersion)
		}})
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	c.now = func() time.Time { return now }
	ctx := context.Background()
	var reasons []string
	add := func() {
		_, why := c.Ready()
		reasons = append(reasons, why)
	}
	add() // starting
	bm.set(errors.New("connection refused"))
	c.ask(ctx)
	add() // never answered
	bm.set(nil)
	c.ask(ctx)
	add() // the configuration against BlueMind 5.1.0
	bm.set(errors.New("connection refused"))
	now = now.Add(90 * time.Second)
	c.ask(ctx)
	add() // stale
	for _, why := range reasons {
		if quoted := "`" + NotReady + why + "`"; !strings.Contains(string(doc), quoted) {
			t.Errorf("docs/admin.md does not quote %s", quoted)
		}
	}
}
