package handlers

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
)

// Routes is the portal's one route table. The paths are a public contract:
// administrators link to them (under IMSETUP_PUBLIC_URL's path, such as
// /im/guides/gajim).
func (s *Server) Routes() http.Handler {
	r := chi.NewRouter()
	r.Use(s.requestID, s.logRequests, s.recoverPanics, s.securityHeaders, s.loadSession, s.chooseLanguage,
		s.refuseCrossOrigin, middleware.GetHead) // HEAD answers like GET, for monitoring
	r.NotFound(s.handle(s.notFound))
	r.MethodNotAllowed(s.handle(s.methodNotAllowed))

	// Logged out or in: the chooser, or the login form.
	r.Get("/", s.handle(s.home))
	r.Get("/login", s.handle(s.loginForm))
	r.Post("/login", s.handle(s.login))
	r.Post("/logout", s.handle(s.logout))

	// One guide per client, filled with the user's values.
	r.Get("/guides/{client}", s.handle(s.guide))

	// Operations.
	r.Get("/healthz", s.healthz)
	r.Handle("/static/*", s.staticFiles())
	return s.mount(r)
}
