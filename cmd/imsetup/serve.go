package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/redis/go-redis/v9"

	"imsetup/handlers"
	"imsetup/internal/bluemind"
	"imsetup/internal/config"
	"imsetup/internal/i18n"
	"imsetup/internal/logline"
	"imsetup/internal/metrics"
	"imsetup/internal/readiness"
	"imsetup/internal/redisstore"
	"imsetup/internal/throttle"
	"imsetup/internal/xmppcert"
	"imsetup/locales"
	"imsetup/static"
	"imsetup/web"
)

// serve runs the portal in production.
func serve(ctx context.Context, e *env) error {
	cfg, err := config.Load(e.getenv)
	if err = errors.Join(err, cfg.Validate(config.ModeServe)); err != nil {
		return newConfigError(err, e.environ)
	}
	log, closeLog := startLog(ctx, cfg.LogFormat, e.stderr)
	defer closeLog()
	for _, w := range config.Unknown(e.environ) {
		log.Warn(w)
	}
	// Demo mode skips these: its plain-http emulator is by design.
	for _, w := range cfg.Warnings(config.ModeServe) {
		log.Warn(w)
	}
	m := newMetrics(&cfg)
	bm, err := bluemind.New(bluemind.Options{
		BaseURL:       cfg.BlueMindURL.String(),
		CAFile:        cfg.BlueMindCAFile,
		Timeout:       cfg.BlueMindTimeout,
		DefaultDomain: cfg.DefaultDomain,
		Names:         blueMindNames,
		Logger:        log,
		Observe:       m.BlueMindCall,
	})
	if err != nil {
		return err
	}
	certs, err := newCertCache(&cfg, m, log)
	if err != nil {
		return err
	}
	defer certs.Close()
	shared, err := newSharedStore(ctx, &cfg, m, log)
	if err != nil {
		return err
	}
	if shared != nil {
		defer shared.Close()
	}
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return fmt.Errorf("IMSETUP_LISTEN=%s: %w", cfg.Listen, err)
	}
	warmCertCache(ctx, certs, &cfg, cfg.DefaultDomain)
	return runPortal(ctx, ln, &cfg, bm, certs, shared, m, log)
}

// newSharedStore connects to IMSETUP_REDIS_URL, where instances share the
// login throttle and the logouts; nil without it. A Redis that does not
// answer at start is logged, not fatal: the portal serves its pages and
// refuses logins until Redis is back, as it would were Redis to fail later.
// Redis's state is logged at start and at each change, and m's
// imsetup_shared_store_up follows it; /readyz does not (see docs/admin.md:
// every instance shares the one Redis).
func newSharedStore(ctx context.Context, cfg *config.Config, m *metrics.Metrics, log *slog.Logger) (*redisstore.Store, error) {
	if cfg.RedisURL == "" {
		log.Info("login throttle and logouts kept in memory: each instance counts alone and a restart forgets the logouts (set IMSETUP_REDIS_URL to share them)")
		return nil, nil
	}
	redis.SetLogger(redisLogger{log})
	st, err := redisstore.New(cfg.RedisURL, "", throttleConfig(cfg))
	if err != nil {
		return nil, err
	}
	first := true // the store calls one change at a time
	st.OnChange(func(up bool, cause error) {
		m.SharedStoreUp(up)
		switch {
		case first && up:
			log.Info("login throttle and logouts shared in Redis", "redis", st.Where())
		case first:
			log.Error("IMSETUP_REDIS_URL: Redis does not answer: logins are refused until it does", "redis", st.Where(), "cause", cause)
		case up:
			log.Info("Redis answers again: logins work again", "redis", st.Where())
		default:
			log.Error("Redis does not answer: logins are refused and logged-in pages answer 503 until it does", "redis", st.Where(), "cause", cause)
		}
		first = false
	})
	pingCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	_ = st.Ping(pingCtx) // reported through OnChange
	go st.Watch(ctx, sharedStoreInterval)
	return st, nil
}

// sharedStoreInterval is how often Watch pings Redis, requests or not:
// a Redis gone while nobody logs in shows within it.
const sharedStoreInterval = 15 * time.Second

