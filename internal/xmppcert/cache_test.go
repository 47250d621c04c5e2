package xmppcert

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeProber answers from a script; with a gate, each probe waits for a
// value on it (or for its context to end), so tests control when a probe
// finishes.
type fakeProber struct {
	mu       sync.Mutex
	answers  []answer // one per probe; the last repeats
	calls    int
	gate     chan struct{}
	started  chan Target
	lastCtx  context.Context
	canceled bool
}

type answer struct {
	r   *Result
	err error
}

func (f *fakeProber) Probe(ctx context.Context, t Target) (*Result, error) {
	f.mu.Lock()
	a := f.answers[min(f.calls, len(f.answers)-1)]
	f.calls++
	f.lastCtx = ctx
	gate, started := f.gate, f.started
	f.mu.Unlock()
	if started != nil {
		started <- t
	}
	if gate != nil {
		select {
		case <-gate:
		case <-ctx.Done():
			f.mu.Lock()
			f.canceled = true
			f.mu.Unlock()
			return nil, ctx.Err()
		}
	}
	return a.r, a.err
}

func result(domain string, sum byte) *Result {
	return &Result{Domain: domain, SHA256: bytes.Repeat([]byte{sum}, 32)}
}

type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

func newTestCache(t testing.TB, p *fakeProber, ttl time.Duration) (*Cache, *clock, *bytes.Buffer) {
	var logs bytes.Buffer
	c := NewCache(p, ttl, slog.New(slog.NewTextHandler(&syncWriter{w: &logs}, nil)))
	clk := &clock{now: time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)}
	c.now = clk.Now
	t.Cleanup(func() { _ = c.Close() })
	return c, clk, &logs
}

type syncWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

var target = Target{Host: "xmpp.example.com", Port: 5222, Domain: "example.com"}

func TestCacheColdCallersShareOneProbe(t *testing.T) {
	p := &fakeProber{answers: []answer{{r: result("example.com", 1)}}, gate: make(chan struct{}), started: make(chan Target, 1)}
	c, _, _ := newTestCache(t, p, time.Minute)

	const callers = 200
	entries := make(chan Entry, callers)
	var ready sync.WaitGroup
	ready.Add(callers)
	for range callers {
		go func() {
			ready.Done()
			entries <- c.Get(context.Background(), target)
		}()
	}
	ready.Wait()
	<-p.started
	close(p.gate)
	for range callers {
		e := <-entries
		if e.Err != nil || e.Result == nil || e.Result.SHA256[0] != 1 || e.Stale {
			t.Fatalf("entry %+v", e)
		}
	}
	if n := c.Probes(); n != 1 {
		t.Errorf("%d callers caused %d probes, want 1", callers, n)
	}
}

func TestCacheWarmGetDoesNotProbe(t *testing.T) {
	p := &fakeProber{answers: []answer{{r: result("example.com", 1)}}}
	c, clk, _ := newTestCache(t, p, time.Minute)
	c.Get(context.Background(), target)
	clk.Advance(59 * time.Second)
	e := c.Get(context.Background(), target)
	if e.Stale || e.Age != 59*time.Second || c.Probes() != 1 {
		t.Errorf("Stale %v, Age %v, %d probes: want a fresh answer from the one probe", e.Stale, e.Age, c.Probes())
	}
}

func TestCacheServesStaleAndRefreshesOnceInTheBackground(t *testing.T) {
	p := &fakeProber{answers: []answer{{r: result("example.com", 1)}, {r: result("example.com", 2)}}}
	c, clk, logs := newTestCache(t, p, time.Minute)
	c.Get(context.Background(), target)

	p.mu.Lock()
	p.gate = make(chan struct{}) // the refresh will hang until released
	p.mu.Unlock()
	clk.Advance(time.Minute + time.Second)
	for range 50 {
		e := c.Get(context.Background(), target)
		if e.Result.SHA256[0] != 1 || !e.Stale || e.Age != 61*time.Second || e.Err != nil {
			t.Fatalf("while refreshing: %+v, want the old result, stale, 61s old", e)
		}
	}
	if n := c.Probes(); n != 2 {
		t.Errorf("%d probes, want the first and one refresh", n)
	}
	close(p.gate)
	c.wg.Wait()

	e := c.Get(context.Background(), target)
	if e.Result.SHA256[0] != 2 || e.Stale || e.Age != 0 {
		t.Errorf("after the refresh: %+v, want the new result", e)
	}
	if c.Probes() != 2 {
		t.Errorf("%d probes after the refresh, want 2", c.Probes())
	}
	if !strings.Contains(logs.String(), "xmpp certificate changed") {
		t.Errorf("a changed certificate should be logged: %s", logs)
	}
}

