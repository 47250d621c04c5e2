package handlers

import (
	"net/http"

	"imsetup/internal/readiness"
)

// Readiness says whether the portal can serve users now, without asking
// anyone: *readiness.Checker asks BlueMind in the background.
type Readiness interface {
	Ready() (bool, string)
}

// readyz tells a load balancer whether to send users here: 200 while
// BlueMind answered recently and the configuration suits it, 503 with the
// reason otherwise. Unlike /healthz it depends on BlueMind, but it never
// makes a request to it: many balancers polling cost BlueMind nothing.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	ready, reason := true, "ok"
	if s.ready != nil {
		ready, reason = s.ready.Ready()
	}
	if !ready {
		w.WriteHeader(http.StatusServiceUnavailable)
		reason = readiness.NotReady + reason
	}
	_, _ = w.Write([]byte(reason + "\n"))
}
