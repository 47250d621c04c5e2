package handlers

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"imsetup/internal/logline"
)

// requestID gives each request an id that the log line, the error page and
// the X-Request-ID header share, so a user's report finds its log line.
func (s *Server) requestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st, r := stateOf(r)
		var b [8]byte
		_, _ = rand.Read(b[:])
		st.page.ID = hex.EncodeToString(b[:])
		st.idHeader[0] = st.page.ID
		w.Header()["X-Request-Id"] = st.idHeader[:]
		next.ServeHTTP(w, r)
	})
}

// statusRecorder remembers the status a handler wrote, for the log line.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += n
	return n, err
}

// logRequests writes one line per request, with the client's address as
// the login limits see it. It logs the path, never the query or the body,
// where a login or password could stand. The request counts as in flight
// meanwhile.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st, r := stateOf(r)
		st.statusRecorder = statusRecorder{ResponseWriter: w}
		st.method, st.start = r.Method, time.Now()
		if st.path == "" { // mount has not set the path as asked
			st.path = r.URL.Path
		}
		s.flights.add(st)
		defer s.flights.remove(st)
		client := s.clientAddr(r)
		next.ServeHTTP(&st.statusRecorder, r)
		// The handler itself, not Logger.Info: one line per request is
		// worth sparing the caller's stack walk (no log line shows it) and
		// boxing each value; the production handlers write it shorter
		// still (internal/logline), to the same bytes.
		ctx := r.Context()
		h := s.log.Handler()
		if !h.Enabled(ctx, slog.LevelInfo) {
			return
		}
		// The monotonic clock alone, for the duration and the line's
		// time: half the cost of a time.Now.
		took := time.Since(st.start)
		end := st.start.Add(took)
		line := logline.Request{
			Time: end, ID: st.page.ID, Method: st.method, Path: st.path,
			Status: st.status, Bytes: st.bytes, DurationMS: took.Milliseconds(), Client: client,
		}
		if lw, ok := h.(requestLineWriter); ok && lw.WriteRequest(line) {
			return
		}
		rec := slog.NewRecord(end, slog.LevelInfo, "request", 0)
		rec.AddAttrs(
			slog.String("request_id", line.ID),
			slog.String("method", line.Method),
			slog.String("path", line.Path),
			slog.Int("status", line.Status),
			slog.Int("bytes", line.Bytes),
			slog.Int64("duration_ms", line.DurationMS),
			slog.String("client", client.String()),
		)
		_ = h.Handle(ctx, rec)
	})
}

// requestLineWriter is a log handler that writes the request line itself
// (*logline.Handler); false: it did not, slog does.
type requestLineWriter interface {
	WriteRequest(logline.Request) bool
}

// recoverPanics turns a panic into the translated 500 page with the
// request id; the stack goes to the log, never to the user.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			v := recover()
			if v == nil || v == http.ErrAbortHandler {
				if v != nil {
					panic(v)
				}
				return
			}
			s.renderError(w, r, fmt.Errorf("panic: %v", v))
		}()
		next.ServeHTTP(w, r)
	})
}

// contentSecurityPolicy allows only the portal's own files: no inline
// script or style, no frames, forms posting only here.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; " +
	"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// securityHeaderValues are set on every answer. Their value slices are
// shared by all answers, which spares an allocation per header and
// request: net/http only reads them, and an Add appends to a full slice,
// which copies it. Nothing may write into them.
var securityHeaderValues = []struct {
	name  string // canonical
	value []string
}{
	{"Content-Security-Policy", []string{contentSecurityPolicy}},
	{"X-Content-Type-Options", []string{"nosniff"}},
	// same-origin: no Referer to any other site (a guide's address stays
	// here), and the real Origin on the portal's own form posts. Under
	// no-referrer browsers send "Origin: null" on every POST (Fetch,
	// "append a request Origin header"), which refuseCrossOrigin must
	// refuse from a browser that sends no Sec-Fetch-Site: Safari before
	// 16.4, Firefox before 90, or behind a proxy that strips Sec-Fetch-*.
	{"Referrer-Policy", []string{"same-origin"}},
	{"X-Frame-Options", []string{"DENY"}},
	{"Cross-Origin-Opener-Policy", []string{"same-origin"}},
}

var hstsValue = []string{"max-age=31536000"}

func (s *Server) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for _, sh := range securityHeaderValues {
			h[sh.name] = sh.value
		}
		if s.settings.SecureCookies {
			h["Strict-Transport-Security"] = hstsValue
		}
		next.ServeHTTP(w, r)
	})
}

// refuseCrossOrigin refuses every state-changing request that a browser
// says comes from another site (Sec-Fetch-Site, else Origin against Host):
// a login form posted from elsewhere, a forced logout. It runs after the
// language is chosen so the refusal is a translated page.
func (s *Server) refuseCrossOrigin(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(s.handle(s.crossOrigin))
	return cop.Handler(next)
}

// noStore keeps a personal page out of every cache. The header's value is
// shared by all answers, as securityHeaderValues are.
func noStore(w http.ResponseWriter) {
	w.Header()["Cache-Control"] = noStoreValue
}

var noStoreValue = []string{"no-store"}
