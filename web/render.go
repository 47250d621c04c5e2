package web

import (
	"bytes"
	"context"
	"net/http"

	"github.com/a-h/templ"
)

// Render writes a page with its status. It renders into a buffer first, so
// that a failing component never leaves a half-written page behind a 200:
// the caller gets the error and can still send a clean error page.
func Render(ctx context.Context, w http.ResponseWriter, status int, c templ.Component) error {
	var buf bytes.Buffer
	if err := c.Render(ctx, &buf); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, err := buf.WriteTo(w)
	return err
}
