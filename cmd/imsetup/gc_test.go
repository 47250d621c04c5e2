package main

import (
	"context"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// The limit never leaves a heap less room than GOGC=150 did, whatever its
// size: a limit under the live heap would collect without pause.
func TestMemoryLimitLeavesTheHeapRoom(t *testing.T) {
	for _, live := range []uint64{0, 1 << 20, 2 << 20, 5 << 20, 6 << 20, 40 << 20, 400 << 20, 4 << 30} {
		got := memoryLimit(live)
		if got < memoryFloor {
			t.Errorf("live heap %d MiB: limit %d MiB, under the floor", live>>20, got>>20)
		}
		if room := runtimeMemory + 2.5*float64(live); float64(got) < room {
			t.Errorf("live heap %d MiB: limit %.1f MiB, less than 2.5× the heap and the runtime's own (%.1f MiB)",
				live>>20, float64(got)/(1<<20), room/(1<<20))
		}
	}
	if got := memoryLimit(2 << 20); got != memoryFloor {
		t.Errorf("the portal's usual 2 MiB live: limit %d, want the floor %d", got, memoryFloor)
	}
}

// An administrator's GOGC or GOMEMLIMIT stands: the portal changes nothing.
func TestTuneGCLeavesTheEnvironmentsSettingsAlone(t *testing.T) {
	restore := saveGC(t)
	defer restore()
	debug.SetGCPercent(100)
	debug.SetMemoryLimit(1 << 40)
	for _, env := range []map[string]string{{"GOGC": "100"}, {"GOMEMLIMIT": "1TiB"}, {"GOGC": "off", "GOMEMLIMIT": "64MiB"}} {
		tuneGC(t.Context(), func(k string) string { return env[k] })
		if p := debug.SetGCPercent(100); p != 100 {
			t.Errorf("%v: GOGC became %d", env, p)
		}
		if l := debug.SetMemoryLimit(-1); l != 1<<40 {
			t.Errorf("%v: the memory limit became %d", env, l)
		}
	}
	tuneGC(t.Context(), func(string) string { return "" })
	if p := debug.SetGCPercent(gcPercent); p != gcPercent {
		t.Errorf("no GOGC, no GOMEMLIMIT: GOGC %d, want %d", p, gcPercent)
	}
	if l := debug.SetMemoryLimit(-1); l < memoryFloor || l >= 1<<40 {
		t.Errorf("no GOGC, no GOMEMLIMIT: memory limit %d, want at least the floor %d", l, memoryFloor)
	}
}

// The limit follows a heap that grows past the floor, on the real
// runtime: 96 MiB kept live raises it to leave them room, and it comes
// back down once they are gone.
func TestFollowHeapRaisesTheLimitWithTheHeap(t *testing.T) {
	restore := saveGC(t)
	defer restore()
	debug.SetGCPercent(gcPercent)
	debug.SetMemoryLimit(memoryFloor)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() { followHeap(ctx, 10*time.Millisecond); close(done) }()
	defer func() { cancel(); <-done }()

	kept := make([][]byte, 96)
	for i := range kept {
		kept[i] = make([]byte, 1<<20)
		kept[i][0] = 1
	}
	runtime.GC()
	want := memoryLimit(96 << 20)
	waitForLimit(t, "with 96 MiB live", func(l int64) bool { return l >= want })
	runtime.KeepAlive(kept)

	kept = nil
	runtime.GC()
	waitForLimit(t, "once they are gone", func(l int64) bool { return l < want })
}

func waitForLimit(t *testing.T, when string, ok func(int64) bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		l := debug.SetMemoryLimit(-1)
		if ok(l) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: the memory limit stayed at %.1f MiB", when, float64(l)/(1<<20))
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
