package handlers

import (
	"net/http"

	"imsetup/clientguides"
	"imsetup/web"
)

// CertSource gives the live certificate of a user's XMPP domain.
type CertSource interface {
	// placeholder until the probe lands
}

// certificate returns what the guide's certificate step shows.
func (s *Server) certificate(r *http.Request, u *session, g *clientguides.Guide) *web.CertView {
	return nil
}
