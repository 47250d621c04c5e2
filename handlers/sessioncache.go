package handlers

import (
	"container/list"
	"crypto/sha256"
	"sync"
	"sync/atomic"
)

// sessionCache remembers what the session cookies this process has opened
// hold, so that a logged-in page does not verify (HMAC-SHA256), decrypt
// (AES-CTR) and decode the same cookie again at every request: about a
// fifth of a guide's cost before.
//
// Why it is safe:
//   - Only a cookie that passed the full check (its MAC under a configured
//     key, its securecookie timestamp, its decryption and decoding) is
//     ever added; a cookie that fails is not remembered, so nobody can
//     fill the cache with junk, and one byte changed in a remembered
//     cookie is another key, checked in full.
//   - The key is the SHA-256 of the cookie's value, compared as a whole:
//     finding a different cookie with the key of a remembered one would
//     take a SHA-256 second preimage. The cookie itself is not kept.
//   - Everything that depends on the time is still checked at every
//     request, from the remembered values: the absolute lifetime, the
//     idle timeout (sessionStore.valid), and securecookie's own maximum
//     age of the cookie, against the real clock as securecookie does.
//     The logouts are checked at every request too (loadSession), so a
//     revoked session is refused even while its cookie is remembered.
//   - The keys are fixed for the life of the process: a cookie opened
//     with a key stays openable with it.
//   - It is bounded (the least recently used go first) and holds what the
//     cookie holds, which the browser sends anyway.
//
// A remembered session is shared by the requests that bring its cookie:
// it is never modified (loadSession copies it before moving SeenAt on).
type sessionCache struct {
	mu    sync.Mutex
	max   int
	order *list.List // of *cachedSession, most recent first
	byKey map[[sha256.Size]byte]*list.Element
}

type cachedSession struct {
	key   [sha256.Size]byte
	sess  *session
	stamp int64 // the cookie's securecookie timestamp (Unix seconds)
	// refreshed is the cookie last made to move this one's SeenAt on
	// (sessionStore.refresh).
	refreshed atomic.Pointer[refreshedCookie]
}

type refreshedCookie struct {
	sec    int64  // its SeenAt, in the seconds a cookie counts in
	header string // its Set-Cookie value
}

// sessionCacheSize bounds the cache: a few hundred bytes each.
const sessionCacheSize = 4096

// cookieKey is the cache's key for a cookie value: its SHA-256, over a
// pooled copy of the value (a conversion would allocate each time, and
// a buffer on the stack would grow the goroutine's).
func cookieKey(value string) [sha256.Size]byte {
	bp := keyBuffers.Get().(*[]byte)
	b := append((*bp)[:0], value...)
	key := sha256.Sum256(b)
	if cap(b) <= 4<<10 {
		*bp = b
		keyBuffers.Put(bp)
	}
	return key
}

var keyBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 512); return &b }}

func newSessionCache(max int) *sessionCache {
	return &sessionCache{max: max, order: list.New(), byKey: map[[sha256.Size]byte]*list.Element{}}
}

func (c *sessionCache) get(key [sha256.Size]byte) (*cachedSession, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.byKey[key]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*cachedSession), true
}

func (c *sessionCache) add(cs *cachedSession) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.byKey[cs.key]; ok {
		e.Value = cs
		c.order.MoveToFront(e)
		return
	}
	if c.order.Len() >= c.max {
		old := c.order.Back()
		c.order.Remove(old)
		delete(c.byKey, old.Value.(*cachedSession).key)
	}
	c.byKey[cs.key] = c.order.PushFront(cs)
}

func (c *sessionCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}
