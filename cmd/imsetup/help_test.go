package main

import (
	"context"
	"fmt"
	"runtime/debug"
	"strings"
	"testing"

	"imsetup/internal/config"
)

// runDone runs imsetup in-process with a context already ended: a command
// that started a server instead of answering would stop at once, and its
// banner or probe would show in the output the test compares.
func runDone(t *testing.T, environ []string, args ...string) (int, string, string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errOut strings.Builder
	code := run(ctx, args, environ, &out, &errOut)
	return code, out.String(), errOut.String()
}

// A configuration each command could act on, so that help doing anything
// else than printing would show. Its key is made afresh for each run: a
// key written here would be one anybody could start a portal with.
var workingEnviron = []string{
	"IMSETUP_LISTEN=127.0.0.1:0", "IMSETUP_BLUEMIND_URL=http://127.0.0.1:1",
	"IMSETUP_PUBLIC_URL=https://im.example.com", "IMSETUP_SESSION_KEYS=" + randomKey(nil),
}

// Each command answers --help and -h, wherever the flag stands, with its
// own help and nothing else, like `imsetup help COMMAND`.
func TestEveryCommandAnswersHelp(t *testing.T) {
	for _, c := range commands() {
		for _, args := range [][]string{{c.name, "--help"}, {c.name, "-h"}, {c.name, "example.com", "-help"}, {"help", c.name}} {
			code, out, errOut := runDone(t, workingEnviron, args...)
			if code != 0 || out != c.help() || errOut != "" {
				t.Errorf("imsetup %s: exit %d, stdout %q, stderr %q; want 0 and the help alone", strings.Join(args, " "), code, out, errOut)
			}
		}
		h := c.help()
		for _, want := range []string{"Usage: imsetup " + c.name, "Exit status:\n  0  "} {
			if !strings.Contains(h, want) {
				t.Errorf("%s's help lacks %q:\n%s", c.name, want, h)
			}
		}
	}
}

// A command's help lists the variables it reads, from the table the
// configuration is loaded from, and their defaults as written.
func TestHelpListsTheVariablesACommandReads(t *testing.T) {
	for name, cmd := range map[string]config.Command{"serve": config.Serve, "demo": config.Demo, "check": config.Check} {
		c, _ := commandNamed(name)
		h := c.help()
		for _, v := range config.Variables() {
			listed := strings.Contains(h, "  "+v.Name+" ")
			if listed != v.For(cmd) {
				t.Errorf("%s's help lists %s: %v, want %v", name, v.Name, listed, v.For(cmd))
			}
		}
		for _, want := range map[string][]string{
			"serve": {"IMSETUP_SESSION_LIFETIME", "default: 4h", "up to 12h", "default: 30m", "default: 10m", "default: 10s", "3  the configuration needs fixing", "imsetup check"},
			"demo":  {"1  failed while running", "on 127.0.0.1:5222", "IMSETUP_XMPP_PORT chooses", "  IMSETUP_XMPP_HOST "},
			"check": {"[DOMAIN...]", "1  problems found", "3  the configuration needs fixing", "default: 10s"},
		}[name] {
			if !strings.Contains(h, want) {
				t.Errorf("%s's help lacks %q:\n%s", name, want, h)
			}
		}
		if strings.Contains(h, "0m0s") || strings.Contains(h, "h0m") {
			t.Errorf("%s's help prints a duration as nobody writes it:\n%s", name, h)
		}
	}
}

func TestGeneralHelp(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"-h"}, {"--help"}} {
		code, out, _ := runDone(t, workingEnviron, args...)
		if code != 0 || out != generalHelp() {
			t.Errorf("imsetup %s: exit %d:\n%s", args[0], code, out)
		}
	}
	for _, c := range commands() {
		if !strings.Contains(generalHelp(), "imsetup "+c.name) {
			t.Errorf("the general help does not list %s", c.name)
		}
	}
	// Without a command: the help, as an error.
	if code, out, errOut := runDone(t, nil); code != exitUsage || out != "" || errOut != generalHelp() {
		t.Errorf("imsetup alone: exit %d, stdout %q", code, out)
	}
}

func TestWrongCommandLinesAreUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		says string
	}{
		{[]string{"start"}, `unknown command "start"`},
		{[]string{"help", "start"}, `unknown command "start": the commands are serve, demo, check, version, help`},
		{[]string{"serve", "now"}, `imsetup serve: unexpected argument "now"`},
		{[]string{"demo", "--port=1"}, `imsetup demo: unexpected argument "--port=1"`},
		{[]string{"check", "--verbose"}, `imsetup check: unknown option "--verbose"`},
		{[]string{"version", "x"}, `unexpected argument "x"`},
	} {
		code, out, errOut := runDone(t, workingEnviron, tc.args...)
		if code != exitUsage || out != "" || !strings.Contains(errOut, tc.says) {
			t.Errorf("imsetup %s: exit %d, stdout %q, stderr %q; want %d and %q", strings.Join(tc.args, " "), code, out, errOut, exitUsage, tc.says)
		}
		// The status is one the command's own help lists.
		if c, ok := commandNamed(tc.args[0]); ok && !strings.Contains(c.help(), fmt.Sprintf("\n  %d  ", code)) {
			t.Errorf("imsetup %s exits %d, which its help does not list:\n%s", strings.Join(tc.args, " "), code, c.help())
		}
	}
}

func TestVersionCommand(t *testing.T) {
	want := readVersion().String() + "\n"
	for _, arg := range []string{"version", "--version", "-version"} {
		code, out, errOut := runDone(t, nil, arg)
		if code != 0 || out != want || errOut != "" {
			t.Errorf("imsetup %s: exit %d, %q %q; want %q", arg, code, out, errOut, want)
		}
	}
	// go test records no VCS revision: this is the go run case.
	if v := readVersion(); v.Revision == "" && !strings.Contains(want, "(devel) (no VCS revision recorded") {
		t.Errorf("a build without VCS information: %q", want)
	}
}

func TestVersionFromBuildInfo(t *testing.T) {
	stamped := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "imsetup", Version: "v0.0.0-20261125085718-c1f8ad5ffa0a+dirty"}, Settings: []debug.BuildSetting{
		{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: "c1f8ad5ffa0a332e19c7620fda75417022710392"},
		{Key: "vcs.time", Value: "2026-11-25T08:57:18Z"}, {Key: "vcs.modified", Value: "true"},
	}}
	for _, tc := range []struct {
		bi   *debug.BuildInfo
		ok   bool
		want string
	}{
		{stamped, true, "imsetup v0.0.0-20261125085718-c1f8ad5ffa0a+dirty (revision c1f8ad5ffa0a332e19c7620fda75417022710392, 2026-11-25T08:57:18Z, with uncommitted changes; go1.26.8)"},
		{&debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "imsetup", Version: "(devel)"}}, true, "imsetup (devel) (no VCS revision recorded: built with go run, -buildvcs=false or outside a git clone; go1.26.8)"},
		{nil, false, "imsetup (devel) (no VCS revision recorded: built with go run, -buildvcs=false or outside a git clone)"},
	} {
		if got := versionFrom(tc.bi, tc.ok).String(); got != tc.want {
			t.Errorf("got  %s\nwant %s", got, tc.want)
		}
	}
	if attrs := versionFrom(stamped, true).logAttrs(); attrs[3] != "c1f8ad5ffa0a332e19c7620fda75417022710392+modified" {
		t.Errorf("log attributes %v", attrs)
	}
}
