package handlers

import (
	"bytes"
	"io"
	"net/http"

	"imsetup/clientguides"
	"imsetup/internal/xmppcert"
	"imsetup/web"
)

// home is the chooser for a logged-in user and the login form otherwise,
// so the one address administrators link to always works.
func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	if currentUser(r.Context()) == nil {
		return s.renderLogin(w, r, http.StatusOK, &loginState{})
	}
	k := chooserKey{frame: frameOf(r), platform: platformOf(r)}
	k.server = s.servers.For(r.Context(), k.frame.domain)
	k.untrusted = s.untrusted(r.Context(), k.frame.domain, k.server)
	h := s.personal(r)
	h[holeName].Want, h[holeLocal].Want = 1, 1
	noStore(w)
	return web.Write(w, http.StatusOK, func(buf *bytes.Buffer) error { return s.choosers.Write(buf, k, h[:]) })
}

// chooserKey is everything the chooser shows but the user's own values.
type chooserKey struct {
	frame     frameKey
	server    xmppcert.Server // the domain's XMPP server
	untrusted bool            // its certificate is known not to be trusted
	platform  clientguides.Platform
}

// renderChooser writes the chooser from its key and the user's values.
func (s *Server) renderChooser(w io.Writer, k chooserKey, v []string) error {
	ctx := k.frame.context()
	page := &web.HomePage{
		Layout:         s.frame(ctx, k.frame, "home.pageTitle", v),
		Values:         clientguides.NewValues(k.frame.jid(v[holeLocal]), k.server.Host, k.server.Port),
		Untrusted:      k.untrusted,
		SupportContact: s.settings.SupportContact,
	}
	// Only the best guide for the system is recommended: marking every
	// client that merely runs there would recommend nothing.
	for i, g := range clientguides.ForPlatform(k.platform) {
		page.Guides = append(page.Guides, web.GuideCard{Guide: g, Recommended: i == 0 && g.Suits(k.platform)})
	}
	return web.HomeView(page).Render(ctx, w)
}
