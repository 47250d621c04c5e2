// Command loadtest measures the portal against the same bytes served by a
// bare Go net/http handler and by nginx, in one run, on loopback only:
//
//	go run ./cmd/loadtest            # about two minutes
//	go run ./cmd/loadtest -d 10s -c 64
//
// It builds and starts `imsetup demo` (its request log goes to a file, as
// an administrator would redirect it), logs in, and for the login form,
// the chooser and each guide serves the very bytes the portal answered
// from a bare Go server and from nginx (when installed), each in its own
// process. It prints requests per second, p50 and p99 latency, the CPU
// each server and the client spent per request, and the portal's
// resident memory. It also checks what a load must not change: 500
// concurrent views of a guide on a cold certificate cache make one probe;
// it times the cold start (exec to the first page) and the portal's own
// cost per login beyond BlueMind's time, against the BlueMind emulator.
//
// Every answer is checked (status and body): a wrong one makes the
// command fail. The figures are not: they depend on the machine. Ratios
// taken in one run are the point; docs/performance.md has a run.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"syscall"
	"time"
)

func main() {
	serveBareIfAsked()
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

// serveBareIfAsked is the bare Go server: this same program, started
// again by bareCmd with the pages to serve. It never returns.
func serveBareIfAsked() {
	a := os.Args
	if len(a) != 5 || a[1] != "-bare-pages" || a[3] != "-bare-listen" {
		return
	}
	if err := bareMain(a[2], a[4]); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest bare server:", err)
		os.Exit(1)
	}
	os.Exit(0)
}

type options struct {
	load       loadOptions
	rounds     int // turns of the servers per page (measureAll)
	bin        string
	nginx      string
	starts     int
	views      int
	logins     int
	timeout    time.Duration
	keepTmpDir bool
}

func parseFlags(args []string, stderr io.Writer) (*options, error) {
	o := &options{}
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&o.load.conns, "c", 64, "concurrent keep-alive connections per measurement")
	fs.DurationVar(&o.load.duration, "d", 5*time.Second, "measured time per page and server")
	// Six short turns, half a second of warm-up each, take as long as
	// three turns after a second did, and follow a machine whose speed
	// drifts more closely: the same page's ratio spread over 0.80–0.84×
	// in two runs, against 0.77–0.88× in turns of three.
	fs.DurationVar(&o.load.warmup, "warmup", 500*time.Millisecond, "unmeasured load before each measurement")
	fs.IntVar(&o.load.maxReqs, "n", 2_000_000, "at most this many measured requests per page and server")
	fs.IntVar(&o.rounds, "rounds", 6, "measure each page on the servers in turn this many times, each a share of -d and -n, and add them up")
	fs.StringVar(&o.bin, "bin", "", "imsetup binary to measure (default: built as docs/admin.md builds it, CGO_ENABLED=0 go build -trimpath)")
	fs.StringVar(&o.nginx, "nginx", "", `nginx binary (default: found in PATH or /usr/sbin; "off" skips nginx)`)
	fs.IntVar(&o.starts, "starts", 5, "cold starts to time")
	fs.IntVar(&o.views, "views", 500, "concurrent guide views on a cold certificate cache")
	fs.IntVar(&o.logins, "logins", 300, "logins to time against the BlueMind emulator")
	fs.DurationVar(&o.timeout, "timeout", 10*time.Minute, "give up after this long")
	fs.BoolVar(&o.keepTmpDir, "keep", false, "keep the temporary directory (logs, pages, nginx.conf)")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if o.load.conns < 1 || o.rounds < 1 || o.load.duration <= 0 || o.load.maxReqs < 1 || o.views < 1 || o.logins < 1 || o.starts < 1 {
		return nil, errors.New("-c, -d, -n, -rounds, -views, -logins and -starts must be positive")
	}
	return o, nil
}

