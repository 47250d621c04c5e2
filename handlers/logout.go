package handlers

import "net/http"

// logout revokes the session, drops its cookie and goes back to the
// login page.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	if u := currentUser(r.Context()); u != nil {
		s.sessions.revoke(u)
		s.log.Info("logout", "jid", u.JID)
	}
	s.sessions.clear(w)
	redirect(w, r, "/")
	return nil
}
