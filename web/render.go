package web

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"sync"

	"github.com/a-h/templ"
)

// Render writes a page with its status. It renders into a buffer first, so
// that a failing component never leaves a half-written page behind a 200:
// the caller gets the error and can still send a clean error page. The
// buffer also gives the page its Content-Length, which spares the browser
// a chunked answer.
func Render(ctx context.Context, w http.ResponseWriter, status int, c templ.Component) error {
	return Write(w, status, func(buf *bytes.Buffer) error { return c.Render(ctx, buf) })
}

// Write sends the page that page writes into a buffer, as Render does: a
// page from a stencil (internal/stencil) goes out the same way.
func Write(w http.ResponseWriter, status int, page func(*bytes.Buffer) error) error {
	buf := buffers.Get().(*bytes.Buffer)
	defer putBuffer(buf)
	if err := page(buf); err != nil {
		return err
	}
	h := w.Header()
	h["Content-Type"] = htmlType
	h["Content-Length"] = []string{strconv.Itoa(buf.Len())}
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

// htmlType is every page's Content-Type, one value for all answers:
// net/http only reads it, and Header.Add would copy it before appending.
var htmlType = []string{"text/html; charset=utf-8"}

// buffers are reused from page to page. Each holds any page whole: the
// largest, Thunderbird's guide, is some 17 kB. A page that outgrows its
// buffer makes it grow to twice its size, and a load of such pages
// (Thunderbird's guide with 16 kB buffers) replaced every pooled buffer
// at once: some 4 MB of the load test's peak memory.
var buffers = sync.Pool{New: func() any { return bytes.NewBuffer(make([]byte, 0, bufferSize)) }}

const bufferSize = 24 << 10

// putBuffer keeps a buffer for the next page, unless an unusual page made
// it large: the pool would keep that memory for ever.
func putBuffer(b *bytes.Buffer) {
	if b.Cap() > 256<<10 {
		return
	}
	b.Reset()
	buffers.Put(b)
}
