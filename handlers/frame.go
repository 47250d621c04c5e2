package handlers

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"imsetup/internal/i18n"
	"imsetup/internal/stencil"
	"imsetup/web"
)

// The pages are written from stencils (internal/stencil): rendered once
// per key of everything that is not the user's own, with holes for what
// is. These are the holes, the same for every page, in this order; a page
// that has no use for one leaves it empty and wants it 0 times.
const (
	holeName     = iota // the user's display name
	holeLocal           // their JID's local part; its domain is in the key
	holeLangNext        // the language links' "&next=…", from the address
	holeLogin           // the login as typed, on the login form
	holeNext            // the login form's "next" field
	holeCount
)

// holes are one request's own values.
type holes [holeCount]stencil.Hole

// personal fills the holes every page has: the user's name and address
// when logged in, and the page address's "next" parameter.
func (s *Server) personal(r *http.Request) holes {
	var h holes
	if u := currentUser(r.Context()); u != nil {
		h[holeName].Value = u.Name
		h[holeLocal].Value, _, _ = strings.Cut(u.JID, "@")
	}
	h[holeLangNext].Value = langNext(r.URL)
	// Every language link carries it.
	h[holeLangNext].Want = len(s.catalog.Languages())
	return h
}

// frameKey is what the frame of every page (title, language links,
// logout button) shows besides the holes: the key of a stencil starts
// with it.
type frameKey struct {
	loc  *i18n.Localizer
	base web.Base
	path string // the page's portal path, which the language links keep
	user bool   // logged in
	// The user's domain, and whether their JID has an @: their address
	// is the local part (a hole) and these.
	domain string
	at     bool
}

func frameOf(r *http.Request) frameKey {
	ctx := r.Context()
	k := frameKey{loc: web.LocalizerFrom(ctx), base: web.BaseFrom(ctx), path: r.URL.Path}
	if u := currentUser(ctx); u != nil {
		k.user = true
		_, k.domain, k.at = strings.Cut(u.JID, "@")
	}
	return k
}

// context is a page's context made from the key alone: its language and
// base, and nothing of the request (no session), so a stencil cannot show
// anything of the user who happened to build it.
func (k frameKey) context() context.Context {
	return web.WithBase(web.WithLocalizer(context.Background(), k.loc), k.base)
}

// jid puts the user's address back together from its local part.
func (k frameKey) jid(local string) string {
	if !k.at {
		return local
	}
	return local + "@" + k.domain
}

// frame fills the frame every page shares.
func (s *Server) frame(ctx context.Context, k frameKey, titleID string, v []string) web.Layout {
	l := web.Layout{Title: web.T(ctx, titleID), Brand: s.brand}
	path := langPath(k.path)
	for _, lang := range s.catalog.Languages() {
		l.Languages = append(l.Languages, web.LangLink{
			Code:    lang.Code,
			Name:    lang.Name,
			Href:    langHref(path, lang.Code, v[holeLangNext]),
			Current: lang.Code == k.loc.Lang.Code,
		})
	}
	if k.user {
		l.User = &web.User{DisplayName: v[holeName], JID: k.jid(v[holeLocal])}
	}
	return l
}

// layout fills the frame of a page rendered straight from its request
// (the error pages).
func (s *Server) layout(r *http.Request, titleID string) web.Layout {
	h := s.personal(r)
	var v [holeCount]string
	for i := range h {
		v[i] = h[i].Value
	}
	return s.frame(r.Context(), frameOf(r), titleID, v[:])
}

// langPath is the page's path for its language links, checked and
// escaped once per page, not once per language.
func langPath(path string) string {
	return (&url.URL{Path: safeNext(path)}).String()
}

// langHref is a language link: the query as url.Values.Encode writes it
// (keys sorted: lang, next).
func langHref(path, code, next string) string {
	return path + "?lang=" + url.QueryEscape(code) + next
}

// langNext is the "next" parameter the language links keep, checked and
// escaped: only that parameter of the query is kept.
func langNext(u *url.URL) string {
	if u.RawQuery == "" {
		return ""
	}
	if n := u.Query().Get("next"); n != "" {
		return "&next=" + url.QueryEscape(safeNext(n))
	}
	return ""
}
