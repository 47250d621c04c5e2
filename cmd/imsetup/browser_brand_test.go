package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A logo with a script in it: the script must never run, neither in the
// header nor when the logo is opened on its own.
const brandTestLogo = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40" width="120" height="40">
<rect x="2" y="2" width="36" height="36" rx="8" fill="#8a1538"/><circle cx="20" cy="20" r="9" fill="#fff"/>
<text x="46" y="27" font-family="sans-serif" font-size="18" font-weight="700" fill="#8a1538">Lyon</text>
<script>document.documentElement.setAttribute("data-ran", "yes")</script>
</svg>`

// TestBrowserBranded checks a branded portal under /im/ as a user sees it:
// the organisation's name, logo and colour, and axe-core on its pages.
func TestBrowserBranded(t *testing.T) {
	b := newBrowser(t)
	axe := axeSource(t)
	logo := filepath.Join(t.TempDir(), "logo.svg")
	if err := os.WriteFile(logo, []byte(brandTestLogo), 0o644); err != nil {
		t.Fatal(err)
	}
	p := start(t, []string{
		"IMSETUP_PUBLIC_URL=http://127.0.0.1/im/",
		"IMSETUP_ORG_NAME=Ville de Lyon",
		"IMSETUP_LOGO_FILE=" + logo,
		"IMSETUP_ACCENT_COLOR=#8a1538",
	}, "demo")
	site := p.url + "/im"
	check := func(ctx context.Context, page string) {
		t.Helper()
		checkAxe(t, ctx, axe, page)
		checkReflow(t, ctx, page)
		if got := eval[string](t, ctx, `getComputedStyle(document.querySelector('.site-header')).backgroundColor`); got != "rgb(138, 21, 56)" {
			t.Errorf("%s: header colour %s, want the accent", page, got)
		}
		if w := eval[int](t, ctx, `document.querySelector('img.brand__logo').naturalWidth`); w == 0 {
			t.Errorf("%s: the logo did not load", page)
		}
		if org := text(t, ctx, ".brand__org"); org != "Ville de Lyon" || !strings.HasSuffix(eval[string](t, ctx, "document.title"), "Ville de Lyon") {
			t.Errorf("%s: header %q, title %q", page, org, eval[string](t, ctx, "document.title"))
		}
	}
	ctx := tab(t, b)
	navigate(t, ctx, site+"/login?lang=fr")
	check(ctx, "branded login")
	keyboardLogin(t, ctx, site, "jmartin", "demo")
	for _, path := range []string{"/", "/guides/thunderbird", "/guides/gajim?lang=de"} {
		navigate(t, ctx, site+path)
		check(ctx, "branded "+path)
	}

	// Opened on its own, the SVG is a document: still no script.
	src := eval[string](t, ctx, `document.querySelector('img.brand__logo').src`)
	navigate(t, ctx, src)
	if ran := eval[string](t, ctx, `document.documentElement.getAttribute('data-ran') || ''`); ran != "" {
		t.Errorf("the logo's script ran when the logo was opened at %s", src)
	}
}
