package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"imsetup/internal/bluemind"
	"imsetup/internal/bluemind/bluemindtest"
	"imsetup/internal/config"
	"imsetup/internal/xmppcert/xmppcerttest"
)

// demo runs the portal with everything it needs in the same process: a
// BlueMind emulator with one account per outcome, and fresh session keys.
// IMSETUP_LISTEN still chooses the address.
func demo(ctx context.Context, e *env) error {
	cfg, err := config.Load(e.getenv)
	if err != nil {
		return newConfigError(err, e.environ)
	}
	log, closeLog := startLog(ctx, "text", e.stderr)
	defer closeLog()
	for _, w := range config.Unknown(e.environ) {
		log.Warn(w)
	}

	emu := bluemindtest.NewDemo()
	bmLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	bmSrv := &http.Server{Handler: emu, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = bmSrv.Serve(bmLn) }()
	defer bmSrv.Close()

	cfg.BlueMindURL = &url.URL{Scheme: "http", Host: bmLn.Addr().String()}

	// An XMPP endpoint with a certificate made now, one per demo domain,
	// so the guides show a real probe and real fingerprints. When
	// IMSETUP_XMPP_HOST names a server (a Prosody hosting example.com), the
	// guides name that one instead, so they can be followed in a real
	// client through to a login.
	xmpp := demoXMPP{host: cfg.XMPPHost, port: cfg.XMPPPort}
	if cfg.XMPPHost == "" {
		srv, taken, err := startDemoXMPP(&cfg)
		if err != nil {
			return err
		}
		defer srv.Close()
		cfg.XMPPHost, cfg.XMPPPort = "localhost", srv.Port()
		xmpp = demoXMPP{builtIn: srv.Addr(), host: cfg.XMPPHost, port: cfg.XMPPPort, taken: taken}
	}
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	cfg.SessionKeys = [][]byte{key}
	if err := cfg.Validate(config.ModeDemo); err != nil {
		return newConfigError(err, e.environ)
	}
	m := newMetrics(&cfg)
	bm, err := bluemind.New(bluemind.Options{BaseURL: cfg.BlueMindURL.String(), Timeout: cfg.BlueMindTimeout, Names: blueMindNames, Logger: log, Observe: m.BlueMindCall})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return fmt.Errorf("IMSETUP_LISTEN=%s: %w (set IMSETUP_LISTEN to another address, such as 127.0.0.1:8081)", cfg.Listen, err)
	}
	certs, err := newCertCache(&cfg, m, log)
	if err != nil {
		return err
	}
	defer certs.Close()
	warmCertCache(ctx, certs, &cfg, bluemindtest.DemoDomain)
	if cfg.PublicURL == nil {
		// The address the demo prints is the one its pages give.
		cfg.PublicURL = &url.URL{Scheme: "http", Host: ln.Addr().String()}
	}
	printDemo(e.stdout, demoBanner{
		portal:   "http://" + ln.Addr().String() + cfg.PublicPath(),
		blueMind: cfg.BlueMindURL.String(),
		xmpp:     xmpp,
		self:     selfCommand(),
	})
	return runPortal(ctx, ln, &cfg, bm, certs, nil, m, log)
}

// demoXMPPPort is the port the built-in XMPP endpoint takes when
// IMSETUP_XMPP_PORT is not set: the one the guides usually give. A
// variable, so that a test can make it a port in use.
var demoXMPPPort = config.DefaultXMPPPort

// startDemoXMPP starts the built-in XMPP endpoint on 127.0.0.1: on the
// port IMSETUP_XMPP_PORT asks for, failing when it is in use (asked for,
// it is meant); else on 5222, or on a free port when 5222 is in use (a
// Prosody on this machine), so that the README's first command always
// works. taken is the port it could not have, 0 when none; the banner
// says so.
func startDemoXMPP(cfg *config.Config) (srv *xmppcerttest.Server, taken int, err error) {
	var ln net.Listener
	if cfg.IsSet("IMSETUP_XMPP_PORT") {
		addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(cfg.XMPPPort))
		if ln, err = net.Listen("tcp", addr); err != nil {
			return nil, 0, fmt.Errorf("IMSETUP_XMPP_PORT=%d: the demo's built-in XMPP endpoint cannot listen on %s: %w "+
				"(choose another port, or unset IMSETUP_XMPP_PORT: the demo then takes %d, or a free port when %[4]d is in use)",
				cfg.XMPPPort, addr, errors.Unwrap(err), config.DefaultXMPPPort)
		}
	} else if ln, err = net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(demoXMPPPort))); err != nil {
		taken = demoXMPPPort
		if ln, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
			return nil, 0, err
		}
	}
	srv, err = xmppcerttest.NewServer(xmppcerttest.Options{Listener: ln, Domains: []string{bluemindtest.DemoDomain, "example.org"}})
	if err != nil {
		ln.Close()
		return nil, 0, err
	}
	return srv, taken, nil
}
