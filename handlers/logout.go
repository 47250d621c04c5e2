package handlers

import "net/http"

// logout drops the session's cookie, revokes the session so that a copy
// of the cookie is worthless, and goes back to the login page. When the
// revocation cannot be recorded (the shared store is down) the user is
// told, rather than believing a copied cookie is dead.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	s.sessions.clear(w)
	if u := currentUser(r.Context()); u != nil {
		if err := s.revocations.Revoke(r.Context(), u.ID, s.sessions.expires(u)); err != nil {
			return newError(http.StatusServiceUnavailable, "error.storeUnavailable", err)
		}
		s.log.Info("logout", "jid", u.JID, "client", s.clientAddr(r).String())
	}
	redirect(w, r, "/")
	return nil
}
