package xmppcert

import (
	"context"
	"net"
	"strings"
	"sync"
	"time"
)

// Source says where a domain's XMPP server was found.
type Source string

// The places a server can come from, in the order they are tried.
const (
	FromConfig   Source = "configured"
	FromSRV      Source = "DNS SRV"
	FromFallback Source = "fallback"
)

// Server is the host and port a domain's users connect their client to.
type Server struct {
	Host   string
	Port   int
	Source Source
}

// Servers finds, per JID domain, the XMPP server the guides give and the
// probe reads: the configured host when there is one; else the domain's
// DNS SRV record _xmpp-client._tcp, as a BlueMind 5 site with its own XMPP
// server publishes; else the fallback (the BlueMind host, which runs the
// XMPP server on a 4.x single-server install). SRV answers are kept for
// TTL, so a page view does not wait for DNS once a domain is known.
type Servers struct {
	Host     string        // configured host, or ""
	Port     int           // configured port (also the fallback's); 0 means 5222
	Fallback string        // host when there is neither configuration nor SRV
	Resolver Resolver      // nil means net.DefaultResolver
	TTL      time.Duration // 0 means DefaultTTL

	mu    sync.Mutex
	known map[string]srvAnswer
}

// MaxKnownDomains bounds the SRV answers kept. Domains come from the JIDs
// of users who logged in, so a site has a handful; the bound only keeps a
// BlueMind with endless alias domains from growing the map for ever.
const MaxKnownDomains = 10000

type srvAnswer struct {
	server Server
	until  time.Time
}

// For returns the server of a domain's users.
func (s *Servers) For(ctx context.Context, domain string) Server {
	port := s.Port
	if port == 0 {
		port = DefaultPort
	}
	if s.Host != "" {
		return Server{Host: s.Host, Port: port, Source: FromConfig}
	}
	domain = strings.TrimSuffix(strings.ToLower(domain), ".")
	now := time.Now()
	s.mu.Lock()
	if a, ok := s.known[domain]; ok && now.Before(a.until) {
		s.mu.Unlock()
		return a.server
	}
	s.mu.Unlock()

	srv := Server{Host: s.Fallback, Port: port, Source: FromFallback}
	r := s.Resolver
	if r == nil {
		r = net.DefaultResolver
	}
	lookupCtx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	if _, srvs, err := r.LookupSRV(lookupCtx, "xmpp-client", "tcp", domain); err == nil {
		if best := lowestPriority(srvs); best != nil {
			srv = Server{Host: strings.TrimSuffix(best.Target, "."), Port: int(best.Port), Source: FromSRV}
		}
	}
	ttl := s.TTL
	if ttl <= 0 {
		ttl = DefaultTTL
	}
	s.mu.Lock()
	if s.known == nil {
		s.known = map[string]srvAnswer{}
	}
	if _, ok := s.known[domain]; !ok && len(s.known) >= MaxKnownDomains {
		s.forget(now)
	}
	s.known[domain] = srvAnswer{server: srv, until: now.Add(ttl)}
	s.mu.Unlock()
	return srv
}

// forget makes room: the expired answers go, and when that is not a
// tenth of them, others too (any, in Go's map order), so that a full map
// does not scan itself at every new domain. A forgotten domain costs one
// DNS query when next needed, not a wrong answer. s.mu is held.
func (s *Servers) forget(now time.Time) {
	for d, a := range s.known {
		if !now.Before(a.until) {
			delete(s.known, d)
		}
	}
	for d := range s.known {
		if len(s.known) <= MaxKnownDomains-MaxKnownDomains/10 {
			return
		}
		delete(s.known, d)
	}
}

// Known reports how many domains' answers are kept.
func (s *Servers) Known() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.known)
}
