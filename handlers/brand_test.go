package handlers

import (
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"

	"imsetup/internal/brand"
	"imsetup/web"
)

const testLogo = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 10"><rect width="40" height="10" fill="#8a1538"/><script>document.documentElement.setAttribute("data-ran","yes")</script></svg>`

func newBrandedPortal(t *testing.T) *portal {
	accent := brand.Color{R: 0x8a, G: 0x15, B: 0x38}
	return newPortal(t, func(d *Deps) {
		d.Settings.Base = web.NewBase("/im/")
		d.Settings.Brand = Brand{
			OrgName: "Ville de Lyon",
			Logo:    &brand.Logo{Data: []byte(testLogo), ContentType: "image/svg+xml", Ext: ".svg"},
			Accent:  &accent,
		}
	})
}

func TestNeutralByDefault(t *testing.T) {
	p := newPortal(t)
	r := p.browser("fr").get("/login")
	if n := r.doc.Find(".brand__logo, .brand__org, link[href*='/static/brand/']").Length(); n != 0 {
		t.Errorf("the neutral portal shows %d brand elements", n)
	}
	if title := r.doc.Find("title").Text(); title != p.T("fr", "login.title", nil)+" · "+p.T("fr", "app.name", nil) {
		t.Errorf("title %q", title)
	}
}

func TestBrandInHeaderTitleAndStyle(t *testing.T) {
	p := newBrandedPortal(t)
	b := p.browser("fr")
	pages := []*response{b.get("/im/login")}
	b.login("jmartin", "demo")
	for _, path := range []string{"/im/", "/im/guides/pidgin", "/im/nowhere"} {
		pages = append(pages, b.get(path))
	}
	for _, r := range pages {
		path := r.Request.URL.Path
		if got := r.text(".brand__org"); got != "Ville de Lyon" {
			t.Errorf("%s: header org %q", path, got)
		}
		if !strings.HasSuffix(r.doc.Find("title").Text(), " · Ville de Lyon") {
			t.Errorf("%s: title %q", path, r.doc.Find("title").Text())
		}
		logo, _ := r.doc.Find("img.brand__logo").Attr("src")
		alt, hasAlt := r.doc.Find("img.brand__logo").Attr("alt")
		if !regexp.MustCompile(`^/im/static/brand/logo-[0-9a-f]{12}\.svg$`).MatchString(logo) || !hasAlt || alt != "" {
			t.Errorf("%s: logo src %q alt %q", path, logo, alt)
		}
		theme, _ := r.doc.Find(`link[rel="stylesheet"]`).Last().Attr("href")
		if !regexp.MustCompile(`^/im/static/brand/theme-[0-9a-f]{12}\.css$`).MatchString(theme) {
			t.Errorf("%s: theme %q (it must come after imsetup.css to override it)", path, theme)
		}
	}
}

func TestBrandFilesAreServedSafely(t *testing.T) {
	p := newBrandedPortal(t)
	b := p.anonymousBrowser("fr")
	page := b.get("/im/login")
	logo, _ := page.doc.Find("img.brand__logo").Attr("src")
	theme, _ := page.doc.Find(`link[href*="theme-"]`).Attr("href")

	r := b.get(logo)
	csp := r.Header.Get("Content-Security-Policy")
	if r.StatusCode != http.StatusOK || r.Header.Get("Content-Type") != "image/svg+xml" || r.body != testLogo {
		t.Errorf("logo: %d %s %q", r.StatusCode, r.Header.Get("Content-Type"), r.body)
	}
	if !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "sandbox") || strings.Contains(csp, "script-src") {
		t.Errorf("logo CSP %q: opened directly, the SVG must run no script", csp)
	}
	// The administrator's guide quotes it as it is sent.
	if doc, err := os.ReadFile("../docs/admin.md"); err != nil || !strings.Contains(string(doc), "(`"+csp+"`)") {
		t.Errorf("docs/admin.md does not quote the logo's Content-Security-Policy as sent, (`%s`) (%v)", csp, err)
	}
	if cc := r.Header.Get("Cache-Control"); cc != "public, max-age=31536000, immutable" || r.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("logo caching %q, nosniff %q", cc, r.Header.Get("X-Content-Type-Options"))
	}
	r = b.get(theme)
	if r.StatusCode != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/css") || !strings.Contains(r.body, "--accent: #8a1538;") {
		t.Errorf("theme: %d %s %q", r.StatusCode, r.Header.Get("Content-Type"), r.body)
	}
	for _, bad := range []string{"/im/static/brand/logo.svg", "/im/static/brand/", "/im/static/brand/..%2fcss%2fimsetup.css", "/static/brand/theme-000000000000.css"} {
		if r := b.get(bad); r.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %d", bad, r.StatusCode)
		}
	}
	// The neutral portal has no brand files at all.
	if r := newPortal(t).anonymousBrowser("fr").get(logo); r.StatusCode != http.StatusNotFound {
		t.Errorf("neutral portal, GET %s: %d", logo, r.StatusCode)
	}
}

// The links' darker shade stays readable on the page's grey as well as
// on white, for any accent the configuration accepts.
func TestThemeLinkShadeIsReadable(t *testing.T) {
	for _, hex := range []string{"#1565a8", "#767676", "#8a1538", "#006400", "#5b2a86", "#c2185b"} {
		c, err := brand.ParseColor(hex)
		if err != nil || brand.CheckAccent(c) != nil {
			t.Fatalf("%s is not an accepted accent: %v", hex, brand.CheckAccent(c))
		}
		css := string(themeCSS(c))
		m := regexp.MustCompile(`--accent-dark: (#[0-9a-f]{6});`).FindStringSubmatch(css)
		if m == nil {
			t.Fatalf("%s: %q", hex, css)
		}
		dark, _ := brand.ParseColor(m[1])
		if r := brand.Contrast(dark, pageBackground); r < brand.MinContrast {
			t.Errorf("%s: links in %s on the page's background: %.2f:1", hex, m[1], r)
		}
		if dark.Luminance() >= c.Luminance() {
			t.Errorf("%s: the link shade %s is not darker", hex, m[1])
		}
	}
}
