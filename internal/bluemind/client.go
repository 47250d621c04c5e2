package bluemind

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"
)

// Defaults for Options left empty.
const (
	DefaultTimeout = 10 * time.Second
	DefaultOrigin  = "imsetup"
)

// Options configure a Client; only BaseURL is required.
type Options struct {
	BaseURL       string        // e.g. https://bluemind.example.com (no /api)
	CAFile        string        // optional PEM file of extra CAs, added to the system roots
	Timeout       time.Duration // per call; default 10s
	DefaultDomain string        // appended to bare logins; else _infos' defaultDomain
	Origin        string        // names the portal in BlueMind's logs; default "imsetup"
	HTTPClient    *http.Client  // optional, for tests; used as is (exclusive with CAFile)
	// Logger receives what is worth an administrator's attention but is
	// not the caller's business, such as a failed logout. Default:
	// slog.Default().
	Logger *slog.Logger
	// Names are what the administrator calls BaseURL, CAFile and Timeout,
	// so that errors name what to change.
	Names Names
	// Observe, when set, hears of every call: its operation ("login",
	// "logout", "infos"), how long BlueMind took, and whether it failed
	// to give a usable answer. A call the caller gave up is not heard of.
	Observe func(op string, took time.Duration, failed bool)
}

// Names are the names of the options in the caller's configuration, such
// as IMSETUP_BLUEMIND_URL; an empty one keeps the option's own name.
type Names struct {
	BaseURL, CAFile, Timeout string
}

func (n Names) orDefaults() Names {
	def := func(s, d string) string {
		if s == "" {
			return d
		}
		return s
	}
	return Names{BaseURL: def(n.BaseURL, "BaseURL"), CAFile: def(n.CAFile, "CAFile"), Timeout: def(n.Timeout, "Timeout")}
}

// Client talks to one BlueMind server. It is safe for concurrent use.
type Client struct {
	base          string // scheme://host[/prefix], no trailing slash
	http          *http.Client
	timeout       time.Duration
	names         Names
	defaultDomain string
	origin        string
	log           *slog.Logger
	observe       func(op string, took time.Duration, failed bool)

	now   func() time.Time // replaced in tests
	mu    sync.Mutex
	infos Infos
	seen  time.Time // when infos was fetched; zero when never
}

// New checks the options and builds a Client. Its errors name the option
// and the fix, for the administrator who configured it.
func New(o Options) (*Client, error) {
	names := o.Names.orDefaults()
	base, err := checkBaseURL(names.BaseURL, o.BaseURL)
	if err != nil {
		return nil, err
	}
	hc := o.HTTPClient
	if hc != nil && o.CAFile != "" {
		return nil, errors.New("bluemind: CAFile and HTTPClient are exclusive: configure the CAs in the HTTPClient's transport")
	}
	if hc == nil {
		if hc, err = newHTTPClient(names.CAFile, o.CAFile); err != nil {
			return nil, err
		}
	}
	c := &Client{
		base:          base,
		http:          hc,
		timeout:       o.Timeout,
		names:         names,
		defaultDomain: strings.ToLower(strings.TrimSpace(o.DefaultDomain)),
		origin:        o.Origin,
		log:           o.Logger,
		observe:       o.Observe,
		now:           time.Now,
	}
	if c.timeout <= 0 {
		c.timeout = DefaultTimeout
	}
	if c.origin == "" {
		c.origin = DefaultOrigin
	}
	if c.log == nil {
		c.log = slog.Default()
	}
	return c, nil
}

// checkBaseURL accepts the address users type in their browser to reach
// BlueMind; the client adds /api itself.
func checkBaseURL(name, raw string) (string, error) {
	const hint = "set it to BlueMind's address, e.g. https://bluemind.example.com"
	if strings.TrimSpace(raw) == "" {
		return "", errors.New("bluemind: " + name + " is empty: " + hint)
	}
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", fmt.Errorf("bluemind: %s=%q is not a URL (%v): %s", name, raw, err, hint)
	}
	switch {
	case u.Scheme != "https" && u.Scheme != "http":
		return "", fmt.Errorf("bluemind: %s=%q must start with https://: %s", name, raw, hint)
	case u.Host == "":
		return "", fmt.Errorf("bluemind: %s=%q has no host: %s", name, raw, hint)
	case u.User != nil || u.RawQuery != "" || u.Fragment != "":
		return "", fmt.Errorf("bluemind: %s=%q must not hold credentials, a query or a fragment: %s", name, raw, hint)
	}
	path := strings.TrimRight(u.Path, "/")
	if strings.HasSuffix(path, "/api") {
		return "", fmt.Errorf("bluemind: %s=%q must not end in /api, the client adds it: %s", name, raw, hint)
	}
	return u.Scheme + "://" + u.Host + path, nil
}

// newHTTPClient always verifies certificates: the password goes through
// it. A site with a private CA gives it in caFile instead.
func newHTTPClient(name, caFile string) (*http.Client, error) {
	roots, err := x509.SystemCertPool()
	if err != nil || roots == nil {
		roots = x509.NewCertPool()
	}
	if caFile != "" {
		pem, err := os.ReadFile(caFile)
		if err != nil {
			return nil, fmt.Errorf("bluemind: cannot read %s: %w (give a readable PEM file of the CA that signed BlueMind's certificate, or leave it empty)", name, err)
		}
		if !roots.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("bluemind: %s=%s holds no PEM certificate (expected -----BEGIN CERTIFICATE-----)", name, caFile)
		}
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12}
	return &http.Client{
		Transport: tr,
		// A redirect means BaseURL is not BlueMind's API (http instead of
		// https, an SSO front page): say so rather than follow it.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}, nil
}
