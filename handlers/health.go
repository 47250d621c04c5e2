package handlers

import "net/http"

// healthz tells a load balancer the process serves requests. It checks
// nothing beyond: a BlueMind outage must not take the portal out of
// rotation, since the portal explains the outage to users.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write([]byte("ok\n"))
}
