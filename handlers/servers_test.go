package handlers

import (
	"context"
	"net"
	"testing"
)

type srvResolver map[string]*net.SRV

func (r srvResolver) LookupSRV(_ context.Context, _, _, name string) (string, []*net.SRV, error) {
	if rr, ok := r[name]; ok {
		return "", []*net.SRV{rr}, nil
	}
	return "", nil, &net.DNSError{Err: "no such host", Name: name, IsNotFound: true}
}

// Without a configured XMPP host, each domain's users get the server its
// DNS SRV record names, else the BlueMind host.
func TestServerPerDomainFromSRVElseBlueMindHost(t *testing.T) {
	p := newPortal(t, func(d *Deps) {
		d.Settings.XMPPHost = ""
		d.Settings.XMPPPort = 5222
		d.Settings.XMPPFallback = "mail.example.com"
		d.Resolver = srvResolver{"example.org": {Target: "im.example.org.", Port: 5223}}
	})
	for login, want := range map[string][2]string{
		"jmartin":           {"mail.example.com", "5222"},
		"lucie@example.org": {"im.example.org", "5223"},
	} {
		r := loggedIn(t, p, "fr", login).get("/guides/pidgin")
		if r.value("server") != want[0] || r.value("port") != want[1] {
			t.Errorf("%s: server %q port %q, want %v", login, r.value("server"), r.value("port"), want)
		}
	}
}
