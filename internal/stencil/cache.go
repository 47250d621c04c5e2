package stencil

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"

	"github.com/a-h/templ"
)

// Render writes the page for key with the holes' values, in the order of
// the holes. It must depend on nothing but its arguments: that is what
// lets one rendering stand for every request with the same key.
type Render[K comparable] func(w io.Writer, key K, values []string) error

// Options configure a Cache.
type Options struct {
	Name  string // the page, for the log
	Holes int    // how many values each request brings
	// MaxBytes bounds the stencils kept; the least recently used go
	// first. The number of keys (domains, languages...) has no bound.
	MaxBytes int
	// VerifyEvery: one fill in this many is compared with the page
	// rendered whole (and the first of each stencil always is); 0 means
	// 1024.
	VerifyEvery uint64
	Log         *slog.Logger
}

// Cache keeps one stencil per key and writes pages from them.
//
// Each stencil is built once, by the first request for its key; the
// requests that arrive meanwhile wait for it. The Cache refuses itself
// (logs why, once, and renders every page whole from then on) when a page
// does not come out right:
//   - a sentinel comes out altered, not exactly as templ escapes it (the
//     template puts the value in a URL, a script, or changes it), or comes
//     out more or fewer times than its Hole wants (the template shows it
//     somewhere new, or branches on it);
//   - a page filled from its stencil differs from the page rendered whole
//     for the same request: the first request of each stencil, and one in
//     VerifyEvery afterwards, is rendered both ways.
//
// What it cannot see is a template that branches on a value in a way
// neither the sentinels nor the requests compared show: the callers keep
// such branches in the key, and the tests compare both ways for many
// values.
type Cache[K comparable] struct {
	render Render[K]
	opts   Options
	sent   *sentinels

	off     atomic.Bool
	refusal sync.Once
	fills   atomic.Uint64

	mu      sync.Mutex
	entries map[K]*entry[K]
	recent  entry[K] // the ring of built entries, most recent first
	bytes   int
}

type entry[K comparable] struct {
	key        K
	ready      chan struct{} // closed once st is set, or the build failed
	st         *stencil      // nil: the build failed
	size       int
	prev, next *entry[K] // in the ring, once built
}

// New makes a cache for the pages render writes.
func New[K comparable](render Render[K], o Options) *Cache[K] {
	if o.VerifyEvery == 0 {
		o.VerifyEvery = 1024
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	c := &Cache[K]{render: render, opts: o, sent: newSentinels(o.Holes), entries: map[K]*entry[K]{}}
	c.recent.prev, c.recent.next = &c.recent, &c.recent
	return c
}

// Write appends the page for key, with the holes' values, to buf.
func (c *Cache[K]) Write(buf *bytes.Buffer, key K, holes []Hole) error {
	if len(holes) != c.opts.Holes {
		return fmt.Errorf("stencil %s: %d values, want %d", c.opts.Name, len(holes), c.opts.Holes)
	}
	if c.off.Load() {
		return c.whole(buf, key, holes)
	}
	e, builder := c.lookup(key)
	if builder {
		c.build(e, holes)
	} else {
		<-e.ready
	}
	if e.st == nil {
		return c.whole(buf, key, holes)
	}
	var escaped [8]string
	values := escaped[:0]
	for _, h := range holes {
		values = append(values, templ.EscapeString(h.Value))
	}
	start := buf.Len()
	e.st.fill(buf, values)
	if builder || c.fills.Add(1)%c.opts.VerifyEvery == 0 {
		return c.verify(buf, start, key, holes)
	}
	return nil
}

// lookup finds the key's entry, or adds one that the caller must build.
func (c *Cache[K]) lookup(key K) (e *entry[K], builder bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e := c.entries[key]; e != nil {
		if e.next != nil { // built: make it the most recent
			e.unlink()
			c.pushFront(e)
		}
		return e, false
	}
	e = &entry[K]{key: key, ready: make(chan struct{})}
	c.entries[key] = e
	return e, true
}

// build renders the page with the sentinels and cuts it. A page that
// cannot be cut refuses the cache; a render that fails is not kept, so
// the next request tries again (and its whole render reports the error).
func (c *Cache[K]) build(e *entry[K], holes []Hole) {
	var st *stencil
	defer c.built(e, &st)
	var page bytes.Buffer
	err := c.renderSentinels(&page, e.key)
	if err == nil {
		st, err = c.sent.cutPage(page.Bytes(), holes)
		if err != nil {
			c.refuse(err)
		}
	}
}

// renderSentinels renders the page with the sentinels. A render that
// panics on them (it parses a value, say) refuses the cache: the page
// is then rendered whole, with the real values, which may well work.
func (c *Cache[K]) renderSentinels(w io.Writer, key K) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("%w: the page panics with the sentinels: %v", errRefused, v)
			c.refuse(err)
		}
	}()
	return c.render(w, key, c.sent.raw)
}

