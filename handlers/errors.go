package handlers

import (
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"imsetup/web"
)

// httpError is an error with two faces: the cause, for the administrator's
// log, and a status and message id, for the user.
type httpError struct {
	status int
	msg    string // message id shown to the user
	cause  error  // logged, never shown
}

func (e *httpError) Error() string {
	if e.cause != nil {
		return e.cause.Error()
	}
	return http.StatusText(e.status)
}

func (e *httpError) Unwrap() error { return e.cause }

func newError(status int, msg string, cause error) error {
	return &httpError{status: status, msg: msg, cause: cause}
}

// handlerFunc is a handler that returns its error instead of writing it.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// handle turns a returned error into the translated error page: the
// user sees a calm message and the request id, the log gets the cause.
func (s *Server) handle(h handlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.renderError(w, r, err)
		}
	}
}

func (s *Server) renderError(w http.ResponseWriter, r *http.Request, err error) {
	r = s.withLocalizer(r)
	he := &httpError{status: http.StatusInternalServerError, msg: "error.internal", cause: err}
	errors.As(err, &he)
	ctx := r.Context()
	level := slog.LevelInfo
	if he.status >= 500 {
		level = slog.LevelError
	}
	s.log.Log(ctx, level, "request failed", "request_id", web.RequestID(ctx), "status", he.status, "cause", he.Error())
	w.Header().Set("Cache-Control", "no-store")
	page := &web.ErrorPage{
		Layout:    s.layout(r, "error.title."+statusKey(he.status)),
		Title:     "error.title." + statusKey(he.status),
		Msg:       he.msg,
		RequestID: web.RequestID(ctx),
	}
	if rerr := web.Render(ctx, w, he.status, web.ErrorView(page)); rerr != nil {
		// The error page itself failed: say so in plain text, still
		// without any detail.
		s.log.Error("error page failed", "request_id", web.RequestID(ctx), "cause", rerr)
		http.Error(w, http.StatusText(he.status), he.status)
	}
}

// statusKey maps a status to one of the error titles the locales have.
func statusKey(status int) string {
	switch status {
	case 400, 401, 403, 404, 405, 413, 429, 503:
		return strconv.Itoa(status)
	}
	if status >= 500 {
		return "500"
	}
	return "400"
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) error {
	return newError(http.StatusNotFound, "error.notFound", nil)
}

// methodNotAllowed answers 405 with the Allow header HTTP requires: the
// methods the route table has for this path, matched as chi routed it:
// on the escaped path when there is one (an escaped slash is part of a
// parameter; matched on the decoded path, the answer said Allow with no
// method).
func (s *Server) methodNotAllowed(routes chi.Routes) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		path := r.URL.RawPath
		if path == "" {
			path = r.URL.Path
		}
		var allow []string
		for _, m := range []string{http.MethodGet, http.MethodPost} {
			if routes.Match(chi.NewRouteContext(), m, path) {
				allow = append(allow, m)
				if m == http.MethodGet {
					allow = append(allow, http.MethodHead)
				}
			}
		}
		w.Header().Set("Allow", strings.Join(allow, ", "))
		return newError(http.StatusMethodNotAllowed, "error.methodNotAllowed", nil)
	}
}

func (s *Server) crossOrigin(w http.ResponseWriter, r *http.Request) error {
	return newError(http.StatusForbidden, "error.crossOrigin", errors.New("cross-origin request refused"))
}
