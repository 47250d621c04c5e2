package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"imsetup/internal/config"
)

// command is one of imsetup's commands and what its help says.
type command struct {
	name, args string
	summary    string         // one line, for the general help
	about      string         // what it does, for its own help
	reads      config.Command // whose variables its help lists; 0: none
	exits      []exitStatus
	run        func(ctx context.Context, e *env, args []string) error
}

type exitStatus struct {
	code  int
	means string
}

// commands is a function, not a variable, because help's own run looks
// the commands up.
func commands() []command {
	return []command{
		{
			name: "serve", summary: "run the portal (configured with IMSETUP_* variables)",
			about: `Runs the portal: users log in with their BlueMind address and password
and get their client's guide, with their own XMPP address, the server
and port, and the fingerprint of the certificate the XMPP server presents.
It checks every variable before it starts and names each one that needs
fixing, with the fix, and warns about IMSETUP_* variables it does not
know. It logs JSON lines on standard error, one per request, and stops
cleanly on SIGTERM, SIGINT or SIGHUP (SIGQUIT: the log, then Go's
goroutine dump, status 2). When BlueMind does not answer at start it serves
anyway (the pages explain an outage to users) and logs a warning: run
` + "`imsetup check`" + ` first.`,
			reads: config.Serve,
			exits: []exitStatus{
				{exitOK, "stopped cleanly (SIGTERM, Ctrl-C or SIGHUP)"},
				{exitProblems, "failed while running, such as an address already in use"},
				{exitUsage, "an unexpected argument"},
				{exitConfig, "the configuration needs fixing: each variable is named, with the fix"},
			},
			run: func(ctx context.Context, e *env, args []string) error {
				if err := noArgs(args); err != nil {
					return err
				}
				return serve(ctx, e)
			},
		},
		{
			name: "demo", summary: "run the portal on a built-in BlueMind emulator, no set-up needed",
			about: `Runs the portal with everything it needs in one process, and prints
where each part listens:
- the portal, on IMSETUP_LISTEN (127.0.0.1:8080);
- a BlueMind emulator with one demo account per outcome, on a free port
  of 127.0.0.1;
- an XMPP endpoint with certificates made at start, on 127.0.0.1:5222,
  the port the guides then give. When 5222 is in use (a Prosody on this
  machine) it takes a free port and says so; IMSETUP_XMPP_PORT chooses
  the port, and the demo stops if that one is in use.
IMSETUP_XMPP_HOST makes the guides name a real XMPP server instead (such
as a Prosody hosting example.com), on IMSETUP_XMPP_PORT: then no XMPP
endpoint is started. The demo prints an imsetup check command to try
against the emulator and the XMPP server, and the demo accounts; it makes
its own session keys and sends nothing off the machine. Stop it with
Ctrl-C.`,
			reads: config.Demo,
			exits: []exitStatus{
				{exitOK, "stopped cleanly (Ctrl-C, SIGTERM or SIGHUP)"},
				{exitProblems, "failed while running, such as IMSETUP_LISTEN's address or IMSETUP_XMPP_PORT already in use"},
				{exitUsage, "an unexpected argument"},
				{exitConfig, "the configuration needs fixing: each variable is named, with the fix"},
			},
			run: func(ctx context.Context, e *env, args []string) error {
				if err := noArgs(args); err != nil {
					return err
				}
				return demo(ctx, e)
			},
		},
		{
			name: "check", args: "[DOMAIN...]", summary: "check BlueMind and the XMPP server as users will see them",
			about: `Prints what users will be told, for BlueMind's default domain and each
DOMAIN: whether BlueMind answers and its version, the XMPP host and port
the guides give and where they come from, and the certificate's subject,
names, dates, trust and fingerprints. A self-signed certificate is
BlueMind's normal state, not a problem. Problems are: BlueMind or the XMPP
server unreachable, no STARTTLS, a failed TLS handshake, a certificate
expired, not yet valid, expiring within 14 days or different from
IMSETUP_XMPP_FINGERPRINT. It takes serve's variables (session keys not
needed); these change what it checks:`,
			reads: config.Check,
			exits: []exitStatus{
				{exitOK, "everything users need is in order"},
				{exitProblems, "problems found, each on a PROBLEM line"},
				{exitUsage, "an unknown option"},
				{exitConfig, "the configuration needs fixing: nothing was checked"},
			},
			run: check,
		},
		{
			name: "version", summary: "which build this is (also: imsetup --version)",
			about: `Prints the module version and the VCS revision this binary was built
from, with the revision's date and whether the tree had uncommitted
changes. A binary built with go run, with -buildvcs=false or outside a
git clone has no revision: it says so. serve and check print the same.`,
			exits: []exitStatus{{exitOK, "the version printed"}, {exitUsage, "an unexpected argument"}},
			run: func(_ context.Context, e *env, args []string) error {
				if err := noArgs(args); err != nil {
					return err
				}
				fmt.Fprintln(e.stdout, readVersion())
				return nil
			},
		},
		{
			name: "help", args: "[COMMAND]", summary: "this help, or a command's (also: imsetup COMMAND --help)",
			about: `Prints the commands, or what a command does, the variables it reads and
its exit statuses.`,
			exits: []exitStatus{{exitOK, "help printed"}, {exitUsage, "an unknown command"}},
			run:   runHelp,
		},
	}
}

