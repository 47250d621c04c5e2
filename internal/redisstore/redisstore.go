// Package redisstore keeps the state several portal instances must share
// in Redis or Valkey: the login throttle (per account, per client
// address, the addresses learnt for each account) and the logout
// revocations. Each update is one Lua script, so instances racing on one
// counter see one count; every key expires by its own TTL, so nothing
// needs cleaning up.
//
// It needs one Redis (a primary; Sentinel or a proxy in front is fine),
// not Redis Cluster: a login's script touches the account's and the
// address's keys together.
package redisstore

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/redis/go-redis/v9/maintnotifications"

	"imsetup/internal/throttle"
)

// DefaultPrefix starts every key, so that imsetup can share a Redis
// database with other programs.
const DefaultPrefix = "imsetup:"

// Store is the shared state in one Redis database. It is safe for
// concurrent use.
type Store struct {
	rdb    *redis.Client
	cfg    throttle.Config
	prefix string
	where  string // host:port or socket, for messages; never the password

	state    atomic.Int32 // stateUnknown, stateUp or stateDown (health.go)
	changeMu sync.Mutex   // one change reported at a time
	onChange func(up bool, cause error)
}

// New connects lazily to the Redis at rawURL (redis://, rediss:// or
// unix://, as IMSETUP_REDIS_URL gives it) with the throttle's limits;
// Ping checks it is there. prefix "" means DefaultPrefix.
func New(rawURL, prefix string, cfg throttle.Config) (*Store, error) {
	opts, err := redis.ParseURL(rawURL)
	if err != nil {
		return nil, fmt.Errorf("IMSETUP_REDIS_URL: %v", redactErr(err, rawURL))
	}
	tightenTimeouts(opts, rawURL)
	// Neither CLIENT SETINFO nor maintenance notifications: older Redis
	// and Valkey answer them with errors, and the portal needs neither.
	opts.DisableIdentity = true
	opts.MaintNotificationsConfig = &maintnotifications.Config{Mode: maintnotifications.ModeDisabled}
	if prefix == "" {
		prefix = DefaultPrefix
	}
	return &Store{rdb: redis.NewClient(opts), cfg: cfg.WithDefaults(), prefix: prefix, where: opts.Addr}, nil
}

// tightenTimeouts keeps a Redis that does not answer from holding a login
// for long: a second or two, one retry, unless the URL says otherwise
// (dial_timeout=, read_timeout=, max_retries=).
func tightenTimeouts(o *redis.Options, rawURL string) {
	q := url.Values{}
	if u, err := url.Parse(rawURL); err == nil {
		q = u.Query()
	}
	if !q.Has("dial_timeout") {
		o.DialTimeout = 2 * time.Second
	}
	if !q.Has("read_timeout") {
		o.ReadTimeout = time.Second
	}
	if !q.Has("write_timeout") {
		o.WriteTimeout = time.Second
	}
	if !q.Has("max_retries") {
		o.MaxRetries = 1
	}
	if !q.Has("dialer_retries") {
		o.DialerRetries = 2
	}
}

// redactErr keeps a password in the URL out of an error message.
func redactErr(err error, rawURL string) error {
	u, perr := url.Parse(rawURL)
	if perr != nil || u.User == nil {
		return err
	}
	if pw, ok := u.User.Password(); ok && pw != "" {
		return errors.New(strings.ReplaceAll(err.Error(), pw, "xxxxx"))
	}
	return err
}

// Where names the server (host:port or socket path), for logs.
func (s *Store) Where() string { return s.where }

// Ping checks that Redis answers.
func (s *Store) Ping(ctx context.Context) error {
	return s.wrap(s.rdb.Ping(ctx).Err())
}

// Close closes the connections.
func (s *Store) Close() error { return s.rdb.Close() }

// wrap marks every failure to reach Redis as throttle.ErrUnavailable, so
// the portal refuses a login rather than let it through unthrottled. Every
// call's outcome goes through it, so it also keeps Redis's state.
func (s *Store) wrap(err error) error {
	if err == nil || errors.Is(err, redis.Nil) {
		s.observe(nil)
		return nil
	}
	s.observe(err)
	return fmt.Errorf("%w: redis at %s: %v", throttle.ErrUnavailable, s.where, err)
}

func (s *Store) key(kind, name string) string { return s.prefix + kind + ":" + name }

// ms is a time as the scripts count it: milliseconds since 1970.
func ms(t time.Time) int64 { return t.UnixMilli() }

// dur is a duration in milliseconds, at least one (a TTL of 0 is refused).
func dur(d time.Duration) int64 { return max(d.Milliseconds(), 1) }
