// Package logline writes the portal's busiest log line, one per request,
// byte for byte as log/slog's JSON and text handlers write it, without
// their general machinery (a record, its attributes, escaping and quoting
// each value, a pooled buffer and a lock): a tenth of the cost of a page
// served from its stencil went there. Every other record goes through
// slog's own handler.
//
// Only values that neither handler would escape or quote take the short
// way (the common case: a hex id, GET, an ordinary path, an address);
// anything else is handed back to slog. A test holds both ways to the
// same bytes.
//
// Every line slog writes passes through visible (visible.go), which
// escapes the invisible characters slog writes raw (bidi controls,
// zero-width characters...): a log line shows what a visitor sent, not
// what a bidi-aware viewer makes of it. The short way writes plain ASCII
// only, so it has nothing to escape.
package logline

import (
	"io"
	"log/slog"
	"net/netip"
	"strconv"
	"sync"
	"time"
)

// Handler is slog's JSON or text handler, with WriteRequest besides.
type Handler struct {
	slog.Handler
	w    io.Writer
	json bool
}

// NewJSON is slog.NewJSONHandler(w, nil) with the short way for request
// lines, and hidden characters escaped.
func NewJSON(w io.Writer) *Handler {
	return &Handler{Handler: slog.NewJSONHandler(visible{w: w, json: true}, nil), w: w, json: true}
}

// NewText is slog.NewTextHandler(w, nil) with the short way for request
// lines, and hidden characters escaped.
func NewText(w io.Writer) *Handler {
	return &Handler{Handler: slog.NewTextHandler(visible{w: w}, nil), w: w}
}

// Request is the request line: message "request" at level INFO, and these
// attributes in this order.
type Request struct {
	Time       time.Time
	ID         string // request_id
	Method     string
	Path       string
	Status     int
	Bytes      int
	DurationMS int64 // duration_ms
	Client     netip.Addr
}

var buffers = sync.Pool{New: func() any { b := make([]byte, 0, 512); return &b }}

// WriteRequest writes the line in one Write, as slog does, and reports
// true; false when a value would need escaping or quoting (or the year
// is one slog complains about), and nothing is written: log it through
// slog then.
func (h *Handler) WriteRequest(r Request) bool {
	if y := r.Time.Year(); y < 0 || y >= 10000 || !plain(r.ID) || !plain(r.Method) || !plain(r.Path) {
		return false
	}
	bp := buffers.Get().(*[]byte)
	defer buffers.Put(bp)
	b := (*bp)[:0]
	if h.json {
		b = append(b, `{"time":"`...)
		b = r.Time.AppendFormat(b, time.RFC3339Nano)
		b = append(b, `","level":"INFO","msg":"request","request_id":"`...)
		b = append(b, r.ID...)
		b = append(b, `","method":"`...)
		b = append(b, r.Method...)
		b = append(b, `","path":"`...)
		b = append(b, r.Path...)
		b = append(b, `","status":`...)
		b = strconv.AppendInt(b, int64(r.Status), 10)
		b = append(b, `,"bytes":`...)
		b = strconv.AppendInt(b, int64(r.Bytes), 10)
		b = append(b, `,"duration_ms":`...)
		b = strconv.AppendInt(b, r.DurationMS, 10)
		b = append(b, `,"client":"`...)
	} else {
		b = append(b, "time="...)
		b = appendRFC3339Millis(b, r.Time)
		b = append(b, " level=INFO msg=request request_id="...)
		b = append(b, r.ID...)
		b = append(b, " method="...)
		b = append(b, r.Method...)
		b = append(b, " path="...)
		b = append(b, r.Path...)
		b = append(b, " status="...)
		b = strconv.AppendInt(b, int64(r.Status), 10)
		b = append(b, " bytes="...)
		b = strconv.AppendInt(b, int64(r.Bytes), 10)
		b = append(b, " duration_ms="...)
		b = strconv.AppendInt(b, r.DurationMS, 10)
		b = append(b, " client="...)
	}
	start := len(b)
	b = r.Client.AppendTo(b)
	if !plain(b[start:]) {
		*bp = b
		return false
	}
	if h.json {
		b = append(b, `"}`...)
	}
	b = append(b, '\n')
	*bp = b
	_, _ = h.w.Write(b)
	return true
}

// appendRFC3339Millis is slog's text handler's time: RFC 3339 with
// exactly three digits of milliseconds.
func appendRFC3339Millis(b []byte, t time.Time) []byte {
	const prefixLen = len("2006-01-02T15:04:05.000")
	n := len(b)
	t = t.Truncate(time.Millisecond).Add(time.Millisecond / 10)
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b[:n+prefixLen], b[n+prefixLen+1:]...)
}

// plain reports whether s is written as it is by both handlers: not
// empty, and only letters, digits and a few punctuation marks that JSON
// does not escape and the text handler does not quote.
func plain[T string | []byte](s T) bool {
	if len(s) == 0 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case c == '-', c == '.', c == '_', c == '~', c == '/', c == ':', c == '%', c == '+', c == ',', c == ';', c == '!', c == '*', c == '(', c == ')', c == '@', c == '$':
		default:
			return false
		}
	}
	return true
}
