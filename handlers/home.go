package handlers

import (
	"context"
	"net/http"
	"strings"

	"imsetup/clientguides"
	"imsetup/web"
)

// home is the chooser for a logged-in user and the login form otherwise,
// so the one address administrators link to always works.
func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r.Context())
	if u == nil {
		return s.renderLogin(w, r, http.StatusOK, &web.LoginPage{})
	}
	platform := platformOf(r)
	page := &web.HomePage{
		Layout:         s.layout(r, "home.pageTitle"),
		Values:         s.values(r.Context(), u),
		Untrusted:      s.untrusted(r.Context(), u),
		SupportContact: s.settings.SupportContact,
	}
	// Only the best guide for the system is recommended: marking every
	// client that merely runs there would recommend nothing.
	for i, g := range clientguides.ForPlatform(platform) {
		page.Guides = append(page.Guides, web.GuideCard{Guide: g, Recommended: i == 0 && g.Suits(platform)})
	}
	w.Header().Set("Cache-Control", "no-store")
	return web.Render(r.Context(), w, http.StatusOK, web.HomeView(page))
}

// values are the user's settings for every client: their JID, and the
// XMPP server of their domain.
func (s *Server) values(ctx context.Context, u *session) clientguides.Values {
	srv := s.servers.For(ctx, jidDomain(u.JID))
	return clientguides.NewValues(u.JID, srv.Host, srv.Port)
}

func jidDomain(jid string) string {
	_, domain, _ := strings.Cut(jid, "@")
	return domain
}
