package handlers

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// clientAddr is the address the per-address login limit counts. Behind a
// configured reverse proxy it is the last address in X-Forwarded-For that
// is not itself a trusted proxy; from anyone else the header is ignored,
// since a client could write anything there.
func (s *Server) clientAddr(r *http.Request) string {
	peer := remoteAddr(r)
	if !s.trusted(peer) {
		return peer.String()
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		a = a.Unmap()
		if !s.trusted(a) {
			return a.String()
		}
	}
	return peer.String()
}

func remoteAddr(r *http.Request) netip.Addr {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		return netip.IPv4Unspecified()
	}
	return a.Unmap()
}

func (s *Server) trusted(a netip.Addr) bool {
	for _, p := range s.settings.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
