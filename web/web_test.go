package web

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/a-h/templ"

	"imsetup/clientguides"
	"imsetup/internal/i18n"
	"imsetup/locales"
)

// shippedCodes are the languages of the message files, so that a
// translator's new file is tested like the others.
func shippedCodes(t *testing.T) []string {
	t.Helper()
	cat, err := i18n.Load(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, l := range cat.Languages() {
		codes = append(codes, l.Code)
	}
	return codes
}

func ctxFor(t *testing.T, code string) context.Context {
	t.Helper()
	cat, err := i18n.Load(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	lang, ok := cat.Lookup(code)
	if !ok {
		t.Fatalf("no %s", code)
	}
	return WithLocalizer(context.Background(), cat.Localizer(lang))
}

func render(t *testing.T, ctx context.Context, c templ.Component) *goquery.Document {
	t.Helper()
	var buf bytes.Buffer
	if err := c.Render(ctx, &buf); err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func guidePage(t *testing.T, lang string, client clientguides.ClientID, cert *CertView) *GuidePage {
	g, _ := clientguides.Get(client)
	labels, err := clientguides.Labels(client, lang)
	if err != nil {
		t.Fatal(err)
	}
	return &GuidePage{
		Layout: Layout{Title: "t", User: &User{DisplayName: "Jeanne Martin", JID: "jeanne.martin@example.com"}},
		Guide:  g, Labels: labels,
		Values: clientguides.NewValues("jeanne.martin@example.com", "xmpp.example.com", 5222),
		Cert:   cert,
	}
}

// A sentence keeps the language's word order, with a real element where
// each slot stands and no placeholder left over.
func TestSentenceSlotsBecomeElements(t *testing.T) {
	for _, lang := range shippedCodes(t) {
		ctx := ctxFor(t, lang)
		p := guidePage(t, lang, clientguides.Pidgin, nil)
		doc := render(t, ctx, GuideView(p))
		step := doc.Find("ol.steps > li").First().Find("p")
		menu, add := step.Eq(1), step.Eq(2)
		if got := menu.Find(".ui-path [data-ui-label]").Length(); got != 2 {
			t.Errorf("%s: menu path has %d labels, want 2", lang, got)
		}
		if n := add.Find("[data-ui-label]").Length(); n != 2 {
			t.Errorf("%s: the Add sentence quotes %d labels, want 2 (button, dialog)", lang, n)
		}
		if strings.ContainsAny(doc.Text(), "\uE000\uE001") || strings.Contains(doc.Text(), "{{") {
			t.Errorf("%s: a placeholder is left in the page", lang)
		}
	}
}

func fingerprintView(state CertState, expiry CertExpiry) *CertView {
	return &CertView{
		State: state, Algorithm: "sha1", AlgorithmName: "SHA-1",
		Lines: []string{"ab:cd:ef"}, Expiry: expiry, NotAfter: "1 janvier 2030", Domain: "example.com",
	}
}

func TestCertificateStepAdapts(t *testing.T) {
	ctx := ctxFor(t, "fr")
	cases := []struct {
		cert         *CertView
		want         string // message id that must show
		fingerprint  bool
		acceptShown  bool
		alertPresent bool
	}{
		{nil, "cert.unavailable", false, false, false},
		{&CertView{State: CertUnavailable}, "cert.unavailable", false, false, false},
		{fingerprintView(CertUntrusted, ExpiryOK), "cert.untrusted", true, true, false},
		{fingerprintView(CertTrusted, ExpiryOK), "cert.trusted", true, false, false},
		{fingerprintView(CertMismatch, ExpiryOK), "cert.mismatch", true, false, true},
		{fingerprintView(CertUntrusted, ExpiryPast), "cert.expired", true, true, true},
		{fingerprintView(CertUntrusted, ExpirySoon), "cert.expiringSoon", true, true, false},
	}
	for _, tc := range cases {
		p := guidePage(t, "fr", clientguides.Pidgin, tc.cert)
		doc := render(t, ctx, GuideView(p))
		text := fold(doc.Text())
		want := TData(ctx, tc.want, map[string]any{"Date": "1 janvier 2030"})
		if !strings.Contains(text, want) {
			t.Errorf("%s: %q not shown", tc.want, want)
		}
		fp := doc.Find(`[data-fingerprint="sha1"]`)
		if (fp.Length() == 1) != tc.fingerprint || (tc.fingerprint && fp.Text() != "ab:cd:ef") {
			t.Errorf("%s: fingerprint element %d %q", tc.want, fp.Length(), fp.Text())
		}
		accept, _ := p.Labels.Text("cert.accept")
		shown := false
		doc.Find("[data-ui-label]").Each(func(_ int, s *goquery.Selection) { shown = shown || s.Text() == accept })
		if shown != tc.acceptShown {
			t.Errorf("%s: accept instructions shown=%v, want %v", tc.want, shown, tc.acceptShown)
		}
	}
}

func TestLoginProblemIsTiedToItsField(t *testing.T) {
	ctx := ctxFor(t, "en")
	doc := render(t, ctx, LoginView(&LoginPage{Problem: &Problem{Msg: "login.error.passwordMissing"}, Field: "password", Login: "jmartin"}))
	if got := doc.Find("#password").AttrOr("aria-describedby", ""); got != "form-problem" {
		t.Errorf("password aria-describedby %q", got)
	}
	if got := doc.Find("#password").AttrOr("aria-invalid", ""); got != "true" {
		t.Errorf("password aria-invalid %q", got)
	}
	if got := doc.Find("#form-problem").AttrOr("role", ""); got != "alert" {
		t.Errorf("the problem is not announced: role %q", got)
	}
	if got := doc.Find("#login").AttrOr("value", ""); got != "jmartin" {
		t.Errorf("login not kept: %q", got)
	}
}

// A client with several guides gets a list of plain links, one per
// version, newest first; the page's own is marked for assistive
// technology and in words, and each version is described with its own
// labels, not the page's.
func TestVersionPicker(t *testing.T) {
	ctx := ctxFor(t, "de")
	versions := clientguides.VersionsOf(clientguides.Gajim)
	page := guidePage(t, "de", clientguides.Gajim, nil)
	page.Guide = versions[1]
	page.Labels, _ = versions[1].Labels("de")
	for _, v := range versions {
		labels, err := v.Labels("de")
		if err != nil {
			t.Fatal(err)
		}
		page.Choices = append(page.Choices, VersionChoice{Guide: v, Labels: labels, Current: v == versions[1]})
	}
	doc := render(t, ctx, GuideView(page))
	nav := doc.Find(`nav[data-testid="versions"]`)
	if got := nav.AttrOr("aria-labelledby", ""); got == "" || nav.Find("#"+got).Text() != "Welche Version von Gajim verwenden Sie?" {
		t.Errorf("the picker is not named by its question (aria-labelledby %q)", got)
	}
	links := nav.Find("li > a")
	if links.Length() != len(versions) {
		t.Fatalf("%d links, want %d", links.Length(), len(versions))
	}
	links.Each(func(i int, a *goquery.Selection) {
		if a.AttrOr("href", "") != versions[i].Path() {
			t.Errorf("link %d: %q", i, a.AttrOr("href", ""))
		}
		if (a.AttrOr("aria-current", "") == "page") != (i == 1) {
			t.Errorf("link %d: aria-current %q", i, a.AttrOr("aria-current", ""))
		}
	})
	if got := fold(nav.Find(`li[data-version="2.0"]`).Text()); !strings.Contains(got, "(diese Anleitung)") || !strings.Contains(got, "Hilfe → Über") {
		t.Errorf("the page's own version reads %q", got)
	}
	// 2.3's line quotes 2.6's "Einstellungen", which 2.1's labels (the page's) do not have.
	prefs, _ := page.Choices[0].Labels.Text("prefs.open")
	if got := nav.Find(`li[data-version="2.3"] [data-ui-label]`).First().Text(); got != prefs || prefs == "" {
		t.Errorf("2.3 is described with %q, want its own label %q", got, prefs)
	}
	if got := doc.Find(".print-url .url").Text(); got != "/guides/gajim/2.0" {
		t.Errorf("printed address %q", got)
	}

	single := render(t, ctx, GuideView(guidePage(t, "de", clientguides.Pidgin, nil)))
	if single.Find(`[data-testid="versions"]`).Length() != 0 {
		t.Error("a client with one guide shows a version picker")
	}
}

// fold folds each run of breakable white space into one space, as a
// browser lays text out, and keeps the no-break spaces (U+00A0, U+202F)
// that French typography puts before ":" and "?".
func fold(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || r == '\t' || r == '\n' || r == '\r'
	}), " ")
}
