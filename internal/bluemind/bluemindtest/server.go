package bluemindtest

import (
	"net/http"
	"sync"
	"time"
)

// adminDomain is where BlueMind looks up a login without "@".
const adminDomain = "global.virt"

// sessionIdle is how long BlueMind keeps an unused session.
const sessionIdle = 20 * time.Minute

// Options describe the emulated installation.
type Options struct {
	Version       string // softwareVersion; default "4.9.2"
	ReleaseName   string // releaseName; default "BlueMind " + Version
	DefaultDomain string // _infos' defaultDomain; "" answers null
	Accounts      []Account
	// BruteForce plays BlueMind's optional plugin: after 3 wrong passwords
	// in 20 s a login gets "Bad" even with the right password.
	BruteForce bool
	// SlowDelay is how long FailureSlow stalls before answering normally
	// (unless the client gives up first); default 30 s.
	SlowDelay time.Duration
}

// Server is the emulated BlueMind; it is safe for concurrent use.
type Server struct {
	opts Options
	now  func() time.Time // replaced in tests

	mu        sync.Mutex
	byAddress map[string]*Account
	sessions  map[string]*session
	failed    map[string][]time.Time // wrong-password times per latd
	attempts  int
	calls     map[string]int // per "METHOD /path"
	failure   Failure
	delay     time.Duration // before each login answer
}

type session struct {
	acct     *Account
	expired  bool // opened with an expired password
	lastUsed time.Time
}

// New builds a Server holding copies of o.Accounts.
func New(o Options) *Server {
	if o.Version == "" {
		o.Version = "4.9.2"
	}
	if o.ReleaseName == "" {
		o.ReleaseName = "BlueMind " + o.Version
	}
	if o.SlowDelay <= 0 {
		o.SlowDelay = 30 * time.Second
	}
	s := &Server{opts: o, now: time.Now, byAddress: map[string]*Account{},
		sessions: map[string]*session{}, failed: map[string][]time.Time{}, calls: map[string]int{}}
	for _, a := range o.Accounts {
		if a.Routing == "" {
			a.Routing = "internal"
		}
		if a.AccountType == "" {
			a.AccountType = "FULL"
		}
		for _, addr := range a.addresses() {
			s.byAddress[addr] = &a
		}
	}
	s.opts.Accounts = nil
	return s
}

// NewDemo is the demo installation: DemoAccounts, with example.com as
// the default domain so bare logins work.
func NewDemo() *Server {
	return New(Options{DefaultDomain: DemoDomain, Accounts: DemoAccounts()})
}

// ServeHTTP routes like BlueMind: exact paths, and 500 for anything it
// does not know.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-cache, no-store, must-revalidate")
	route := r.Method + " " + r.URL.Path
	s.mu.Lock()
	s.calls[route]++
	if route == "POST /api/auth/login" {
		s.attempts++
	}
	s.mu.Unlock()
	if s.fail(w, r) {
		return
	}
	switch route {
	case "POST /api/auth/login":
		s.login(w, r)
	case "POST /api/auth/logout":
		s.logout(w, r)
	case "GET /api/auth":
		s.authUser(w, r)
	case "GET /api/system/installation/_infos":
		s.infos(w)
	default:
		fault(w, http.StatusInternalServerError, "UNKNOWN", "no route for "+r.Method+" "+r.URL.Path, false)
	}
}

// LoginAttempts counts the POST /api/auth/login received, failed or not.
func (s *Server) LoginAttempts() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.attempts
}

// Calls counts the requests received for one route, such as
// "GET /api/system/installation/_infos", whatever their answer.
func (s *Server) Calls(route string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[route]
}

// SetLoginDelay makes every login answer take d longer, as a loaded
// BlueMind does: long enough for requests fired together to overlap.
func (s *Server) SetLoginDelay(d time.Duration) {
	s.mu.Lock()
	s.delay = d
	s.mu.Unlock()
}

// ActiveSessions counts the keys neither logged out nor expired.
func (s *Server) ActiveSessions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, ss := range s.sessions {
		if s.now().Sub(ss.lastUsed) < sessionIdle {
			n++
		}
	}
	return n
}

func (s *Server) infos(w http.ResponseWriter) {
	var domain *string
	if s.opts.DefaultDomain != "" {
		domain = &s.opts.DefaultDomain
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"defaultDomain":   domain,
		"softwareVersion": s.opts.Version,
		"releaseName":     s.opts.ReleaseName,
	})
}
