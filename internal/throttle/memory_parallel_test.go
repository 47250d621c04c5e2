package throttle_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"imsetup/internal/throttle"
	"imsetup/internal/throttle/throttletest"
)

// An attacker's logins from many connections at once, each a new account
// and address, far beyond MaxEntries: the store stays within its bound at
// every moment, and none of those never seen before is held back (an
// evicted entry must not leave a count behind for another).
func TestMemoryIsBoundedUnderParallelAttempts(t *testing.T) {
	const bound = 500
	m := throttle.NewMemory(throttle.Config{MaxEntries: bound, AddrFailures: 1 << 20})
	ctx, now := context.Background(), time.Now()
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	start := make(chan struct{})
	for g := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			for i := range 400 {
				login, addr := fmt.Sprintf("u%d-%d", g, i), fmt.Sprintf("a%d-%d", g, i)
				tk, h, err := m.Reserve(ctx, login, addr, now)
				if err == nil && h.Held() {
					err = fmt.Errorf("%s from %s, never seen before: held %+v", login, addr, h)
				}
				if err == nil {
					err = m.Fail(ctx, tk, now)
				}
				if err == nil {
					err = m.Learn(ctx, "acct-"+login, []string{"alias-" + login}, now)
				}
				if err == nil {
					if accounts, addrs, aliases := m.Len(); accounts > bound || addrs > bound || aliases > bound {
						err = fmt.Errorf("remembered %d accounts, %d addresses, %d aliases; bound %d", accounts, addrs, aliases, bound)
					}
				}
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if accounts, addrs, aliases := m.Len(); accounts > bound || addrs > bound || aliases > bound {
		t.Errorf("after 6400 logins at once: %d accounts, %d addresses, %d aliases; bound %d", accounts, addrs, aliases, bound)
	}
}

// A role account with more addresses than MaxLearnt logs in from several
// tabs at once, each learning the whole list; then wrong passwords are
// typed at once with its addresses: the addresses learnt (the first MaxLearnt)
// share the account's one budget, so exactly 3 failures go through across
// them; an address beyond the bound has a budget of its own.
func TestLearntAddressesBoundedUnderParallelLogins(t *testing.T) {
	m := throttle.NewMemory(throttle.Config{AddrFailures: 1 << 20})
	ctx, now := context.Background(), time.Now()
	var addrs []string
	for i := range throttle.MaxLearnt + 200 {
		addrs = append(addrs, fmt.Sprintf("role%d@example.com", i))
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := m.Learn(ctx, "role@example.com", throttle.LearnableAddresses("role@example.com", addrs), now); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if _, _, aliases := m.Len(); aliases != throttle.MaxLearnt {
		t.Errorf("%d aliases learnt by 8 logins at once of %d addresses, want %d", aliases, len(addrs), throttle.MaxLearnt)
	}
	through := throttletest.Fire(t, 60, func(i int) (throttle.Ticket, throttle.Hold, error) {
		login := addrs[(i*37)%throttle.MaxLearnt] // learnt ones only
		return m.Reserve(ctx, login, fmt.Sprintf("10.0.%d.%d", i/200, i%200), now)
	})
	for _, tk := range through {
		if tk.Account != "role@example.com" {
			t.Errorf("an attempt with a learnt address counts against %q, want the role account", tk.Account)
		}
	}
	if len(through) != 3 {
		t.Fatalf("60 attempts at once across the account's learnt addresses: %d went through, want 3", len(through))
	}
	for _, tk := range through {
		if err := m.Fail(ctx, tk, now); err != nil {
			t.Fatal(err)
		}
	}
	if _, h, _ := m.Reserve(ctx, addrs[500], "10.9.9.9", now); !h.Held() || h.Reason != throttle.ByAccount {
		t.Errorf("a learnt address after 3 failures across them: %+v, want held by account", h)
	}
	if tk, h, _ := m.Reserve(ctx, addrs[throttle.MaxLearnt+100], "10.9.9.9", now); h.Held() || tk.Account != addrs[throttle.MaxLearnt+100] {
		t.Errorf("an address beyond the bound: %+v against %q, want its own budget", h, tk.Account)
	}
}
