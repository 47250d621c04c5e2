package bluemind

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"imsetup/internal/bluemind/bluemindtest"
)

// emulated starts the emulator over HTTP and a client pointing at it.
// A zero o.Accounts means the demo accounts.
func emulated(t *testing.T, o bluemindtest.Options, co Options) (*Client, *bluemindtest.Server) {
	t.Helper()
	if o.Accounts == nil {
		o.Accounts = bluemindtest.DemoAccounts()
	}
	s := bluemindtest.New(o)
	return client(t, s, co), s
}

// client starts h as an HTTP server and a client pointing at it.
func client(t *testing.T, h http.Handler, co Options) *Client {
	t.Helper()
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	co.BaseURL = ts.URL
	if co.Logger == nil {
		co.Logger = slog.New(slog.DiscardHandler)
	}
	c, err := New(co)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// counter wraps a handler and counts requests per path; override, when
// set, answers instead for the paths it returns true for.
type counter struct {
	next     http.Handler
	override func(w http.ResponseWriter, r *http.Request) bool
	mu       sync.Mutex
	hits     map[string]int
}

func (c *counter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c.mu.Lock()
	if c.hits == nil {
		c.hits = map[string]int{}
	}
	c.hits[r.URL.Path]++
	c.mu.Unlock()
	if c.override != nil && c.override(w, r) {
		return
	}
	c.next.ServeHTTP(w, r)
}

func (c *counter) count(path string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hits[path]
}

// syncBuffer is a log sink safe for the client's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// mustNotLeak fails when text holds one of the secrets.
func mustNotLeak(t *testing.T, text string, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		if s != "" && strings.Contains(text, s) {
			t.Errorf("%q leaks a secret: %q", text, s)
		}
	}
}
