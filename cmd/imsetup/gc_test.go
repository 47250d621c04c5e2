package main

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"testing"
	"time"
)

// These tests change the process's garbage collector settings: none runs
// in parallel, and each puts them back (saveGC).

// The limit is never under the floor, and leaves the heap, after the
// runtime's memory beside it and the runtime's own reserve (3%, at least
// 1 MiB), the 2.5 times its live bytes that GOGC=150 gave.
func TestMemoryLimitLeavesTheHeapRoom(t *testing.T) {
	sizes := []uint64{0, 1 << 20, 2 << 20, 5 << 20, 40 << 20, 400 << 20, 4 << 30}
	for _, steady := range sizes {
		for _, live := range sizes {
			if live < steady { // the steady heap is the smallest of the last ones
				continue
			}
			for _, nonHeap := range []uint64{0, 6 << 20, 64 << 20, 1 << 30} {
				m := memoryUse{live: live, steady: steady, nonHeap: nonHeap}
				got := memoryLimit(m)
				if got < memoryFloor {
					t.Errorf("%+v: limit %d MiB, under the floor", m, got>>20)
				}
				left := float64(got - int64(nonHeap))
				heap := left - max(0.03*left, 1<<20) // the runtime's reserve (mgcpacer.go)
				if heap < 2.5*float64(steady) {
					t.Errorf("%+v: the limit leaves the heap %.1f MiB, less than 2.5× its steady live bytes", m, heap/(1<<20))
				}
				// A heap growing faster than the steady one follows is
				// never squeezed down to what is live: collections would
				// come back to back.
				if heap < 1.4*float64(live) {
					t.Errorf("%+v: the limit leaves the heap %.1f MiB, less than 1.4× its latest live bytes", m, heap/(1<<20))
				}
			}
		}
	}
	for _, m := range []memoryUse{
		{live: 2 << 20, steady: 2 << 20, nonHeap: 10 << 20}, // the portal under load
		{live: 4 << 20, steady: 2 << 20, nonHeap: 10 << 20}, // one collection found twice as much live
	} {
		if got := memoryLimit(m); got != memoryFloor {
			t.Errorf("%+v: limit %d, want the floor %d", m, got, memoryFloor)
		}
	}
}

// One collection that found twice the usual live heap (many requests
// holding their buffers) does not lift the limit; a heap that stays
// larger does, after liveSamples.
func TestTheLimitFollowsTheLowestOfTheLastLiveHeaps(t *testing.T) {
	l := newLowest(2 << 20)
	for i := range 3 * liveSamples {
		v := uint64(2 << 20)
		if i%liveSamples == 4 {
			v = 4 << 20
		}
		if got := l.add(v); got != 2<<20 {
			t.Fatalf("sample %d (%d MiB): lowest %d MiB, want 2", i, v>>20, got>>20)
		}
	}
	var got uint64
	for range liveSamples {
		got = l.add(40 << 20)
	}
	if got != 40<<20 {
		t.Errorf("a heap that stays at 40 MiB for %d samples: lowest %d MiB", liveSamples, got>>20)
	}
}

// An administrator's GOGC or GOMEMLIMIT stands: the portal changes nothing.
func TestTuneGCLeavesTheEnvironmentsSettingsAlone(t *testing.T) {
	defer saveGC(t)()
	debug.SetGCPercent(100)
	debug.SetMemoryLimit(1 << 40)
	for _, env := range []map[string]string{{"GOGC": "100"}, {"GOMEMLIMIT": "1TiB"}, {"GOGC": "off", "GOMEMLIMIT": "64MiB"}} {
		stop := tuneGC(t.Context(), func(k string) string { return env[k] })
		time.Sleep(3 * followEvery) // a follower would have set the limit by now
		stop()
		if p := debug.SetGCPercent(100); p != 100 {
			t.Errorf("%v: GOGC became %d", env, p)
		}
		if l := debug.SetMemoryLimit(-1); l != 1<<40 {
			t.Errorf("%v: the memory limit became %d", env, l)
		}
	}
	stop := tuneGC(t.Context(), func(string) string { return "" })
	if p := debug.SetGCPercent(gcPercent); p != gcPercent {
		t.Errorf("no GOGC, no GOMEMLIMIT: GOGC %d, want %d", p, gcPercent)
	}
	if l := debug.SetMemoryLimit(-1); l < memoryFloor || l >= 1<<40 {
		t.Errorf("no GOGC, no GOMEMLIMIT: memory limit %d, want at least the floor %d", l, memoryFloor)
	}
	// Stopped (demo run in the test process, TestDemoXMPPPortInUse), it
	// puts back what it found.
	stop()
	if p := debug.SetGCPercent(100); p != 100 {
		t.Errorf("after stop: GOGC %d, want 100 back", p)
	}
	if l := debug.SetMemoryLimit(-1); l != 1<<40 {
		t.Errorf("after stop: memory limit %d, want %d back", l, int64(1<<40))
	}
}

