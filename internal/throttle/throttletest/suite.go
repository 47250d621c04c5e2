// Package throttletest holds every throttle.Store to the same rules: the
// in-memory store and the shared ones run this one suite, sequential and
// parallel, so an instance behaves the same whatever holds its counters.
package throttletest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"imsetup/internal/throttle"
)

// NewStore returns a fresh, empty store with cfg's limits.
type NewStore func(t *testing.T, cfg throttle.Config) throttle.Store

// Run runs the suite against the stores newStore makes.
func Run(t *testing.T, newStore NewStore) {
	for _, tc := range []struct {
		name string
		test func(*testing.T, NewStore)
	}{
		{"AccountHeldBackWithAGrowingDelay", accountHeldBack},
		{"AddressLimitWhateverTheLogins", addressLimit},
		{"OldFailuresAreForgotten", oldFailuresForgotten},
		{"LongestHoldRepeatsUntilTheAccountIsQuiet", longestHoldRepeats},
		{"SuccessForgetsTheAccount", successForgets},
		{"ReleaseGivesTheAttemptBack", releaseGivesBack},
		{"InFlightIsNotAFailure", inFlightIsNotAFailure},
		{"AttemptsInFlightExpire", pendingExpires},
		{"LearntAddressesShareOneBudget", learntAddresses},
		{"ParallelReservesPerAccount", parallelPerAccount},
		{"ParallelReservesPerAddress", parallelPerAddress},
		{"ParallelFailuresAllCount", parallelFailures},
		{"ParallelReservesAcrossLearntAddresses", parallelLearnt},
		{"ParallelSuccessesAndFailures", parallelMixed},
		{"ParallelAttemptsHeldAsInFlight", parallelBusy},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.test(t, newStore)
		})
	}
}

var ctx = context.Background()

// try is one whole attempt that fails, as a wrong password does; it
// reports the hold when there was one.
func try(t *testing.T, s throttle.Store, login, addr string, now time.Time) throttle.Hold {
	t.Helper()
	tk, h, err := s.Reserve(ctx, login, addr, now)
	if err != nil {
		t.Fatal(err)
	}
	if !h.Held() {
		if err := s.Fail(ctx, tk, now); err != nil {
			t.Fatal(err)
		}
	}
	return h
}

func reserve(t *testing.T, s throttle.Store, login, addr string, now time.Time) (throttle.Ticket, throttle.Hold) {
	t.Helper()
	tk, h, err := s.Reserve(ctx, login, addr, now)
	if err != nil {
		t.Fatal(err)
	}
	return tk, h
}

func accountHeldBack(t *testing.T, newStore NewStore) {
	s := newStore(t, throttle.Config{})
	now := time.Now()
	for i := 0; i < 3; i++ {
		if h := try(t, s, "a@example.com", "10.0.0.1", now); h.Held() {
			t.Fatalf("attempt %d held back", i+1)
		}
		now = now.Add(time.Second)
	}
	_, h := reserve(t, s, "a@example.com", "10.0.0.2", now)
	if !h.Held() || h.Wait < 20*time.Second || h.Reason != throttle.ByAccount {
		t.Fatalf("4th attempt: %+v; it must wait past BlueMind's 20 s window, by account", h)
	}
	// Another login from the same address is not held back.
	if _, h := reserve(t, s, "b@example.com", "10.0.0.1", now); h.Held() {
		t.Error("another login was held back")
	}
	// After the delay one more try goes through; failing again doubles it.
	now = now.Add(h.Wait)
	if h2 := try(t, s, "a@example.com", "10.0.0.1", now); h2.Held() {
		t.Fatal("held back after the delay")
	}
	_, h2 := reserve(t, s, "a@example.com", "10.0.0.1", now)
	if h2.Wait < 2*h.Wait-3*time.Second {
		t.Errorf("delay did not grow: %v then %v", h.Wait, h2.Wait)
	}
}

