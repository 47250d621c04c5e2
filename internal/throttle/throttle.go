// Package throttle slows down password guessing before BlueMind's own
// brute-force plugin locks the user out. That plugin refuses a login after
// about 3 failures in 20 seconds, even with the right password, so the
// portal must stop earlier and wait longer: after a few failures for one
// login it refuses further tries for a delay that doubles each time,
// without asking BlueMind; and it caps the failures from one client
// address, whatever the logins. Memory is bounded: an attacker sending
// millions of logins evicts old entries instead of growing the maps.
package throttle

import (
	"container/list"
	"sync"
	"time"
)

// Config sets the limits; zero fields take the defaults.
type Config struct {
	LoginFailures int           // failures per login before it is held back (3)
	BaseDelay     time.Duration // first hold-back, doubled each further failure (30s: beyond BlueMind's 20 s window)
	MaxDelay      time.Duration // longest hold-back (15m)
	Forget        time.Duration // failures older than this no longer count (15m)
	AddrFailures  int           // failures per client address per AddrWindow (30)
	AddrWindow    time.Duration // (10m)
	MaxEntries    int           // logins and addresses remembered, each (100000)
}

func (c Config) withDefaults() Config {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	defd := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&c.LoginFailures, 3)
	defd(&c.BaseDelay, 30*time.Second)
	defd(&c.MaxDelay, 15*time.Minute)
	defd(&c.Forget, 15*time.Minute)
	def(&c.AddrFailures, 30)
	defd(&c.AddrWindow, 10*time.Minute)
	def(&c.MaxEntries, 100000)
	return c
}

// Limiter remembers recent failures by login and by client address.
type Limiter struct {
	cfg    Config
	mu     sync.Mutex
	logins *lru
	addrs  *lru
}

// New returns a limiter with cfg's limits.
func New(cfg Config) *Limiter {
	cfg = cfg.withDefaults()
	return &Limiter{cfg: cfg, logins: newLRU(cfg.MaxEntries), addrs: newLRU(cfg.MaxEntries)}
}

// record is what is remembered of one login or address.
type record struct {
	failures int
	first    time.Time // start of the address window, or of the login's run of failures
	last     time.Time
	until    time.Time // held back until then
}

// Check says whether a login attempt from addr may go to BlueMind now,
// and if not, how long to wait.
func (l *Limiter) Check(login, addr string, now time.Time) (ok bool, retryAfter time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var wait time.Duration
	if r := l.logins.get(login); r != nil && now.Before(r.until) {
		wait = r.until.Sub(now)
	}
	if r := l.addrs.get(addr); r != nil && now.Sub(r.first) < l.cfg.AddrWindow && r.failures >= l.cfg.AddrFailures {
		wait = max(wait, r.first.Add(l.cfg.AddrWindow).Sub(now))
	}
	if wait > 0 {
		return false, wait.Round(time.Second) + time.Second
	}
	return true, 0
}

// Failure records a wrong password (or an unknown login) for both keys.
func (l *Limiter) Failure(login, addr string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	r := l.logins.getOrAdd(login)
	if now.Sub(r.last) > l.cfg.Forget {
		*r = record{first: now}
	}
	r.failures++
	r.last = now
	if over := r.failures - l.cfg.LoginFailures; over >= 0 {
		delay := l.cfg.BaseDelay << min(over, 20)
		r.until = now.Add(min(delay, l.cfg.MaxDelay))
	}
	a := l.addrs.getOrAdd(addr)
	if now.Sub(a.first) >= l.cfg.AddrWindow {
		*a = record{first: now}
	}
	a.failures++
	a.last = now
}

// Success forgets a login's failures: the right password after the delay
// works, and the next typo starts from zero.
func (l *Limiter) Success(login string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.logins.remove(login)
}

// Len reports how many logins and addresses are remembered.
func (l *Limiter) Len() (logins, addrs int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.logins.len(), l.addrs.len()
}

// lru is a map bounded by evicting the least recently used entry.
type lru struct {
	max   int
	order *list.List // front: most recent; values are *lruItem
	items map[string]*list.Element
}

type lruItem struct {
	key string
	rec record
}

func newLRU(max int) *lru {
	return &lru{max: max, order: list.New(), items: map[string]*list.Element{}}
}

func (c *lru) get(key string) *record {
	if e, ok := c.items[key]; ok {
		return &e.Value.(*lruItem).rec
	}
	return nil
}

func (c *lru) getOrAdd(key string) *record {
	if e, ok := c.items[key]; ok {
		c.order.MoveToFront(e)
		return &e.Value.(*lruItem).rec
	}
	if c.order.Len() >= c.max {
		oldest := c.order.Back()
		c.order.Remove(oldest)
		delete(c.items, oldest.Value.(*lruItem).key)
	}
	e := c.order.PushFront(&lruItem{key: key})
	c.items[key] = e
	return &e.Value.(*lruItem).rec
}

func (c *lru) remove(key string) {
	if e, ok := c.items[key]; ok {
		c.order.Remove(e)
		delete(c.items, key)
	}
}

func (c *lru) len() int { return c.order.Len() }
