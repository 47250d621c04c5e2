package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserPrint prints each guide to PDF as a user prints it: the
// values and the fingerprint in full, every screenshot, the page's
// address, no navigation.
func TestBrowserPrint(t *testing.T) {
	b := newBrowser(t)
	p := start(t, nil, "demo")
	ctx := tab(t, b)
	keyboardLogin(t, ctx, p.url, "jmartin", "demo")
	pdftotext, _ := exec.LookPath("pdftotext")
	for _, g := range guides {
		navigate(t, ctx, p.url+"/guides/"+g.client+"?lang=fr")
		values := eval[[]string](t, ctx, `Array.from(document.querySelectorAll('[data-value]')).map(e => e.textContent.trim())`)
		fingerprint := eval[[]string](t, ctx, `document.querySelector('[data-fingerprint]').textContent.trim().split(/\s+/)`)
		unloaded := eval[int](t, ctx, `[...document.querySelectorAll('figure.shot img')].filter(img => !img.complete || img.naturalWidth === 0).length`)
		t.Logf("%s: %d screenshots not loaded yet before printing", g.client, unloaded)
		pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4)))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(pdf, []byte("%PDF")) || len(pdf) < 5000 {
			t.Fatalf("%s: the printed guide is %d bytes", g.client, len(pdf))
		}
		if pdftotext == "" {
			continue
		}
		file := filepath.Join(t.TempDir(), g.client+".pdf")
		if err := os.WriteFile(file, pdf, 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(pdftotext, "-layout", file, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext: %v", err)
		}
		// Words joined, so that a line break inside a long value or a
		// fingerprint does not count as a loss.
		printed := strings.Join(strings.Fields(string(out)), "")
		for _, v := range append(values, strings.Join(fingerprint, "")) {
			if !strings.Contains(printed, strings.Join(strings.Fields(v), "")) {
				t.Errorf("%s: %q is not printed in full", g.client, v)
			}
		}
		// Every screenshot is printed, lazy or not.
		if pdfimages, err := exec.LookPath("pdfimages"); err == nil {
			figures := eval[int](t, ctx, `document.querySelectorAll('figure.shot img').length`)
			list, err := exec.Command(pdfimages, "-list", file).Output()
			if err != nil {
				t.Fatalf("pdfimages: %v", err)
			}
			// Two header lines, then one line per image (an image with
			// transparency adds its mask: count the image lines only).
			images := 0
			for _, line := range strings.Split(string(list), "\n")[2:] {
				if f := strings.Fields(line); len(f) > 2 && f[2] == "image" {
					images++
				}
			}
			t.Logf("%s: %d screenshots, %d images printed", g.client, figures, images)
			if images < figures {
				t.Errorf("%s: %d screenshots on the page, %d images printed", g.client, figures, images)
			}
		}
		// Its full address, in words that say what it is (the demo's
		// public address is the one it listens on).
		if want := "Guide imprimé depuis " + p.url + "/guides/" + g.client; !strings.Contains(printed, strings.Join(strings.Fields(want), "")) {
			t.Errorf("%s: %q is not printed", g.client, want)
		}
		for _, nav := range []string{"Se déconnecter", "English", "Aller au contenu", "Copier", "Revenir au choix"} {
			if strings.Contains(string(out), nav) {
				t.Errorf("%s: the printed guide shows %q", g.client, nav)
			}
		}
	}
	if pdftotext == "" {
		t.Log("pdftotext not found (Debian's poppler-utils): the printed text was not checked")
	}
}
