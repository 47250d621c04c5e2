package redisstore

import (
	"context"
	"errors"
	"time"
)

// Redis's state as the store last saw it. Every call says whether Redis
// answered; Watch asks it too while nobody logs in, so that a Redis gone
// at night shows before the first user of the morning.
const (
	stateUnknown int32 = iota
	stateUp
	stateDown
)

// OnChange sets what to do when Redis is seen answering or failing, at
// the first call and at each change after it: a log line and a metric.
// Set it before the store is used. Calls come one at a time.
func (s *Store) OnChange(f func(up bool, cause error)) { s.onChange = f }

// Up reports whether Redis answered the last call.
func (s *Store) Up() bool { return s.state.Load() == stateUp }

// Watch pings Redis every interval until ctx ends.
func (s *Store) Watch(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		pctx, cancel := context.WithTimeout(ctx, every)
		_ = s.Ping(pctx)
		cancel()
	}
}

// observe records a call's outcome. A call its caller gave up on (the
// browser left, the portal stops) says nothing about Redis.
func (s *Store) observe(err error) {
	if errors.Is(err, context.Canceled) {
		return
	}
	want := stateUp
	if err != nil {
		want = stateDown
	}
	if s.state.Load() == want {
		return // the common case, without the lock
	}
	s.changeMu.Lock()
	defer s.changeMu.Unlock()
	if s.state.Load() == want {
		return
	}
	s.state.Store(want)
	if s.onChange != nil {
		s.onChange(want == stateUp, err)
	}
}