func addressLimit(t *testing.T, newStore NewStore) {
	s := newStore(t, throttle.Config{AddrFailures: 30, AddrWindow: 10 * time.Minute})
	t0 := time.Now()
	for i := 0; i < 30; i++ {
		if h := try(t, s, fmt.Sprintf("user%d@example.com", i), "192.0.2.7", t0); h.Held() {
			t.Fatalf("attempt %d held back", i+1)
		}
	}
	_, h := reserve(t, s, "fresh@example.com", "192.0.2.7", t0.Add(time.Minute))
	if !h.Held() || h.Wait < 8*time.Minute || h.Reason != throttle.ByAddress {
		t.Fatalf("31st login from one address: %+v", h)
	}
	if _, h := reserve(t, s, "fresh@example.com", "192.0.2.8", t0); h.Held() {
		t.Error("another address was held back")
	}
	if _, h := reserve(t, s, "fresh2@example.com", "192.0.2.7", t0.Add(11*time.Minute)); h.Held() {
		t.Error("the address window never ends")
	}
}

func oldFailuresForgotten(t *testing.T, newStore NewStore) {
	s := newStore(t, throttle.Config{})
	t0 := time.Now()
	try(t, s, "a", "x", t0)
	try(t, s, "a", "x", t0)
	try(t, s, "a", "x", t0.Add(time.Hour))
	if _, h := reserve(t, s, "a", "x", t0.Add(time.Hour)); h.Held() {
		t.Error("failures from an hour ago still count")
	}
}

// After its longest hold an account must not get a fresh budget: the
// failures were once forgotten as that hold ended, and the holds started
// again from 30 s, about 500 guesses a day. Now: one guess per MaxDelay,
// even fired in parallel, until the account has been quiet for Remember.
func longestHoldRepeats(t *testing.T, newStore NewStore) {
	cfg := throttle.Config{}.WithDefaults()
	const remember = 24 * time.Hour // the default Config.Remember
	s := newStore(t, throttle.Config{})
	now := time.Now().Truncate(time.Second)
	for i := 0; i < 3; i++ {
		try(t, s, "a", "10.0.0.1", now)
	}
	start, guesses := now, 3
	for cycle := 0; cycle < 40; cycle++ {
		_, h := reserve(t, s, "a", "10.0.0.1", now)
		if want := min(cfg.BaseDelay<<min(cycle, 10), cfg.MaxDelay); h.Wait != want || h.Reason != throttle.ByAccount {
			t.Fatalf("hold %d (%d guesses in %v): %+v, want %v by account", cycle+1, guesses, now.Sub(start), h, want)
		}
		// Back a second after Retry-After, as a client is, with 3
		// guesses at once, each from another address.
		now = now.Add(h.Wait + time.Second)
		got := Fire(t, 3, func(i int) (throttle.Ticket, throttle.Hold, error) {
			return s.Reserve(ctx, "a", fmt.Sprintf("10.1.%d.%d", cycle, i), now)
		})
		if len(got) != 1 {
			t.Fatalf("after hold %d (%v): %d of 3 parallel guesses went through, want 1", cycle+1, h.Wait, len(got))
		}
		if err := s.Fail(ctx, got[0], now); err != nil {
			t.Fatal(err)
		}
		guesses++
	}
	if perHour := float64(guesses) / now.Sub(start).Hours(); perHour > 5 {
		t.Errorf("%d guesses in %v: %.1f an hour", guesses, now.Sub(start), perHour)
	}
	last := now
	// Still remembered well after the longest hold: one guess at a time.
	now = last.Add(remember - time.Minute)
	got := Fire(t, 3, func(i int) (throttle.Ticket, throttle.Hold, error) {
		return s.Reserve(ctx, "a", fmt.Sprintf("10.2.0.%d", i), now)
	})
	if len(got) != 1 {
		t.Fatalf("%v after the last failure: %d of 3 parallel guesses went through, want 1", now.Sub(last), len(got))
	}
	if err := s.Release(ctx, got[0]); err != nil {
		t.Fatal(err)
	}
	// Quiet for Remember: forgotten, the full budget again.
	now = last.Add(remember + time.Second)
	if got := Fire(t, 5, func(i int) (throttle.Ticket, throttle.Hold, error) {
		return s.Reserve(ctx, "a", fmt.Sprintf("10.3.0.%d", i), now)
	}); len(got) != cfg.LoginFailures {
		t.Errorf("quiet for %v: %d of 5 parallel guesses went through, want %d", now.Sub(last), len(got), cfg.LoginFailures)
	}
}

