// Package throttle slows down password guessing before BlueMind's own
// brute-force plugin locks the user out. That plugin refuses a login after
// about 3 failures in 20 seconds, even with the right password, so the
// portal must stop earlier and wait longer: after a few failures for one
// account it refuses further tries for a delay that doubles each time,
// without asking BlueMind; and it caps the failures from one client
// address, whatever the logins.
//
// An attempt is counted before BlueMind is asked (Reserve), so requests
// fired together cannot all pass the check before the first failure is
// recorded: attempts in flight count against both limits. An attempt they
// hold back is told so (AccountBusy, AddressBusy: a few seconds), not that
// passwords were wrong; should they fail, the next is held back by their
// failures. The outcome then settles the reservation: Fail keeps it as a failure, Succeed gives it
// back and forgets the account's failures, Release gives it back when
// BlueMind itself failed (that was no guess).
//
// The state lives in a Store: Memory (one process, bounded) or a shared
// one such as Redis for several instances. Both follow the rules written
// down here, and the conformance tests in throttletest hold them to it.
package throttle

import (
	"context"
	"errors"
	"time"
)

// Config sets the limits; zero fields take the defaults.
type Config struct {
	LoginFailures int           // failures per account before it is held back (3)
	BaseDelay     time.Duration // first hold-back, doubled each further failure (30s: beyond BlueMind's 20 s window)
	MaxDelay      time.Duration // longest hold-back (15m)
	// Forget is how long after the last one an account's failures are
	// forgotten while they have not reached the limit: typos in the
	// morning do not add up with one in the afternoon (15m).
	Forget time.Duration
	// Remember is how long after the last one an account's failures are
	// forgotten once they have reached the limit (24h). Until then each
	// further guess waits the delay again, at most one per MaxDelay. It
	// must outlast MaxDelay by far: were the failures forgotten as the
	// longest hold ends, the holds would start again from BaseDelay with
	// a fresh budget, about 500 guesses a day instead of 4 an hour.
	Remember     time.Duration
	AddrFailures int           // failures per client address per AddrWindow (30)
	AddrWindow   time.Duration // (10m)
	// Pending is how long an attempt counts as in flight when its outcome
	// never comes (an instance that died while BlueMind was asked). It
	// must outlast the slowest login: BlueMind's timeout, its logout and
	// its _infos (1m).
	Pending time.Duration
	// Aliases is how long an account's learnt addresses are remembered
	// after its last successful login (30 days).
	Aliases    time.Duration
	MaxEntries int // accounts, addresses and learnt aliases remembered, each, by Memory (100000)
}

// WithDefaults fills the zero fields.
func (c Config) WithDefaults() Config {
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
	defd(&c.Remember, 24*time.Hour)
	def(&c.AddrFailures, 30)
	defd(&c.AddrWindow, 10*time.Minute)
	defd(&c.Pending, time.Minute)
	defd(&c.Aliases, 30*24*time.Hour)
	def(&c.MaxEntries, 100000)
	// Failures must not be forgotten while they still hold an account
	// back, nor as soon as its longest hold ends.
	c.Remember = max(c.Remember, 2*c.MaxDelay)
	return c
}

// forgetAfter is how long an account's failures are kept after the last
// one: Forget below the limit, Remember once it is reached.
func (c Config) forgetAfter(failures int) time.Duration {
	if failures >= c.LoginFailures {
		return c.Remember
	}
	return c.Forget
}

// Store keeps the counters. Every method is atomic: two instances sharing
// a store see one count.
type Store interface {
	// Reserve counts an attempt for login (or the account it is a learnt
	// address of) and addr before BlueMind is asked. When a limit is
	// reached it reserves nothing and says how long to wait.
	Reserve(ctx context.Context, login, addr string, now time.Time) (Ticket, Hold, error)
	// Fail keeps the reservation as a failure: a wrong password or an
	// unknown login.
	Fail(ctx context.Context, t Ticket, now time.Time) error
	// Succeed gives the reservation back and forgets the account's
	// failures: the right password after the delay works, and the next
	// typo starts from zero.
	Succeed(ctx context.Context, t Ticket) error
	// Release gives the reservation back without a verdict: BlueMind did
	// not answer.
	Release(ctx context.Context, t Ticket) error
	// Learn records that each of addresses logs in to account (what
	// BlueMind said at a successful login), so that failures typed with
	// any of them share the account's budget.
	Learn(ctx context.Context, account string, addresses []string, now time.Time) error
}

// Ticket is an attempt reserved by Reserve, to be settled once.
type Ticket struct {
	ID      string // unique per attempt
	Account string // the budget it counts against: a learnt account, else the login
	Addr    string
}

// Reason says which limit held an attempt back, and why.
type Reason int

// The limits. An attempt is held back either by failures, or by attempts
// in flight: those fill what the failures leave of a budget, since they
// may all fail, though none has yet. A user whose right password is held
// back by the second kind (parallel logins, a double click) must not be
// told of wrong passwords: they need only wait for the answers in flight.
const (
	ByAccount   Reason = iota + 1 // too many failures for this account
	ByAddress                     // too many failures from this client address
	AccountBusy                   // attempts in flight for this account fill what its failures leave
	AddressBusy                   // attempts in flight from this client address fill what its failures leave
)

// Busy reports whether the hold is by attempts in flight, not failures.
func (r Reason) Busy() bool { return r == AccountBusy || r == AddressBusy }

// BusyWait is how long an attempt held back by attempts in flight is told
// to wait: a login usually takes BlueMind under a second. It is advice,
// not a limit: were those attempts to fail, the next try is held back by
// their failures, with the real delay.
const BusyWait = 5 * time.Second

// Hold is Reserve's refusal; the zero Hold lets the attempt through.
type Hold struct {
	Wait   time.Duration // whole seconds, at least one
	Reason Reason
}

// Held reports whether the attempt was refused.
func (h Hold) Held() bool { return h.Wait > 0 }

// ErrUnavailable wraps a store that cannot be reached: the caller must
// refuse the login rather than let it through unthrottled.
var ErrUnavailable = errors.New("throttle: store unavailable")

// NewHold turns what the two limits say into the Hold to answer: the
// waits their failures impose (zero when none), and whether attempts in
// flight fill them. Failures win, the longer wait first, rounded up to
// whole seconds so that a client retrying at Retry-After is not refused
// again by a fraction of a second; then attempts in flight, the account's
// first.
func NewHold(account, addr time.Duration, accountBusy, addrBusy bool) Hold {
	ceil := func(d time.Duration) time.Duration { return (d + time.Second - 1).Truncate(time.Second) }
	switch {
	case account > 0 && account >= addr:
		return Hold{Wait: ceil(account), Reason: ByAccount}
	case addr > 0:
		return Hold{Wait: ceil(addr), Reason: ByAddress}
	case accountBusy:
		return Hold{Wait: BusyWait, Reason: AccountBusy}
	case addrBusy:
		return Hold{Wait: BusyWait, Reason: AddressBusy}
	}
	return Hold{}
}

// delay is the hold-back after the nth failure beyond the limit (over =
// 0 for the failure that reaches it): BaseDelay, doubled each time, at
// most MaxDelay.
func (c Config) delay(over int) time.Duration {
	return min(c.BaseDelay<<min(over, 20), c.MaxDelay)
}

// allowance is how many attempts an account may have in flight: what is
// left of its budget, or one try at a time once the limit is reached (each
// after its delay).
func (c Config) allowance(failures int) int {
	return max(c.LoginFailures-failures, 1)
}
