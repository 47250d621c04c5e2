package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"imsetup/internal/bluemind"
	"imsetup/internal/config"
	"imsetup/internal/xmppcert"
)

// check prints what users will be told, for the default domain and each
// domain named, and fails when something is wrong. A self-signed
// certificate is BlueMind's normal state and not a problem.
func check(ctx context.Context, e *env, args []string) error {
	var domains []string
	for _, a := range args {
		if strings.HasPrefix(a, "-") {
			return &usageError{fmt.Sprintf("unknown option %q: check takes domain names only", a)}
		}
		domains = append(domains, a)
	}
	cfg, err := config.Load(e.getenv)
	if err = errors.Join(err, cfg.Validate(config.ModeCheck)); err != nil {
		return newConfigError(err, e.environ)
	}
	c := &checker{cfg: &cfg, out: e.stdout, now: time.Now()}
	c.say("%s", readVersion())
	for _, w := range append(config.Unknown(e.environ), cfg.Warnings(config.ModeCheck)...) {
		c.say("  WARNING: %s", w)
	}
	roots, err := xmppcert.NewRootCAs(cfg.BlueMindCAFile)
	if err != nil {
		return &configError{fmt.Errorf("IMSETUP_BLUEMIND_CA_FILE: %w", err)}
	}
	c.prober = &xmppcert.Prober{RootCAs: roots}
	def, reached := c.blueMind(ctx)
	if def != "" {
		domains = append([]string{def}, domains...)
	}
	switch {
	case len(domains) == 0 && reached:
		c.problem("no domain to check: BlueMind gives no default domain; set IMSETUP_DEFAULT_DOMAIN or name one: imsetup check example.com")
	case len(domains) == 0:
		// BlueMind's default domain is unknown because BlueMind is: that
		// is the one problem, already reported.
		c.say("\nNo XMPP server checked: BlueMind gives the default domain once it answers (or set IMSETUP_DEFAULT_DOMAIN, or name one: imsetup check example.com).")
	}
	seen := map[string]bool{}
	for _, d := range domains {
		d = strings.ToLower(strings.TrimSpace(d))
		if d != "" && !seen[d] {
			seen[d] = true
			c.domain(ctx, d)
		}
	}
	fmt.Fprintln(e.stdout)
	switch c.problems {
	case 0:
		fmt.Fprintln(e.stdout, "Everything users need is in order.")
		return nil
	case 1:
		return errors.New("1 problem found")
	}
	return fmt.Errorf("%d problems found", c.problems)
}

type checker struct {
	cfg      *config.Config
	out      io.Writer
	prober   *xmppcert.Prober
	now      time.Time
	problems int
}

func (c *checker) say(format string, a ...any) { fmt.Fprintf(c.out, format+"\n", a...) }

func (c *checker) problem(format string, a ...any) {
	c.problems++
	c.say("  PROBLEM: "+format, a...)
}

// blueMind checks BlueMind answers and returns the default domain, and
// whether BlueMind answered.
func (c *checker) blueMind(ctx context.Context) (string, bool) {
	c.say("\nBlueMind %s (IMSETUP_BLUEMIND_URL)", c.cfg.BlueMindURL)
	bm, err := bluemind.New(bluemind.Options{BaseURL: c.cfg.BlueMindURL.String(), CAFile: c.cfg.BlueMindCAFile, Timeout: c.cfg.BlueMindTimeout, Names: blueMindNames})
	if err != nil {
		c.problem("%v", err)
		return c.cfg.DefaultDomain, false
	}
	infos, err := bm.Infos(ctx)
	if err != nil {
		c.problem("unreachable: %v", err)
		return c.cfg.DefaultDomain, false
	}
	c.say("  reachable, version %s (%s)", orUnknown(infos.SoftwareVersion), orUnknown(infos.ReleaseName))
	if strings.HasPrefix(infos.SoftwareVersion, "5.") {
		c.say("  BlueMind 5 has no XMPP server of its own: IMSETUP_XMPP_HOST must name yours")
	}
	if c.cfg.DefaultDomain != "" {
		c.say("  default domain %s (IMSETUP_DEFAULT_DOMAIN)", c.cfg.DefaultDomain)
		return c.cfg.DefaultDomain, true
	}
	c.say("  default domain %s (from BlueMind)", orUnknown(infos.DefaultDomain))
	return infos.DefaultDomain, true
}

