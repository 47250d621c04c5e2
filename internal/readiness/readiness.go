// Package readiness says whether the portal can serve its users now:
// BlueMind answered recently and the configuration suits the BlueMind it
// answers for. BlueMind is asked in the background, once per interval,
// whatever the number of readiness requests: a load balancer polling
// every second from ten places must not become ten requests a second to
// BlueMind.
package readiness

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"imsetup/internal/bluemind"
	"imsetup/internal/duration"
)

// NotReady starts /readyz's answer when the portal is not ready; the
// reason follows.
const NotReady = "not ready: "

// DefaultInterval is how often BlueMind is asked.
const DefaultInterval = 15 * time.Second

// Options are what a Checker needs.
type Options struct {
	// Ping asks BlueMind's installation/_infos now (bluemind.Client.Ping).
	Ping func(context.Context) (bluemind.Infos, error)
	// Check says whether the configuration suits the BlueMind that
	// answered (config.Config.Sound); nil accepts any.
	Check    func(bluemind.Infos) error
	Interval time.Duration // default DefaultInterval
	// MaxAge is how old BlueMind's last answer may be and still count as
	// recent; default three intervals, so that one slow or lost answer
	// does not take the portal out of rotation.
	MaxAge time.Duration
	Logger *slog.Logger
}

// Checker remembers the last answers; Ready reads them without asking
// anyone. It is safe for concurrent use.
type Checker struct {
	opts Options
	now  func() time.Time

	mu      sync.Mutex
	lastOK  time.Time // BlueMind's last answer
	problem error     // the configuration against BlueMind's last answer
	asked   int
	state   string // the kind of state last logged, to log changes only
	failing bool   // the last ask failed
}

// New makes a Checker; call Run to start asking.
func New(o Options) *Checker {
	if o.Interval <= 0 {
		o.Interval = DefaultInterval
	}
	if o.MaxAge <= 0 {
		o.MaxAge = 3 * o.Interval
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return &Checker{opts: o, now: time.Now}
}

// Run asks BlueMind at once, then once per interval, until ctx ends.
func (c *Checker) Run(ctx context.Context) {
	t := time.NewTicker(c.opts.Interval)
	defer t.Stop()
	for {
		c.ask(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// ask is one question to BlueMind, bounded by the interval so that asks
// never pile up.
func (c *Checker) ask(ctx context.Context) {
	actx, cancel := context.WithTimeout(ctx, c.opts.Interval)
	defer cancel()
	in, err := c.opts.Ping(actx)
	if ctx.Err() != nil {
		return // stopping
	}
	var problem error
	if err == nil && c.opts.Check != nil {
		problem = c.opts.Check(in)
	}
	c.mu.Lock()
	c.asked++
	if err == nil {
		c.lastOK, c.problem = c.now(), problem
	}
	c.mu.Unlock()
	c.logChange(err, in.SoftwareVersion)
}

// Ready says whether the portal is ready and, if not, why, in words for
// the administrator reading a load balancer's status. It never asks
// BlueMind.
func (c *Checker) Ready() (bool, string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ready, reason, _ := c.readyLocked()
	return ready, reason
}

// readyLocked also names the kind of state, which stays the same while
// the reason's wording moves on (a growing duration).
func (c *Checker) readyLocked() (ready bool, reason, state string) {
	switch {
	case c.asked == 0:
		return false, "BlueMind has not been asked yet: the portal is starting", "starting"
	case c.lastOK.IsZero():
		return false, "BlueMind has not answered since the portal started (the log says why)", "never"
	case c.now().Sub(c.lastOK) > c.opts.MaxAge:
		return false, fmt.Sprintf("BlueMind has not answered for %s (the log says why)", duration.Format(c.now().Sub(c.lastOK).Round(time.Second))), "stale"
	case c.problem != nil:
		return false, c.problem.Error(), "config: " + c.problem.Error()
	}
	return true, "ok", "ok"
}

// logChange tells the administrator when readiness changes, once, with
// BlueMind's error: the readiness answer itself stays short.
// The first answer or failure is the start-up line an administrator looks
// for: whether BlueMind answers, and its version.
func (c *Checker) logChange(err error, version string) {
	c.mu.Lock()
	ready, reason, state := c.readyLocked()
	changed := state != c.state
	c.state = state
	firstFailure := err != nil && !c.failing
	c.failing = err != nil
	c.mu.Unlock()
	switch {
	case !changed && firstFailure && ready:
		c.opts.Logger.Warn("BlueMind did not answer the readiness check; still ready while its last answer is recent",
			"max_age", c.opts.MaxAge.String(), "cause", err)
	case !changed:
	case ready:
		c.opts.Logger.Info("ready: BlueMind answers", "version", version)
	case state == "never":
		c.opts.Logger.Warn("not ready: BlueMind does not answer (it has not answered since the portal started): users cannot log in until it does, and the pages tell them so; run `imsetup check` to see why", "cause", err)
	case err != nil:
		c.opts.Logger.Warn("not ready", "reason", reason, "cause", err)
	default:
		c.opts.Logger.Warn("not ready", "reason", reason)
	}
}
