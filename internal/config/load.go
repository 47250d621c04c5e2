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

	"imsetup/internal/duration"
)

// Load reads the IMSETUP_* variables of the table in variables.go
// through getenv (os.Getenv in main, a map in tests). It reports every
// malformed value at once; checks that depend on the mode (serve needs
// session keys, demo makes its own) are Validate's: call both and report
// both, so an administrator fixes everything in one go.
func Load(getenv func(string) string) (Config, error) {
	c := Config{
		Listen:           DefaultListen,
		XMPPPort:         DefaultXMPPPort,
		BlueMindTimeout:  DefaultBlueMindTimeout,
		SessionLifetime:  DefaultSessionLifetime,
		SessionIdle:      DefaultSessionIdle,
		RequireIMRole:    RoleAuto,
		LoginMaxFailures: DefaultLoginMaxFailures,
		AddrMaxFailures:  DefaultAddrMaxFailures,
		AddrWindow:       DefaultAddrWindow,
		invalid:          map[string]bool{},
		set:              map[string]bool{},
	}
	var errs []error
	for _, v := range variables {
		value := strings.TrimSpace(getenv(v.Name))
		if value == "" {
			continue
		}
		c.set[v.Name] = true
		if err := v.read(&c, v.Name, value); err != nil {
			errs = append(errs, err)
			c.invalid[v.Name] = true
		}
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
			return nil, fmt.Errorf("IMSETUP_SESSION_KEYS: key %d is not base64: a key is at least %d random bytes written in base64, not a password; make one with: openssl rand -base64 32", i+1, MinSessionKeyBytes)
		}
		if len(key) < MinSessionKeyBytes {
			// A word typed as the key ("secret") decodes as base64 too,
			// to a few bytes: say how the text was read, not only the count.
			return nil, fmt.Errorf("IMSETUP_SESSION_KEYS: key %d is read as base64 and gives only %d %s; it needs at least %d random bytes: make one with: openssl rand -base64 32", i+1, len(key), plural(len(key), "byte", "bytes"), MinSessionKeyBytes)
		}
		if why := notRandom(part, key); why != "" {
			return nil, fmt.Errorf("IMSETUP_SESSION_KEYS: key %d %s, not random: anyone could guess it and forge a login; make one with: openssl rand -base64 32", i+1, why)
		}
		keys = append(keys, key)
	}
	if len(keys) == 0 {
		return nil, errors.New("IMSETUP_SESSION_KEYS is empty; make a key with: openssl rand -base64 32")
	}
	return keys, nil
}

// parseRedisURL checks the form of IMSETUP_REDIS_URL; whether Redis
// answers is for the start-up to say.
func parseRedisURL(name, v string) (string, error) {
	u, err := url.Parse(v)
	if err == nil {
		switch {
		case (u.Scheme == "redis" || u.Scheme == "rediss") && u.Host != "":
			return v, nil
		case u.Scheme == "unix" && u.Path != "":
			return v, nil
		}
	}
	shown := strconv.Quote(v)
	if strings.Contains(v, "@") {
		shown = "(not shown: it may hold a password)"
	}
	return "", fmt.Errorf("%s=%s: give redis://host:6379/0, rediss:// for TLS (redis://:password@host:6379/0 with a password) or unix:///path/to/redis.sock", name, shown)
}

// parseBlueMindURL takes the address users open to reach BlueMind: the
// client adds /api itself, and the address must be a plain one.
func parseBlueMindURL(name, v string) (*url.URL, error) {
	u, err := parseURL(name, v)
	if err != nil {
		return nil, err
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("%s=%q: remove the query or fragment: give BlueMind's address as users open it, such as https://mail.example.com", name, v)
	}
	if strings.HasSuffix(u.Path, "/api") {
		fixed := *u
		fixed.Path = strings.TrimSuffix(u.Path, "/api")
		return nil, fmt.Errorf("%s=%q: remove /api, imsetup adds it: give BlueMind's address as users open it, such as %s", name, v, fixed.String())
	}
	return u, nil
}

// readDuration sets *dst to v when it is a duration of at least min (and
// more than zero) and at most max (when max is not zero).
func readDuration(dst *time.Duration, name, v string, min, max time.Duration, example string) error {
	d, err := time.ParseDuration(v)
	if err == nil && d > 0 && d >= min && (max == 0 || d <= max) {
		*dst = d
		return nil
	}
	switch {
	case max != 0:
		return fmt.Errorf("%s=%q: give a duration between %s and %s, such as %s", name, v, duration.Format(min), duration.Format(max), example)
	case min != 0:
		return fmt.Errorf("%s=%q: give a duration of at least %s, such as %s", name, v, duration.Format(min), example)
	}
	return fmt.Errorf("%s=%q: give a duration such as %s", name, v, example)
}

// readPositive sets *dst to v when it is a whole number of at least 1.
func readPositive(dst *int, name, v string) error {
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return fmt.Errorf("%s=%q: give a whole number of at least 1", name, v)
	}
	*dst = n
	return nil
}

func readPort(c *Config, name, v string) error {
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 65535 {
		return fmt.Errorf("%s=%q: give a TCP port between 1 and 65535 (BlueMind's XMPP server listens on 5222)", name, v)
	}
	c.XMPPPort = n
	return nil
}

// readProxies reads addresses and CIDRs; from anyone else X-Forwarded-For
// is ignored, so it cannot be forged to dodge the login limits.
func readProxies(c *Config, name, v string) error {
	var errs []error
	var proxies []netip.Prefix
	for _, part := range strings.Split(v, ",") {
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
			errs = append(errs, fmt.Errorf("%s: %q is not an address or CIDR such as 10.0.0.5 or 10.0.0.0/24", name, part))
			continue
		}
		proxies = append(proxies, p.Masked())
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	c.TrustedProxies = proxies
	return nil
}

// hostPort reports whether s is a usable listen address.
func hostPort(s string) bool {
	_, port, err := net.SplitHostPort(s)
	return err == nil && port != ""
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
