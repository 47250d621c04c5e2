package bluemindtest

import (
	"net/http"
)

// apiKey is where BlueMind finds a session key: the header, else ?apikey=.
func apiKey(r *http.Request) string {
	if k := r.Header.Get("X-BM-ApiKey"); k != "" {
		return k
	}
	return r.URL.Query().Get("apikey")
}

// session finds a live session and marks it used; s.mu is held. It
// answers 403 without a key and 401 for an unknown or expired one.
func (s *Server) session(w http.ResponseWriter, r *http.Request) (string, *session) {
	key := apiKey(r)
	if key == "" {
		fault(w, http.StatusForbidden, "PERMISSION_DENIED", "no session key", true)
		return "", nil
	}
	ss := s.sessions[key]
	if ss == nil || s.now().Sub(ss.lastUsed) >= sessionIdle {
		delete(s.sessions, key)
		fault(w, http.StatusUnauthorized, "AUTHENTICATION_FAIL", "Invalid session key", true)
		return "", nil
	}
	ss.lastUsed = s.now()
	return key, ss
}

// authUser is GET /api/auth: who the key belongs to.
func (s *Server) authUser(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ss := s.session(w, r); ss != nil {
		writeJSON(w, http.StatusOK, newAuthUser(ss.acct, ss.expired))
	}
}

// logout kills the key: 200, empty body.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if key, ss := s.session(w, r); ss != nil {
		delete(s.sessions, key)
		w.WriteHeader(http.StatusOK)
	}
}
