package handlers

import (
	"context"
	"sync"
	"time"
)

// Revocations remembers logged-out session ids until their cookies would
// have expired anyway, so that a copied cookie is worthless after a
// logout. *redisstore.Store shares them between instances and across
// restarts; without it they live in this process's memory.
type Revocations interface {
	Revoke(ctx context.Context, id string, until time.Time) error
	Revoked(ctx context.Context, id string) (bool, error)
}

// maxRevocations bounds the in-memory list. It holds the logouts of one
// session lifetime; past this many, the one that expires first is dropped.
const maxRevocations = 100000

// memoryRevocations is the list of one process: a restart forgets it.
type memoryRevocations struct {
	mu    sync.Mutex
	ids   map[string]time.Time // session id → when its cookie expires anyway
	now   func() time.Time
	limit int
}

func newMemoryRevocations() *memoryRevocations {
	return &memoryRevocations{ids: map[string]time.Time{}, now: time.Now, limit: maxRevocations}
}

func (m *memoryRevocations) Revoke(_ context.Context, id string, until time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.ids) >= m.limit {
		m.prune()
	}
	m.ids[id] = until
	return nil
}

// prune forgets expired ids, and the soonest to expire when none has.
func (m *memoryRevocations) prune() {
	now := m.now()
	soonest, first := "", time.Time{}
	for id, until := range m.ids {
		if now.After(until) {
			delete(m.ids, id)
		} else if soonest == "" || until.Before(first) {
			soonest, first = id, until
		}
	}
	if len(m.ids) >= m.limit {
		delete(m.ids, soonest)
	}
}

func (m *memoryRevocations) Revoked(_ context.Context, id string) (bool, error) {
	m.mu.Lock()
	until, ok := m.ids[id]
	m.mu.Unlock()
	// The clock only for a logged-out id: every page asks about the others.
	return ok && !m.now().After(until), nil
}