func TestCacheKeepsTheLastGoodAnswerWhenARefreshFails(t *testing.T) {
	down := &ProbeError{Target: target, Addr: "xmpp.example.com:5222", Stage: StageConnect, Kind: ErrUnreachable, Err: errors.New("connection refused")}
	p := &fakeProber{answers: []answer{{r: result("example.com", 1)}, {err: down}, {r: result("example.com", 3)}}}
	c, clk, logs := newTestCache(t, p, time.Minute)
	c.Get(context.Background(), target)

	clk.Advance(2 * time.Minute)
	c.Get(context.Background(), target) // starts the refresh that fails
	c.wg.Wait()
	clk.Advance(time.Second)
	e := c.Get(context.Background(), target)
	if e.Result == nil || e.Result.SHA256[0] != 1 || !errors.Is(e.Err, ErrUnreachable) || !e.Stale || e.Age != 2*time.Minute+time.Second {
		t.Fatalf("after a failed refresh: %+v, want the last good result, its age and the error", e)
	}
	if c.Probes() != 2 {
		t.Errorf("%d probes: a failed probe is not retried at once", c.Probes())
	}
	if l := logs.String(); !strings.Contains(l, "level=WARN") || !strings.Contains(l, "connection refused") || !strings.Contains(l, "age=2m\n") {
		t.Errorf("the failure should be logged with its cause and the age of what is shown:\n%s", l)
	}

	clk.Advance(failureTTL)
	c.Get(context.Background(), target) // retry after failureTTL, in the background
	c.wg.Wait()
	e = c.Get(context.Background(), target)
	if e.Result.SHA256[0] != 3 || e.Err != nil || e.Stale {
		t.Errorf("after the server came back: %+v", e)
	}
}

func TestCacheColdFailureIsLoggedAndRetriedLater(t *testing.T) {
	p := &fakeProber{answers: []answer{{err: &ProbeError{Target: target, Stage: StageFeatures, Kind: ErrNoStartTLS}}, {r: result("example.com", 1)}}}
	c, clk, logs := newTestCache(t, p, time.Minute)
	e := c.Get(context.Background(), target)
	if e.Result != nil || !errors.Is(e.Err, ErrNoStartTLS) {
		t.Fatalf("cold failure: %+v", e)
	}
	if !strings.Contains(logs.String(), "level=ERROR") || !strings.Contains(logs.String(), "does not offer STARTTLS") {
		t.Errorf("a failure with nothing to show should be an error in the logs:\n%s", logs)
	}
	clk.Advance(failureTTL - time.Second)
	if e := c.Get(context.Background(), target); !errors.Is(e.Err, ErrNoStartTLS) || c.Probes() != 1 {
		t.Errorf("within %v of a failure: %+v after %d probes, want the failure without a new probe", failureTTL, e, c.Probes())
	}
	clk.Advance(time.Second)
	c.Get(context.Background(), target)
	c.wg.Wait()
	if e := c.Get(context.Background(), target); e.Result == nil || e.Err != nil {
		t.Errorf("after the retry: %+v", e)
	}
}

func TestCacheKeys(t *testing.T) {
	p := &fakeProber{answers: []answer{{r: result("example.com", 1)}}}
	c, _, _ := newTestCache(t, p, time.Minute)
	targets := []Target{
		target,
		{Host: "XMPP.example.com.", Port: 5222, Domain: "Example.COM"}, // the same, spelt otherwise
		{Host: "xmpp.example.com", Domain: "example.com"},              // the same: 5222 is the default
		{Host: "xmpp.example.com", Port: 5222, Domain: "example.org"},
		{Host: "xmpp.example.com", Port: 5223, Domain: "example.com"},
		{Host: "xmpp.example.com", Port: 5223, Domain: "example.com", DirectTLS: true},
		{Host: "other.example.com", Port: 5222, Domain: "example.com"},
	}
	for _, tt := range targets {
		c.Get(context.Background(), tt)
	}
	if n := c.Probes(); n != 5 {
		t.Errorf("%d probes for 5 distinct targets", n)
	}
}

