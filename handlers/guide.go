package handlers

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"imsetup/clientguides"
	"imsetup/web"
)

// guide shows one client's guide with the user's values and the live
// certificate of their domain: the newest version's guide, or the one of
// the version in the address, with a way to pick another version when the
// client has several. A logged-out visitor goes through the login and
// comes back here.
func (s *Server) guide(w http.ResponseWriter, r *http.Request) error {
	client := clientguides.ClientID(chi.URLParam(r, "client"))
	g, ok := clientguides.GetVersion(client, chi.URLParam(r, "version"))
	if !ok {
		return newError(http.StatusNotFound, "error.notFound", nil)
	}
	u := currentUser(r.Context())
	if u == nil {
		redirect(w, r, loginURL(r.URL.Path))
		return nil
	}
	lang := web.LocalizerFrom(r.Context()).Lang
	labels, err := g.Labels(lang.Code)
	if err != nil {
		return err
	}
	choices, err := versionChoices(g, lang.Code)
	if err != nil {
		return err
	}
	page := &web.GuidePage{
		Layout:  s.layout(r, "guide.pageTitle."+string(g.Client)),
		Guide:   g,
		Labels:  labels,
		Values:  s.values(r.Context(), u),
		Cert:    s.certificate(r, u, g),
		Choices: choices,
		Images:  s.images,
		Origin:  s.settings.PublicOrigin,
	}
	s.metrics.GuideView(string(g.Client), lang.Code)
	w.Header().Set("Cache-Control", "no-store")
	return web.Render(r.Context(), w, http.StatusOK, web.GuideView(page))
}

// versionChoices lists the client's guides, newest first, each with its
// own labels; none when the client has a single guide.
func versionChoices(g *clientguides.Guide, lang string) ([]web.VersionChoice, error) {
	versions := clientguides.VersionsOf(g.Client)
	if len(versions) < 2 {
		return nil, nil
	}
	out := make([]web.VersionChoice, len(versions))
	for i, v := range versions {
		labels, err := v.Labels(lang)
		if err != nil {
			return nil, err
		}
		out[i] = web.VersionChoice{Guide: v, Labels: labels, Current: v == g}
	}
	return out, nil
}