func run(ctx context.Context, args []string, stdout io.Writer) error {
	o, err := parseFlags(args, os.Stderr)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, o.timeout)
	defer cancel()
	dir, err := os.MkdirTemp("", "imsetup-loadtest")
	if err != nil {
		return err
	}
	if o.keepTmpDir {
		fmt.Fprintln(stdout, "files in", dir)
	} else {
		defer os.RemoveAll(dir)
	}
	// nginx's workers (user nobody) must reach the pages.
	if err := os.Chmod(dir, 0o755); err != nil {
		return err
	}
	if o.bin == "" {
		if o.bin, err = buildPortal(dir); err != nil {
			return err
		}
	}
	printMachine(stdout, o)

	var problems []string
	check := func(ok bool, format string, a ...any) { // a wrong answer: the run fails at the end
		if !ok {
			problems = append(problems, fmt.Sprintf(format, a...))
		}
	}

	if err := loadPages(ctx, o, dir, stdout, check); err != nil {
		return err
	}
	if err := checkStart(ctx, o, dir, stdout); err != nil {
		return err
	}
	if err := checkProbesAndLogins(ctx, o, dir, stdout, check); err != nil {
		return err
	}
	if len(problems) > 0 {
		return fmt.Errorf("wrong answers:\n  %s", strings.Join(problems, "\n  "))
	}
	return nil
}

func printMachine(w io.Writer, o *options) {
	cpus, model, ram := machine()
	fmt.Fprintf(w, "imsetup load test, %s\n", time.Now().UTC().Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(w, "machine: %d CPUs (%s), %.1f GiB RAM, load average %s at start; %s %s/%s\n",
		cpus, model, float64(ram)/(1<<30), loadAverage(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	fmt.Fprintf(w, "load: %d keep-alive connections over loopback, %v (at most %d requests) per page and server, in %d turns of the servers, each after %v of warm-up\n\n",
		o.load.conns, o.load.duration, o.load.maxReqs, o.rounds, o.load.warmup)
}

func checkStart(ctx context.Context, o *options, dir string, w io.Writer) error {
	starts, err := coldStarts(ctx, o.bin, dir, o.starts)
	if err != nil {
		return err
	}
	var s []string
	for _, d := range starts {
		s = append(s, ms(d))
	}
	fmt.Fprintf(w, "cold start, exec to the first page: median %s (of %d: %s; goal < 100 ms)\n",
		ms(starts[len(starts)/2]), len(starts), strings.Join(s, ", "))
	return nil
}

func checkProbesAndLogins(ctx context.Context, o *options, dir string, w io.Writer, check checker) error {
	ps, err := startProbeServer(ctx, o.bin, dir)
	if err != nil {
		return err
	}
	defer ps.close()
	probes, err := ps.coldViews(o.views)
	check(err == nil, "cold guide views: %v", err)
	check(probes == 1, "%d concurrent guide views on a cold cache made %d probes, want 1", o.views, probes)
	fmt.Fprintf(w, "certificate probes: %d concurrent guide views on a cold cache made %d probe (goal 1), each answer with the domain's own fingerprint\n", o.views, probes)

	own, floor, cpu, err := ps.loginCost(o.logins)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "login (`imsetup serve` against the BlueMind emulator, %d logins one after the other):\n", o.logins)
	fmt.Fprintf(w, "  round trip minus BlueMind's time: p50 %s, p99 %s (goal < 1 ms); of which a bare round trip to /healthz: p50 %s\n",
		ms(own.quantile(0.5)), ms(own.quantile(0.99)), ms(floor.quantile(0.5)))
	fmt.Fprintf(w, "  portal CPU per login (its HTTP client to BlueMind, cookie, log): %s\n", ms(cpu))
	return nil
}

// checker notes a wrong answer (ok false), which fails the run at its end.
type checker func(ok bool, format string, a ...any)

func perReq(d time.Duration, n int64) time.Duration {
	if n == 0 {
		return 0
	}
	return d / time.Duration(n)
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", d.Seconds()*1000) }
func us(d time.Duration) string { return fmt.Sprintf("%.0f µs", d.Seconds()*1e6) }
func mb(b int64) string         { return fmt.Sprintf("%.1f MB", float64(b)/1e6) }