func successForgets(t *testing.T, newStore NewStore) {
	s := newStore(t, throttle.Config{})
	now := time.Now()
	try(t, s, "a", "x", now)
	try(t, s, "a", "x", now)
	tk, _ := reserve(t, s, "a", "x", now)
	if err := s.Succeed(ctx, tk); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		if h := try(t, s, "a", "x", now); h.Held() {
			t.Fatalf("after a success, failure %d held back: the count did not restart", i+1)
		}
	}
	if _, h := reserve(t, s, "a", "x", now); !h.Held() {
		t.Error("3 failures after a success: not held back")
	}
}

func releaseGivesBack(t *testing.T, newStore NewStore) {
	s := newStore(t, throttle.Config{AddrFailures: 5})
	now := time.Now()
	var tickets []throttle.Ticket
	for i := 0; i < 3; i++ {
		tk, h := reserve(t, s, "a", "x", now)
		if h.Held() {
			t.Fatalf("reservation %d held back", i+1)
		}
		tickets = append(tickets, tk)
	}
	if _, h := reserve(t, s, "a", "x", now); !h.Held() || h.Reason != throttle.AccountBusy {
		t.Fatalf("3 attempts in flight, a 4th: %+v, want held by the account's attempts in flight", h)
	}
	if err := s.Release(ctx, tickets[0]); err != nil {
		t.Fatal(err)
	}
	tk, h := reserve(t, s, "a", "x", now)
	if h.Held() {
		t.Fatal("a released attempt was not given back")
	}
	// The address counts attempts in flight too: 3 + 1 here, and 2 more
	// from other logins reach its 5.
	tickets = append(tickets[1:], tk)
	reserve(t, s, "b", "x", now)
	reserve(t, s, "c", "x", now)
	if _, h := reserve(t, s, "d", "x", now); !h.Held() || h.Reason != throttle.AddressBusy {
		t.Fatalf("5 attempts in flight from one address, a 6th: %+v, want held by the address's attempts in flight", h)
	}
	for _, tk := range tickets {
		if err := s.Succeed(ctx, tk); err != nil {
			t.Fatal(err)
		}
	}
	if _, h := reserve(t, s, "d", "x", now); h.Held() {
		t.Error("successes did not give the address's attempts back")
	}
}

// An attempt held back only by others in flight says so, with a short
// wait, and is never taken for a failure; failures win over it, and once
// those in flight have failed the next attempt is held back by failures,
// with the real delay.
func inFlightIsNotAFailure(t *testing.T, newStore NewStore) {
	s := newStore(t, throttle.Config{AddrFailures: 5})
	now := time.Now()
	busy := func(h throttle.Hold, want throttle.Reason, what string) {
		t.Helper()
		if h.Reason != want || h.Wait != throttle.BusyWait || !h.Reason.Busy() {
			t.Fatalf("%s: %+v, want held %v by attempts in flight", what, h, throttle.BusyWait)
		}
	}
	var tickets []throttle.Ticket
	for range 3 {
		tk, _ := reserve(t, s, "a", "10.0.0.1", now)
		tickets = append(tickets, tk)
	}
	_, h := reserve(t, s, "a", "10.0.0.2", now)
	busy(h, throttle.AccountBusy, "3 attempts in flight for an account, a 4th")
	for _, tk := range tickets {
		if err := s.Fail(ctx, tk, now); err != nil {
			t.Fatal(err)
		}
	}
	_, h = reserve(t, s, "a", "10.0.0.2", now)
	if h.Reason != throttle.ByAccount || h.Wait < 30*time.Second || h.Reason.Busy() {
		t.Fatalf("the 3 failed, a 4th: %+v, want held by the account's failures, 30 s", h)
	}
	// Past the limit and the delay, one try at a time: the second is
	// held by the first, in flight.
	now = now.Add(h.Wait)
	first, h := reserve(t, s, "a", "10.0.0.3", now)
	if h.Held() {
		t.Fatalf("after the delay: %+v", h)
	}
	_, h = reserve(t, s, "a", "10.0.0.4", now)
	busy(h, throttle.AccountBusy, "past the limit, one try in flight, another")
	if err := s.Succeed(ctx, first); err != nil {
		t.Fatal(err)
	}

	// The address: 5 attempts in flight (its budget), then failures.
	tickets = tickets[:0]
	for i := range 5 {
		tk, h := reserve(t, s, fmt.Sprintf("u%d", i), "192.0.2.1", now)
		if h.Held() {
			t.Fatalf("address, attempt %d: %+v", i+1, h)
		}
		tickets = append(tickets, tk)
	}
	_, h = reserve(t, s, "fresh", "192.0.2.1", now)
	busy(h, throttle.AddressBusy, "5 attempts in flight from an address, a 6th")
	// Failures of the account win over the address's attempts in flight.
	for range 3 {
		try(t, s, "b", "10.0.1.1", now)
	}
	if _, h = reserve(t, s, "b", "192.0.2.1", now); h.Reason != throttle.ByAccount {
		t.Fatalf("an account held by failures, from a busy address: %+v, want held by the account's failures", h)
	}
	for _, tk := range tickets {
		if err := s.Fail(ctx, tk, now); err != nil {
			t.Fatal(err)
		}
	}
	_, h = reserve(t, s, "fresh", "192.0.2.1", now)
	if h.Reason != throttle.ByAddress || h.Wait < 9*time.Minute {
		t.Fatalf("the 5 failed, a 6th: %+v, want held by the address's failures, 10 min", h)
	}
}