func TestCacheCallerMayStopWaitingWithoutCancellingTheProbe(t *testing.T) {
	p := &fakeProber{answers: []answer{{r: result("example.com", 1)}}, gate: make(chan struct{}), started: make(chan Target, 1)}
	c, _, _ := newTestCache(t, p, time.Minute)
	ctx, cancel := context.WithCancel(context.Background())
	got := make(chan Entry)
	go func() { got <- c.Get(ctx, target) }()
	<-p.started
	cancel()
	if e := <-got; !errors.Is(e.Err, context.Canceled) {
		t.Errorf("a caller that gives up: %+v", e)
	}
	p.mu.Lock()
	probeCtxErr := p.lastCtx.Err()
	p.mu.Unlock()
	if probeCtxErr != nil {
		t.Errorf("the probe's context ended with the caller's: %v", probeCtxErr)
	}
	close(p.gate)
	c.wg.Wait()
	if e := c.Get(context.Background(), target); e.Result == nil || c.Probes() != 1 {
		t.Errorf("the probe should have finished for the next caller: %+v", e)
	}
}

func TestCacheCloseStopsBackgroundRefreshes(t *testing.T) {
	p := &fakeProber{answers: []answer{{r: result("example.com", 1)}}}
	c, clk, _ := newTestCache(t, p, time.Minute)
	c.Get(context.Background(), target)
	p.mu.Lock()
	p.gate = make(chan struct{}) // never released
	p.mu.Unlock()
	clk.Advance(2 * time.Minute)
	c.Get(context.Background(), target) // starts a refresh that hangs

	if err := c.Close(); err != nil { // returns only once the refresh has ended
		t.Fatal(err)
	}
	p.mu.Lock()
	canceled := p.canceled
	p.mu.Unlock()
	if !canceled {
		t.Error("Close returned but the refresh was not cancelled")
	}
	if e := c.Get(context.Background(), target); e.Result == nil || c.Probes() != 2 {
		t.Errorf("after Close: %+v after %d probes, want the cached result and no new probe", e, c.Probes())
	}
	if e := c.Get(context.Background(), Target{Domain: "new.example"}); !errors.Is(e.Err, ErrClosed) {
		t.Errorf("a new target after Close: %+v", e)
	}
}

func BenchmarkCacheGetWarm(b *testing.B) {
	p := &fakeProber{answers: []answer{{r: result("example.com", 1)}}}
	c, _, _ := newTestCache(b, p, time.Hour)
	ctx := context.Background()
	c.Get(ctx, target)
	b.ReportAllocs()
	for b.Loop() {
		c.Get(ctx, target)
	}
	b.ReportMetric(float64(c.Probes()), "probes")
}

// BenchmarkCacheCachedWarm is what a page view asks of a warm cache.
func BenchmarkCacheCachedWarm(b *testing.B) {
	p := &fakeProber{answers: []answer{{r: result("example.com", 1)}}}
	c, _, _ := newTestCache(b, p, time.Hour)
	c.Get(context.Background(), target)
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := c.CachedAt(target, time.Now()); !ok {
			b.Fatal("not cached")
		}
	}
	b.ReportMetric(float64(c.Probes()), "probes")
}

// BenchmarkCacheGetConcurrent is the load test: guide views from many
// goroutines, over a few domains, starting cold. It reports the probes
// run, which must be one per domain at most, whatever b.N.
func BenchmarkCacheGetConcurrent(b *testing.B) {
	p := &fakeProber{answers: []answer{{r: result("example.com", 1)}}}
	c, _, _ := newTestCache(b, p, time.Hour)
	targets := []Target{
		{Host: "xmpp.example.com", Domain: "a.example"},
		{Host: "xmpp.example.com", Domain: "b.example"},
		{Host: "xmpp.example.com", Domain: "c.example"},
	}
	ctx := context.Background()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			if e := c.Get(ctx, targets[i%len(targets)]); e.Result == nil {
				b.Error("no result")
			}
			i++
		}
	})
	if c.Probes() > len(targets) { // fewer when b.N is smaller than the domains
		b.Errorf("%d probes for %d domains", c.Probes(), len(targets))
	}
	b.ReportMetric(float64(c.Probes()), "probes")
}

