// Package handlers is the portal's HTTP side: one route table, one file per
// page, handlers that return errors, and the middleware around them. A
// handler only glues a request to the BlueMind client, the certificate
// cache and the guide data, and hands a view model to the web package.
package handlers

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/netip"
	"sync"
	"sync/atomic"
	"time"

	"imsetup/internal/bluemind"
	"imsetup/internal/config"
	"imsetup/internal/i18n"
	"imsetup/internal/metrics"
	"imsetup/internal/stencil"
	"imsetup/internal/throttle"
	"imsetup/internal/xmppcert"
	"imsetup/web"
)

// Authenticator checks a password with BlueMind and returns who the user
// is; *bluemind.Client is the real one, tests may use the emulator behind it.
type Authenticator interface {
	Authenticate(ctx context.Context, login, password string) (bluemind.Identity, error)
	// Infos gives BlueMind's default domain (cached by the client), which
	// completes a bare login the way BlueMind will.
	Infos(ctx context.Context) (bluemind.Infos, error)
}

// Settings are the parts of the configuration the pages need.
type Settings struct {
	// XMPPHost is the configured XMPP server, or "": then each domain's
	// DNS SRV record, else XMPPFallback (the BlueMind host).
	XMPPHost       string
	XMPPPort       int
	XMPPFallback   string
	RequireIMRole  config.RoleMode
	SupportContact string
	// BlueMindURL is where a user changes an expired password.
	BlueMindURL   string
	SecureCookies bool
	// Base is where browsers reach the portal (IMSETUP_PUBLIC_URL's
	// path, such as /im/): links, redirects and cookies follow it.
	Base web.Base
	// PublicOrigin is IMSETUP_PUBLIC_URL's scheme and host
	// ("https://mail.example.com"): a printed guide gives its full
	// address, which a reader of the paper can type.
	PublicOrigin    string
	SessionKeys     [][]byte
	SessionLifetime time.Duration
	SessionIdle     time.Duration // logged out after this long without a request
	// DefaultDomain completes bare logins for the throttle's key, so
	// "jmartin" and "jmartin@example.com" count as one login; "" asks
	// BlueMind's default domain.
	DefaultDomain  string
	TrustedProxies []netip.Prefix
	// ExpectedFingerprint is IMSETUP_XMPP_FINGERPRINT (SHA-256): a live
	// certificate that differs is one users must not accept.
	ExpectedFingerprint []byte
	Throttle            throttle.Config
	Brand               Brand
}

// Deps are what the server is built from.
type Deps struct {
	Resolver xmppcert.Resolver // DNS SRV lookups; nil means the system's
	Auth     Authenticator
	Certs    CertSource // nil: guides say the certificate could not be checked
	Catalog  *i18n.Catalog
	Static   fs.FS
	Logger   *slog.Logger
	Metrics  *metrics.Metrics // nil: nothing counted
	Ready    Readiness        // nil: /readyz always says ready
	Settings Settings
	// Throttle and Revocations hold the state instances must share
	// (*redisstore.Store); nil keeps it in this process's memory.
	Throttle    throttle.Store
	Revocations Revocations
}

// Server holds the handlers' dependencies; every handler is a method on it.
type Server struct {
	auth        Authenticator
	certs       CertSource
	catalog     *i18n.Catalog
	static      fs.FS
	images      *web.Images
	log         *slog.Logger
	metrics     *metrics.Metrics
	ready       Readiness
	settings    Settings
	sessions    *sessionStore
	revocations Revocations
	throttle    throttle.Store
	servers     *xmppcert.Servers
	// now is a test's clock; nil is the real one, which a request reads
	// once, as it comes in (requestTime).
	now func() time.Time

	mismatchLogged sync.Map    // domain → time of the probe last reported
	xffWarned      atomic.Bool // the untrusted X-Forwarded-For warning is given once
	flights        flights     // the requests being served, for a shutdown that cuts them

	brandFiles map[string]brandFile // logo and theme, by file name
	brand      web.Brand
	// langHeaders are each language's Content-Language value.
	langHeaders map[string][]string

	// The pages' stencils (frame.go): rendered once per key, filled per
	// request.
	guides   *stencil.Cache[guideKey]
	choosers *stencil.Cache[chooserKey]
	logins   *stencil.Cache[loginKey]
}

// The stencils' memory: a guide is some 15 kB, so this keeps every guide
// in every language for about twenty domains; the least recently used
// go first.
const (
	guideStencilBytes   = 4 << 20
	chooserStencilBytes = 512 << 10
	loginStencilBytes   = 512 << 10
)

// New checks the dependencies and builds the server.
func New(d Deps) (*Server, error) {
	if d.Auth == nil || d.Catalog == nil || d.Static == nil {
		return nil, errors.New("handlers: Auth, Catalog and Static are required")
	}
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	if d.Settings.SessionLifetime <= 0 {
		d.Settings.SessionLifetime = config.DefaultSessionLifetime
	}
	images, err := web.NewImages(d.Static)
	if err != nil {
		return nil, fmt.Errorf("handlers: the guides' screenshots: %w", err)
	}
	store, err := newSessionStore(d.Settings.SessionKeys, d.Settings.SecureCookies, d.Settings.SessionLifetime, d.Settings.SessionIdle)
	if err != nil {
		return nil, err
	}
	if d.Settings.Base == "" {
		d.Settings.Base = web.RootBase
	}
	store.store.Options.Path = string(d.Settings.Base) // the cookie goes only to the portal's pages
	if d.Throttle == nil {
		d.Throttle = throttle.NewMemory(d.Settings.Throttle)
	}
	if d.Revocations == nil {
		d.Revocations = newMemoryRevocations()
	}
	files, look := brandFiles(d.Settings.Brand)
	s := &Server{
		brandFiles:  files,
		brand:       look,
		auth:        d.Auth,
		certs:       d.Certs,
		catalog:     d.Catalog,
		static:      d.Static,
		images:      images,
		log:         d.Logger,
		metrics:     d.Metrics,
		ready:       d.Ready,
		settings:    d.Settings,
		sessions:    store,
		revocations: d.Revocations,
		throttle:    d.Throttle,
		servers: &xmppcert.Servers{
			Host: d.Settings.XMPPHost, Port: d.Settings.XMPPPort,
			Fallback: d.Settings.XMPPFallback, Resolver: d.Resolver,
		},
	}
	s.langHeaders = map[string][]string{}
	for _, lang := range d.Catalog.Languages() {
		s.langHeaders[lang.Code] = []string{lang.Tag.String()}
	}
	s.guides = stencil.New(s.renderGuide, stencil.Options{Name: "guide", Holes: holeCount, MaxBytes: guideStencilBytes, Log: d.Logger})
	s.choosers = stencil.New(s.renderChooser, stencil.Options{Name: "chooser", Holes: holeCount, MaxBytes: chooserStencilBytes, Log: d.Logger})
	s.logins = stencil.New(s.renderLoginForm, stencil.Options{Name: "login form", Holes: holeCount, MaxBytes: loginStencilBytes, Log: d.Logger})
	return s, nil
}
