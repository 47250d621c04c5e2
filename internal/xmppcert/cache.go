package xmppcert

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"imsetup/internal/duration"
)

// DefaultTTL is how long a good probe result is served without a refresh.
const DefaultTTL = 10 * time.Minute

// failureTTL is how soon a failed probe is retried. Shorter than the TTL
// so that a server back up is seen quickly, long enough that a server down
// is not probed by every page view.
const failureTTL = 30 * time.Second

// ErrClosed is returned by Get on a closed cache that has nothing to give.
var ErrClosed = errors.New("xmppcert: cache closed")

// probeRunner is what a Cache needs from a Prober, so tests can hand in
// fakes that count probes.
type probeRunner interface {
	Probe(context.Context, Target) (*Result, error)
}

// Entry is a cache answer: the last good result, if any, and the error of
// the last probe when it failed.
type Entry struct {
	Result *Result       // last good result; nil if none yet
	Err    error         // last probe's error; nil if it succeeded
	Age    time.Duration // since the last good probe
	Stale  bool          // Result is older than the TTL; a refresh is under way or failed
}

// Cache keeps one probe result per target. Page views never wait for the
// network once a target has been probed: a stale result is served at
// once while one refresh runs in the background.
type Cache struct {
	prober probeRunner
	ttl    time.Duration
	log    *slog.Logger
	now    func() time.Time // a test's clock; nil is the real one

	ctx    context.Context // background probes; cancelled by Close
	cancel context.CancelFunc
	wg     sync.WaitGroup
	probes atomic.Int64

	mu      sync.Mutex
	closed  bool
	entries map[Target]*cacheEntry
}

type cacheEntry struct {
	good      *Result
	goodAt    time.Time
	err       error
	checkedAt time.Time     // end of the last probe, good or bad
	running   chan struct{} // closed when the probe under way ends; nil if none
}

