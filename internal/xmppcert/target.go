package xmppcert

import (
	"context"
	"net"
	"strings"
)

// Default ports: STARTTLS on 5222, the legacy direct TLS port 5223.
const (
	DefaultPort          = 5222
	DefaultDirectTLSPort = 5223
)

// Target is what to probe: the users' JID domain and, when configured,
// the host and port their clients connect to.
type Target struct {
	// Host to connect to. Empty means: the DNS SRV record
	// _xmpp-client._tcp.<Domain> (_xmpps-client for DirectTLS), else the
	// domain itself.
	Host string
	// Port to connect to; 0 means 5222, or 5223 for DirectTLS. A host found
	// through SRV comes with its own port, which wins.
	Port int
	// Domain is the JID's domain: the stream's "to" and the TLS server name.
	Domain string
	// DirectTLS starts TLS at once instead of negotiating STARTTLS.
	DirectTLS bool
}

// normalized lower-cases the names and fills in the default port, so two
// spellings of one target share a cache entry.
func (t Target) normalized() Target {
	t.Host = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(t.Host)), ".")
	t.Domain = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(t.Domain)), ".")
	if t.Port == 0 {
		t.Port = DefaultPort
		if t.DirectTLS {
			t.Port = DefaultDirectTLSPort
		}
	}
	return t
}

// Resolver is the part of *net.Resolver the prober needs, so tests can
// hand in SRV records.
type Resolver interface {
	LookupSRV(ctx context.Context, service, proto, name string) (string, []*net.SRV, error)
}

// resolve gives the host and port to dial. An SRV lookup that fails or
// finds nothing is not an error: clients then try the domain itself, and
// so do we.
func resolve(ctx context.Context, r Resolver, t Target) (host string, port int, fromSRV bool) {
	if t.Host != "" {
		return t.Host, t.Port, false
	}
	service := "xmpp-client"
	if t.DirectTLS {
		service = "xmpps-client"
	}
	_, srvs, err := r.LookupSRV(ctx, service, "tcp", t.Domain)
	if err == nil {
		if best := lowestPriority(srvs); best != nil {
			return strings.TrimSuffix(best.Target, "."), int(best.Port), true
		}
	}
	return t.Domain, t.Port, false
}

// lowestPriority picks the record a client would try first. net.Resolver
// already orders by priority and shuffles by weight; a fake may not, so
// the order is not trusted. A target of "." means "no service here".
func lowestPriority(srvs []*net.SRV) *net.SRV {
	var best *net.SRV
	for _, s := range srvs {
		if s == nil || s.Target == "." || s.Target == "" || s.Port == 0 {
			continue
		}
		if best == nil || s.Priority < best.Priority {
			best = s
		}
	}
	return best
}
