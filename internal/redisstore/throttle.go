package redisstore

import (
	"context"
	"errors"
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
// limit) or the window, then either
// return the waits (account, address; milliseconds) or reserve on both.
var reserveScript = redis.NewScript(`
local now = tonumber(ARGV[1])
local loginMax, base, maxDelay, forget = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local addrMax, window, pendingTTL, remember = tonumber(ARGV[7]), tonumber(ARGV[8]), tonumber(ARGV[9]), tonumber(ARGV[10])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', now)

local f = tonumber(redis.call('HGET', KEYS[1], 'f') or 0)
local last = tonumber(redis.call('HGET', KEYS[1], 'l') or 0)
local untl = tonumber(redis.call('HGET', KEYS[1], 'u') or 0)
local keep = forget
if f >= loginMax then keep = remember end
if last > 0 and now - last > keep then f = 0; untl = 0 end
local lp = redis.call('ZCARD', KEYS[2])
local waitAcct = 0
if now < untl then
  waitAcct = untl - now
elseif lp >= math.max(loginMax - f, 1) then
  local over = math.max(f + lp - loginMax, 0)
  waitAcct = math.min(base * 2 ^ math.min(over, 20), maxDelay)
end

local af = tonumber(redis.call('HGET', KEYS[3], 'f') or 0)
local first = tonumber(redis.call('HGET', KEYS[3], 't') or 0)
if first > 0 and now - first >= window then af = 0; first = 0 end
local ap = redis.call('ZCARD', KEYS[4])
local waitAddr = 0
if af + ap >= addrMax then
  if first == 0 then waitAddr = window else waitAddr = first + window - now end
end

if waitAcct > 0 or waitAddr > 0 then return {waitAcct, waitAddr} end
redis.call('ZADD', KEYS[2], now + pendingTTL, ARGV[2])
redis.call('PEXPIRE', KEYS[2], pendingTTL)
redis.call('ZADD', KEYS[4], now + pendingTTL, ARGV[2])
redis.call('PEXPIRE', KEYS[4], pendingTTL)
return {0, 0}
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
	waits, err := reserveScript.Run(ctx, s.rdb, s.attemptKeys(t), ms(now), t.ID,
		c.LoginFailures, dur(c.BaseDelay), dur(c.MaxDelay), dur(c.Forget),
		c.AddrFailures, dur(c.AddrWindow), dur(c.Pending), dur(c.Remember)).Int64Slice()
	if err := s.wrap(err); err != nil {
		return throttle.Ticket{}, throttle.Hold{}, err
	}
	if h := throttle.NewHold(time.Duration(waits[0])*time.Millisecond, time.Duration(waits[1])*time.Millisecond); h.Held() {
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
	if errors.Is(err, redis.Nil) {
		s.observe(nil) // no such alias: Redis answered
		return login, nil
	}
	if err := s.wrap(err); err != nil {
		return login, err
	}
	return account, nil
}