// redisLogger hands the Redis client's own messages (a lost connection,
// a failed dial) to the portal's log, as JSON lines like the others.
type redisLogger struct{ log *slog.Logger }

func (l redisLogger) Printf(ctx context.Context, format string, v ...any) {
	l.log.WarnContext(ctx, "redis client: "+fmt.Sprintf(format, v...))
}

// throttleConfig is the login limits as configured. An attempt counts as
// in flight for as long as the slowest login can take: BlueMind's default
// domain, the login and its logout.
func throttleConfig(cfg *config.Config) throttle.Config {
	timeout := cfg.BlueMindTimeout
	if timeout <= 0 {
		timeout = config.DefaultBlueMindTimeout
	}
	return throttle.Config{
		LoginFailures: cfg.LoginMaxFailures,
		AddrFailures:  cfg.AddrMaxFailures,
		AddrWindow:    cfg.AddrWindow,
		Pending:       max(time.Minute, 3*timeout),
	}
}

// blueMindNames are the variables behind the BlueMind client's options,
// so that its errors name what the administrator sets.
var blueMindNames = bluemind.Names{BaseURL: "IMSETUP_BLUEMIND_URL", CAFile: "IMSETUP_BLUEMIND_CA_FILE", Timeout: "IMSETUP_BLUEMIND_TIMEOUT"}

// newConfigError lists what needs fixing, and the unknown IMSETUP_*
// variables with it: a misspelled name is the likely cause of a variable
// "not set".
func newConfigError(err error, environ []string) error {
	for _, w := range config.Unknown(environ) {
		err = errors.Join(err, errors.New(w))
	}
	return &configError{err}
}

// startReadiness asks BlueMind in the background, once per interval, for
// /readyz, and checks the configuration against its answer.
func startReadiness(ctx context.Context, cfg *config.Config, bm *bluemind.Client, log *slog.Logger) *readiness.Checker {
	c := readiness.New(readiness.Options{
		Ping:   bm.Ping,
		Check:  func(in bluemind.Infos) error { return cfg.Sound(in.SoftwareVersion) },
		Logger: log,
	})
	go c.Run(ctx)
	return c
}

// newMetrics makes the server's registry when IMSETUP_METRICS_LISTEN asks
// for metrics; nil counts nothing.
func newMetrics(cfg *config.Config) *metrics.Metrics {
	if cfg.MetricsListen == "" {
		return nil
	}
	return metrics.New()
}

// newCertCache probes the XMPP server's certificate in the background,
// trusting the system's roots plus the administrator's CA file; m counts
// the probes.
func newCertCache(cfg *config.Config, m *metrics.Metrics, log *slog.Logger) (*xmppcert.Cache, error) {
	roots, err := xmppcert.NewRootCAs(cfg.BlueMindCAFile)
	if err != nil {
		return nil, fmt.Errorf("IMSETUP_BLUEMIND_CA_FILE: %w", err)
	}
	return xmppcert.NewCache(m.Prober(&xmppcert.Prober{RootCAs: roots}), 0, log), nil
}

// warmCertCache probes the default domain at start, so that the first
// user does not wait for it and a broken XMPP server shows in the log at
// once.
func warmCertCache(ctx context.Context, certs *xmppcert.Cache, cfg *config.Config, domain string) {
	if domain == "" {
		return
	}
	go func() {
		srv := xmppServers(cfg).For(ctx, domain)
		certs.Get(ctx, xmppcert.Target{Host: srv.Host, Port: srv.Port, Domain: domain})
	}()
}

// xmppServers finds each domain's XMPP server the way the portal does.
func xmppServers(cfg *config.Config) *xmppcert.Servers {
	return &xmppcert.Servers{Host: cfg.XMPPHost, Port: cfg.XMPPPort, Fallback: cfg.BlueMindHost(), Resolver: resolver}
}

// resolver answers DNS SRV lookups; tests replace it so that they send no
// query off the machine.
var resolver xmppcert.Resolver = net.DefaultResolver

