package redisstore_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"imsetup/internal/redisstore"
	"imsetup/internal/redisstore/redistest"
	"imsetup/internal/throttle"
	"imsetup/internal/throttle/throttletest"
)

func newStore(t *testing.T, url string, cfg throttle.Config) *redisstore.Store {
	t.Helper()
	s, err := redisstore.New(url, redistest.Prefix(t), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// The same rules as the in-memory store, sequential and parallel, on a
// real redis-server.
func TestRedisFollowsTheThrottleRules(t *testing.T) {
	srv := redistest.Start(t)
	throttletest.Run(t, func(t *testing.T, cfg throttle.Config) throttle.Store { return newStore(t, srv.URL(), cfg) })
}

func TestRevocationsExpireWithTheCookie(t *testing.T) {
	srv := redistest.Start(t)
	s := newStore(t, srv.URL(), throttle.Config{})
	ctx := context.Background()
	if err := s.Revoke(ctx, "gone", time.Now().Add(300*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	if ok, err := s.Revoked(ctx, "gone"); !ok || err != nil {
		t.Fatalf("revoked: %v %v", ok, err)
	}
	if ok, _ := s.Revoked(ctx, "other"); ok {
		t.Error("an id never revoked is revoked")
	}
	time.Sleep(400 * time.Millisecond)
	if ok, _ := s.Revoked(ctx, "gone"); ok {
		t.Error("a revocation outlives the cookie it revokes: Redis would only grow")
	}
}

// A Redis that cannot be reached is an error every caller sees, never a
// silent "no limit".
func TestUnreachableRedisIsAnError(t *testing.T) {
	srv := redistest.Start(t)
	s := newStore(t, srv.URL(), throttle.Config{})
	srv.Stop()
	ctx := context.Background()
	_, _, err := s.Reserve(ctx, "a", "x", time.Now())
	if !errors.Is(err, throttle.ErrUnavailable) {
		t.Errorf("Reserve: %v, want ErrUnavailable", err)
	}
	if _, err := s.Revoked(ctx, "id"); !errors.Is(err, throttle.ErrUnavailable) {
		t.Errorf("Revoked: %v, want ErrUnavailable", err)
	}
	if err := s.Ping(ctx); err == nil {
		t.Error("Ping: no error")
	}
}

func TestURLPasswordNeverInErrors(t *testing.T) {
	_, err := redisstore.New("redis://:s3cret-pw@127.0.0.1:1/notanumber", "", throttle.Config{})
	if err == nil {
		t.Fatal("a bad database number was accepted")
	}
	if msg := err.Error(); !strings.Contains(msg, "IMSETUP_REDIS_URL") || strings.Contains(msg, "s3cret-pw") {
		t.Errorf("error %q: must name the variable and hide the password", msg)
	}
}

// Redis forgets an account by itself: its key lives as long as its
// failures count (Forget below the limit, Remember once held back), so
// the 24-hour memory does not make Redis grow without bound.
func TestAccountKeysExpireWithTheirFailures(t *testing.T) {
	srv := redistest.Start(t)
	prefix := redistest.Prefix(t)
	s, err := redisstore.New(srv.URL(), prefix, throttle.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	rdb := redis.NewClient(&redis.Options{Addr: srv.Addr, DisableIdentity: true})
	t.Cleanup(func() { rdb.Close() })
	ctx, now := context.Background(), time.Now()
	fail := func(login string) {
		tk, h, err := s.Reserve(ctx, login, "10.0.0.1", now)
		if err != nil || h.Held() {
			t.Fatalf("%s: %v %+v", login, err, h)
		}
		if err := s.Fail(ctx, tk, now); err != nil {
			t.Fatal(err)
		}
	}
	fail("typo")
	for i := 0; i < 3; i++ {
		fail("held")
	}
	for _, tc := range []struct {
		login    string
		min, max time.Duration
	}{
		{"typo", 14 * time.Minute, 16 * time.Minute},
		{"held", 23 * time.Hour, 25 * time.Hour},
	} {
		ttl, err := rdb.PTTL(ctx, prefix+"acct:"+tc.login).Result()
		if err != nil || ttl < tc.min || ttl > tc.max {
			t.Errorf("%s: the account's key expires in %v (%v), want between %v and %v", tc.login, ttl, err, tc.min, tc.max)
		}
	}
}
