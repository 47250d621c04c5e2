package handlers

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"imsetup/internal/bluemind"
	"imsetup/internal/bluemind/bluemindtest"
	"imsetup/internal/readiness"
)

// countingBlueMind is the emulator, counting the _infos requests it gets.
func countingBlueMind(t *testing.T) (*bluemindtest.Server, *bluemind.Client, *atomic.Int64) {
	emu := bluemindtest.NewDemo()
	var infos atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/system/installation/_infos" {
			infos.Add(1)
		}
		emu.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	bm, err := bluemind.New(bluemind.Options{BaseURL: srv.URL, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return emu, bm, &infos
}

func startChecker(t *testing.T, bm *bluemind.Client, interval time.Duration) *readiness.Checker {
	c := readiness.New(readiness.Options{Ping: bm.Ping, Interval: interval})
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go c.Run(ctx)
	return c
}

// waitReadyz polls /readyz until it answers want, for up to five seconds.
func waitReadyz(t *testing.T, p *portal, want int) *response {
	t.Helper()
	var r *response
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if r = p.anonymousBrowser("").get("/readyz"); r.StatusCode == want {
			return r
		}
	}
	t.Fatalf("/readyz never answered %d; last %d %q", want, r.StatusCode, r.body)
	return nil
}

func TestReadyzAsksBlueMindOncePerIntervalWhateverTheLoad(t *testing.T) {
	_, bm, infos := countingBlueMind(t)
	c := startChecker(t, bm, time.Hour)
	p := newPortal(t, func(d *Deps) { d.Ready = c })
	waitReadyz(t, p, http.StatusOK)
	var wg sync.WaitGroup
	var notOK atomic.Int64
	for range 300 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if r := p.anonymousBrowser("").get("/readyz"); r.StatusCode != http.StatusOK || r.body != "ok\n" {
				notOK.Add(1)
			}
		}()
	}
	wg.Wait()
	if notOK.Load() != 0 {
		t.Errorf("%d of 300 parallel /readyz were not 200 ok", notOK.Load())
	}
	if n := infos.Load(); n != 1 {
		t.Errorf("BlueMind's _infos was asked %d times for 300 readiness requests, want once", n)
	}
}

func TestReadyzFollowsBlueMind(t *testing.T) {
	emu, bm, _ := countingBlueMind(t)
	c := readiness.New(readiness.Options{Ping: bm.Ping, Interval: 20 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go c.Run(ctx)
	p := newPortal(t, func(d *Deps) { d.Ready = c })
	waitReadyz(t, p, http.StatusOK)

	emu.SetFailure(bluemindtest.FailureDown500)
	r := waitReadyz(t, p, http.StatusServiceUnavailable)
	if !strings.HasPrefix(r.body, "not ready: BlueMind has not answered for ") || r.Header.Get("Content-Type") != "text/plain; charset=utf-8" || r.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("503 %q %q %q", r.body, r.Header.Get("Content-Type"), r.Header.Get("Cache-Control"))
	}
	if strings.Contains(r.body, "ServerFault") || strings.Contains(r.body, "127.0.0.1") {
		t.Errorf("the public answer carries BlueMind's details: %q", r.body)
	}
	// Liveness does not depend on BlueMind.
	if h := p.anonymousBrowser("").get("/healthz"); h.StatusCode != http.StatusOK {
		t.Errorf("/healthz while BlueMind is down: %d", h.StatusCode)
	}
	emu.SetFailure(bluemindtest.FailureNone)
	waitReadyz(t, p, http.StatusOK)
}
