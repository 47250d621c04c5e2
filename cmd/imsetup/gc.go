package main

import (
	"context"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// The portal's garbage collector settings, unless the environment sets
// GOGC or GOMEMLIMIT (then the runtime's own reading of them stands).
//
// The portal keeps little (2 to 4 MB: messages, guides, page stencils,
// sessions, and the buffers of the requests in flight) and allocates a few
// kilobytes per request, most of them net/http's. With Go's default
// (GOGC=100, never below 4 MB) it collected about a hundred times a
// second under load, each collection stopping every goroutine and
// scanning its stack; with GOGC=150, 1.1 collections per thousand
// requests, some 2.7 µs of CPU per request (docs/performance.md).
//
// A higher GOGC alone collects less often but sets the next target from
// whatever happened to be live when a collection ended: the buffers of 64
// requests in flight doubled it now and then, and the resident memory
// jumped by 6 MB for a few milliseconds (the load test's peak, 39 to 40
// MB at GOGC=200 or 300). So GOGC is high, and a soft memory limit cuts
// those jumps: 0.55 collections per thousand requests, a peak of 34 MB.
//
// A fixed limit would make a large heap collect without pause: the login
// limits alone may keep 100 000 accounts and addresses each under an
// attack. So the limit follows the live heap (followHeap): never below
// what GOGC=150 gave a heap of that size, plus the runtime's own memory.
const (
	gcPercent = 300

	// memoryFloor is the soft limit while the live heap is small: Go's
	// memory (heap, stacks, the runtime's own), not the binary's pages.
	memoryFloor = 22 << 20
	// runtimeMemory is what Go needs beside the heap (goroutine stacks,
	// the collector's and allocator's own): about 6 MB in the load test.
	runtimeMemory = 8 << 20
	// liveRoom is the heap a collection lets grow per byte live, at the
	// least, once the limit follows the heap: GOGC=150's 2.5.
	liveRoom = 2.5
	// followEvery is how often the limit is set again.
	followEvery = time.Second
)

// tuneGC applies the settings to the long-running commands (serve, demo)
// and keeps the limit above the live heap until ctx ends. getenv is the
// process's own environment: the runtime read GOGC and GOMEMLIMIT there.
func tuneGC(ctx context.Context, getenv func(string) string) {
	if getenv("GOGC") != "" || getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetGCPercent(gcPercent)
	debug.SetMemoryLimit(memoryLimit(liveHeap()))
	go followHeap(ctx, followEvery)
}

// memoryLimit is the soft memory limit for a live heap of live bytes.
func memoryLimit(live uint64) int64 {
	return max(memoryFloor, runtimeMemory+int64(liveRoom*float64(live)))
}

// followHeap sets the limit again from the live heap, every so often,
// until ctx ends. A heap that grows faster than that collects more often
// for that long at most: the runtime caps the collector at half the CPU.
func followHeap(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	last := debug.SetMemoryLimit(-1) // -1 reads it
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if l := memoryLimit(liveHeap()); l != last {
			debug.SetMemoryLimit(l)
			last = l
		}
	}
}

// liveHeap is the heap the last collection found live, in bytes.
func liveHeap() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}
