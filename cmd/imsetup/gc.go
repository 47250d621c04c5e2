package main

import "runtime/debug"

// gcPercent is the portal's garbage collection target, unless the
// environment sets GOGC: a collection once the heap has grown by this
// much over what the last one kept.
//
// The portal keeps little (a couple of megabytes: messages, guides, page
// stencils, sessions) and allocates a few kilobytes per request, so Go's
// default (100, and never below 4 MB) collects about a hundred times a
// second under load, each time stopping every goroutine and scanning its
// stack: about a sixth of a page's CPU in the load test
// (docs/performance.md). 150 collects 40% less often for some 3 MB more
// resident memory; 200 saved a little more CPU but brought the load
// test's peak to 39 MB, too close to the 40 MB goal.
const gcPercent = 150

// tuneGC applies gcPercent to the long-running commands (serve, demo).
func tuneGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
}
