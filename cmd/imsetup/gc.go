package main

import (
	"context"
	"runtime/debug"
	"runtime/metrics"
	"slices"
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
// those jumps: 0.55 collections per thousand requests, a peak of 36 to 38
// MB.
//
// A fixed limit would make a large heap collect without pause: the login
// limits alone may keep 100 000 accounts and addresses each under an
// attack, and a burst of connections grows the goroutines' stacks, which
// count against the limit too. So the limit follows what the process
// holds (followHeap): the runtime's memory beside the heap, as it is, and
// room for the heap to grow to more than GOGC=150 would have let it.
const (
	gcPercent = 300

	// memoryFloor is the soft limit while the process holds little: Go's
	// memory (heap, stacks, the runtime's own), not the binary's pages.
	memoryFloor = 22 << 20
	// liveRoom is the limit's room per byte of the steady live heap (the
	// smallest of the last second). The runtime keeps 3% of what the
	// limit leaves the heap in reserve, and counts free memory it has not
	// yet returned to the system against it, so 3 leaves a heap at least
	// the 2.5 times its live bytes that GOGC=150 gave
	// (TestFollowHeapLeavesTheHeapRoom).
	liveRoom = 3.0
	// growingRoom is the room per byte of the latest live heap, for a heap
	// that grows faster than the steady one follows (a flood filling the
	// login limits' tables): its collections never come back to back.
	// A collection that found twice the usual live heap (4 MB) asks for 6
	// MB of it, which the floor has.
	growingRoom = 1.5
	// slack is above the runtime's own reserve of 1 MiB.
	slack = 2 << 20
	// followEvery is how often the limit is set again: a tenth of a
	// second of stacks growing faster than the limit is all that can
	// make collections come closer together.
	followEvery = 100 * time.Millisecond
	// liveSamples is how many of the last live heaps the limit takes the
	// smallest of: a collection that ended while many requests held their
	// buffers found twice the usual live heap, for that collection only,
	// and must not lift the limit (that was the jump the limit is there to
	// cut); a heap that stays larger lifts it within a second.
	liveSamples = 10
)

// tuneGC applies the settings to the long-running commands (serve, demo)
// and has the limit follow the process until ctx ends or stop is called.
// stop returns once the limit has stopped following, and puts back the
// settings tuneGC found: a test that runs demo in the test process leaves
// the other tests the runtime as it was. getenv is the process's own
// environment: the runtime read GOGC and GOMEMLIMIT there.
func tuneGC(ctx context.Context, getenv func(string) string) (stop func()) {
	if getenv("GOGC") != "" || getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	oldPercent := debug.SetGCPercent(gcPercent)
	var m memoryReader
	oldLimit := debug.SetMemoryLimit(memoryLimit(m.read()))
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { followHeap(ctx, followEvery); close(done) }()
	return func() {
		cancel()
		<-done
		debug.SetGCPercent(oldPercent)
		debug.SetMemoryLimit(oldLimit)
	}
}

// memoryUse is what the limit is made from, in bytes.
type memoryUse struct {
	live    uint64 // the heap the last collection found live
	steady  uint64 // the smallest live heap of the last second (followHeap)
	nonHeap uint64 // the runtime's memory beside the heap's objects and free pages: stacks, its own structures
}

// memoryLimit is the soft memory limit for what the process holds.
func memoryLimit(m memoryUse) int64 {
	room := max(liveRoom*float64(m.steady), growingRoom*float64(m.live))
	return max(memoryFloor, int64(m.nonHeap)+int64(room)+slack)
}

// followHeap sets the limit again from what the process holds, every so
// often, until ctx ends: the runtime's memory beside the heap as it is,
// the latest live heap and the smallest of the last second's.
func followHeap(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	var r memoryReader
	lives := newLowest(r.read().live)
	last := debug.SetMemoryLimit(-1) // -1 reads it
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		m := r.read()
		m.steady = lives.add(m.live)
		if l := memoryLimit(m); l != last {
			debug.SetMemoryLimit(l)
			last = l
		}
	}
}

// lowest is the smallest of the last liveSamples values added.
type lowest struct {
	last [liveSamples]uint64
	next int
}

func newLowest(first uint64) *lowest {
	l := &lowest{}
	for i := range l.last {
		l.last[i] = first
	}
	return l
}

// add adds v and returns the smallest of the last liveSamples.
func (l *lowest) add(v uint64) uint64 {
	l.last[l.next] = v
	l.next = (l.next + 1) % len(l.last)
	return slices.Min(l.last[:])
}

// memoryReader reads memoryUse from runtime/metrics, reusing its samples.
type memoryReader struct{ s []metrics.Sample }

func (r *memoryReader) read() memoryUse {
	if r.s == nil {
		r.s = []metrics.Sample{
			{Name: "/gc/heap/live:bytes"},
			{Name: "/memory/classes/total:bytes"},
			{Name: "/memory/classes/heap/released:bytes"},
			{Name: "/memory/classes/heap/free:bytes"},
			{Name: "/memory/classes/heap/objects:bytes"},
		}
	}
	metrics.Read(r.s)
	v := func(i int) uint64 {
		if r.s[i].Value.Kind() != metrics.KindUint64 {
			return 0
		}
		return r.s[i].Value.Uint64()
	}
	// What the runtime counts against the limit (mapped, not returned),
	// less the heap's objects and free pages: as the runtime itself
	// reckons the memory that is not heap.
	mapped, heap := v(1)-v(2), v(3)+v(4)
	m := memoryUse{live: v(0), steady: v(0)}
	if mapped > heap {
		m.nonHeap = mapped - heap
	}
	return m
}
