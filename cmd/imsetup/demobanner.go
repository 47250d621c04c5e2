package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"imsetup/internal/bluemind/bluemindtest"
)

// demoBanner is what the demo prints at start: where everything it runs
// listens, so that nothing it binds is a surprise and `imsetup check` can
// be tried against it.
type demoBanner struct {
	portal   string // the address to open
	blueMind string // the BlueMind emulator's URL
	xmpp     demoXMPP
	self     string // how to run imsetup again: `imsetup`, `go run ./cmd/imsetup`...
}

// demoXMPP is the XMPP server the demo's guides name.
type demoXMPP struct {
	builtIn string // the built-in endpoint's host:port; "" for IMSETUP_XMPP_HOST's server
	host    string // as the guides give it
	port    int
	taken   int // the port the built-in endpoint could not have, 0 when none
}

func printDemo(w io.Writer, b demoBanner) {
	fmt.Fprintf(w, "imsetup demo: open %s\n\n", b.portal)
	fmt.Fprintln(w, "Built in, listening on 127.0.0.1 only:")
	fmt.Fprintf(w, "  BlueMind emulator  %s\n", b.blueMind)
	x := b.xmpp
	if x.builtIn == "" {
		fmt.Fprintf(w, "  XMPP               none built in: the guides give your server,\n"+
			"                     %s port %d (IMSETUP_XMPP_HOST, IMSETUP_XMPP_PORT)\n", x.host, x.port)
	} else {
		fmt.Fprintf(w, "  XMPP endpoint      %s, STARTTLS with certificates made at start\n"+
			"                     (the guides give server %s, port %d)\n", x.builtIn, x.host, x.port)
	}
	if x.taken != 0 {
		fmt.Fprintf(w, "                     Port %d is in use (another XMPP server?): set\n"+
			"                     IMSETUP_XMPP_PORT to choose the port.\n", x.taken)
	}
	fmt.Fprintf(w, "\nTry imsetup check against them:\n  IMSETUP_BLUEMIND_URL=%s IMSETUP_XMPP_HOST=%s IMSETUP_XMPP_PORT=%d %s check\n",
		b.blueMind, x.host, x.port, b.self)
	fmt.Fprintf(w, "\nDemo accounts (password %q unless shown):\n", bluemindtest.DemoPassword)
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

// selfCommand is how the person who started this program runs it again,
// for the commands the demo suggests.
func selfCommand() string {
	exe, err := os.Executable()
	if err != nil {
		return "imsetup"
	}
	onPath, _ := exec.LookPath("imsetup")
	return selfCommandFor(exe, onPath)
}

// selfCommandFor is `go run ./cmd/imsetup` when go run built exe (the
// README's first command; go run leaves its binary in a go-build
// folder, off PATH), `imsetup` when the imsetup on PATH is exe, else
// exe's path.
func selfCommandFor(exe, onPath string) string {
	if filepath.Base(filepath.Dir(exe)) == "exe" && strings.Contains(exe, string(filepath.Separator)+"go-build") {
		return "go run ./cmd/imsetup"
	}
	if onPath != "" && sameFile(onPath, exe) {
		return "imsetup"
	}
	return shellQuote(exe)
}

func sameFile(a, b string) bool {
	fa, err1 := os.Stat(a)
	fb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(fa, fb)
}

// shellQuote quotes a path for a POSIX shell when it needs it.
func shellQuote(s string) string {
	plain := s != ""
	for _, r := range s {
		plain = plain && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("/._-+:@%,=", r))
	}
	if plain {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
