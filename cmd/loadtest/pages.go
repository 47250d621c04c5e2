package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"text/tabwriter"
	"time"
)

// measuredPages are what users load most: the login form logged out, the
// chooser and each guide logged in.
var measuredPages = []struct{ name, path string }{
	{"guide gajim", "/guides/gajim"},
	{"guide pidgin", "/guides/pidgin"},
	{"guide thunderbird", "/guides/thunderbird"},
	{"chooser", "/"},
	{"login form", "/login"},
}

// loadPages starts the demo, the bare Go server and nginx, and measures
// each page on each in turn, the three one after the other, so that a
// change in the machine's load touches the three alike.
func loadPages(ctx context.Context, o *options, dir string, w io.Writer, check checker) error {
	logPath := filepath.Join(dir, "demo.log")
	demo, _, err := startDemo(ctx, o.bin, logPath)
	if err != nil {
		return err
	}
	defer demo.stop()
	pages, err := fetchPages(demo.addr)
	if err != nil {
		return err
	}
	check(strings.Contains(string(pages[0].Body), "jeanne.martin@example.com"), "the guide does not show the demo user's address")
	servers, err := startReferences(ctx, o, dir, pages, w)
	for _, s := range servers {
		defer s.stop()
	}
	if err != nil {
		return err
	}
	answered, err := measureAll(ctx, o, w, append([]*process{demo}, servers...), pages, check)
	if err != nil {
		return err
	}
	rss, peak := memory(demo.pid())
	fmt.Fprintf(w, "\nportal memory: %s resident after the load, %s at its peak (goal < 40 MB)\n", mb(rss), mb(peak))
	// Stopped first, as an administrator's SIGTERM stops it: the portal
	// writes its log in batches, and none may be lost.
	demo.stop()
	counts, err := countLines(logPath, "msg=request ", "imsetup stopped")
	if err != nil {
		return err
	}
	lines, stopped := counts[0], counts[1]
	fmt.Fprintf(w, "portal log: %d request lines for %d requests of the load (and the logins and fetches before), read after its SIGTERM\n", lines, answered)
	check(int64(lines) >= answered, "the portal logged %d requests for %d answered", lines, answered)
	check(stopped == 1, "the portal's log does not end with imsetup stopped")
	return nil
}

// startDemo runs `imsetup demo` as a user would, its log going to a file,
// and returns the time from exec to its first page (the login form).
func startDemo(ctx context.Context, bin, logPath string) (*process, time.Duration, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, 0, err
	}
	xmpp, err := freeAddr() // never the demo's default, 5222
	if err != nil {
		return nil, 0, err
	}
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, 0, err
	}
	defer logFile.Close() // the child has its own descriptor
	p, d, err := start(ctx, "imsetup demo", portalCmd(bin, "demo", addr, []string{"IMSETUP_XMPP_PORT=" + port(xmpp)}, logFile), addr, "/login")
	if err != nil {
		return nil, 0, err
	}
	p.name = "portal"
	return p, d, nil
}

// fetchPages logs the demo user in and keeps each page as it is served.
func fetchPages(addr string) ([]page, error) {
	cookie, err := login(addr, "jmartin")
	if err != nil {
		return nil, err
	}
	var pages []page
	for _, m := range measuredPages {
		c := cookie
		if m.path == "/login" {
			c = ""
		}
		p, err := fetch(addr, m.path, c)
		if err != nil {
			return nil, err
		}
		pages = append(pages, p)
	}
	return pages, nil
}

