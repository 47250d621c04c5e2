// Command imsetup runs the instant-messaging set-up portal.
//
//	imsetup serve   production: BlueMind and XMPP from IMSETUP_* variables
//	imsetup demo    a built-in BlueMind emulator and XMPP endpoint, no set-up
//	imsetup check   what users will be told, for administrators
//	imsetup version which build this is
//	imsetup help    the commands; `imsetup help serve` or `serve --help`: one command
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), stopSignals()...)
	code := run(ctx, os.Args[1:], os.Environ(), os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Exit statuses, the same for every command; each command's help and the
// README list the ones it uses.
const (
	exitOK       = 0
	exitProblems = 1 // check found problems; serve or demo failed while running
	exitUsage    = 2 // unknown command, option or argument
	exitConfig   = 3 // a variable needs fixing: nothing was started or checked
)

// env is what a command gets from its process; tests pass their own.
type env struct {
	environ        []string // NAME=value, as os.Environ gives them
	stdout, stderr io.Writer
}

// getenv looks a variable up in environ, the last one winning as with
// os.Getenv.
func (e *env) getenv(name string) string {
	v := ""
	for _, kv := range e.environ {
		if k, val, ok := strings.Cut(kv, "="); ok && k == name {
			v = val
		}
	}
	return v
}

// configError means the configuration needs fixing: exit status 3.
type configError struct{ err error }

func (e *configError) Error() string { return "the configuration needs fixing:\n" + e.err.Error() }
func (e *configError) Unwrap() error { return e.err }

// usageError means the command line is wrong: exit status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

// run is main without the process: it returns the exit status so tests can
// drive every command.
func run(ctx context.Context, args []string, environ []string, stdout, stderr io.Writer) int {
	e := &env{environ: environ, stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		fmt.Fprint(stderr, generalHelp())
		return exitUsage
	}
	name := args[0]
	switch name {
	case "-h", "-help", "--help":
		name = "help"
	case "-version", "--version":
		name = "version"
	}
	cmd, ok := commandNamed(name)
	if !ok {
		fmt.Fprintf(stderr, "imsetup: unknown command %q\n\n%s", name, generalHelp())
		return exitUsage
	}
	if wantsHelp(args[1:]) {
		fmt.Fprint(stdout, cmd.help())
		return exitOK
	}
	err := cmd.run(ctx, e, args[1:])
	var usage *usageError
	var config *configError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &usage):
		hint := "imsetup " + cmd.name + " --help"
		if cmd.name == "help" {
			hint = "imsetup help"
		}
		fmt.Fprintf(stderr, "imsetup %s: %s\nRun `%s` for the usage.\n", cmd.name, usage.msg, hint)
		return exitUsage
	case errors.As(err, &config):
		fmt.Fprintf(stderr, "imsetup: %v\n", err)
		return exitConfig
	default:
		fmt.Fprintf(stderr, "imsetup: %v\n", err)
		return exitProblems
	}
}

// wantsHelp reports whether a command's arguments ask for its help, which
// then is all it does, wherever the flag stands.
func wantsHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "-h", "-help", "--help":
			return true
		}
	}
	return false
}

// noArgs refuses arguments for the commands that take none.
func noArgs(args []string) error {
	if len(args) > 0 {
		return &usageError{fmt.Sprintf("unexpected argument %q: this command takes none", args[0])}
	}
	return nil
}