// NewCache puts a cache in front of p. ttl 0 means DefaultTTL; a nil
// logger discards.
func NewCache(p interface {
	Probe(context.Context, Target) (*Result, error)
}, ttl time.Duration, logger *slog.Logger) *Cache {
	if ttl <= 0 {
		ttl = DefaultTTL
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Cache{
		prober: p, ttl: ttl, log: logger,
		ctx: ctx, cancel: cancel,
		entries: make(map[Target]*cacheEntry),
	}
}

// Get answers for t. The first call for a target waits for its probe (as
// do the calls that arrive meanwhile; ctx only lets a caller stop
// waiting). Later calls return at once, starting a background refresh
// when the answer is older than the TTL.
func (c *Cache) Get(ctx context.Context, t Target) Entry {
	t = t.normalized()
	c.mu.Lock()
	e := c.entries[t]
	if e == nil {
		if len(c.entries) >= MaxKnownDomains {
			c.evictLocked()
		}
		e = &cacheEntry{}
		c.entries[t] = e
	}
	now := c.clock()
	if !c.fresh(e, now) {
		c.startLocked(t, e)
	}
	if e.good != nil || e.err != nil {
		out := c.entryLocked(e, now)
		c.mu.Unlock()
		return out
	}
	running := e.running
	c.mu.Unlock()

	if running == nil { // closed before any probe
		return Entry{Err: ErrClosed}
	}
	select {
	case <-running:
	case <-ctx.Done():
		return Entry{Err: ctx.Err()}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.entryLocked(e, c.clock())
}

// CachedAt answers for t at once when the cache has an answer for it, as
// Get would (starting a background refresh when it is old), and reports
// false instead of waiting when it has none yet: a page view then calls
// Get with its timeout. It spares the views of a warm cache that timeout.
// now is the time the caller has just read from the real clock (a page
// view reads it once for everything it does); a cache on a test's clock
// reads its own.
func (c *Cache) CachedAt(t Target, now time.Time) (Entry, bool) {
	t = t.normalized()
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.entries[t]
	if e == nil || e.good == nil && e.err == nil {
		return Entry{}, false
	}
	if c.now != nil {
		now = c.clock()
	}
	if !c.fresh(e, now) {
		c.startLocked(t, e)
	}
	return c.entryLocked(e, now), true
}

// evictLocked makes room, as Servers does for its answers: the tenth of
// the entries checked longest ago goes at once, so that a full cache does
// not scan itself at every new target; never an entry whose probe is
// under way (that would let a second probe of it start). An evicted
// target is probed again when next viewed.
func (c *Cache) evictLocked() {
	type aged struct {
		t  Target
		at time.Time
	}
	idle := make([]aged, 0, len(c.entries))
	for t, e := range c.entries {
		if e.running == nil {
			idle = append(idle, aged{t, e.checkedAt})
		}
	}
	sort.Slice(idle, func(i, j int) bool { return idle[i].at.Before(idle[j].at) })
	for _, a := range idle[:min(len(idle), max(1, MaxKnownDomains/10))] {
		delete(c.entries, a.t)
	}
}

// Len reports how many targets the cache keeps.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}

// clock reads the cache's clock: the real one, or a test's.
func (c *Cache) clock() time.Time {
	if c.now != nil {
		return c.now()
	}
	return time.Now()
}

func (c *Cache) fresh(e *cacheEntry, now time.Time) bool {
	switch {
	case e.err != nil:
		return now.Sub(e.checkedAt) < min(failureTTL, c.ttl)
	case e.good != nil:
		return now.Sub(e.checkedAt) < c.ttl
	}
	return false
}

func (c *Cache) entryLocked(e *cacheEntry, now time.Time) Entry {
	out := Entry{Result: e.good, Err: e.err}
	if e.good != nil {
		out.Age = now.Sub(e.goodAt)
		out.Stale = out.Age >= c.ttl
	}
	return out
}

// startLocked starts the target's probe unless one is under way: that is
// the single flight. The probe runs under the cache's context, not the
// caller's, so a user closing the page does not cancel it for the others.
func (c *Cache) startLocked(t Target, e *cacheEntry) {
	if e.running != nil || c.closed {
		return
	}
	done := make(chan struct{})
	e.running = done
	c.wg.Add(1)
	c.probes.Add(1)
	go func() {
		defer c.wg.Done()
		defer close(done)
		r, err := c.prober.Probe(c.ctx, t)
		c.mu.Lock()
		defer c.mu.Unlock()
		c.store(t, e, r, err)
		e.running = nil
	}()
}

func (c *Cache) store(t Target, e *cacheEntry, r *Result, err error) {
	now := c.clock()
	e.checkedAt = now
	if err != nil {
		e.err = err
		if c.ctx.Err() != nil {
			return // cut short by Close: says nothing about the server
		}
		attrs := []any{"domain", t.Domain, "host", t.Host, "port", t.Port, "err", err}
		if e.good != nil {
			c.log.Warn("xmpp certificate probe failed; keeping the last good answer",
				append(attrs, "age", duration.Format(now.Sub(e.goodAt).Round(time.Second)))...)
		} else {
			c.log.Error("xmpp certificate probe failed; guides cannot show the fingerprint", attrs...)
		}
		return
	}
	if e.good != nil && !bytes.Equal(e.good.SHA256, r.SHA256) {
		c.log.Warn("xmpp certificate changed", "domain", t.Domain,
			"old_sha256", FormatUpper(e.good.SHA256), "new_sha256", FormatUpper(r.SHA256))
	}
	e.good, e.goodAt, e.err = r, now, nil
}

// Probes counts the probes started so far, for load tests.
func (c *Cache) Probes() int { return int(c.probes.Load()) }

// Close stops background refreshes and waits for the running ones to end.
// Get keeps answering from what is cached.
func (c *Cache) Close() error {
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
	c.cancel()
	c.wg.Wait()
	return nil
}
