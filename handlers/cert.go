package handlers

import (
	"bytes"
	"context"
	"time"

	"imsetup/clientguides"
	"imsetup/internal/xmppcert"
	"imsetup/web"
)

// CertSource gives the live certificate of a user's XMPP domain; the real
// one is *xmppcert.Cache, which probes in the background once warm.
type CertSource interface {
	Get(ctx context.Context, t xmppcert.Target) xmppcert.Entry
}

// certKey is what the certificate step of a guide shows, as this request
// finds it: the cache's result (a new one at every refresh, so a refresh
// changes every key that holds it) and what the request makes of it. A
// guide's stencil key holds it; the step itself is made from it alone.
type certKey struct {
	state  web.CertState
	domain string           // the user's domain; "" when it was not asked
	result *xmppcert.Result // nil: nothing to show
	stale  bool             // the last probe failed; result is older
	expiry web.CertExpiry   // the dates against the clock, now
}

// certificate finds the live certificate of the user's own domain (every
// BlueMind domain has its own) on the server the guide names.
func (s *Server) certificate(ctx context.Context, domain string, srv xmppcert.Server) certKey {
	if s.certs == nil || domain == "" {
		return certKey{state: web.CertUnavailable}
	}
	e := s.probe(ctx, domain, srv, certTimeout)
	if e.Result == nil {
		// The cache has logged the cause for the administrators.
		return certKey{state: web.CertUnavailable, domain: domain}
	}
	res := e.Result
	k := certKey{state: web.CertUntrusted, domain: domain, result: res, stale: e.Err != nil, expiry: expiry(res.ExpiryStatus(s.requestTime(ctx)))}
	if res.Trusted {
		k.state = web.CertTrusted
	}
	if want := s.settings.ExpectedFingerprint; len(want) > 0 && !bytes.Equal(want, res.SHA256) {
		k.state = web.CertMismatch
		s.logMismatch(res, want)
	}
	return k
}

// certView is the certificate step for a guide, dates in ctx's language.
func certView(ctx context.Context, k certKey, g *clientguides.Guide) *web.CertView {
	res := k.result
	if res == nil {
		return &web.CertView{State: web.CertUnavailable, Domain: k.domain}
	}
	v := &web.CertView{
		State:     k.state,
		Domain:    k.domain,
		Host:      res.Host,
		Port:      res.Port,
		Stale:     k.stale,
		NotBefore: web.FormatDate(ctx, res.NotBefore),
		NotAfter:  web.FormatDate(ctx, res.NotAfter),
		Expiry:    k.expiry,
	}
	// Without the certificate itself (never in production), say nothing
	// about its names.
	v.ServerNamed, v.DomainNamed = true, true
	if res.Leaf != nil {
		v.ServerNamed = res.Leaf.VerifyHostname(res.Host) == nil
		v.DomainNamed = res.Leaf.VerifyHostname(k.domain) == nil
	}
	fillFingerprint(v, res, g.Fingerprint)
	return v
}

// probe asks the cache for the certificate of the very server the guides
// name for the domain, so what the page says is what the user's client
// will be shown. The first call for a domain waits for the probe, at most
// wait; later ones are served from memory.
func (s *Server) probe(ctx context.Context, domain string, srv xmppcert.Server, wait time.Duration) xmppcert.Entry {
	t := xmppcert.Target{Host: srv.Host, Port: srv.Port, Domain: domain}
	if c, ok := s.certs.(cachedCerts); ok {
		if e, ok := c.CachedAt(t, arrivalOf(ctx)); ok {
			return e // no wait, so no timeout to set up
		}
	}
	ctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	return s.certs.Get(ctx, t)
}

// cachedCerts is a CertSource that can answer without waiting when it
// knows the answer (*xmppcert.Cache), at the time the request came in.
type cachedCerts interface {
	CachedAt(t xmppcert.Target, now time.Time) (xmppcert.Entry, bool)
}

// untrusted reports whether the XMPP certificate of the user's domain is
// known not to be trusted by the system (BlueMind's self-signed default):
// the clients that cannot accept such a certificate are then no use. A
// certificate not known yet counts as trusted: the chooser says nothing
// rather than something it does not know.
func (s *Server) untrusted(ctx context.Context, domain string, srv xmppcert.Server) bool {
	if s.certs == nil || domain == "" {
		return false
	}
	e := s.probe(ctx, domain, srv, chooserCertTimeout)
	return e.Result != nil && !e.Result.Trusted
}

// logMismatch tells administrators once per probe result, not once per
// page view, that the live certificate is not the pinned one.
func (s *Server) logMismatch(res *xmppcert.Result, want []byte) {
	if last, ok := s.mismatchLogged.Load(res.Domain); ok && last.(time.Time).Equal(res.ProbedAt) {
		return
	}
	s.mismatchLogged.Store(res.Domain, res.ProbedAt)
	s.log.Error("the XMPP certificate differs from IMSETUP_XMPP_FINGERPRINT: users are told not to accept it",
		"domain", res.Domain, "host", res.Host, "port", res.Port,
		"sha256", xmppcert.FormatUpper(res.SHA256), "expected", xmppcert.FormatUpper(want))
}

// fillFingerprint lays the fingerprint out exactly as the guide's client
// prints it, so the user compares like with like.
func fillFingerprint(v *web.CertView, res *xmppcert.Result, style clientguides.FingerprintStyle) {
	sum, name := res.SHA256, "SHA-256"
	if style.Algorithm == clientguides.SHA1 {
		sum, name = res.SHA1, "SHA-1"
	}
	v.Algorithm, v.AlgorithmName = string(style.Algorithm), name
	v.GroupBytes = style.GroupBytes
	switch {
	case style.LowerCase:
		v.Lines = []string{xmppcert.FormatLower(sum)}
	case style.BytesPerLine > 0:
		v.Lines = xmppcert.FormatLines(sum, style.BytesPerLine)
	default:
		v.Lines = []string{xmppcert.FormatUpper(sum)}
	}
}

func expiry(s xmppcert.ExpiryStatus) web.CertExpiry {
	switch s {
	case xmppcert.ExpiringSoon:
		return web.ExpirySoon
	case xmppcert.Expired:
		return web.ExpiryPast
	case xmppcert.NotYetValid:
		return web.ExpiryNotYet
	}
	return web.ExpiryOK
}

// certTimeout bounds a cold probe on the request path; the cache serves
// every later request from memory.
const certTimeout = 8 * time.Second

// chooserCertTimeout is shorter: the chooser only adds a note about the
// certificate, and a probe that takes longer goes on in the background
// for the guide the user opens next.
const chooserCertTimeout = 2 * time.Second