// What serve and demo start follows the heap, on the real runtime: with
// 96 MiB kept live the runtime's own heap goal leaves them GOGC=150's
// room, and the limit comes back down once they are gone.
func TestFollowHeapLeavesTheHeapRoom(t *testing.T) {
	defer saveGC(t)()
	runtime.GC() // what earlier tests kept is not live any more
	stop := tuneGC(t.Context(), func(string) string { return "" })
	defer stop()

	kept := make([][]byte, 96)
	for i := range kept {
		kept[i] = make([]byte, 1<<20)
		kept[i][0] = 1
	}
	runtime.GC()
	waitForGoal(t, "with 96 MiB live")
	high := debug.SetMemoryLimit(-1)
	runtime.KeepAlive(kept)

	kept = nil
	runtime.GC()
	waitUntil(t, "once they are gone, the limit comes down", func() bool { return debug.SetMemoryLimit(-1) < high })
}

// A burst of connections grows the goroutines' stacks, which the limit
// counts as it counts the heap: 2 000 goroutines of 64 KiB stacks each
// (125 MiB) would leave the heap no room under a fixed 22 MiB (the
// runtime would collect at every allocation); the limit makes room for
// them.
func TestFollowHeapMakesRoomForStacks(t *testing.T) {
	defer saveGC(t)()
	runtime.GC() // what earlier tests kept is not live any more
	stop := tuneGC(t.Context(), func(string) string { return "" })
	defer stop()

	release := make(chan struct{})
	var started, ended sync.WaitGroup
	for range 2000 {
		started.Add(1)
		ended.Add(1)
		go func() {
			defer ended.Done()
			deepStack(64, &started, release)
		}()
	}
	started.Wait()
	waitUntil(t, "the stacks are counted", func() bool { return memoryLimit(memoryUse{}) < debug.SetMemoryLimit(-1) })
	runtime.GC()
	waitForGoal(t, "with 2 000 goroutines' stacks")
	close(release)
	ended.Wait()
}

// deepStack grows the goroutine's stack by depth frames of half a KiB,
// then waits.
func deepStack(depth int, started *sync.WaitGroup, release chan struct{}) byte {
	var pad [512]byte
	pad[depth%len(pad)] = byte(depth)
	if depth == 0 {
		started.Done()
		<-release
		return pad[0]
	}
	return deepStack(depth-1, started, release) + pad[depth%len(pad)]
}

// waitForGoal waits until the runtime's heap goal is at least 2.5 times
// the live heap, GOGC=150's room.
func waitForGoal(t *testing.T, when string) {
	t.Helper()
	s := []metrics.Sample{{Name: "/gc/heap/goal:bytes"}, {Name: "/gc/heap/live:bytes"}}
	var goal, live uint64
	waitUntil(t, when+": the heap goal leaves 2.5 times the live heap", func() bool {
		metrics.Read(s)
		goal, live = s[0].Value.Uint64(), s[1].Value.Uint64()
		return float64(goal) >= 2.5*float64(live)
	})
	t.Logf("%s: live heap %.1f MiB, goal %.1f MiB, limit %.1f MiB", when,
		float64(live)/(1<<20), float64(goal)/(1<<20), float64(debug.SetMemoryLimit(-1))/(1<<20))
}

func waitUntil(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not after 10 s (memory limit %.1f MiB)", what, float64(debug.SetMemoryLimit(-1))/(1<<20))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// saveGC returns what puts the process's garbage collector settings back.
func saveGC(t *testing.T) func() {
	t.Helper()
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	l := debug.SetMemoryLimit(-1)
	return func() {
		debug.SetGCPercent(p)
		debug.SetMemoryLimit(l)
	}
}