func pendingExpires(t *testing.T, newStore NewStore) {
	s := newStore(t, throttle.Config{Pending: time.Minute})
	now := time.Now()
	for i := 0; i < 3; i++ {
		reserve(t, s, "a", "x", now) // never settled: the instance died
	}
	if _, h := reserve(t, s, "a", "x", now.Add(30*time.Second)); !h.Held() {
		t.Fatal("3 attempts in flight: a 4th went through")
	}
	if _, h := reserve(t, s, "a", "x", now.Add(61*time.Second)); h.Held() {
		t.Error("attempts never settled hold the account forever")
	}
}

func learntAddresses(t *testing.T, newStore NewStore) {
	s := newStore(t, throttle.Config{})
	now := time.Now()
	acct := "jmartin@example.com"
	if err := s.Learn(ctx, acct, []string{acct, "Jeanne.Martin@example.com", "jeanne@example.com", "jm@example.fr"}, now); err != nil {
		t.Fatal(err)
	}
	for _, login := range []string{"jeanne.martin@example.com", "jeanne@example.com", "jm@example.fr"} {
		if h := try(t, s, login, "10.0.0.1", now); h.Held() {
			t.Fatalf("%s held back too early", login)
		}
	}
	for _, login := range []string{acct, "jeanne@example.com"} {
		if _, h := reserve(t, s, login, "10.0.0.2", now); !h.Held() || h.Reason != throttle.ByAccount {
			t.Errorf("3 failures across one account's addresses, then %s: %+v, want held", login, h)
		}
	}
	if _, h := reserve(t, s, "someone@example.com", "10.0.0.2", now); h.Held() {
		t.Error("an unrelated login was held back")
	}
}

// Fire runs f n times at once and returns the reservations that went
// through (f's errors fail t).
func Fire(t *testing.T, n int, f func(i int) (throttle.Ticket, throttle.Hold, error)) []throttle.Ticket {
	t.Helper()
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		tickets []throttle.Ticket
		start   = make(chan struct{})
	)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			tk, h, err := f(i)
			if err != nil {
				t.Error(err)
				return
			}
			if !h.Held() {
				mu.Lock()
				tickets = append(tickets, tk)
				mu.Unlock()
			}
		}()
	}
	close(start)
	wg.Wait()
	return tickets
}

func parallelPerAccount(t *testing.T, newStore NewStore) {
	s := newStore(t, throttle.Config{})
	now := time.Now()
	got := Fire(t, 50, func(int) (throttle.Ticket, throttle.Hold, error) { return s.Reserve(ctx, "a", "x", now) })
	if len(got) != 3 {
		t.Fatalf("50 attempts at once for one account: %d went through, want 3", len(got))
	}
	for _, tk := range got {
		if err := s.Fail(ctx, tk, now); err != nil {
			t.Fatal(err)
		}
	}
	if _, h := reserve(t, s, "a", "y", now); !h.Held() || h.Wait < 30*time.Second {
		t.Errorf("after 3 failures: %+v", h)
	}
}

