package handlers

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"imsetup/clientguides"
	"imsetup/web"
)

// guide shows one client's guide with the user's values and the live
// certificate of their domain. A logged-out visitor goes through the login
// and comes back here.
func (s *Server) guide(w http.ResponseWriter, r *http.Request) error {
	g, ok := clientguides.Get(clientguides.ClientID(chi.URLParam(r, "client")))
	if !ok {
		return newError(http.StatusNotFound, "error.notFound", nil)
	}
	u := currentUser(r.Context())
	if u == nil {
		redirect(w, r, loginURL(r.URL.Path))
		return nil
	}
	lang := web.LocalizerFrom(r.Context()).Lang
	labels, err := clientguides.Labels(g.Client, lang.Code)
	if err != nil {
		return err
	}
	page := &web.GuidePage{
		Layout: s.layout(r, "guide.pageTitle."+string(g.Client)),
		Guide:  g,
		Labels: labels,
		Values: s.values(r.Context(), u),
		Cert:   s.certificate(r, u, g),
	}
	w.Header().Set("Cache-Control", "no-store")
	return web.Render(r.Context(), w, http.StatusOK, web.GuideView(page))
}