// CachedAt answers at once what Get would once the cache knows the target,
// refreshing in the background once, from parallel callers too; before
// that it says so instead of waiting, and starts no probe.
func TestCacheCachedAtAnswersLikeAWarmGet(t *testing.T) {
	p := &fakeProber{answers: []answer{{r: result("example.com", 1)}, {r: result("example.com", 2)}}}
	c, clk, _ := newTestCache(t, p, time.Minute)
	if _, ok := c.CachedAt(target, time.Now()); ok || c.Probes() != 0 {
		t.Fatalf("a cold target: answered %v, %d probes; want no answer and no probe", ok, c.Probes())
	}
	c.Get(context.Background(), target)
	p.mu.Lock()
	p.gate = make(chan struct{})
	p.mu.Unlock()
	clk.Advance(time.Minute + time.Second)
	var wg sync.WaitGroup
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e, ok := c.CachedAt(target, time.Now())
			if !ok || e.Result.SHA256[0] != 1 || !e.Stale {
				t.Errorf("while refreshing: %v %+v, want the old result, stale", ok, e)
			}
		}()
	}
	wg.Wait()
	close(p.gate)
	c.wg.Wait()
	if e, ok := c.CachedAt(target, time.Now()); !ok || e.Result.SHA256[0] != 2 || e.Stale || c.Probes() != 2 {
		t.Errorf("after the refresh: %v %+v, %d probes; want the new result from one refresh", ok, e, c.Probes())
	}
}

// CachedAt judges a cache on the real clock by the time it is given (a
// page view's, read once as the request came in), from parallel callers:
// an answer given at a time past the TTL refreshes it once. A cache on a
// test's clock keeps to that clock.
func TestCacheCachedAtTakesTheCallersTime(t *testing.T) {
	p := &fakeProber{answers: []answer{{r: result("example.com", 1)}, {r: result("example.com", 2)}}}
	c := NewCache(p, time.Minute, nil)
	t.Cleanup(func() { _ = c.Close() })
	c.Get(context.Background(), target)
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if e, ok := c.CachedAt(target, time.Now()); !ok || e.Stale || e.Result.SHA256[0] != 1 {
				t.Errorf("now: %v %+v, want the fresh result", ok, e)
			}
		}()
	}
	wg.Wait()
	if c.Probes() != 1 {
		t.Fatalf("%d probes before the TTL, want 1", c.Probes())
	}
	p.mu.Lock()
	p.gate = make(chan struct{}) // the refresh waits until every view is in
	p.mu.Unlock()
	later := time.Now().Add(time.Minute + time.Second)
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if e, ok := c.CachedAt(target, later); !ok || !e.Stale {
				t.Errorf("past the TTL: %v %+v, want the old result, stale", ok, e)
			}
		}()
	}
	wg.Wait()
	close(p.gate)
	c.wg.Wait()
	if c.Probes() != 2 {
		t.Errorf("%d probes after views past the TTL, want 2 (one refresh)", c.Probes())
	}

	tc, _, _ := newTestCache(t, &fakeProber{answers: []answer{{r: result("example.com", 1)}}}, time.Minute)
	tc.Get(context.Background(), target)
	if e, ok := tc.CachedAt(target, time.Now().Add(time.Hour)); !ok || e.Stale || tc.Probes() != 1 {
		t.Errorf("on a test's clock: %v %+v, %d probes; want its clock's fresh answer", ok, e, tc.Probes())
	}
}

// Views from ever more domains, in parallel, keep at most MaxKnownDomains
// targets; each view still gets an answer, and a domain viewed again
// after its eviction is probed once more rather than answered wrongly.
func TestCacheKeepsBoundedTargetsUnderParallelViews(t *testing.T) {
	p := &fakeProber{answers: []answer{{r: result("any", 1)}}}
	c, _, _ := newTestCache(t, p, time.Hour)
	const workers, each = 16, MaxKnownDomains / 8
	var wg sync.WaitGroup
	var failed atomic.Int32
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				tg := Target{Host: "xmpp.example.com", Port: 5222, Domain: fmt.Sprintf("d%d-%d.example", w, i)}
				if e := c.Get(context.Background(), tg); e.Result == nil {
					failed.Add(1)
				}
			}
		})
	}
	wg.Wait()
	if n := failed.Load(); n > 0 {
		t.Errorf("%d views without an answer", n)
	}
	if n := c.Len(); n > MaxKnownDomains {
		t.Errorf("%d targets kept, bound %d", n, MaxKnownDomains)
	}
	if got, want := c.Probes(), workers*each; got != want {
		t.Errorf("%d probes for %d distinct targets", got, want)
	}
}