// built keeps the stencil, or forgets the entry when there is none, and
// lets the requests waiting for it go on.
func (c *Cache[K]) built(e *entry[K], stp **stencil) {
	st := *stp
	c.mu.Lock()
	if st == nil || c.off.Load() { // a refusal meanwhile keeps nothing
		st = nil
		delete(c.entries, e.key)
	} else {
		e.st, e.size = st, st.size()
		c.pushFront(e)
		c.bytes += e.size
		c.evict(e)
	}
	c.mu.Unlock()
	close(e.ready)
}

// evict drops the least recently used stencils beyond MaxBytes, but never
// the one just built.
func (c *Cache[K]) evict(keep *entry[K]) {
	for c.bytes > c.opts.MaxBytes {
		old := c.recent.prev
		if old == keep || old == &c.recent {
			return
		}
		old.unlink()
		delete(c.entries, old.key)
		c.bytes -= old.size
	}
}

func (c *Cache[K]) pushFront(e *entry[K]) {
	e.prev, e.next = &c.recent, c.recent.next
	e.next.prev = e
	c.recent.next = e
}

func (e *entry[K]) unlink() {
	e.prev.next, e.next.prev = e.next, e.prev
	e.prev, e.next = nil, nil
}

// verify compares the page just filled (buf[start:]) with the page
// rendered whole. On a difference the cache refuses itself and the
// whole page is what is written.
func (c *Cache[K]) verify(buf *bytes.Buffer, start int, key K, holes []Hole) error {
	var whole bytes.Buffer
	whole.Grow(buf.Len() - start)
	if err := c.whole(&whole, key, holes); err != nil {
		return err
	}
	if !bytes.Equal(whole.Bytes(), buf.Bytes()[start:]) {
		c.refuse(fmt.Errorf("%w: the page filled from its stencil differs from the page rendered whole", errRefused))
		buf.Truncate(start)
		buf.Write(whole.Bytes())
	}
	return nil
}

// whole renders the page through its template.
func (c *Cache[K]) whole(buf *bytes.Buffer, key K, holes []Hole) error {
	var values [8]string
	v := values[:0]
	for _, h := range holes {
		v = append(v, h.Value)
	}
	return c.render(buf, key, v)
}

// refuse turns the cache off for good: every page is rendered whole. It
// logs why once; the stencils are dropped.
func (c *Cache[K]) refuse(err error) {
	c.off.Store(true)
	c.refusal.Do(func() {
		c.opts.Log.Error("page stencil refused: this page is rendered whole from now on (a template change? see internal/stencil)",
			"page", c.opts.Name, "cause", err.Error())
	})
	c.mu.Lock()
	for k, e := range c.entries {
		if e.next != nil {
			e.unlink()
			delete(c.entries, k)
		}
	}
	c.bytes = 0
	c.mu.Unlock()
}

// Disable makes the cache render every page whole, as a refusal does,
// without a word in the log: for tests that compare both ways.
func (c *Cache[K]) Disable() { c.off.Store(true) }

// Refused reports whether the cache has refused itself (or was disabled).
func (c *Cache[K]) Refused() bool { return c.off.Load() }

// Len says how many stencils the cache holds and their size in bytes.
func (c *Cache[K]) Len() (n, size int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for e := c.recent.next; e != &c.recent; e = e.next {
		n++
	}
	return n, c.bytes
}
