package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestScreenshots writes the README's screenshots, in French, at desktop
// and phone width. It runs only when asked:
//
//	IMSETUP_SCREENSHOTS=docs/screenshots go test ./cmd/imsetup -run TestScreenshots
//
// A relative directory is taken from the repository's root.
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("IMSETUP_SCREENSHOTS")
	if dir == "" {
		t.Skip("set IMSETUP_SCREENSHOTS=docs/screenshots to write the screenshots")
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(repoRoot(t), dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t)
	p := start(t, nil, "demo")
	ctx := tab(t, b)
	shoot := func(ctx context.Context, name string) {
		t.Helper()
		for _, w := range []struct {
			suffix        string
			width, height int64
			mobile        bool
		}{{"desktop", 1280, 800, false}, {"phone", 360, 740, true}} {
			viewport(t, ctx, w.width, w.height, 1, w.mobile)
			png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, name+"-"+w.suffix+".png"), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	navigate(t, ctx, p.url+"/login?lang=fr")
	shoot(ctx, "login")
	keyboardLogin(t, ctx, p.url, "jmartin", "demo")
	navigate(t, ctx, p.url+"/?lang=fr")
	shoot(ctx, "chooser")
	for _, client := range []string{"thunderbird", "pidgin", "gajim"} {
		navigate(t, ctx, p.url+"/guides/"+client+"?lang=fr")
		// A full-page capture does not scroll, so lazy screenshots far
		// down would stay blank: load them all first.
		eval[bool](t, ctx, `Promise.all([...document.querySelectorAll("img[loading=lazy]")].map(img => {
			img.loading = "eager";
			return img.complete ? true : new Promise(done => { img.onload = img.onerror = done; });
		})).then(() => true)`)
		shoot(ctx, "guide-"+client)
	}
}
