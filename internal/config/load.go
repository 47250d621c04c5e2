package config

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"

	"imsetup/internal/xmppcert"
)

// Load reads the IMSETUP_* variables through getenv (os.Getenv in main, a
// map in tests). It reports every malformed value at once; checks that
// depend on the mode (serve needs session keys, demo makes its own) are
// Validate's: call both and report both, so an administrator fixes
// everything in one go.
func Load(getenv func(string) string) (Config, error) {
	c := Config{
		Listen:          strings.TrimSpace(getenv("IMSETUP_LISTEN")),
		BlueMindCAFile:  strings.TrimSpace(getenv("IMSETUP_BLUEMIND_CA_FILE")),
		DefaultDomain:   strings.ToLower(strings.TrimSpace(getenv("IMSETUP_DEFAULT_DOMAIN"))),
		XMPPHost:        strings.TrimSpace(getenv("IMSETUP_XMPP_HOST")),
		SupportContact:  strings.TrimSpace(getenv("IMSETUP_SUPPORT_CONTACT")),
		RequireIMRole:   RoleMode(strings.ToLower(strings.TrimSpace(getenv("IMSETUP_REQUIRE_IM_ROLE")))),
		LogFormat:       strings.ToLower(strings.TrimSpace(getenv("IMSETUP_LOG_FORMAT"))),
		XMPPPort:        DefaultXMPPPort,
		BlueMindTimeout: DefaultBlueMindTimeout,
		SessionLifetime: DefaultSessionLifetime,
		SessionIdle:     DefaultSessionIdle,
	}
	var errs []error
	add := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	if c.Listen == "" {
		c.Listen = DefaultListen
	}
	if c.RequireIMRole == "" {
		c.RequireIMRole = RoleAuto
	}
	var err error
	c.invalid = map[string]bool{}
	if v := getenv("IMSETUP_PUBLIC_URL"); v != "" {
		c.PublicURL, err = parseURL("IMSETUP_PUBLIC_URL", v)
		if err == nil {
			err = checkPublicPath(v, c.PublicURL)
		}
		add(err)
		c.invalid["IMSETUP_PUBLIC_URL"] = err != nil
	}
	if v := getenv("IMSETUP_BLUEMIND_URL"); v != "" {
		c.BlueMindURL, err = parseURL("IMSETUP_BLUEMIND_URL", v)
		add(err)
		c.invalid["IMSETUP_BLUEMIND_URL"] = err != nil
	}
	if v := strings.TrimSpace(getenv("IMSETUP_XMPP_PORT")); v != "" {
		c.XMPPPort, err = strconv.Atoi(v)
		if err != nil || c.XMPPPort < 1 || c.XMPPPort > 65535 {
			add(fmt.Errorf("IMSETUP_XMPP_PORT=%q: give a TCP port between 1 and 65535 (BlueMind's XMPP server listens on 5222)", v))
		}
	}
	if v := strings.TrimSpace(getenv("IMSETUP_BLUEMIND_TIMEOUT")); v != "" {
		c.BlueMindTimeout, err = time.ParseDuration(v)
		if err != nil || c.BlueMindTimeout <= 0 {
			add(fmt.Errorf("IMSETUP_BLUEMIND_TIMEOUT=%q: give a duration such as 10s", v))
		}
	}
	if v := strings.TrimSpace(getenv("IMSETUP_SESSION_LIFETIME")); v != "" {
		c.SessionLifetime, err = time.ParseDuration(v)
		if err != nil || c.SessionLifetime <= 0 || c.SessionLifetime > MaxSessionLifetime {
			add(fmt.Errorf("IMSETUP_SESSION_LIFETIME=%q: give a duration between 1m and %s, such as 4h", v, MaxSessionLifetime))
		}
	}
	c.LoginMaxFailures = positiveInt(getenv, "IMSETUP_LOGIN_MAX_FAILURES", 3, add)
	c.AddrMaxFailures = positiveInt(getenv, "IMSETUP_ADDR_MAX_FAILURES", 30, add)
	c.AddrWindow = 10 * time.Minute
	if v := strings.TrimSpace(getenv("IMSETUP_ADDR_WINDOW")); v != "" {
		c.AddrWindow, err = time.ParseDuration(v)
		if err != nil || c.AddrWindow <= 0 {
			add(fmt.Errorf("IMSETUP_ADDR_WINDOW=%q: give a duration such as 10m", v))
		}
	}
	for _, part := range strings.Split(getenv("IMSETUP_TRUSTED_PROXIES"), ",") {
		if part = strings.TrimSpace(part); part == "" {
			continue
		}
		p, err := netip.ParsePrefix(part)
		if err != nil {
			if a, aerr := netip.ParseAddr(part); aerr == nil {
				p, err = a.Prefix(a.BitLen())
			}
		}
		if err != nil {
			add(fmt.Errorf("IMSETUP_TRUSTED_PROXIES: %q is not an address or CIDR such as 10.0.0.5 or 10.0.0.0/24", part))
			continue
		}
		c.TrustedProxies = append(c.TrustedProxies, p.Masked())
	}
	if v := strings.TrimSpace(getenv("IMSETUP_SESSION_IDLE")); v != "" {
		c.SessionIdle, err = time.ParseDuration(v)
		if err != nil || c.SessionIdle < time.Minute {
			add(fmt.Errorf("IMSETUP_SESSION_IDLE=%q: give a duration of at least 1m, such as 30m", v))
		}
	}
	if v := strings.TrimSpace(getenv("IMSETUP_XMPP_FINGERPRINT")); v != "" {
		c.XMPPFingerprint, err = xmppcert.ParseFingerprint(v)
		if err != nil {
			add(fmt.Errorf("IMSETUP_XMPP_FINGERPRINT: %w", err))
		}
	}
	if v := getenv("IMSETUP_SESSION_KEYS"); v != "" {
		c.SessionKeys, err = ParseSessionKeys(v)
		add(err)
		c.invalid["IMSETUP_SESSION_KEYS"] = err != nil
	}
	return c, errors.Join(errs...)
}

