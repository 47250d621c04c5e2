package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"text/tabwriter"
	"time"

	"imsetup/internal/bluemind"
	"imsetup/internal/bluemind/bluemindtest"
	"imsetup/internal/config"
)

// demo runs the portal with everything it needs in the same process: a
// BlueMind emulator with one account per outcome, and fresh session keys.
// IMSETUP_LISTEN still chooses the address.
func demo(ctx context.Context, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := config.Load(getenv)
	if err != nil {
		return fmt.Errorf("the configuration needs fixing:\n%w", err)
	}
	log := newLogger("text", stderr)

	emu := bluemindtest.NewDemo()
	bmLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	bmSrv := &http.Server{Handler: emu, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = bmSrv.Serve(bmLn) }()
	defer bmSrv.Close()

	cfg.BlueMindURL = &url.URL{Scheme: "http", Host: bmLn.Addr().String()}
	if cfg.XMPPHost == "" {
		cfg.XMPPHost = "localhost"
	}
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	cfg.SessionKeys = [][]byte{key}
	if err := cfg.Validate(config.ModeDemo); err != nil {
		return fmt.Errorf("the configuration needs fixing:\n%w", err)
	}
	bm, err := bluemind.New(bluemind.Options{BaseURL: cfg.BlueMindURL.String(), Timeout: cfg.BlueMindTimeout})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return fmt.Errorf("IMSETUP_LISTEN=%s: %w (set IMSETUP_LISTEN to another address, such as 127.0.0.1:8081)", cfg.Listen, err)
	}
	printDemo(stdout, "http://"+ln.Addr().String()+"/")
	return runPortal(ctx, ln, &cfg, bm, nil, log)
}

func printDemo(w io.Writer, portal string) {
	fmt.Fprintf(w, "imsetup demo: open %s\n\nDemo accounts (password %q unless shown):\n", portal, bluemindtest.DemoPassword)
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
