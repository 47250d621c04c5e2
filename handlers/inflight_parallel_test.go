package handlers

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"sync"
	"testing"
)

// Requests served at once are each listed in flight, with their own id
// and path, as a shutdown that cuts them would log them; those that end
// leave the list, whatever their place in it, and the others stay.
func TestInFlightListsEachParallelRequestOnce(t *testing.T) {
	p := newPortal(t)
	const n = 24
	arrived := make(chan struct{}, n)
	release := make([]chan struct{}, n)
	for i := range release {
		release[i] = make(chan struct{})
	}
	h := p.srv.requestID(p.srv.logRequests(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var i int
		fmt.Sscanf(r.URL.Path, "/slow/%d", &i)
		arrived <- struct{}{}
		<-release[i]
		w.WriteHeader(http.StatusNoContent)
	})))
	ids := make([]string, n)
	done := make([]chan struct{}, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		done[i] = make(chan struct{})
		go func() {
			defer wg.Done()
			defer close(done[i])
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", fmt.Sprintf("/slow/%d", i), nil))
			ids[i] = rec.Header().Get("X-Request-Id")
		}()
	}
	for range n {
		<-arrived
	}
	check := func(want []int) {
		t.Helper()
		var got []string
		seen := map[string]bool{}
		for _, r := range p.srv.InFlight() {
			if r.Method != "GET" || r.RequestID == "" || seen[r.RequestID] {
				t.Errorf("in flight: %+v (id empty or listed twice)", r)
			}
			seen[r.RequestID] = true
			got = append(got, r.Path)
		}
		var paths []string
		for _, i := range want {
			paths = append(paths, fmt.Sprintf("/slow/%d", i))
		}
		sort.Strings(got)
		sort.Strings(paths)
		if fmt.Sprint(got) != fmt.Sprint(paths) {
			t.Errorf("in flight: %v, want %v", got, paths)
		}
	}
	all := make([]int, n)
	for i := range all {
		all[i] = i
	}
	check(all)
	// The odd ones end together: they leave from the head, the middle and
	// the tail of the list at once.
	var even []int
	for i := range n {
		if i%2 == 0 {
			even = append(even, i)
			continue
		}
		close(release[i])
	}
	for i := 1; i < n; i += 2 {
		<-done[i]
	}
	check(even)
	for _, i := range even {
		close(release[i])
	}
	wg.Wait()
	if got := p.srv.InFlight(); len(got) != 0 {
		t.Errorf("after every request ended, still in flight: %+v", got)
	}
	seen := map[string]bool{}
	for i, id := range ids {
		if id == "" || seen[id] {
			t.Errorf("request %d: X-Request-Id %q (empty or another's)", i, id)
		}
		seen[id] = true
	}
}
