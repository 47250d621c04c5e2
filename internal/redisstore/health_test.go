package redisstore_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"imsetup/internal/redisstore/redistest"
	"imsetup/internal/throttle"
)

// Redis's state is reported once at the first call and once per change
// after it, however many calls see it, from requests in parallel or from
// Watch's pings while nobody logs in.
func TestRedisStateIsReportedOncePerChange(t *testing.T) {
	srv := redistest.Start(t)
	s := newStore(t, srv.URL(), throttle.Config{})
	var mu sync.Mutex
	var seen []bool
	s.OnChange(func(up bool, cause error) {
		mu.Lock()
		defer mu.Unlock()
		if up != (cause == nil) {
			t.Errorf("up %v with cause %v", up, cause)
		}
		seen = append(seen, up)
	})
	changes := func() []bool {
		mu.Lock()
		defer mu.Unlock()
		return append([]bool(nil), seen...)
	}
	ctx := context.Background()
	parallel := func() {
		var wg sync.WaitGroup
		for i := 0; i < 20; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, _ = s.Revoked(ctx, "id")
				_, _, _ = s.Reserve(ctx, "login", "addr", time.Now())
			}()
		}
		wg.Wait()
	}
	parallel()
	if got := changes(); len(got) != 1 || !got[0] || !s.Up() {
		t.Fatalf("changes %v, want [true]", got)
	}
	srv.Stop()
	parallel()
	if got := changes(); len(got) != 2 || got[1] || s.Up() {
		t.Fatalf("changes %v, want [true false]", got)
	}
	// Back, with nobody calling: Watch's ping sees it.
	srv.Restart(t)
	wctx, stop := context.WithCancel(ctx)
	defer stop()
	go s.Watch(wctx, 50*time.Millisecond)
	for deadline := time.Now().Add(10 * time.Second); !s.Up() && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
	}
	if got := changes(); len(got) != 3 || !got[2] {
		t.Fatalf("changes %v, want [true false true]", got)
	}
	// A call its caller gave up on says nothing about Redis.
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	_, _ = s.Revoked(cancelled, "id")
	if got := changes(); len(got) != 3 {
		t.Errorf("a cancelled call changed the state: %v", got)
	}
}
