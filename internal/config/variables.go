package config

import (
	"fmt"
	"strings"
	"time"

	"imsetup/internal/duration"
	"imsetup/internal/xmppcert"
)

// Command is a set of imsetup's commands: the ones a variable changes.
// Every command accepts and checks every variable, so that one
// environment file serves them all.
type Command uint8

// The commands that read variables.
const (
	Serve Command = 1 << iota
	Demo
	Check
	all = Serve | Demo | Check
)

// Variable is one IMSETUP_* setting.
type Variable struct {
	Name     string
	Meaning  string  // one line, for the commands' help
	Default  string  // as an administrator writes it; "" when there is none
	Commands Command // the commands whose behaviour it changes
	// read stores a set value (spaces trimmed, never empty) in c, or
	// says what is wrong with it, naming the variable and the fix. It
	// leaves c alone on error.
	read func(c *Config, name, v string) error
}

// Variables lists every variable imsetup reads, in the README's order.
func Variables() []Variable { return variables }

// variables is the one table of settings: Load reads each variable
// through its entry, and the unknown-variable warning (Unknown) and the
// commands' help list the names from here. A variable added to this
// table is read, known and shown in help in one edit; a variable read
// anywhere else would be reported as unknown, so read it here.
var variables = []Variable{
	{Name: "IMSETUP_LISTEN", Meaning: "address and port to listen on", Default: DefaultListen, Commands: Serve | Demo,
		read: func(c *Config, _, v string) error { c.Listen = v; return nil }},
	{Name: "IMSETUP_PUBLIC_URL", Meaning: "the address users open, with its path such as /im/ behind a proxy (required by serve); https:// makes cookies Secure", Commands: Serve | Demo,
		read: func(c *Config, name, v string) error {
			u, err := parseURL(name, v)
			if err == nil {
				err = checkPublicPath(v, u)
			}
			if err != nil {
				return err
			}
			c.PublicURL = u
			return nil
		}},
	{Name: "IMSETUP_BLUEMIND_URL", Meaning: "BlueMind's address as users open it, without /api (required)", Commands: Serve | Check,
		read: func(c *Config, name, v string) (err error) {
			c.BlueMindURL, err = parseBlueMindURL(name, v)
			return err
		}},
	{Name: "IMSETUP_BLUEMIND_CA_FILE", Meaning: "PEM file of extra CAs for BlueMind's and the XMPP server's certificates", Commands: all,
		read: func(c *Config, _, v string) error { c.BlueMindCAFile = v; return nil }},
	{Name: "IMSETUP_BLUEMIND_TIMEOUT", Meaning: "how long to wait for BlueMind", Default: duration.Format(DefaultBlueMindTimeout), Commands: all,
		read: func(c *Config, name, v string) error {
			return readDuration(&c.BlueMindTimeout, name, v, 0, 0, "10s")
		}},
	{Name: "IMSETUP_DEFAULT_DOMAIN", Meaning: "domain added to a login typed without @", Default: "BlueMind's default domain", Commands: all,
		read: func(c *Config, _, v string) error { c.DefaultDomain = strings.ToLower(v); return nil }},
	{Name: "IMSETUP_XMPP_HOST", Meaning: "XMPP server the guides give and the portal probes", Default: "each domain's DNS SRV record, else the BlueMind host (demo: its built-in endpoint)", Commands: all,
		read: func(c *Config, _, v string) error { c.XMPPHost = v; return nil }},
	{Name: "IMSETUP_XMPP_PORT", Meaning: "the XMPP server's client port (STARTTLS)", Default: fmt.Sprint(DefaultXMPPPort), Commands: all,
		read: readPort},
	{Name: "IMSETUP_XMPP_FINGERPRINT", Meaning: "SHA-256 fingerprint the XMPP certificate must have", Commands: all,
		read: func(c *Config, name, v string) error {
			fp, err := xmppcert.ParseFingerprint(v)
			if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			c.XMPPFingerprint = fp
			return nil
		}},
	{Name: "IMSETUP_SESSION_KEYS", Meaning: "cookie secrets, comma-separated, the first signs (required by serve; demo makes its own)", Commands: Serve,
		read: func(c *Config, _, v string) (err error) { c.SessionKeys, err = ParseSessionKeys(v); return err }},
	{Name: "IMSETUP_SESSION_LIFETIME", Meaning: "how long a login lasts at most (up to " + duration.Format(MaxSessionLifetime) + ")", Default: duration.Format(DefaultSessionLifetime), Commands: Serve | Demo,
		read: func(c *Config, name, v string) error {
			return readDuration(&c.SessionLifetime, name, v, time.Minute, MaxSessionLifetime, "4h")
		}},
	{Name: "IMSETUP_SESSION_IDLE", Meaning: "logged out after this long without a request", Default: duration.Format(DefaultSessionIdle), Commands: Serve | Demo,
		read: func(c *Config, name, v string) error {
			return readDuration(&c.SessionIdle, name, v, time.Minute, 0, "30m")
		}},
	{Name: "IMSETUP_TRUSTED_PROXIES", Meaning: "reverse proxies (addresses or CIDRs, comma-separated) whose X-Forwarded-For is believed", Default: "none", Commands: Serve | Demo,
		read: readProxies},
	{Name: "IMSETUP_LOGIN_MAX_FAILURES", Meaning: "wrong passwords for one account (any of its addresses) before the portal makes it wait", Default: fmt.Sprint(DefaultLoginMaxFailures), Commands: Serve | Demo,
		read: func(c *Config, name, v string) error { return readPositive(&c.LoginMaxFailures, name, v) }},
	{Name: "IMSETUP_ADDR_MAX_FAILURES", Meaning: "failed logins allowed from one client address (IPv6: one /64) per window", Default: fmt.Sprint(DefaultAddrMaxFailures), Commands: Serve | Demo,
		read: func(c *Config, name, v string) error { return readPositive(&c.AddrMaxFailures, name, v) }},
	{Name: "IMSETUP_ADDR_WINDOW", Meaning: "the window of IMSETUP_ADDR_MAX_FAILURES", Default: duration.Format(DefaultAddrWindow), Commands: Serve | Demo,
		read: func(c *Config, name, v string) error {
			return readDuration(&c.AddrWindow, name, v, 0, 0, "10m")
		}},
	{Name: "IMSETUP_REDIS_URL", Meaning: "Redis or Valkey where instances share the login limits and the logouts (redis://host:6379/0)", Default: "none: in memory, per instance", Commands: Serve,
		read: func(c *Config, name, v string) (err error) { c.RedisURL, err = parseRedisURL(name, v); return err }},
	{Name: "IMSETUP_REQUIRE_IM_ROLE", Meaning: "auto, yes or no: whether users need BlueMind's hasIM role", Default: string(RoleAuto), Commands: Serve | Demo,
		read: func(c *Config, _, v string) error { c.RequireIMRole = RoleMode(strings.ToLower(v)); return nil }},
	{Name: "IMSETUP_SUPPORT_CONTACT", Meaning: "who users should contact, shown in the messages that need it", Default: `"your IT department"`, Commands: Serve | Demo,
		read: func(c *Config, _, v string) error { c.SupportContact = v; return nil }},
	{Name: "IMSETUP_LOG_FORMAT", Meaning: "json or text", Default: "json", Commands: Serve,
		read: func(c *Config, _, v string) error { c.LogFormat = strings.ToLower(v); return nil }},
	{Name: "IMSETUP_METRICS_LISTEN", Meaning: "where Prometheus scrapes /metrics (such as 127.0.0.1:9464); never the portal's own listener", Default: "off", Commands: Serve | Demo,
		read: func(c *Config, _, v string) error { c.MetricsListen = v; return nil }},
	{Name: "IMSETUP_ORG_NAME", Meaning: "the organisation's name, in the header and the title", Default: "none", Commands: Serve | Demo,
		read: readOrgName},
	{Name: "IMSETUP_LOGO_FILE", Meaning: "an SVG or PNG logo for the header, checked at start", Default: "none", Commands: Serve | Demo,
		read: readLogo},
	{Name: "IMSETUP_ACCENT_COLOR", Meaning: "#rrggbb for the header and buttons; white text on it must reach 4.5:1 (WCAG AA)", Default: "#1565a8", Commands: Serve | Demo,
		read: readAccent},
}

// For reports whether the command reads the variable.
func (v Variable) For(cmd Command) bool { return v.Commands&cmd != 0 }

// known reports whether name is one of the table's variables.
func known(name string) bool {
	for _, v := range variables {
		if v.Name == name {
			return true
		}
	}
	return false
}