func parallelPerAddress(t *testing.T, newStore NewStore) {
	s := newStore(t, throttle.Config{AddrFailures: 10})
	now := time.Now()
	got := Fire(t, 60, func(i int) (throttle.Ticket, throttle.Hold, error) {
		return s.Reserve(ctx, fmt.Sprintf("u%d", i), "x", now)
	})
	if len(got) != 10 {
		t.Fatalf("60 logins at once from one address: %d went through, want 10", len(got))
	}
}

func parallelFailures(t *testing.T, newStore NewStore) {
	s := newStore(t, throttle.Config{AddrFailures: 40})
	now := time.Now()
	// 40 distinct logins from one address, each reserved and failed at
	// once: every failure must count, none lost to a race.
	Fire(t, 40, func(i int) (throttle.Ticket, throttle.Hold, error) {
		tk, h, err := s.Reserve(ctx, fmt.Sprintf("u%d", i), "x", now)
		if err == nil && !h.Held() {
			err = s.Fail(ctx, tk, now)
		}
		return tk, h, err
	})
	if _, h := reserve(t, s, "fresh", "x", now); !h.Held() || h.Reason != throttle.ByAddress {
		t.Errorf("40 failures at once, then a 41st attempt: %+v, want held by address", h)
	}
}

func parallelLearnt(t *testing.T, newStore NewStore) {
	s := newStore(t, throttle.Config{})
	now := time.Now()
	addrs := []string{"acct@example.com", "first.last@example.com", "alias@example.com"}
	if err := s.Learn(ctx, "acct@example.com", addrs, now); err != nil {
		t.Fatal(err)
	}
	got := Fire(t, 45, func(i int) (throttle.Ticket, throttle.Hold, error) {
		return s.Reserve(ctx, addrs[i%3], fmt.Sprintf("10.0.0.%d", i), now)
	})
	if len(got) != 3 {
		t.Errorf("45 attempts at once across one account's 3 addresses: %d went through, want 3", len(got))
	}
}

// Attempts fired together for one account (the right password from
// twelve tabs): as many as the budget go through, the others are held by
// those in flight, none for failures; the successes leave the account
// free.
func parallelBusy(t *testing.T, newStore NewStore) {
	s := newStore(t, throttle.Config{})
	now := time.Now()
	var mu sync.Mutex
	reasons := map[throttle.Reason]int{}
	got := Fire(t, 12, func(i int) (throttle.Ticket, throttle.Hold, error) {
		tk, h, err := s.Reserve(ctx, "a", fmt.Sprintf("10.0.0.%d", i), now)
		mu.Lock()
		reasons[h.Reason]++
		mu.Unlock()
		return tk, h, err
	})
	if len(got) != 3 || reasons[throttle.AccountBusy] != 9 {
		t.Fatalf("12 attempts at once for one account: %d went through, held %v; want 3, and 9 held by attempts in flight", len(got), reasons)
	}
	for _, tk := range got {
		if err := s.Succeed(ctx, tk); err != nil {
			t.Fatal(err)
		}
	}
	if _, h := reserve(t, s, "a", "10.0.0.1", now); h.Held() {
		t.Errorf("after 3 successes: %+v", h)
	}
}

func parallelMixed(t *testing.T, newStore NewStore) {
	s := newStore(t, throttle.Config{AddrFailures: 1000})
	now := time.Now()
	// 30 accounts, each with two failures and one success at once, in
	// any order: whatever the order, an account ends with at most two
	// failures counted, so its next attempt goes through.
	Fire(t, 90, func(i int) (throttle.Ticket, throttle.Hold, error) {
		login := fmt.Sprintf("u%d", i/3)
		tk, h, err := s.Reserve(ctx, login, "x", now)
		if err != nil || h.Held() {
			return tk, h, err
		}
		if i%3 == 0 {
			return tk, h, s.Succeed(ctx, tk)
		}
		return tk, h, s.Fail(ctx, tk, now)
	})
	for i := 0; i < 30; i++ {
		login := fmt.Sprintf("u%d", i)
		if _, h := reserve(t, s, login, "x", now); h.Held() {
			t.Errorf("%s: held back after at most two failures", login)
		}
	}
}
