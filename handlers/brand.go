package handlers

import (
	"bytes"
	"fmt"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"

	"imsetup/internal/brand"
	"imsetup/web"
)

// Brand is the organisation's look: IMSETUP_ORG_NAME, IMSETUP_LOGO_FILE
// and IMSETUP_ACCENT_COLOR, checked by the configuration. The zero value
// is the neutral portal.
type Brand struct {
	OrgName string
	Logo    *brand.Logo
	Accent  *brand.Color
}

// brandFile is a file made at start from the configuration and served
// under /static/brand/. Its name holds a digest of its content, so a
// browser may keep it for a year and still sees a new logo at once.
type brandFile struct {
	data        []byte
	contentType string
}

// pageBackground is the page's --bg in imsetup.css, on which links may
// stand as well as on white.
var pageBackground = brand.Color{R: 0xee, G: 0xf2, B: 0xf6}

// brandFiles makes the logo and the accent's style sheet, and the paths
// the pages link them under.
func brandFiles(b Brand) (map[string]brandFile, web.Brand) {
	files := map[string]brandFile{}
	view := web.Brand{OrgName: b.OrgName}
	if b.Logo != nil {
		name := "logo-" + b.Logo.Hash() + b.Logo.Ext
		files[name] = brandFile{b.Logo.Data, b.Logo.ContentType}
		view.LogoPath = "/static/brand/" + name
	}
	if b.Accent != nil {
		css := themeCSS(*b.Accent)
		name := "theme-" + brand.Digest(css) + ".css"
		files[name] = brandFile{css, "text/css; charset=utf-8"}
		view.ThemePath = "/static/brand/" + name
	}
	return files, view
}

// themeCSS sets the accent, and a darker shade of it for links and
// borders: about a third darker, as the default pair is, and readable on
// the page's grey background as well as on white.
func themeCSS(accent brand.Color) []byte {
	dark := brand.DarkenUntil(accent, pageBackground, 0.33, brand.MinContrast)
	return fmt.Appendf(nil, "/* IMSETUP_ACCENT_COLOR */\n:root { --accent: %s; --accent-dark: %s; }\n", accent.Hex(), dark.Hex())
}

// brandLogoCSP applies when someone opens the logo itself: an SVG is a
// document that could carry script, so it gets none, and a sandbox. In the
// header it is an <img>, where browsers never run an SVG's script anyway.
const brandLogoCSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox"

// brandFile serves the logo and the accent's style sheet.
func (s *Server) brandFile(w http.ResponseWriter, r *http.Request) error {
	f, ok := s.brandFiles[chi.URLParam(r, "file")]
	if !ok {
		return newError(http.StatusNotFound, "error.notFound", nil)
	}
	h := w.Header()
	h.Set("Content-Type", f.contentType)
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	if f.contentType == "image/svg+xml" {
		h.Set("Content-Security-Policy", brandLogoCSP)
	}
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(f.data))
	return nil
}
