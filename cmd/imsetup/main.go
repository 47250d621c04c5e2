// Command imsetup runs the instant-messaging set-up portal.
//
//	imsetup serve   production: BlueMind and XMPP from IMSETUP_* variables
//	imsetup demo    a built-in BlueMind emulator and XMPP endpoint, no set-up
//	imsetup check   what users will be told, for administrators
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

const usage = `imsetup: the instant-messaging set-up portal for BlueMind

Usage:
  imsetup serve    run the portal (configured with IMSETUP_* variables, see README.md)
  imsetup demo     run the portal on a built-in BlueMind emulator, no set-up needed
  imsetup check [DOMAIN...]
                   check BlueMind and the XMPP server as users will see them
`

// run is main without the process: it returns the exit status so tests can
// drive every command.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "serve":
		err = serve(ctx, getenv, stderr)
	case "demo":
		err = demo(ctx, getenv, stdout, stderr)
	case "check":
		err = check(ctx, args[1:], getenv, stdout)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "imsetup: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	if err != nil {
		fmt.Fprintf(stderr, "imsetup: %v\n", err)
		return 1
	}
	return 0
}
