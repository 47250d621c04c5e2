package web

import (
	"strings"
	"testing"

	"imsetup/clientguides"
	"imsetup/static"
)

// Each illustrated step shows its screenshot: the picture of the client in
// the page's language, with alt text in that language naming the client's
// labels to look for, a caption, its size, loaded lazily.
func TestIllustratedStepsShowTheirScreenshotInThePageLanguage(t *testing.T) {
	images, err := NewImages(static.FS)
	if err != nil {
		t.Fatal(err)
	}
	for _, client := range []clientguides.ClientID{clientguides.Thunderbird, clientguides.Pidgin} {
		for _, lang := range []string{"fr", "en", "de"} {
			ctx := ctxFor(t, lang)
			p := guidePage(t, lang, client, fingerprintView(CertUntrusted, ExpiryOK))
			p.Images = images
			doc := render(t, ctx, GuideView(p))
			steps := doc.Find("ol.steps > li")
			if steps.Length() != len(p.Guide.Steps) {
				t.Fatalf("%s %s: %d steps shown, want all %d", client, lang, steps.Length(), len(p.Guide.Steps))
			}
			for i, st := range p.Guide.Steps {
				figs := steps.Eq(i).Find("figure.shot")
				if st.Illustration == "" {
					if figs.Length() != 0 {
						t.Errorf("%s %s step %d: a figure without an illustration", client, lang, i+1)
					}
					continue
				}
				if figs.Length() != 1 {
					t.Errorf("%s %s step %d: %d figures, want 1", client, lang, i+1, figs.Length())
					continue
				}
				img := figs.Find("img")
				want := "/static/" + strings.ReplaceAll(st.Illustration, "{lang}", lang)
				if src := img.AttrOr("src", ""); src != want || !strings.Contains(src, "/"+lang+"/") {
					t.Errorf("%s %s step %d: src %q, want %q", client, lang, i+1, src, want)
				}
				if img.AttrOr("loading", "") != "lazy" || img.AttrOr("width", "0") == "0" || img.AttrOr("height", "0") == "0" {
					t.Errorf("%s %s step %d: img not lazy or without its size: %v", client, lang, i+1, img.Nodes[0].Attr)
				}
				alt := img.AttrOr("alt", "")
				for _, id := range labelsOf(st.Figure.Alt) {
					if text := p.Label(id); !strings.Contains(alt, text) {
						t.Errorf("%s %s step %d: alt %q does not name %q", client, lang, i+1, alt, text)
					}
				}
				if strings.ContainsAny(alt, "\uE000\uE001{}") || strings.Contains(alt, "<") {
					t.Errorf("%s %s step %d: alt %q has a placeholder or markup", client, lang, i+1, alt)
				}
				if cap := strings.TrimSpace(figs.Find("figcaption").Text()); cap == "" || cap == alt {
					t.Errorf("%s %s step %d: caption %q (alt %q)", client, lang, i+1, cap, alt)
				}
			}
		}
	}
}

// The alt text is written in the page's language, not the reference one.
func TestScreenshotAltTextIsTranslated(t *testing.T) {
	images, _ := NewImages(static.FS)
	alts := map[string]string{}
	for _, lang := range []string{"fr", "en", "de"} {
		p := guidePage(t, lang, clientguides.Thunderbird, fingerprintView(CertUntrusted, ExpiryOK))
		p.Images = images
		doc := render(t, ctxFor(t, lang), GuideView(p))
		alts[lang] = doc.Find("figure.shot img").First().AttrOr("alt", "")
	}
	if alts["fr"] == "" || alts["fr"] == alts["en"] || alts["en"] == alts["de"] || alts["fr"] == alts["de"] {
		t.Errorf("alt texts not one per language: %q", alts)
	}
}

func labelsOf(s clientguides.Sentence) []string {
	var ids []string
	for _, sl := range s.Slots {
		if sl.Label != "" {
			ids = append(ids, sl.Label)
		}
		ids = append(ids, sl.Path...)
	}
	return ids
}

// A step that only happens with an untrusted certificate (Thunderbird's
// reconnection from the chat accounts window) is left out when the
// certificate is trusted, and so is the certificate step's screenshot.
func TestUntrustedOnlyStepsLeftOutWhenTrusted(t *testing.T) {
	images, _ := NewImages(static.FS)
	ctx := ctxFor(t, "fr")
	count := func(cert *CertView) (steps, figures int) {
		p := guidePage(t, "fr", clientguides.Thunderbird, cert)
		p.Images = images
		doc := render(t, ctx, GuideView(p))
		return doc.Find("ol.steps > li").Length(), doc.Find("figure.shot").Length()
	}
	g, _ := clientguides.Get(clientguides.Thunderbird)
	us, uf := count(fingerprintView(CertUntrusted, ExpiryOK))
	ts, tf := count(fingerprintView(CertTrusted, ExpiryOK))
	ns, _ := count(nil)
	if us != len(g.Steps) || ns != len(g.Steps) {
		t.Errorf("untrusted or unknown certificate: %d and %d steps, want all %d", us, ns, len(g.Steps))
	}
	if ts != len(g.Steps)-1 || tf != uf-2 {
		t.Errorf("trusted certificate: %d steps and %d figures, want %d and %d", ts, tf, len(g.Steps)-1, uf-2)
	}
}

