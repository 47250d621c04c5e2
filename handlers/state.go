package handlers

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"time"

	"github.com/go-chi/chi/v5"

	"imsetup/web"
)

// state is one request as the middleware sees it, in a single allocation
// and a single context value: its status and size for the log line, what
// the pages read (web.Request: id, base, language), the session, and its
// place among the requests in flight, and the request itself as the
// handlers get it. Each middleware fills in its part as the request goes
// down the chain, instead of wrapping the context and copying the request
// once per value; nothing writes to it once the handler runs, but the
// handler itself (status, size).
//
// It is not recycled: a request's context can outlive the request (in a
// goroutine the handler started, in an HTTP client's), and a state given
// to the next request would show it another user's.
type state struct {
	statusRecorder
	page    web.Request
	session *session

	// In flight, for a shutdown that has to cut it (flights).
	method, path string
	start        time.Time
	prev, next   *state

	idHeader [1]string // X-Request-ID's value, without a slice of its own

	// route is chi's routing context, from routeContexts, so that the
	// router does not wrap the context and copy the request once more.
	route *chi.Context
	ctx   requestContext
	req   http.Request // the request the handlers get, with ctx
	url   url.URL      // its URL, when mount changes the path
}

type stateKey struct{}

// requestContext is the request's context: its parent's values, and the
// state's answers to this package's key, web's (the page's values) and
// chi's (the routing context). It is part of the state: the whole
// plumbing of a request costs one allocation and one copy of the request.
type requestContext struct {
	context.Context // the parent
	st              *state
}

func (c *requestContext) Value(key any) any {
	switch key {
	case stateKey{}:
		return c.st
	case web.RequestKey:
		return &c.st.page
	case chi.RouteCtxKey:
		if c.st.route != nil {
			return c.st.route
		}
	}
	return c.Context.Value(key)
}

// stateOf returns the request's state, making it, and the context that
// carries it, for the first middleware that asks.
func stateOf(r *http.Request) (*state, *http.Request) {
	ctx := r.Context()
	if st, ok := ctx.Value(stateKey{}).(*state); ok {
		return st, r
	}
	st := &state{}
	if p := web.RequestOf(ctx); p != nil {
		st.page = *p
	}
	st.ctx = requestContext{Context: ctx, st: st}
	st.req = *r.WithContext(&st.ctx) // a copy on the stack, then in the state
	return st, &st.req
}

// routeContexts are chi's routing contexts, reused as chi reuses its own:
// a used one has room for a route's patterns and parameters already.
var routeContexts = sync.Pool{New: func() any { return chi.NewRouteContext() }}

// currentUser returns the logged-in user, or nil.
func currentUser(ctx context.Context) *session {
	if st, ok := ctx.Value(stateKey{}).(*state); ok {
		return st.session
	}
	return nil
}

// clock reads the portal's clock: the real one, or a test's.
func (s *Server) clock() time.Time {
	if s.now != nil {
		return s.now()
	}
	return time.Now()
}

// requestTime is the portal's clock for this request: a test's, or the
// real clock's time the request came in (arrival), read once for its log
// line, its session and its certificate's dates (a clock read costs some
// 40 ns: they were a tenth of what the portal's own code spends on a
// page). With the real clock it is the arrival itself, so the state does
// not keep it twice.
func (s *Server) requestTime(ctx context.Context) time.Time {
	if s.now != nil {
		return s.now()
	}
	return arrivalOf(ctx)
}

// arrival is when the request came in, on the real clock (logRequests
// reads it); a request that did not go through logRequests reads it now.
func (st *state) arrival() time.Time {
	if st.start.IsZero() {
		st.start = time.Now()
	}
	return st.start
}

// arrivalOf is arrival for a request's context; the real clock's time now
// outside a request.
func arrivalOf(ctx context.Context) time.Time {
	if st, ok := ctx.Value(stateKey{}).(*state); ok {
		return st.arrival()
	}
	return time.Now()
}

// flights are the requests being served, linked through their states:
// adding and removing one costs no allocation, unlike a map.
type flights struct {
	mu   sync.Mutex
	head *state
}

func (f *flights) add(st *state) {
	f.mu.Lock()
	st.prev, st.next = nil, f.head
	if f.head != nil {
		f.head.prev = st
	}
	f.head = st
	f.mu.Unlock()
}

func (f *flights) remove(st *state) {
	f.mu.Lock()
	if st.prev != nil {
		st.prev.next = st.next
	} else {
		f.head = st.next
	}
	if st.next != nil {
		st.next.prev = st.prev
	}
	st.prev, st.next = nil, nil
	f.mu.Unlock()
}

// InFlight lists the requests being served, oldest first: what a
// shutdown that cannot wait any longer cuts.
func (s *Server) InFlight() []InFlightRequest {
	var out []InFlightRequest
	s.flights.mu.Lock()
	for st := s.flights.head; st != nil; st = st.next {
		out = append(out, InFlightRequest{RequestID: st.page.ID, Method: st.method, Path: st.path, Since: st.start})
	}
	s.flights.mu.Unlock()
	slices.SortFunc(out, func(a, b InFlightRequest) int { return a.Since.Compare(b.Since) })
	return out
}

// InFlightRequest describes a request being served.
type InFlightRequest struct {
	RequestID, Method, Path string
	Since                   time.Time
}
