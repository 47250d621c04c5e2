package handlers

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
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
		s.log.Info("request",
			"request_id", req.ID,
			"method", r.Method,
			"path", r.URL.Path,
			"status", rec.status,
			"bytes", rec.bytes,
			"duration_ms", time.Since(start).Milliseconds(),
			"client", client.String(),
		)
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

func (s *Server) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if s.settings.SecureCookies {
			h.Set("Strict-Transport-Security", "max-age=31536000")
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