// domain probes the XMPP server as a user of that domain will reach it.
func (c *checker) domain(ctx context.Context, domain string) {
	srv := xmppServers(c.cfg).For(ctx, domain)
	source := map[xmppcert.Source]string{
		xmppcert.FromConfig:   "IMSETUP_XMPP_HOST",
		xmppcert.FromSRV:      "DNS SRV _xmpp-client._tcp." + domain,
		xmppcert.FromFallback: "the BlueMind host: IMSETUP_XMPP_HOST is unset and " + domain + " has no DNS SRV record",
	}[srv.Source]
	c.say("\nXMPP for %s: %s port %d (%s), as the guides say", domain, srv.Host, srv.Port, source)
	res, err := c.prober.Probe(ctx, xmppcert.Target{Host: srv.Host, Port: srv.Port, Domain: domain})
	if err != nil {
		c.problem("%v", err)
		return
	}
	c.say("  STARTTLS: offered, TLS handshake done")
	c.say("  certificate: subject %s, issuer %s", res.Subject, res.Issuer)
	c.say("  names: %s", strings.Join(res.Names, ", "))
	switch {
	case res.Trusted:
		c.say("  trust: trusted by the system for %s: users should see no warning", domain)
	case res.SelfSigned:
		c.say("  trust: self-signed (BlueMind's normal state): users compare the fingerprint and accept it")
	default:
		c.say("  trust: not trusted (%s): users compare the fingerprint and accept it", res.TrustError)
	}
	if !res.Trusted {
		c.say("  Dino has no way to accept a certificate the system does not trust, and Monal (iPhone) refuses it:")
		c.say("  the chooser tells their users not to try and to contact %s", c.contact())
		c.say("  (a certificate from an authority their devices trust would let them connect)")
	}
	c.say("  valid %s to %s", res.NotBefore.UTC().Format("2006-01-02"), res.NotAfter.UTC().Format("2006-01-02"))
	switch res.ExpiryStatus(c.now) {
	case xmppcert.Expired:
		c.problem("the certificate expired on %s", res.NotAfter.UTC().Format("2006-01-02"))
	case xmppcert.NotYetValid:
		c.problem("the certificate is not valid before %s", res.NotBefore.UTC().Format("2006-01-02"))
	case xmppcert.ExpiringSoon:
		c.problem("the certificate expires in %d days, on %s: renew it", int(res.NotAfter.Sub(c.now).Hours()/24), res.NotAfter.UTC().Format("2006-01-02"))
	}
	c.say("  SHA-256 (Thunderbird, Gajim): %s", xmppcert.FormatUpper(res.SHA256))
	c.say("  SHA-256 (Pidgin):             %s", xmppcert.FormatLower(res.SHA256))
	if want := c.cfg.XMPPFingerprint; len(want) > 0 {
		if bytes.Equal(want, res.SHA256) {
			c.say("  matches IMSETUP_XMPP_FINGERPRINT")
		} else {
			c.problem("differs from IMSETUP_XMPP_FINGERPRINT (%s): users will be told not to accept it", xmppcert.FormatUpper(want))
		}
	}
}

// contact is who users are told to contact, as the portal names it.
func (c *checker) contact() string {
	if c.cfg.SupportContact == "" {
		return "their IT department (IMSETUP_SUPPORT_CONTACT is not set)"
	}
	return c.cfg.SupportContact + " (IMSETUP_SUPPORT_CONTACT)"
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}
