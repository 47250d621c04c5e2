package handlers

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/go-chi/chi/v5"

	"imsetup/web"
)

// mount serves the portal under its base (IMSETUP_PUBLIC_URL's path, such
// as /im/) and at the root alike: a reverse proxy may pass the prefix on
// (proxy_pass http://127.0.0.1:8080;) or strip it (proxy_pass
// http://127.0.0.1:8080/;), and the administrator should not have to know
// which. The routes then only ever see portal paths, and every page gets
// the base its links start with, whichever way the request came.
func (s *Server) mount(next http.Handler) http.Handler {
	base := s.settings.Base
	routes, _ := next.(chi.Routes)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st, r2 := stateOf(r)
		st.page.Base = base
		// The log line's path is the one asked for, /im/guides/gajim
		// when nginx passes the prefix on, not the one routed on.
		st.path = r.URL.Path
		if routes != nil && st.route == nil {
			// chi finds its context in the request's and uses it,
			// as it would a parent router's.
			st.route = routeContexts.Get().(*chi.Context)
			st.route.Reset()
			st.route.Routes = routes
			defer func() {
				routeContexts.Put(st.route)
				st.route = nil
			}()
		}
		if local, ok := base.Local(r.URL.Path); ok {
			// r2 is the state's copy of the request, made for mount,
			// which asks first; the URL is the state's too.
			if r2 == r { // a state made before mount: not ours to change
				r2 = r.WithContext(r.Context())
			}
			st.url = *r.URL
			st.url.Path = local
			st.url.RawPath = ""
			if raw, ok := base.Local(r.URL.RawPath); ok {
				st.url.RawPath = raw
			}
			r2.URL = &st.url
		}
		next.ServeHTTP(w, r2)
	})
}

// redirect sends the browser to a portal path, under the base.
func redirect(w http.ResponseWriter, r *http.Request, local string) {
	http.Redirect(w, r, web.BaseFrom(r.Context()).URL(local), http.StatusSeeOther)
}

// loginURL is the login form that comes back to local afterwards.
func loginURL(local string) string {
	return "/login?" + url.Values{"next": {local}}.Encode()
}

// nextPath reads a "next" parameter: a portal path, given with or without
// the base (an administrator may link to /im/login?next=/im/guides/gajim),
// and always checked by safeNext, so it never leads off the site. Dot
// segments are refused too: "/im/.." would leave the portal for the
// rest of BlueMind's host.
func (s *Server) nextPath(raw string) string {
	local, _ := s.settings.Base.Local(raw)
	local = safeNext(local)
	p := local
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	for seg := range strings.SplitSeq(unescapeAll(p), "/") {
		if seg == "." || seg == ".." {
			return "/"
		}
	}
	return local
}
