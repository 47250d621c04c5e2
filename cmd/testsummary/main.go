// Command testsummary reads `go test -json` and prints what a reader of a
// long test run needs: each failed test with its output, each skipped
// test with the reason it gave, each package's verdict and the counts.
//
//	go test -json ./... | go run ./cmd/testsummary
//	go run ./cmd/testsummary -full <log.json   # also the whole verbose log
//
// A skip's reason is printed before its `--- SKIP` line, and parallel
// tests interleave their lines, so grep on `go test -v` cannot show it;
// the JSON names the test of every line. It exits with status 1 when a
// test or a package failed, 2 when it cannot read its input.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// event is one line of `go test -json` (cmd/test2json).
type event struct {
	Action     string
	Package    string
	Test       string
	Output     string
	ImportPath string // build-output and build-fail
}

// result is a finished test, in the order tests finished.
type result struct {
	pkg, test string
	output    []string // the test's own lines, without the === and --- ones
}

type summary struct {
	out                  map[string][]string // by package + test
	failed, skipped      []result
	passed               int
	verdicts             []string
	failedPackages       bool
	packageOut, buildOut map[string][]string
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("testsummary", flag.ContinueOnError)
	flags.SetOutput(stderr)
	full := flags.Bool("full", false, "print the whole verbose log first")
	if err := flags.Parse(args); err != nil {
		return 2
	}
	s := &summary{out: map[string][]string{}, packageOut: map[string][]string{}, buildOut: map[string][]string{}}
	sc := bufio.NewScanner(stdin)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		line := sc.Text()
		var e event
		if !strings.HasPrefix(line, "{") || json.Unmarshal([]byte(line), &e) != nil {
			// Not an event (a go command message): keep it.
			fmt.Fprintln(stdout, line)
			continue
		}
		if *full && e.Output != "" {
			fmt.Fprint(stdout, e.Output)
		}
		s.add(e)
	}
	if err := sc.Err(); err != nil {
		fmt.Fprintln(stderr, "testsummary:", err)
		return 2
	}
	s.print(stdout)
	if len(s.failed) > 0 || s.failedPackages {
		return 1
	}
	return 0
}

func (s *summary) add(e event) {
	key := e.Package + " " + e.Test
	switch e.Action {
	case "output":
		if e.Test == "" {
			s.packageOut[e.Package] = append(s.packageOut[e.Package], e.Output)
		} else if own(e.Output) {
			s.out[key] = append(s.out[key], strings.TrimRight(e.Output, "\n"))
		}
	case "build-output":
		s.buildOut[e.ImportPath] = append(s.buildOut[e.ImportPath], e.Output)
	case "build-fail":
		s.failedPackages = true
		s.verdicts = append(s.verdicts, "FAIL\t"+e.ImportPath+" [build failed]\n"+strings.Join(s.buildOut[e.ImportPath], ""))
	case "pass", "fail", "skip":
		if e.Test == "" {
			s.verdict(e)
			return
		}
		r := result{pkg: e.Package, test: e.Test, output: s.out[key]}
		delete(s.out, key)
		switch e.Action {
		case "pass":
			s.passed++
		case "fail":
			s.failed = append(s.failed, r)
		case "skip":
			s.skipped = append(s.skipped, r)
		}
	}
}

// own reports whether a line is what the test itself printed, not the
// framework's === RUN / --- PASS bookkeeping.
func own(line string) bool {
	t := strings.TrimSpace(line)
	for _, p := range []string{"=== RUN", "=== PAUSE", "=== CONT", "=== NAME", "--- PASS", "--- FAIL", "--- SKIP"} {
		if strings.HasPrefix(t, p) {
			return false
		}
	}
	return t != ""
}

// verdict keeps a package's last line (ok, FAIL, no test files); a failed
// package keeps all it printed outside its tests, such as a panic.
func (s *summary) verdict(e event) {
	lines := s.packageOut[e.Package]
	last := ""
	if len(lines) > 0 {
		last = strings.TrimRight(lines[len(lines)-1], "\n")
	}
	if e.Action == "fail" {
		s.failedPackages = true
		var extra []string
		for _, l := range lines[:max(len(lines)-1, 0)] {
			if t := strings.TrimSpace(l); t != "FAIL" && t != "" {
				extra = append(extra, strings.TrimRight(l, "\n"))
			}
		}
		if last == "" {
			last = "FAIL\t" + e.Package
		}
		if len(extra) > 0 {
			last += "\n" + strings.Join(extra, "\n")
		}
	}
	if last != "" {
		s.verdicts = append(s.verdicts, last)
	}
}

func (s *summary) print(w io.Writer) {
	for _, r := range s.failed {
		fmt.Fprintf(w, "--- FAIL: %s %s\n", r.pkg, r.test)
		for _, l := range r.output {
			fmt.Fprintln(w, "    "+strings.TrimSpace(l))
		}
	}
	for _, r := range s.skipped {
		reason := "(no reason given)"
		if len(r.output) > 0 {
			parts := make([]string, len(r.output))
			for i, l := range r.output {
				parts[i] = strings.TrimSpace(l)
			}
			reason = strings.Join(parts, " ")
		}
		fmt.Fprintf(w, "--- SKIP: %s %s: %s\n", r.pkg, r.test, reason)
	}
	for _, v := range s.verdicts {
		fmt.Fprintln(w, v)
	}
	fmt.Fprintf(w, "%d passed, %d failed, %d skipped\n", s.passed, len(s.failed), len(s.skipped))
}
