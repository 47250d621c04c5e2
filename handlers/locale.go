package handlers

import (
	"net/http"

	"imsetup/internal/i18n"
	"imsetup/web"
)

const langCookie = "imsetup_lang"

// chooseLanguage picks the page's language: ?lang= (remembered in a
// cookie), the remembered choice, the user's BlueMind language, the
// browser's Accept-Language, then French. An unknown code is ignored.
func (s *Server) chooseLanguage(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var lang i18n.Language
		ok := false
		if r.URL.RawQuery != "" { // most requests have none to parse
			lang, ok = s.catalog.Lookup(r.URL.Query().Get("lang"))
		}
		if ok {
			http.SetCookie(w, &http.Cookie{
				Name: langCookie, Value: lang.Code, Path: string(s.settings.Base), MaxAge: 365 * 24 * 3600,
				HttpOnly: true, Secure: s.settings.SecureCookies, SameSite: http.SameSiteLaxMode,
			})
		} else {
			lang, ok = s.rememberedLanguage(r)
		}
		if !ok {
			lang = s.catalog.Languages()[0]
		}
		st, r := stateOf(r)
		st.page.Localizer = s.catalog.Localizer(lang)
		h := w.Header()
		h["Content-Language"] = s.contentLanguage(lang)
		if len(h["Vary"]) == 0 {
			h["Vary"] = varyLanguage // shared, as securityHeaderValues are
		} else {
			h.Add("Vary", varyLanguage[0])
		}
		next.ServeHTTP(w, r)
	})
}

// withLocalizer makes sure a request has a language even where the
// chooseLanguage middleware has not run: a panic is recovered outside it.
func (s *Server) withLocalizer(r *http.Request) *http.Request {
	if web.LocalizerFrom(r.Context()) != nil {
		return r
	}
	lang, ok := s.rememberedLanguage(r)
	if !ok {
		lang = s.catalog.Languages()[0]
	}
	st, r := stateOf(r)
	st.page.Localizer = s.catalog.Localizer(lang)
	return r
}

var varyLanguage = []string{"Accept-Language, Cookie"}

// contentLanguage is the Content-Language header's value for a language,
// made once per language: net/http only reads it.
func (s *Server) contentLanguage(lang i18n.Language) []string {
	if v, ok := s.langHeaders[lang.Code]; ok {
		return v
	}
	return []string{lang.Tag.String()}
}

func (s *Server) rememberedLanguage(r *http.Request) (i18n.Language, bool) {
	if code, ok := cookieValue(r.Header, langCookie); ok {
		if lang, ok := s.catalog.Lookup(code); ok {
			return lang, true
		}
	}
	if u := currentUser(r.Context()); u != nil {
		if lang, ok := s.catalog.Lookup(u.Lang); ok {
			return lang, true
		}
	}
	return s.catalog.MatchAcceptLanguage(r.Header.Get("Accept-Language"))
}