// startLog is the log of the long-running commands (serve, demo), with
// what goes with running long: the garbage collector's settings, followed
// until ctx ends (gc.go), and the lines gathered before they are written
// (logwriter.go), every one of them written on the way out, SIGQUIT's
// included. The log is
// slog's JSON handler (or text), writing the request lines the short way
// (internal/logline). closeLog writes what waits: defer it before
// anything that logs on its way out.
func startLog(ctx context.Context, format string, stderr io.Writer) (log *slog.Logger, closeLog func()) {
	stopGC := tuneGC(ctx, os.Getenv) // the process's own environment: the runtime read GOGC there
	logw := newLogWriter(stderr)
	stopQuit := flushOnQuit(logw)
	closeLog = func() { stopQuit(); stopGC(); _ = logw.Close() }
	if format == "text" {
		return slog.New(logline.NewText(logw)), closeLog
	}
	return slog.New(logline.NewJSON(logw)), closeLog
}

// runPortal serves the portal on ln until ctx ends, then lets requests in
// flight finish for a bounded time.
// shared, when not nil, holds the state instances share; m counts.
func runPortal(ctx context.Context, ln net.Listener, cfg *config.Config, bm *bluemind.Client, certs handlers.CertSource, shared *redisstore.Store, m *metrics.Metrics, log *slog.Logger) error {
	catalog, err := i18n.Load(locales.FS)
	if err != nil {
		return err
	}
	bmURL := ""
	if cfg.BlueMindURL != nil {
		bmURL = cfg.BlueMindURL.String() + "/"
	}
	deps := handlers.Deps{
		Resolver: resolver,
		Auth:     bm,
		Certs:    certs,
		Catalog:  catalog,
		Static:   static.FS,
		Logger:   log,
		Metrics:  m,
		Ready:    startReadiness(ctx, cfg, bm, log),
		Settings: handlers.Settings{
			XMPPHost:            cfg.XMPPHost,
			XMPPPort:            cfg.XMPPPort,
			XMPPFallback:        cfg.BlueMindHost(),
			RequireIMRole:       cfg.RequireIMRole,
			SupportContact:      cfg.SupportContact,
			BlueMindURL:         bmURL,
			SecureCookies:       cfg.SecureCookies(),
			Base:                web.NewBase(cfg.PublicPath()),
			PublicOrigin:        cfg.PublicOrigin(),
			Brand:               handlers.Brand{OrgName: cfg.OrgName, Logo: cfg.Logo, Accent: cfg.Accent},
			SessionKeys:         cfg.SessionKeys,
			SessionLifetime:     cfg.SessionLifetime,
			SessionIdle:         cfg.SessionIdle,
			DefaultDomain:       cfg.DefaultDomain,
			ExpectedFingerprint: cfg.XMPPFingerprint,
			TrustedProxies:      cfg.TrustedProxies,
			Throttle:            throttleConfig(cfg),
		},
	}
	if shared != nil {
		deps.Throttle, deps.Revocations = shared, shared
	}
	srv, err := handlers.New(deps)
	if err != nil {
		return err
	}
	hs := &http.Server{
		Handler:           srv.Routes(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    32 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	ms, err := serveMetrics(cfg, m, log)
	if err != nil {
		return err
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	log.Info("imsetup listening", append([]any{"addr", ln.Addr().String()}, readVersion().logAttrs()...)...)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("imsetup stopping: finishing requests in flight")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), drainTimeout)
	defer cancel()
	if ms != nil {
		_ = ms.Shutdown(shutdownCtx)
	}
	if err := hs.Shutdown(shutdownCtx); err != nil {
		// Stopping was asked for and is done: what could not finish
		// in time is logged, and the exit is a clean one.
		for _, r := range srv.InFlight() {
			log.Warn("imsetup stopping: request cut after the drain time", "request_id", r.RequestID,
				"method", r.Method, "path", r.Path, "running_ms", time.Since(r.Since).Milliseconds())
		}
		_ = hs.Close()
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	log.Info("imsetup stopped")
	return nil
}

// drainTimeout is how long a stopping portal lets requests in flight
// finish; a variable so that tests need not wait as long.
var drainTimeout = 10 * time.Second