func commandNamed(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

func runHelp(_ context.Context, e *env, args []string) error {
	switch len(args) {
	case 0:
		fmt.Fprint(e.stdout, generalHelp())
		return nil
	case 1:
		c, ok := commandNamed(args[0])
		if !ok {
			return &usageError{fmt.Sprintf("unknown command %q: the commands are %s", args[0], commandNames())}
		}
		fmt.Fprint(e.stdout, c.help())
		return nil
	}
	return &usageError{"give one command at most"}
}

func commandNames() string {
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
	}
	return strings.Join(names, ", ")
}

// generalHelp lists the commands and the exit statuses they share.
func generalHelp() string {
	var b strings.Builder
	b.WriteString("imsetup: the instant-messaging set-up portal for BlueMind\n\nUsage:\n")
	tw := tabwriter.NewWriter(&b, 0, 4, 3, ' ', 0)
	for _, c := range commands() {
		fmt.Fprintf(tw, "  imsetup %s\t%s\n", strings.TrimSpace(c.name+" "+c.args), c.summary)
	}
	tw.Flush()
	b.WriteString("\n`imsetup help COMMAND` or `imsetup COMMAND --help` tells what a command does,\nthe variables it reads and its exit statuses. README.md has the details.\n\n")
	b.WriteString("Exit status: 0 done, 1 problems found (check) or a failure while running,\n2 a wrong command line, 3 the configuration needs fixing.\n")
	return b.String()
}

// help is the command's own help: what it does, the variables it reads
// (from the table the configuration is loaded from), its exit statuses.
func (c command) help() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Usage: imsetup %s\n\n%s\n", strings.TrimSpace(c.name+" "+c.args), c.about)
	if c.reads != 0 {
		if !strings.HasSuffix(c.about, ":") {
			b.WriteString("\nVariables:\n")
		}
		tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
		for _, v := range config.Variables() {
			if !v.For(c.reads) {
				continue
			}
			def := ""
			if v.Default != "" {
				def = "; default: " + v.Default
			}
			fmt.Fprintf(tw, "  %s\t%s%s\n", v.Name, v.Meaning, def)
		}
		tw.Flush()
		b.WriteString("Each is described in README.md.\n")
	}
	b.WriteString("\nExit status:\n")
	for _, x := range c.exits {
		fmt.Fprintf(&b, "  %d  %s\n", x.code, x.means)
	}
	return b.String()
}
