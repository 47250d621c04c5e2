package handlers

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// clientAddr is the user's address, for the logs and the per-address
// login limit. Behind a configured reverse proxy it is the last address in
// X-Forwarded-For that is not itself a trusted proxy; from anyone else the
// header is ignored, since a client could write anything there.
func (s *Server) clientAddr(r *http.Request) netip.Addr {
	peer := remoteAddr(r)
	if !s.trusted(peer) {
		if len(r.Header.Values("X-Forwarded-For")) > 0 {
			s.warnUntrustedProxy(peer)
		}
		return peer
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		a = a.Unmap()
		if !s.trusted(a) {
			return a
		}
	}
	return peer
}

// warnUntrustedProxy says once why everybody behind an unlisted reverse
// proxy shares one address: one person's failures would then hold every
// user back.
func (s *Server) warnUntrustedProxy(peer netip.Addr) {
	if s.xffWarned.CompareAndSwap(false, true) {
		s.log.Warn("X-Forwarded-For from "+peer.String()+" is ignored: IMSETUP_TRUSTED_PROXIES does not list it. "+
			"If it is your reverse proxy, every user behind it counts as this one address for the login limits: "+
			"set IMSETUP_TRUSTED_PROXIES="+peer.String(), "peer", peer.String())
	}
}

// limitKey is what the per-address limit counts. An IPv6 user usually
// has a whole /64 to pick addresses from, so the /64 counts as one.
func limitKey(a netip.Addr) string {
	if a.Is6() && !a.Is4In6() {
		p, _ := a.WithZone("").Prefix(64)
		return p.String()
	}
	return a.String()
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
