package handlers

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"
)

// The in-memory list is bounded: past its size the revocation that
// expires first goes, never one that still protects a longer cookie.
func TestMemoryRevocationsAreBounded(t *testing.T) {
	m := newMemoryRevocations()
	m.limit = 100
	ctx, now := context.Background(), time.Now()
	_ = m.Revoke(ctx, "long-lived", now.Add(4*time.Hour))
	for i := 0; i < 1000; i++ {
		_ = m.Revoke(ctx, fmt.Sprint(i), now.Add(time.Hour+time.Duration(i)*time.Second))
	}
	if n := len(m.ids); n > 100 {
		t.Errorf("%d revocations kept, bound 100", n)
	}
	if ok, _ := m.Revoked(ctx, "long-lived"); !ok {
		t.Error("the revocation that lasts longest was dropped")
	}
	if ok, _ := m.Revoked(ctx, "999"); !ok {
		t.Error("the latest revocation was dropped")
	}
}

func TestMemoryRevocationsUnderParallelLogouts(t *testing.T) {
	m := newMemoryRevocations()
	ctx, until := context.Background(), time.Now().Add(time.Hour)
	var wg sync.WaitGroup
	for i := 0; i < 200; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = m.Revoke(ctx, fmt.Sprint(i), until)
			if ok, _ := m.Revoked(ctx, fmt.Sprint(i)); !ok {
				t.Errorf("session %d: revoked, then not", i)
			}
		}()
	}
	wg.Wait()
	if ok, _ := m.Revoked(ctx, "never"); ok {
		t.Error("a session never logged out is revoked")
	}
}
