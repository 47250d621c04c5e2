package throttle_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"imsetup/internal/throttle"
	"imsetup/internal/throttle/throttletest"
)

func TestMemory(t *testing.T) {
	throttletest.Run(t, func(t *testing.T, cfg throttle.Config) throttle.Store { return throttle.NewMemory(cfg) })
}

func TestMemoryIsBounded(t *testing.T) {
	m := throttle.NewMemory(throttle.Config{MaxEntries: 1000})
	ctx, now := context.Background(), time.Now()
	for i := 0; i < 20000; i++ {
		tk, _, _ := m.Reserve(ctx, fmt.Sprintf("u%d", i), fmt.Sprintf("a%d", i), now)
		_ = m.Fail(ctx, tk, now)
		_ = m.Learn(ctx, fmt.Sprintf("acct%d", i), []string{fmt.Sprintf("alias%d", i)}, now)
	}
	if accounts, addrs, aliases := m.Len(); accounts > 1000 || addrs > 1000 || aliases > 1000 {
		t.Errorf("remembered %d accounts, %d addresses, %d aliases; bound is 1000", accounts, addrs, aliases)
	}
}

func TestLearntAddressesAreForgottenAfterTheirTime(t *testing.T) {
	m := throttle.NewMemory(throttle.Config{Aliases: time.Hour})
	ctx, now := context.Background(), time.Now()
	_ = m.Learn(ctx, "acct", []string{"alias"}, now)
	if tk, _, _ := m.Reserve(ctx, "alias", "x", now); tk.Account != "acct" {
		t.Fatalf("alias counts against %q, want acct", tk.Account)
	}
	if tk, _, _ := m.Reserve(ctx, "alias", "x", now.Add(2*time.Hour)); tk.Account != "alias" {
		t.Errorf("an alias learnt 2 h ago with a 1 h memory still counts against %q", tk.Account)
	}
}

func TestLearnableAddresses(t *testing.T) {
	got := throttle.LearnableAddresses("a@x", []string{"A@X", " B@x ", "b@x", "", "c@x"})
	if fmt.Sprint(got) != "[b@x c@x]" {
		t.Errorf("got %v", got)
	}
}

// An account's addresses are all learnt, up to MaxLearnt: a role account
// with hundreds of aliases shares one budget across them.
func TestLearnableAddressesAreBounded(t *testing.T) {
	var addrs []string
	for i := 0; i < throttle.MaxLearnt+500; i++ {
		addrs = append(addrs, fmt.Sprintf("a%d@x", i))
	}
	if got := throttle.LearnableAddresses("acct@x", addrs); len(got) != throttle.MaxLearnt || got[0] != "a0@x" || throttle.MaxLearnt < 500 {
		t.Errorf("%d addresses learnt of %d (bound %d), first %q", len(got), len(addrs), throttle.MaxLearnt, got[0])
	}
}

func BenchmarkReserveAndFail(b *testing.B) {
	m := throttle.NewMemory(throttle.Config{})
	ctx, now := context.Background(), time.Now()
	for i := 0; b.Loop(); i++ {
		tk, h, _ := m.Reserve(ctx, fmt.Sprintf("u%d", i%5000), "a", now)
		if !h.Held() {
			_ = m.Fail(ctx, tk, now)
		}
	}
}
