package handlers

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"time"

	"imsetup/web"
)

// requestID gives each request an id that the log line, the error page and
// the X-Request-ID header share, so a user's report finds its log line.
func (s *Server) requestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b [8]byte
		_, _ = rand.Read(b[:])
		id := hex.EncodeToString(b[:])
		w.Header().Set("X-Request-ID", id)
		next.ServeHTTP(w, r.WithContext(web.WithRequestID(r.Context(), id)))
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
// where a login or password could stand.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		req := &inFlightRequest{ID: web.RequestID(r.Context()), Method: r.Method, Path: r.URL.Path, Start: start}
		s.inFlight.Store(req, struct{}{})
		defer s.inFlight.Delete(req)
		client := s.clientAddr(r)
		next.ServeHTTP(rec, r)
		// The handler itself, not Logger.Info: one line per request is
		// worth sparing the caller's stack walk (no log line shows it) and
		// boxing each value.
		ctx := r.Context()
		h := s.log.Handler()
		if !h.Enabled(ctx, slog.LevelInfo) {
			return
		}
		line := slog.NewRecord(time.Now(), slog.LevelInfo, "request", 0)
		line.AddAttrs(
			slog.String("request_id", req.ID),
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", rec.status),
			slog.Int("bytes", rec.bytes),
			slog.Int64("duration_ms", time.Since(start).Milliseconds()),
			slog.String("client", client.String()),
		)
		_ = h.Handle(ctx, line)
	})
}

// inFlightRequest is a request being served, as a shutdown that has to
// cut it reports it.
type inFlightRequest struct {
	ID, Method, Path string
	Start            time.Time
}

// InFlight lists the requests being served, oldest first: what a
// shutdown that cannot wait any longer cuts.
func (s *Server) InFlight() []InFlightRequest {
	var out []InFlightRequest
	s.inFlight.Range(func(k, _ any) bool {
		r := k.(*inFlightRequest)
		out = append(out, InFlightRequest{RequestID: r.ID, Method: r.Method, Path: r.Path, Since: r.Start})
		return true
	})
	slices.SortFunc(out, func(a, b InFlightRequest) int { return a.Since.Compare(b.Since) })
	return out
}

// InFlightRequest describes a request being served.
type InFlightRequest struct {
	RequestID, Method, Path string
	Since                   time.Time
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
	{"Referrer-Policy", []string{"no-referrer"}},
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
