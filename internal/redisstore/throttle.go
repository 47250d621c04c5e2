package redisstore

import (
	"context"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"

	"imsetup/internal/throttle"
)

// The keys of one attempt, in the order the scripts take them: the
// account's failures (hash f, l = last failure, u = held until), its
// attempts in flight (sorted set: ticket id → counted until), then the
// same for the client address (hash f, t = start of the window).
func (s *Store) attemptKeys(t throttle.Ticket) []string {
	return []string{
		s.key("acct", t.Account), s.key("acct-pending", t.Account),
		s.key("addr", t.Addr), s.key("addr-pending", t.Addr),
	}
}

// reserveScript follows throttle.Memory.Reserve: drop attempts in flight
// past their time and failures past Forget (Remember once they reached the
// limit) or the window, then either return the holds (the waits failures
// impose on the account and the address, in milliseconds, then 1 where
// attempts in flight fill the account's or the address's budget) or
// reserve on both.
var reserveScript = redis.NewScript(`
local now = tonumber(ARGV[1])
local loginMax, forget = tonumber(ARGV[3]), tonumber(ARGV[4])
local addrMax, window, pendingTTL, remember = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', now)

local f = tonumber(redis.call('HGET', KEYS[1], 'f') or 0)
local last = tonumber(redis.call('HGET', KEYS[1], 'l') or 0)
local untl = tonumber(redis.call('HGET', KEYS[1], 'u') or 0)
local keep = forget
if f >= loginMax then keep = remember end
if last > 0 and now - last > keep then f = 0; untl = 0 end
local lp = redis.call('ZCARD', KEYS[2])
local waitAcct, busyAcct = 0, 0
if now < untl then
  waitAcct = untl - now
elseif lp >= math.max(loginMax - f, 1) then
  busyAcct = 1
end

local af = tonumber(redis.call('HGET', KEYS[3], 'f') or 0)
local first = tonumber(redis.call('HGET', KEYS[3], 't') or 0)
if first > 0 and now - first >= window then af = 0; first = 0 end
local ap = redis.call('ZCARD', KEYS[4])
local waitAddr, busyAddr = 0, 0
if af >= addrMax then
  waitAddr = first + window - now
elseif af + ap >= addrMax then
  busyAddr = 1
end

if waitAcct > 0 or waitAddr > 0 or busyAcct > 0 or busyAddr > 0 then return {waitAcct, waitAddr, busyAcct, busyAddr} end
redis.call('ZADD', KEYS[2], now + pendingTTL, ARGV[2])
redis.call('PEXPIRE', KEYS[2], pendingTTL)
redis.call('ZADD', KEYS[4], now + pendingTTL, ARGV[2])
redis.call('PEXPIRE', KEYS[4], pendingTTL)
return {0, 0, 0, 0}
`)

// failScript follows throttle.Memory.Fail. The account's key lives as long
// as its failures are remembered.
var failScript = redis.NewScript(`
local now = tonumber(ARGV[1])
local loginMax, base, maxDelay, forget, window, remember = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])
redis.call('ZREM', KEYS[2], ARGV[2])
redis.call('ZREM', KEYS[4], ARGV[2])

local f = tonumber(redis.call('HGET', KEYS[1], 'f') or 0)
local last = tonumber(redis.call('HGET', KEYS[1], 'l') or 0)
local keep = forget
if f >= loginMax then keep = remember end
if now - last > keep then f = 0 end
f = f + 1
local untl = 0
keep = forget
if f >= loginMax then
  untl = now + math.min(base * 2 ^ math.min(f - loginMax, 20), maxDelay)
  keep = remember
end
redis.call('HSET', KEYS[1], 'f', f, 'l', now, 'u', untl)
redis.call('PEXPIRE', KEYS[1], math.max(keep, untl - now) + 1000)

local af = tonumber(redis.call('HGET', KEYS[3], 'f') or 0)
local first = tonumber(redis.call('HGET', KEYS[3], 't') or 0)
if first == 0 or now - first >= window then af = 0; first = now end
redis.call('HSET', KEYS[3], 'f', af + 1, 't', first)
redis.call('PEXPIRE', KEYS[3], first + window - now + 1000)
return 1
`)

// Reserve implements throttle.Store.
func (s *Store) Reserve(ctx context.Context, login, addr string, now time.Time) (throttle.Ticket, throttle.Hold, error) {
	account, err := s.resolve(ctx, login)
	if err != nil {
		return throttle.Ticket{}, throttle.Hold{}, err
	}
	t := throttle.Ticket{ID: throttle.NewTicketID(), Account: account, Addr: addr}
	c := s.cfg
	holds, err := reserveScript.Run(ctx, s.rdb, s.attemptKeys(t), ms(now), t.ID,
		c.LoginFailures, dur(c.Forget),
		c.AddrFailures, dur(c.AddrWindow), dur(c.Pending), dur(c.Remember)).Int64Slice()
	if err := s.wrap(err); err != nil {
		return throttle.Ticket{}, throttle.Hold{}, err
	}
	if len(holds) != 4 {
		return throttle.Ticket{}, throttle.Hold{}, s.wrap(fmt.Errorf("reserve: %d values from the script, want 4", len(holds)))
	}
	h := throttle.NewHold(time.Duration(holds[0])*time.Millisecond, time.Duration(holds[1])*time.Millisecond, holds[2] == 1, holds[3] == 1)
	if h.Held() {
		return throttle.Ticket{}, h, nil
	}
	return t, throttle.Hold{}, nil
}

// Fail implements throttle.Store.
func (s *Store) Fail(ctx context.Context, t throttle.Ticket, now time.Time) error {
	c := s.cfg
	return s.wrap(failScript.Run(ctx, s.rdb, s.attemptKeys(t), ms(now), t.ID,
		c.LoginFailures, dur(c.BaseDelay), dur(c.MaxDelay), dur(c.Forget), dur(c.AddrWindow), dur(c.Remember)).Err())
}

// Succeed implements throttle.Store.
func (s *Store) Succeed(ctx context.Context, t throttle.Ticket) error {
	k := s.attemptKeys(t)
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.Del(ctx, k[0])
		p.ZRem(ctx, k[1], t.ID)
		p.ZRem(ctx, k[3], t.ID)
		return nil
	})
	return s.wrap(err)
}

// Release implements throttle.Store.
func (s *Store) Release(ctx context.Context, t throttle.Ticket) error {
	k := s.attemptKeys(t)
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.ZRem(ctx, k[1], t.ID)
		p.ZRem(ctx, k[3], t.ID)
		return nil
	})
	return s.wrap(err)
}

// Learn implements throttle.Store: each address points to the account
// for Config.Aliases, renewed at every successful login.
func (s *Store) Learn(ctx context.Context, account string, addresses []string, _ time.Time) error {
	learn := throttle.LearnableAddresses(account, addresses)
	if len(learn) == 0 {
		return nil
	}
	_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for _, a := range learn {
			p.Set(ctx, s.key("alias", a), account, s.cfg.Aliases)
		}
		return nil
	})
	return s.wrap(err)
}

// resolve is the account a login is a learnt address of, else the login.
func (s *Store) resolve(ctx context.Context, login string) (string, error) {
	account, err := s.rdb.Get(ctx, s.key("alias", login)).Result()
	if err != nil { // redis.Nil (no such alias, which wrap takes for an answer) or Redis failed
		account = login
	}
	return account, s.wrap(err)
}
