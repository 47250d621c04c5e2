package config

import (
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"

	"imsetup/internal/bluemind"
)

// Mode is how imsetup is started: production (serve) or demo.
type Mode int

// The modes Validate knows.
const (
	ModeServe Mode = iota
	ModeDemo
	ModeCheck
)

// Validate checks what Load could not check alone and returns every problem
// at once. Demo mode fills in what it provides itself before calling it.
func (c *Config) Validate(mode Mode) error {
	var errs []error
	add := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	if !hostPort(c.Listen) {
		add("IMSETUP_LISTEN=%q: give host:port, such as 127.0.0.1:8080 or :8080", c.Listen)
	}
	switch {
	case c.MetricsListen == "":
	case !hostPort(c.MetricsListen):
		add("IMSETUP_METRICS_LISTEN=%q: give host:port for Prometheus to scrape, such as 127.0.0.1:9464, or leave it unset", c.MetricsListen)
	case c.MetricsListen == c.Listen:
		add("IMSETUP_METRICS_LISTEN=%q is IMSETUP_LISTEN: metrics are never served on the portal's own listener; give another port, such as 127.0.0.1:9464", c.MetricsListen)
	}
	if c.BlueMindURL == nil && !c.invalid["IMSETUP_BLUEMIND_URL"] {
		add("IMSETUP_BLUEMIND_URL is not set: give BlueMind's address, such as https://mail.example.com")
	}
	if mode == ModeServe && len(c.SessionKeys) == 0 && !c.invalid["IMSETUP_SESSION_KEYS"] {
		add("IMSETUP_SESSION_KEYS is not set: imsetup will not start without a secret for its cookies; make one with: openssl rand -base64 32")
	}
	if mode == ModeServe && c.PublicURL == nil && !c.invalid["IMSETUP_PUBLIC_URL"] {
		add("IMSETUP_PUBLIC_URL is not set: give the address users open, such as https://imsetup.example.com (it decides whether cookies are sent over https only)")
	}
	if c.BlueMindCAFile != "" {
		// Read here, not only when the clients are built, so that a
		// wrong file is in the list with the other mistakes.
		pem, err := os.ReadFile(c.BlueMindCAFile)
		switch {
		case err != nil:
			add("IMSETUP_BLUEMIND_CA_FILE=%q cannot be read (%v): give a PEM file of the CA that signed BlueMind's certificate, or unset it", c.BlueMindCAFile, errors.Unwrap(err))
		case !x509.NewCertPool().AppendCertsFromPEM(pem):
			add("IMSETUP_BLUEMIND_CA_FILE=%q holds no PEM certificate (-----BEGIN CERTIFICATE-----): give the CA that signed BlueMind's certificate, in PEM, or unset it", c.BlueMindCAFile)
		}
	}
	switch c.RequireIMRole {
	case RoleAuto, RoleYes, RoleNo:
	default:
		add("IMSETUP_REQUIRE_IM_ROLE=%q: give auto, yes or no", c.RequireIMRole)
	}
	switch c.LogFormat {
	case "", "json", "text":
	default:
		add("IMSETUP_LOG_FORMAT=%q: give json or text", c.LogFormat)
	}
	return errors.Join(errs...)
}

// Warnings lists settings that work but deserve an administrator's look,
// such as reaching BlueMind over plain http. Check only talks to BlueMind
// and the XMPP server: the warnings about serving (the listener, the
// proxies, the cookies, the metrics) are not about what it does.
func (c *Config) Warnings(mode Mode) []string {
	var w []string
	if c.BlueMindURL != nil && c.BlueMindURL.Scheme == "http" {
		w = append(w, "IMSETUP_BLUEMIND_URL uses http://: passwords travel unencrypted to BlueMind; use it only for a BlueMind on the same host")
	}
	if mode == ModeCheck {
		return w
	}
	if hostPort(c.MetricsListen) && !listensOnLoopback(c.MetricsListen) {
		w = append(w, fmt.Sprintf("IMSETUP_METRICS_LISTEN=%s is reachable from other hosts: metrics hold no personal data, but limit who can scrape them (a firewall), or listen on 127.0.0.1", c.MetricsListen))
	}
	if c.PublicURL != nil && c.PublicURL.Scheme == "http" {
		w = append(w, "IMSETUP_PUBLIC_URL uses http://: cookies are not marked Secure; put imsetup behind an https reverse proxy")
	}
	if listensOnLoopback(c.Listen) && len(c.TrustedProxies) == 0 {
		w = append(w, "IMSETUP_LISTEN="+c.Listen+" is a loopback address, so users come through a reverse proxy on this host, "+
			"but IMSETUP_TRUSTED_PROXIES is not set: every user then counts as the proxy's address for the login limits, "+
			"and one person's failed logins hold everybody back; set IMSETUP_TRUSTED_PROXIES=127.0.0.1,::1")
	}
	return w
}

// listensOnLoopback reports whether only this host can reach the
// listener: then a reverse proxy on it forwards every user.
func listensOnLoopback(listen string) bool {
	host, _, err := net.SplitHostPort(listen)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	a, err := netip.ParseAddr(host)
	return err == nil && a.IsLoopback()
}

// Sound checks the configuration against the BlueMind that answered, for
// the readiness check: what Validate cannot know before BlueMind speaks.
func (c *Config) Sound(bluemindVersion string) error {
	if c.RequireIMRole == RoleYes && !bluemind.HasIMRole(bluemindVersion) {
		return fmt.Errorf("IMSETUP_REQUIRE_IM_ROLE=yes, but BlueMind %s has no instant-messaging role: every login would be refused; set it to auto or no", bluemindVersion)
	}
	return nil
}
