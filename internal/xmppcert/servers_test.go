package xmppcert_test

import (
	"context"
	"fmt"
	"net"
	"sync"
	"testing"

	"imsetup/internal/xmppcert"
)

type countingResolver struct {
	records map[string][]*net.SRV
	calls   int
}

func (c *countingResolver) LookupSRV(_ context.Context, service, proto, name string) (string, []*net.SRV, error) {
	c.calls++
	if service != "xmpp-client" || proto != "tcp" {
		return "", nil, &net.DNSError{Err: "unexpected lookup", Name: name}
	}
	if rr, ok := c.records[name]; ok {
		return "", rr, nil
	}
	return "", nil, &net.DNSError{Err: "no such host", Name: name, IsNotFound: true}
}

func TestServersConfiguredThenSRVThenFallback(t *testing.T) {
	res := &countingResolver{records: map[string][]*net.SRV{
		"example.org": {{Target: "xmpp2.example.org.", Port: 5269, Priority: 20}, {Target: "xmpp.example.org.", Port: 5223, Priority: 10}},
	}}
	s := &xmppcert.Servers{Fallback: "mail.example.com", Resolver: res}
	ctx := context.Background()
	if got := s.For(ctx, "example.org"); got != (xmppcert.Server{Host: "xmpp.example.org", Port: 5223, Source: xmppcert.FromSRV}) {
		t.Errorf("SRV: %+v", got)
	}
	if got := s.For(ctx, "example.com"); got != (xmppcert.Server{Host: "mail.example.com", Port: 5222, Source: xmppcert.FromFallback}) {
		t.Errorf("no SRV: %+v", got)
	}
	// Answers are remembered: page views do not wait for DNS.
	s.For(ctx, "EXAMPLE.org")
	s.For(ctx, "example.com")
	if res.calls != 2 {
		t.Errorf("%d DNS lookups, want 2", res.calls)
	}
	configured := &xmppcert.Servers{Host: "im.example.com", Port: 5333, Fallback: "mail.example.com", Resolver: res}
	if got := configured.For(ctx, "example.org"); got != (xmppcert.Server{Host: "im.example.com", Port: 5333, Source: xmppcert.FromConfig}) {
		t.Errorf("configured: %+v", got)
	}
	if res.calls != 2 {
		t.Error("a configured host must not be looked up")
	}
}

// Logins from ever more domains, in parallel, never keep more than
// MaxKnownDomains answers, and each lookup still gets its own domain's
// server.
func TestServersKeepBoundedAnswersUnderParallelLookups(t *testing.T) {
	s := &xmppcert.Servers{Fallback: "mail.example.com", Resolver: srvForEvery{}}
	const workers, each = 16, xmppcert.MaxKnownDomains / 8
	var wg sync.WaitGroup
	errs := make(chan string, workers)
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				domain := fmt.Sprintf("d%d-%d.example", w, i)
				if got := s.For(context.Background(), domain); got.Host != "xmpp."+domain {
					errs <- fmt.Sprintf("%s: %+v", domain, got)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	if n := s.Known(); n > xmppcert.MaxKnownDomains {
		t.Errorf("%d answers kept, bound %d", n, xmppcert.MaxKnownDomains)
	}
}

// srvForEvery answers every domain with its own xmpp.<domain> server.
type srvForEvery struct{}

func (srvForEvery) LookupSRV(_ context.Context, _, _, name string) (string, []*net.SRV, error) {
	return "", []*net.SRV{{Target: "xmpp." + name + ".", Port: 5222}}, nil
}
