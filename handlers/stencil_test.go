package handlers

import (
	"context"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"imsetup/clientguides"
	"imsetup/internal/xmppcert"
	"imsetup/internal/xmppcert/xmppcerttest"
	"imsetup/web"
)

// stencilPair is one portal twice over the same dependencies (session
// keys, certificate cache, catalog): fast serves its pages from stencils,
// whole renders every page through its template, as before stencils.
type stencilPair struct {
	fast, whole *Server
	hf, hw      http.Handler
	portal      *portal // fast's
}

// newStencilPair runs the portal under base, in front of an XMPP server
// whose domains have their own certificates: example.com and example.org
// self-signed, example.net issued by a CA the portal trusts.
func newStencilPair(t *testing.T, base web.Base) *stencilPair {
	t.Helper()
	ca, err := xmppcerttest.NewCA("Test CA")
	if err != nil {
		t.Fatal(err)
	}
	var deps Deps
	p := newXMPPPortal(t, xmppcerttest.Options{
		Domains: []string{"example.com", "example.org", "example.net"},
		CertFor: func(domain string) (tls.Certificate, error) {
			if domain == "example.net" {
				return ca.Issue(domain, time.Now().Add(-time.Hour), time.Now().Add(20*24*time.Hour))
			}
			return xmppcerttest.SelfSigned(domain, time.Now().Add(-time.Hour), time.Now().Add(400*24*time.Hour))
		},
	}, ca.Pool(), func(d *Deps) {
		d.Settings.Base = base
		deps = *d
	})
	whole, err := New(deps)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []interface{ Disable() }{whole.guides, whole.choosers, whole.logins} {
		c.Disable()
	}
	return &stencilPair{fast: p.srv, whole: whole, hf: p.srv.Routes(), hw: whole.Routes(), portal: p.portal}
}

// For many made-up users (names and addresses with HTML's special
// characters, quotes, bidi controls, emoji, invalid UTF-8, sentinel-like
// text, very long, empty; addresses without a domain or with two @;
// several domains, with trusted and untrusted certificates or none), in
// every language, on every page, with and without a "next" in the
// address, for logged-out visitors too (the login form, with what they
// typed), under a sub-path and at the root, on several goroutines: the
// page served from a stencil is byte for byte the page rendered whole,
// status and headers too.
func TestStencilPagesEqualWholeOnes(t *testing.T) {
	for _, base := range []web.Base{web.RootBase, web.NewBase("/im")} {
		t.Run(strings.Trim(string(base), "/")+"root", func(t *testing.T) {
			pair := newStencilPair(t, base)
			const workers, perWorker = 8, 120
			var wg sync.WaitGroup
			errs := make(chan error, workers)
			for w := range workers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					rng := rand.New(rand.NewPCG(uint64(w), 10))
					for range perWorker {
						if err := pair.compare(randomRequest(t, rng, pair, base)); err != nil {
							errs <- err
							return
						}
					}
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Error(err)
			}
			checkStencilsServed(t, pair.portal)
		})
	}
}

// compare serves the request from both portals.
func (p *stencilPair) compare(req *http.Request, body string) error {
	fast, whole := httptest.NewRecorder(), httptest.NewRecorder()
	for _, s := range []struct {
		h http.Handler
		w http.ResponseWriter
	}{{p.hf, fast}, {p.hw, whole}} {
		r := req.Clone(req.Context())
		r.Body = io.NopCloser(strings.NewReader(body))
		s.h.ServeHTTP(s.w, r)
	}
	fast.Header().Del("X-Request-ID")
	whole.Header().Del("X-Request-ID")
	switch {
	case fast.Code != whole.Code:
		return fmt.Errorf("%s %s: status %d, whole %d", req.Method, req.URL, fast.Code, whole.Code)
	case fmt.Sprint(fast.Header()) != fmt.Sprint(whole.Header()):
		return fmt.Errorf("%s %s: headers\n%v\nwhole\n%v", req.Method, req.URL, fast.Header(), whole.Header())
	case fast.Body.String() != whole.Body.String():
		return fmt.Errorf("%s %s (cookie %q): the page differs from the page rendered whole:\n%s", req.Method, req.URL,
			req.Header.Get("Cookie"), firstDifference(whole.Body.Bytes(), fast.Body.Bytes()))
	}
	return nil
}

