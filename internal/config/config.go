// Package config reads imsetup's settings from the environment and checks
// them before anything starts, so that an administrator gets one message per
// mistake, naming the variable and the fix, instead of a failure at the first
// login.
package config

import (
	"net/netip"
	"net/url"
	"time"

	"imsetup/internal/brand"
)

// RoleMode says whether a user needs BlueMind's "hasIM" role to get a guide.
type RoleMode string

// The values of IMSETUP_REQUIRE_IM_ROLE.
const (
	// RoleAuto requires the role on BlueMind 4.x and older, which grant it,
	// and not on 5.x, which removed the built-in XMPP server and the role.
	RoleAuto RoleMode = "auto"
	RoleYes  RoleMode = "yes"
	RoleNo   RoleMode = "no"
)

// Config is everything imsetup needs to run; Load fills it and Validate
// checks it.
type Config struct {
	Listen    string   // IMSETUP_LISTEN, host:port to listen on
	PublicURL *url.URL // IMSETUP_PUBLIC_URL, as users reach the portal (decides the Secure cookie flag)

	BlueMindURL     *url.URL      // IMSETUP_BLUEMIND_URL, e.g. https://mail.example.com
	BlueMindCAFile  string        // IMSETUP_BLUEMIND_CA_FILE, extra CAs (PEM) for BlueMind and XMPP
	BlueMindTimeout time.Duration // IMSETUP_BLUEMIND_TIMEOUT
	DefaultDomain   string        // IMSETUP_DEFAULT_DOMAIN, appended to bare logins

	XMPPHost string // IMSETUP_XMPP_HOST; "": each domain's DNS SRV record, else the BlueMind host
	XMPPPort int    // IMSETUP_XMPP_PORT, default 5222
	// XMPPFingerprint is IMSETUP_XMPP_FINGERPRINT: the SHA-256 of the
	// certificate the XMPP server should present, when pinned.
	XMPPFingerprint []byte

	SessionKeys     [][]byte      // IMSETUP_SESSION_KEYS, first signs new cookies
	SessionLifetime time.Duration // IMSETUP_SESSION_LIFETIME, absolute lifetime of a login
	SessionIdle     time.Duration // IMSETUP_SESSION_IDLE, logged out after this long without a request

	RequireIMRole  RoleMode // IMSETUP_REQUIRE_IM_ROLE
	SupportContact string   // IMSETUP_SUPPORT_CONTACT, shown to users who need help

	LogFormat string // IMSETUP_LOG_FORMAT: json or text

	// MetricsListen is IMSETUP_METRICS_LISTEN: where Prometheus scrapes
	// /metrics, never the public listener; "" serves no metrics.
	MetricsListen string

	// The organisation's look (IMSETUP_ORG_NAME, IMSETUP_LOGO_FILE,
	// IMSETUP_ACCENT_COLOR): empty, nil and nil give the neutral portal.
	OrgName string
	Logo    *brand.Logo
	Accent  *brand.Color

	// TrustedProxies are the reverse proxies whose X-Forwarded-For is
	// believed (IMSETUP_TRUSTED_PROXIES, CIDRs); from anyone else the
	// header is ignored, so it cannot be forged to dodge the limits.
	TrustedProxies []netip.Prefix

	// RedisURL is IMSETUP_REDIS_URL: where instances share the login
	// throttle and the logouts (Redis or Valkey); "" keeps them in memory.
	RedisURL string

	LoginMaxFailures int           // IMSETUP_LOGIN_MAX_FAILURES: per login, before a growing delay (3)
	AddrMaxFailures  int           // IMSETUP_ADDR_MAX_FAILURES: per client address per window (30)
	AddrWindow       time.Duration // IMSETUP_ADDR_WINDOW (10m)

	// invalid names the variables Load already complained about, so that
	// Validate does not also call them missing.
	invalid map[string]bool
	set     map[string]bool // the variables Load found set
}

// IsSet reports whether the administrator set the variable, as opposed
// to its default applying: the demo takes another XMPP port by itself
// only when IMSETUP_XMPP_PORT was not asked for.
func (c *Config) IsSet(name string) bool { return c.set[name] }

// Defaults used when a variable is unset.
const (
	DefaultListen          = "127.0.0.1:8080"
	DefaultXMPPPort        = 5222
	DefaultBlueMindTimeout = 10 * time.Second
	DefaultSessionLifetime = 4 * time.Hour
	DefaultSessionIdle     = 30 * time.Minute
	// MaxSessionLifetime keeps a forgotten browser from staying logged in for
	// days: the portal is visited once, to set up a client.
	MaxSessionLifetime = 12 * time.Hour
	// DefaultLoginMaxFailures and the two below are the login limits.
	DefaultLoginMaxFailures = 3
	DefaultAddrMaxFailures  = 30
	DefaultAddrWindow       = 10 * time.Minute
	// MinSessionKeyBytes is what `openssl rand -base64 32` gives.
	MinSessionKeyBytes = 32
)

// BlueMindHost is BlueMind's host name: the XMPP server of a 4.x
// single-server install, used when IMSETUP_XMPP_HOST is unset and a
// domain has no DNS SRV record.
func (c *Config) BlueMindHost() string {
	if c.BlueMindURL == nil {
		return ""
	}
	return c.BlueMindURL.Hostname()
}

// PublicPath is the path users reach the portal under: "/" or, for
// IMSETUP_PUBLIC_URL=https://mail.example.com/im/, "/im/".
func (c *Config) PublicPath() string {
	if c.PublicURL == nil || c.PublicURL.Path == "" {
		return "/"
	}
	return c.PublicURL.Path + "/"
}

// PublicOrigin is the scheme and host users reach the portal at, such
// as "https://mail.example.com" for IMSETUP_PUBLIC_URL
// https://mail.example.com/im/; "" when it is not set.
func (c *Config) PublicOrigin() string {
	if c.PublicURL == nil {
		return ""
	}
	return c.PublicURL.Scheme + "://" + c.PublicURL.Host
}

// SecureCookies reports whether cookies must carry the Secure flag.
func (c *Config) SecureCookies() bool {
	return c.PublicURL != nil && c.PublicURL.Scheme == "https"
}