// startReferences starts the bare Go server and nginx (when installed)
// on the pages; it returns those it started, even on error.
func startReferences(ctx context.Context, o *options, dir string, pages []page, w io.Writer) ([]*process, error) {
	spec, root, err := writePages(dir, pages)
	if err != nil {
		return nil, err
	}
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	cmd, err := bareCmd(spec, addr)
	if err != nil {
		return nil, err
	}
	bare, _, err := start(ctx, "bare Go server", cmd, addr, pages[0].Path)
	if err != nil {
		return nil, err
	}
	bare.name = "Go"
	servers := []*process{bare}
	bin := findNginx(o.nginx)
	if bin == "" {
		fmt.Fprintln(w, errNoNginx)
		return servers, nil
	}
	if addr, err = freeAddr(); err != nil {
		return servers, err
	}
	if cmd, err = nginxCmd(bin, dir, root, addr); err != nil {
		return servers, err
	}
	ng, _, err := start(ctx, "nginx", cmd, addr, pages[0].Path)
	if err != nil {
		return servers, err
	}
	return append(servers, ng), nil
}

// measureAll loads each page on each server (the portal, then the bare
// Go server, then nginx) and prints a row for each, and the ratios. The
// servers take turns, o.rounds times, each turn a share of the measured
// time: a machine whose speed drifts (other processes, a virtual CPU's
// neighbours) then weighs on all of them alike, where one long
// measurement after the other gave the same page 0.97× in one run and
// 0.79× in the next. It returns how many requests the portal answered.
func measureAll(ctx context.Context, o *options, w io.Writer, servers []*process, pages []page, check checker) (int64, error) {
	portal, bare := servers[0], servers[1]
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "page\tserver\treq/s\tp50\tp99\tserver CPU/req\tclient CPU/req\tCPU busy\t")
	turn := o.load
	turn.duration = o.load.duration / time.Duration(o.rounds)
	turn.maxReqs = max(o.load.maxReqs/o.rounds, 1)
	var answered int64
	for i, m := range measuredPages {
		results := map[*process]*loadResult{}
		for range o.rounds {
			for _, srv := range servers {
				if ctx.Err() != nil {
					return 0, ctx.Err()
				}
				t := target{addr: srv.addr, path: m.path, want: pages[i].Body}
				if m.path != "/login" {
					// A fresh login for each turn, as a browser keeps its
					// cookie fresh: the portal rewrites a cookie older than a
					// minute at every request that still sends it.
					var err error
					if t.cookie, err = login(portal.addr, "jmartin"); err != nil {
						return 0, err
					}
				}
				res := measure(t, turn, func() time.Duration { return treeCPU(srv.pid()) })
				if results[srv] == nil {
					results[srv] = &loadResult{}
				}
				results[srv].add(res)
				if srv == portal {
					answered += res.sent
				}
			}
		}
		for _, srv := range servers {
			res := results[srv]
			check(res.failures == 0, "%s from %s: %d failures, the first: %v", m.name, srv.name, res.failures, res.firstErr)
			check(res.requests > 0, "%s from %s: no answer", m.name, srv.name)
			fmt.Fprintf(tw, "%s\t%s\t%.0f\t%s\t%s\t%s\t%s\t%.0f%%\t\n", m.name, srv.name, res.rate(),
				ms(res.hist.quantile(0.5)), ms(res.hist.quantile(0.99)),
				us(perReq(res.cpu.server, res.requests)), us(perReq(res.cpu.client, res.requests)),
				100*(res.cpu.server+res.cpu.client).Seconds()/res.elapsed.Seconds()/float64(runtime.NumCPU()))
		}
		if p, g := results[portal], results[bare]; p.requests > 0 && g.requests > 0 {
			fmt.Fprintf(tw, "\tportal ÷ Go\t%.2f×\t\t%.1f×\t%.1f×\t\t\t\n", p.rate()/g.rate(),
				float64(p.hist.quantile(0.99))/float64(max(g.hist.quantile(0.99), time.Microsecond)),
				float64(perReq(p.cpu.server, p.requests))/float64(max(perReq(g.cpu.server, g.requests), 1)))
		}
	}
	tw.Flush()
	fmt.Fprintln(w, "goals: portal ÷ Go ≥ 0.80× in req/s and ≤ 1.5× in p99")
	fmt.Fprintln(w, "CPU/req: CPU time of the server (all its threads, or nginx's workers) and of this client per answer;")
	fmt.Fprintln(w, "CPU busy: the share of all CPUs the two used together; the rest went to other processes.")
	return answered, nil
}
