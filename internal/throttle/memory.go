package throttle

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"slices"
	"strings"
	"sync"
	"time"
)

// Memory is the Store of a single instance. Memory is bounded: an
// attacker sending millions of logins evicts old entries instead of
// growing the maps.
type Memory struct {
	cfg     Config
	mu      sync.Mutex
	logins  *lru[account]
	addrs   *lru[address]
	aliases *lru[alias]
}

type account struct {
	failures int
	last     time.Time // last failure
	until    time.Time // held back until then
	pending  []pending
}

type address struct {
	failures int
	first    time.Time // start of the window; zero when no failure counts
	pending  []pending
}

type alias struct {
	account string
	until   time.Time
}

// pending is a reserved attempt whose outcome is not known yet.
type pending struct {
	id    string
	until time.Time // counted no longer, should it never be settled
}

// NewMemory returns an in-process store with cfg's limits.
func NewMemory(cfg Config) *Memory {
	cfg = cfg.WithDefaults()
	return &Memory{cfg: cfg, logins: newLRU[account](cfg.MaxEntries),
		addrs: newLRU[address](cfg.MaxEntries), aliases: newLRU[alias](cfg.MaxEntries)}
}

// Reserve implements Store.
func (m *Memory) Reserve(_ context.Context, login, addr string, now time.Time) (Ticket, Hold, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t := Ticket{ID: NewTicketID(), Account: m.resolve(login, now), Addr: addr}
	acct, ad := m.logins.peek(t.Account), m.addrs.peek(addr)
	var waitAcct, waitAddr time.Duration
	var busyAcct, busyAddr bool
	if acct != nil {
		acct.expire(m.cfg, now)
		switch {
		case now.Before(acct.until):
			waitAcct = acct.until.Sub(now)
		case len(acct.pending) >= m.cfg.allowance(acct.failures):
			busyAcct = true
		}
	}
	if ad != nil {
		ad.expire(m.cfg, now)
		switch {
		case ad.failures >= m.cfg.AddrFailures:
			waitAddr = ad.first.Add(m.cfg.AddrWindow).Sub(now)
		case ad.failures+len(ad.pending) >= m.cfg.AddrFailures:
			busyAddr = true
		}
	}
	if h := NewHold(waitAcct, waitAddr, busyAcct, busyAddr); h.Held() {
		return Ticket{}, h, nil
	}
	p := pending{id: t.ID, until: now.Add(m.cfg.Pending)}
	acct, ad = m.logins.getOrAdd(t.Account), m.addrs.getOrAdd(addr)
	acct.pending = append(acct.pending, p)
	ad.pending = append(ad.pending, p)
	return t, Hold{}, nil
}

// Fail implements Store.
func (m *Memory) Fail(_ context.Context, t Ticket, now time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	acct := m.logins.getOrAdd(t.Account)
	acct.pending = settle(acct.pending, t.ID)
	if now.Sub(acct.last) > m.cfg.forgetAfter(acct.failures) {
		acct.failures, acct.until = 0, time.Time{}
	}
	acct.failures++
	acct.last = now
	if over := acct.failures - m.cfg.LoginFailures; over >= 0 {
		acct.until = now.Add(m.cfg.delay(over))
	}
	ad := m.addrs.getOrAdd(t.Addr)
	ad.pending = settle(ad.pending, t.ID)
	if ad.first.IsZero() || now.Sub(ad.first) >= m.cfg.AddrWindow {
		ad.failures, ad.first = 0, now
	}
	ad.failures++
	return nil
}

// Succeed implements Store.
func (m *Memory) Succeed(_ context.Context, t Ticket) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if acct := m.logins.peek(t.Account); acct != nil {
		acct.pending = settle(acct.pending, t.ID)
		acct.failures, acct.until, acct.last = 0, time.Time{}, time.Time{}
		if len(acct.pending) == 0 {
			m.logins.remove(t.Account)
		}
	}
	m.releaseAddr(t)
	return nil
}

// Release implements Store.
func (m *Memory) Release(_ context.Context, t Ticket) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if acct := m.logins.peek(t.Account); acct != nil {
		acct.pending = settle(acct.pending, t.ID)
	}
	m.releaseAddr(t)
	return nil
}

func (m *Memory) releaseAddr(t Ticket) {
	if ad := m.addrs.peek(t.Addr); ad != nil {
		ad.pending = settle(ad.pending, t.ID)
	}
}

// Learn implements Store.
func (m *Memory) Learn(_ context.Context, account string, addresses []string, now time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, a := range LearnableAddresses(account, addresses) {
		*m.aliases.getOrAdd(a) = alias{account: account, until: now.Add(m.cfg.Aliases)}
	}
	return nil
}

// resolve is the account a login is a learnt address of, else the login.
func (m *Memory) resolve(login string, now time.Time) string {
	if a := m.aliases.peek(login); a != nil && now.Before(a.until) {
		return a.account
	}
	return login
}

// Len reports how many accounts, addresses and learnt aliases are
// remembered.
func (m *Memory) Len() (accounts, addrs, aliases int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.logins.len(), m.addrs.len(), m.aliases.len()
}

// expire drops what no longer counts: attempts in flight past their
// time, and failures older than Forget (Remember once they reached the
// limit).
func (a *account) expire(cfg Config, now time.Time) {
	a.pending = dropStale(a.pending, now)
	if !a.last.IsZero() && now.Sub(a.last) > cfg.forgetAfter(a.failures) {
		a.failures, a.until, a.last = 0, time.Time{}, time.Time{}
	}
}

func (a *address) expire(cfg Config, now time.Time) {
	a.pending = dropStale(a.pending, now)
	if !a.first.IsZero() && now.Sub(a.first) >= cfg.AddrWindow {
		a.failures, a.first = 0, time.Time{}
	}
}

func dropStale(ps []pending, now time.Time) []pending {
	return slices.DeleteFunc(ps, func(p pending) bool { return !now.Before(p.until) })
}

func settle(ps []pending, id string) []pending {
	return slices.DeleteFunc(ps, func(p pending) bool { return p.id == id })
}

// MaxLearnt bounds the addresses learnt from one login. A person's
// account has a handful, a shared or role account may have hundreds; the
// bound only keeps a runaway answer (BlueMind's may be up to 1 MiB, tens
// of thousands of addresses) from flooding the store. An account with more
// shares its budget across the first MaxLearnt BlueMind lists and the
// login typed (docs/security.md).
const MaxLearnt = 1000

// LearnableAddresses are the distinct, lower-cased addresses worth
// mapping to account (not account itself), at most MaxLearnt.
func LearnableAddresses(account string, addresses []string) []string {
	var out []string
	for _, a := range addresses {
		a = strings.ToLower(strings.TrimSpace(a))
		if a == "" || a == account || slices.Contains(out, a) {
			continue
		}
		if out = append(out, a); len(out) == MaxLearnt {
			break
		}
	}
	return out
}

// NewTicketID is a random id, unique across instances sharing a store.
func NewTicketID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