// nasty are the pieces made-up values are made of.
var nasty = []string{
	"Jeanne", "Martin", "o'brien", " ", "  ", "<", ">", "&", `"`, "'", "&amp;", "&#39;", "<script>alert(1)</script>",
	"\u202e", "\u202c", "\u2067", "\u2069", "\u200f", "😀", "👩‍💻", "é", "ß", "中文", "\x00", "\t", "\xff",
	"%2F", "/", "?", "#", "=", "+", "{{.Name}}", "\uE000", "\uE001", "\uE002", "\uE003", "000000000000000000.0",
	strings.Repeat("long ", 60),
}

func nastyString(rng *rand.Rand, maxPieces int) string {
	var b strings.Builder
	for range rng.IntN(maxPieces + 1) {
		b.WriteString(nasty[rng.IntN(len(nasty))])
	}
	return b.String()
}

var stencilDomains = []string{"example.com", "example.org", "example.net", "Example.COM", "unknown.test", `ex<am>"ple.com`, ""}

// randomJID is an address: mostly local@domain, sometimes with no @ or
// with two.
func randomJID(rng *rand.Rand) string {
	local := strings.ReplaceAll(nastyString(rng, 3), "@", "")
	domain := stencilDomains[rng.IntN(len(stencilDomains))]
	switch rng.IntN(10) {
	case 0:
		return "x" + local // no @; a session needs an address
	case 1:
		return local + "@" + domain + "@second"
	}
	return local + "@" + domain
}

var userAgents = []string{
	goldenUA,
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36",
	"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Safari/605.1.15",
	"Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36",
	"",
}

func randomNext(rng *rand.Rand) string {
	switch rng.IntN(4) {
	case 0:
		return "/guides/gajim"
	case 1:
		return "//evil.example"
	}
	return "/" + nastyString(rng, 3)
}