func parseURL(name, v string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(v))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%s=%q: give an absolute http:// or https:// URL, such as https://mail.example.com", name, v)
	}
	if u.User != nil {
		return nil, fmt.Errorf("%s: remove the user name and password from the URL", name)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	return u, nil
}

// checkPublicPath accepts the path a reverse proxy can publish the portal
// under, such as /im/: plain path segments, no query or fragment, nothing
// a browser or nginx would read differently from the portal.
func checkPublicPath(v string, u *url.URL) error {
	bad := u.RawQuery != "" || u.Fragment != "" || u.RawPath != ""
	for _, seg := range strings.Split(strings.Trim(u.Path, "/"), "/") {
		if seg == "." || seg == ".." || (seg == "" && u.Path != "") {
			bad = true
		}
		for _, r := range seg {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-._~", r)) {
				bad = true
			}
		}
	}
	if bad {
		return fmt.Errorf("IMSETUP_PUBLIC_URL=%q: give the address users open, with at most a plain path such as https://mail.example.com/im/ (letters, digits, - . _ ~; no query)", v)
	}
	return nil
}

// ParseSessionKeys decodes a comma-separated list of base64 secrets. Each
// must hold at least MinSessionKeyBytes bytes: shorter keys make the cookie
// signature guessable.
func ParseSessionKeys(v string) ([][]byte, error) {
	var keys [][]byte
	for i, part := range strings.Split(v, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		key, err := base64.StdEncoding.DecodeString(part)
		if err != nil {
			key, err = base64.RawStdEncoding.DecodeString(part)
		}
		if err != nil {
			return nil, fmt.Errorf("IMSETUP_SESSION_KEYS: key %d is not base64; make one with: openssl rand -base64 32", i+1)
		}
		if len(key) < MinSessionKeyBytes {
			return nil, fmt.Errorf("IMSETUP_SESSION_KEYS: key %d has %d bytes, it needs at least %d; make one with: openssl rand -base64 32", i+1, len(key), MinSessionKeyBytes)
		}
		keys = append(keys, key)
	}
	if len(keys) == 0 {
		return nil, errors.New("IMSETUP_SESSION_KEYS is empty; make a key with: openssl rand -base64 32")
	}
	return keys, nil
}

// positiveInt reads a whole number above zero, or def when unset.
func positiveInt(getenv func(string) string, name string, def int, add func(error)) int {
	v := strings.TrimSpace(getenv(name))
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		add(fmt.Errorf("%s=%q: give a whole number of at least 1", name, v))
		return def
	}
	return n
}

// hostPort reports whether s is a usable listen address.
func hostPort(s string) bool {
	_, port, err := net.SplitHostPort(s)
	return err == nil && port != ""
}