// Thunderbird's SHA-256 is shown in groups of four bytes that read back,
// put together, as exactly the client's one-line text.
func TestThunderbirdFingerprintInGroups(t *testing.T) {
	line := "AA:EF:64:9B:BC:90:2A:75:49:19:65:AD:F2:05:8F:C7:1B:96:35:62:6A:AD:63:F5:8B:78:B7:A9:3B:B1:A6:4A"
	cert := &CertView{State: CertUntrusted, Algorithm: "sha256", AlgorithmName: "SHA-256", Lines: []string{line}, GroupBytes: 4, Domain: "example.com"}
	doc := render(t, ctxFor(t, "fr"), GuideView(guidePage(t, "fr", clientguides.Thunderbird, cert)))
	fp := doc.Find(`[data-fingerprint="sha256"]`)
	if fp.Text() != line {
		t.Errorf("fingerprint text %q, want %q", fp.Text(), line)
	}
	groups := fp.Find(".fingerprint__group")
	if groups.Length() != 8 || groups.First().Text() != "AA:EF:64:9B:" || groups.Last().Text() != "3B:B1:A6:4A" {
		t.Errorf("%d groups, first %q, last %q", groups.Length(), groups.First().Text(), groups.Last().Text())
	}
}

// Every guide of every version shows each of its pictures, in the page's
// language, with its own alt text naming the labels to look for and its
// own caption.
func TestEveryGuideShowsItsPictures(t *testing.T) {
	images, _ := NewImages(static.FS)
	for _, lang := range []string{"fr", "en", "de"} {
		ctx := ctxFor(t, lang)
		for _, g := range clientguides.Every() {
			labels, err := g.Labels(lang)
			if err != nil {
				t.Fatal(err)
			}
			p := guidePage(t, lang, g.Client, fingerprintView(CertUntrusted, ExpiryOK))
			p.Guide, p.Labels, p.Images = g, labels, images
			doc := render(t, ctx, GuideView(p))
			steps := doc.Find("ol.steps > li")
			for i, st := range g.Steps {
				if st.Illustration == "" {
					continue
				}
				img := steps.Eq(i).Find("figure.shot img")
				if img.Length() != 1 || !strings.Contains(img.AttrOr("src", ""), "/"+lang+"/") {
					t.Errorf("%s %s %s step %d: picture %v", lang, g.Client, g.Version, i+1, img.Nodes)
					continue
				}
				alt, caption := img.AttrOr("alt", ""), strings.TrimSpace(steps.Eq(i).Find("figcaption").Text())
				if alt == "" || caption == "" || strings.Contains(alt, "guide.") || strings.Contains(caption, "guide.") {
					t.Errorf("%s %s %s step %d: alt %q, caption %q", lang, g.Client, g.Version, i+1, alt, caption)
				}
				for _, text := range []string{alt, caption} {
					if strings.Contains(text, "….") || strings.Contains(text, "....") || strings.Contains(text, "?.") || strings.Contains(text, "!.") {
						t.Errorf("%s %s %s step %d: a label's own ending runs into the sentence's: %q", lang, g.Client, g.Version, i+1, text)
					}
				}
				if caption == alt {
					t.Errorf("%s %s %s step %d: the caption only repeats the alt text %q", lang, g.Client, g.Version, i+1, alt)
				}
				for _, id := range labelsOf(st.Figure.Alt) {
					if text := p.Label(id); !strings.Contains(alt, text) {
						t.Errorf("%s %s %s step %d: alt %q does not name %q", lang, g.Client, g.Version, i+1, alt, text)
					}
				}
			}
		}
	}
}

// Pidgin checks the certificate against the server's name: when the
// certificate is the domain's only, the page explains the extra warning;
// otherwise, and for Thunderbird, it says nothing of it.
func TestServerNameWarningExplainedForPidginOnly(t *testing.T) {
	ctx := ctxFor(t, "fr")
	for _, tc := range []struct {
		client               clientguides.ClientID
		serverNamed, domainN bool
		want                 int
	}{
		{clientguides.Pidgin, false, true, 1},
		{clientguides.Pidgin, true, true, 0},
		{clientguides.Pidgin, false, false, 0},
		{clientguides.Thunderbird, false, true, 0},
	} {
		cert := fingerprintView(CertUntrusted, ExpiryOK)
		cert.ServerNamed, cert.DomainNamed = tc.serverNamed, tc.domainN
		doc := render(t, ctx, GuideView(guidePage(t, "fr", tc.client, cert)))
		got := doc.Find(`[data-testid="server-unnamed"]`)
		if got.Length() != tc.want {
			t.Errorf("%s, server named %v, domain named %v: %d explanations, want %d", tc.client, tc.serverNamed, tc.domainN, got.Length(), tc.want)
		}
		if tc.want == 1 && got.Find(`[data-value="server"]`).Text() != "xmpp.example.com" {
			t.Errorf("the explanation does not name the server: %q", got.Text())
		}
	}
}
