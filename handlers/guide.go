package handlers

import (
	"bytes"
	"io"
	"net/http"

	"imsetup/clientguides"
	"imsetup/internal/stencil"
	"imsetup/internal/xmppcert"
	"imsetup/web"
)

// guide shows one guide with the user's values and the live certificate
// of their domain, with a way to pick another version when the client
// has several. A logged-out visitor goes through the login and comes
// back here.
func (s *Server) guide(g *clientguides.Guide) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if currentUser(r.Context()) == nil {
			redirect(w, r, loginURL(r.URL.Path))
			return nil
		}
		k := guideKey{frame: frameOf(r), guide: g}
		k.server = s.servers.For(r.Context(), k.frame.domain)
		k.cert = s.certificate(r.Context(), k.frame.domain, k.server)
		h := s.personal(r)
		h[holeName].Want = 1
		h[holeLocal].Want = stencil.AtLeastOnce // every step that quotes the address
		s.metrics.GuideView(string(g.Client), k.frame.loc.Lang.Code)
		noStore(w)
		return web.Write(w, http.StatusOK, func(buf *bytes.Buffer) error { return s.guides.Write(buf, k, h[:]) })
	}
}

// guideKey is everything a guide page shows but the user's own values.
type guideKey struct {
	frame  frameKey
	guide  *clientguides.Guide
	server xmppcert.Server // the domain's XMPP server
	cert   certKey
}

// renderGuide writes a guide page from its key and the user's values.
func (s *Server) renderGuide(w io.Writer, k guideKey, v []string) error {
	ctx := k.frame.context()
	lang := k.frame.loc.Lang.Code
	labels, err := k.guide.Labels(lang)
	if err != nil {
		return err
	}
	choices, err := versionChoices(k.guide, lang)
	if err != nil {
		return err
	}
	page := &web.GuidePage{
		Layout:  s.frame(ctx, k.frame, "guide.pageTitle."+string(k.guide.Client), v),
		Guide:   k.guide,
		Labels:  labels,
		Values:  clientguides.NewValues(k.frame.jid(v[holeLocal]), k.server.Host, k.server.Port),
		Cert:    certView(ctx, k.cert, k.guide),
		Choices: choices,
		Images:  s.images,
		Origin:  s.settings.PublicOrigin,
	}
	return web.GuideView(page).Render(ctx, w)
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
