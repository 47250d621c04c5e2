package bluemindtest

import (
	"bytes"
	"io"
	"net/http"
	"time"
)

// Failure is a way for BlueMind, or what stands in front of it, to break.
type Failure int

// The failures SetFailure can play.
const (
	FailureNone    Failure = iota
	FailureDown500         // the core answers every call with a 500 ServerFault
	FailureHTML            // nginx answers its own 502 HTML page: the core is down
	FailureGarbage         // HTTP 200 with a cut-off, non-JSON body
	FailureSlow            // stall for Options.SlowDelay or until the client gives up, then answer
)

// nginx502 is the page nginx serves when the core behind it is down.
const nginx502 = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n" +
	"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"

// SetFailure makes every following call fail that way; FailureNone heals.
func (s *Server) SetFailure(f Failure) {
	s.mu.Lock()
	s.failure = f
	s.mu.Unlock()
}

// fail plays the current failure, and says whether it answered.
func (s *Server) fail(w http.ResponseWriter, r *http.Request) bool {
	s.mu.Lock()
	f := s.failure
	s.mu.Unlock()
	switch f {
	case FailureDown500:
		fault(w, http.StatusInternalServerError, "UNKNOWN", "core service not available", true)
	case FailureHTML:
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		_, _ = w.Write([]byte(nginx502))
	case FailureGarbage:
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte("{\"status\":\"Ok\",\"authKey\":\"\x00\xff\xfe<<garbage"))
	case FailureSlow:
		// net/http notices a client that hung up only once the request
		// body is read, so read it first and hand it on.
		body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		r.Body = io.NopCloser(bytes.NewReader(body))
		t := time.NewTimer(s.opts.SlowDelay)
		defer t.Stop()
		select {
		case <-t.C:
			return false
		case <-r.Context().Done():
		}
	default:
		return false
	}
	return true
}
