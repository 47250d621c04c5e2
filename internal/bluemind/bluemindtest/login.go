package bluemindtest

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// Brute-force plugin: this many wrong passwords within the window lock
// a login out.
const (
	bruteForceMax    = 3
	bruteForceWindow = 20 * time.Second
)

// loginAnswer is the login response: every field present, null when absent.
type loginAnswer struct {
	Status   string    `json:"status"`
	Message  *string   `json:"message"`
	AuthKey  *string   `json:"authKey"`
	Latd     *string   `json:"latd"`
	AuthUser *authUser `json:"authUser"`
}

// login answers every outcome with HTTP 200; only a body it cannot read
// is an error.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	password, err := readPassword(r)
	if err != nil {
		fault(w, http.StatusInternalServerError, "UNKNOWN", err.Error(), true)
		return
	}
	s.mu.Lock()
	delay := s.delay
	s.mu.Unlock()
	if delay > 0 {
		t := time.NewTimer(delay)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
		}
	}
	s.mu.Lock()
	ans := s.authenticate(r.URL.Query().Get("login"), password)
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, ans)
}

// readPassword takes the raw body only for the exact type text/plain;
// anything else must be a JSON string literal.
func readPassword(r *http.Request) (string, error) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		return "", err
	}
	if r.Header.Get("Content-Type") == "text/plain" {
		return string(body), nil
	}
	var p *string
	if err := json.Unmarshal(body, &p); err != nil {
		return "", fmt.Errorf("cannot decode the body as a JSON string: %v", err)
	}
	if p == nil {
		return "", nil
	}
	return *p, nil
}

// authenticate plays BlueMind's decision; s.mu is held.
func (s *Server) authenticate(typed, password string) loginAnswer {
	bad := "Result auth is NO for login: " + typed
	refuse := loginAnswer{Status: "Bad", Message: &bad}
	if typed == "" || password == "" {
		return refuse
	}
	addr := strings.ToLower(typed)
	if !strings.Contains(addr, "@") {
		addr += "@" + adminDomain
	}
	a := s.byAddress[addr]
	if a == nil {
		return refuse
	}
	latd := a.latd()
	if s.locked(latd) {
		return refuse
	}
	if password != a.Password {
		s.failed[latd] = append(s.failed[latd], s.now())
		return refuse
	}
	if a.Archived {
		return refuse
	}
	key := newKey()
	s.sessions[key] = &session{acct: a, expired: a.Expired, lastUsed: s.now()}
	u := newAuthUser(a, a.Expired)
	ans := loginAnswer{Status: "Ok", AuthKey: &key, Latd: &latd, AuthUser: &u}
	if a.Expired {
		ans.Status = "Expired"
	}
	return ans
}

// locked says whether the brute-force plugin refuses latd right now.
func (s *Server) locked(latd string) bool {
	if !s.opts.BruteForce {
		return false
	}
	var recent []time.Time
	for _, t := range s.failed[latd] {
		if s.now().Sub(t) < bruteForceWindow {
			recent = append(recent, t)
		}
	}
	s.failed[latd] = recent
	return len(recent) >= bruteForceMax
}

// newKey makes a session key shaped like BlueMind's (a UUID).
func newKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}