// randomRequest is a page a made-up visitor asks for.
func randomRequest(t *testing.T, rng *rand.Rand, p *stencilPair, base web.Base) (*http.Request, string) {
	langs := p.fast.catalog.Languages()
	var paths []string
	for _, g := range clientguides.Every() {
		paths = append(paths, g.Path())
	}
	paths = append(paths, "/", "/guides/gajim", "/guides/pidgin", "/guides/thunderbird", "/login")
	path := paths[rng.IntN(len(paths))]
	if rng.IntN(4) == 0 {
		path += "?next=" + url.QueryEscape(randomNext(rng))
	}
	if base != web.RootBase && rng.IntN(2) == 0 {
		path = strings.TrimSuffix(string(base), "/") + path
	}
	method, body := "GET", ""
	loggedIn := rng.IntN(5) > 0
	if !loggedIn && rng.IntN(3) == 0 {
		// A login the form refuses before asking BlueMind: it comes back
		// with what was typed.
		method, path = "POST", "/login"
		form := url.Values{"login": {"a b" + nastyString(rng, 3)}, "password": {"x"}}
		switch rng.IntN(3) {
		case 0:
			form.Set("login", "")
		case 1:
			form.Set("login", "x"+nastyString(rng, 3))
			form.Set("password", "")
		}
		if rng.IntN(2) == 0 {
			form.Set("next", randomNext(rng))
		}
		body = form.Encode()
	}
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if method == "POST" {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	var cookies []string
	if loggedIn {
		lang := langs[rng.IntN(len(langs))].Code
		cookies = append(cookies, cookieFor(t, p.fast, randomJID(rng), nastyString(rng, 4), lang))
	}
	if rng.IntN(2) == 0 {
		cookies = append(cookies, langCookie+"="+langs[rng.IntN(len(langs))].Code)
	}
	req.Header.Set("Cookie", strings.Join(cookies, "; "))
	req.Header.Set("Accept-Language", []string{"de-CH,de;q=0.9", "en", "fr-FR", "", "pt"}[rng.IntN(5)])
	req.Header.Set("User-Agent", userAgents[rng.IntN(len(userAgents))])
	return req, body
}

// cookieFor is the session cookie of a user logged in now.
func cookieFor(t *testing.T, s *Server, jid, name, lang string) string {
	rec := httptest.NewRecorder()
	if err := s.sessions.save(rec, httptest.NewRequest("GET", "/", nil), newSession(jid, name, lang, s.clock())); err != nil {
		t.Error(err)
		return ""
	}
	for _, c := range rec.Result().Cookies() {
		if c.Name == sessionCookie {
			return c.Name + "=" + c.Value
		}
	}
	t.Error("no session cookie")
	return ""
}

// switchingProber presents one certificate, then another, then fails:
// what an XMPP server whose certificate is renewed, then goes down,
// shows the real cache.
type switchingProber struct {
	mu      sync.Mutex
	der     string
	trusted bool
	down    bool
}

func (p *switchingProber) set(der string, trusted, down bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.der, p.trusted, p.down = der, trusted, down
}

func (p *switchingProber) Probe(_ context.Context, t xmppcert.Target) (*xmppcert.Result, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.down {
		return nil, errors.New("connection refused")
	}
	s256, s1 := sha256.Sum256([]byte(p.der)), sha1.Sum([]byte(p.der))
	now := time.Now()
	return &xmppcert.Result{
		Host: t.Host, Port: t.Port, Domain: t.Domain, SHA256: s256[:], SHA1: s1[:],
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(365 * 24 * time.Hour),
		Trusted: p.trusted, SelfSigned: !p.trusted, ProbedAt: now,
	}, nil
}

func fingerprintOf(der string) string {
	sum := sha256.Sum256([]byte(der))
	return xmppcert.FormatUpper(sum[:])
}

// When the certificate cache refreshes, the next views show the new
// certificate, whole and never mixed with the old one, and the chooser
// follows its trust; when the server then goes down, the guide keeps the
// last certificate and says it is from an earlier check.
func TestPagesFollowTheCertificateCache(t *testing.T) {
	prober := &switchingProber{der: "first certificate"}
	cache := xmppcert.NewCache(prober, 30*time.Millisecond, nil)
	t.Cleanup(func() { cache.Close() })
	p := newPortal(t, func(d *Deps) { d.Certs = cache })
	b := loggedIn(t, p, "en", "jmartin")
	first, second := fingerprintOf("first certificate"), fingerprintOf("second certificate")
	// view loads the guide and checks it shows one certificate whole,
	// worded for its trust; it reports which.
	view := func() (showsSecond bool, g *response) {
		g = b.get("/guides/thunderbird")
		text := htmlTags.ReplaceAllString(g.body, "")
		showsFirst, showsSecond := strings.Contains(text, first), strings.Contains(text, second)
		switch {
		case showsFirst == showsSecond:
			t.Fatalf("the guide shows the first certificate: %v, the second: %v", showsFirst, showsSecond)
		case showsSecond != strings.Contains(g.pageText(), p.T("en", "cert.trusted", nil)):
			t.Fatal("the guide's wording does not follow the certificate's trust")
		}
		return showsSecond, g
	}
	untrustedNote := func() bool {
		return b.get("/").doc.Find(`[data-testid="untrusted-notice"]`).Length() == 1
	}
	if second, _ := view(); second || !untrustedNote() {
		t.Fatal("the first views do not show the first, untrusted certificate")
	}
	prober.set("second certificate", true, false)
	waitFor(t, "the second certificate", func() bool { second, _ := view(); return second })
	for range 5 {
		if second, _ := view(); !second || untrustedNote() {
			t.Fatal("a view after the refresh shows the first certificate again")
		}
	}
	stale := p.T("en", "cert.stale", nil)
	if _, g := view(); strings.Contains(g.pageText(), stale) {
		t.Fatal("a fresh certificate is said to be from an earlier check")
	}
	prober.set("second certificate", true, true)
	waitFor(t, "the note on an earlier check", func() bool {
		second, g := view()
		return second && strings.Contains(g.pageText(), stale)
	})
	checkStencilsServed(t, p)
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if ok() {
			return
		}
	}
	t.Fatalf("%s never came", what)
}
