package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"text/tabwriter"
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
	tuneGC(os.Getenv)              // the process's own environment: the runtime read GOGC there
	logw := newLogWriter(e.stderr) // see logwriter.go
	defer logw.Close()
	log := newLogger("text", logw)
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
	xmppNote := "your XMPP server " + net.JoinHostPort(cfg.XMPPHost, strconv.Itoa(cfg.XMPPPort))
	if cfg.XMPPHost == "" {
		xmpp, err := startDemoXMPP(cfg.XMPPPort)
		if err != nil {
			return err
		}
		defer xmpp.Close()
		cfg.XMPPHost, cfg.XMPPPort = "localhost", xmpp.Port()
		xmppNote = fmt.Sprintf("XMPP endpoint with a self-signed certificate: localhost port %d", xmpp.Port())
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
	printDemo(e.stdout, "http://"+ln.Addr().String()+cfg.PublicPath(), xmppNote)
	return runPortal(ctx, ln, &cfg, bm, certs, nil, m, log)
}

// startDemoXMPP listens on the XMPP port when it is free (5222 unless
// IMSETUP_XMPP_PORT says otherwise), else on any free port: the guides
// then give that port.
func startDemoXMPP(port int) (*xmppcerttest.Server, error) {
	domains := []string{bluemindtest.DemoDomain, "example.org"}
	s, err := xmppcerttest.NewServer(xmppcerttest.Options{Addr: net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), Domains: domains})
	if err == nil {
		return s, nil
	}
	return xmppcerttest.NewServer(xmppcerttest.Options{Addr: "127.0.0.1:0", Domains: domains})
}

func printDemo(w io.Writer, portal, xmpp string) {
	fmt.Fprintf(w, "imsetup demo: open %s\n(%s)\n\nDemo accounts (password %q unless shown):\n", portal, xmpp, bluemindtest.DemoPassword)
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	for _, a := range bluemindtest.DemoAccounts() {
		pw := ""
		if a.Password != bluemindtest.DemoPassword {
			pw = a.Password
		}
		fmt.Fprintf(tw, "  %s@%s\t%s\t%s\n", a.Login, a.Domain, pw, a.Note)
	}
	tw.Flush()
	fmt.Fprintln(w, "\nStop with Ctrl-C.")
}
