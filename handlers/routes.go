package handlers

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"imsetup/clientguides"
)

// Routes is the portal's one route table. The paths are a public contract:
// administrators link to them (under IMSETUP_PUBLIC_URL's path, such as
// /im/guides/gajim).
func (s *Server) Routes() http.Handler {
	r := chi.NewRouter()
	r.Use(s.requestID, s.logRequests, s.recoverPanics, s.securityHeaders,
		middleware.GetHead) // HEAD answers like GET, for monitoring
	// Pages know who is logged in and speak their language.
	pages := chi.Chain(s.loadSession, s.chooseLanguage, s.refuseCrossOrigin)
	r.NotFound(pages.HandlerFunc(s.handle(s.notFound)).ServeHTTP)
	r.MethodNotAllowed(pages.HandlerFunc(s.handle(s.methodNotAllowed(r))).ServeHTTP)

	r.Group(func(r chi.Router) {
		r.Use(pages...)
		// Logged out or in: the chooser, or the login form.
		r.Get("/", s.handle(s.home))
		r.Get("/login", s.handle(s.loginForm))
		r.Post("/login", s.handle(s.login))
		r.Post("/logout", s.handle(s.logout))

		// One guide per client, filled with the user's values: the newest
		// version's (/guides/gajim), and each version's (/guides/gajim/1.7).
		// Each guide has a route of its own, so a guide that does not
		// exist is no route, and answers 404 whatever the method; and no
		// route has parameters, which chi hands to net/http's
		// SetPathValue, a map for every request.
		for _, g := range clientguides.All() {
			r.Get("/guides/"+string(g.Client), s.handle(s.guide(g)))
		}
		for _, g := range clientguides.Every() {
			if g.Version != "" {
				r.Get(g.Path(), s.handle(s.guide(g)))
			}
		}
	})

	// Operations and assets: no session, so a cacheable response never
	// carries a cookie.
	r.Get("/healthz", s.healthz)                         // the process serves requests
	r.Get("/readyz", s.readyz)                           // and BlueMind answers: send users here
	r.Get("/static/brand/{file}", s.handle(s.brandFile)) // IMSETUP_LOGO_FILE, IMSETUP_ACCENT_COLOR
	r.Get("/static/*", s.handle(s.staticFile))
	return s.mount(r)
}
