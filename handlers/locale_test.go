package handlers

import (
	"net/http"
	"strings"
	"testing"

	"imsetup/internal/bluemind/bluemindtest"
)

func htmlLang(r *response) string { return r.doc.Find("html").AttrOr("lang", "") }

// The language comes from ?lang= (remembered), then the remembered choice,
// then the user's BlueMind language, then Accept-Language, then French.
func TestLanguageChoiceOrder(t *testing.T) {
	p := newPortal(t)

	if got := htmlLang(p.anonymousBrowser("").get("/")); got != "fr" {
		t.Errorf("no preference: %q, want French", got)
	}
	if got := htmlLang(p.anonymousBrowser("en-US,en;q=0.9").get("/")); got != "en" {
		t.Errorf("Accept-Language en: %q", got)
	}
	if got := htmlLang(p.anonymousBrowser("ja").get("/")); got != "fr" {
		t.Errorf("unshipped Accept-Language: %q, want French", got)
	}

	// BlueMind's language beats the browser's: psmith reads English.
	b := p.anonymousBrowser("fr")
	b.login("psmith", bluemindtest.DemoPassword)
	if got := htmlLang(b.get("/guides/gajim")); got != "en" {
		t.Errorf("psmith (BlueMind en, browser fr): %q", got)
	}
	// ?lang= beats everything and is remembered across pages.
	if got := htmlLang(b.get("/guides/gajim?lang=fr")); got != "fr" {
		t.Errorf("?lang=fr: %q", got)
	}
	if got := htmlLang(b.get("/guides/pidgin")); got != "fr" {
		t.Errorf("after ?lang=fr: %q, want it remembered", got)
	}
	// An unknown value is ignored quietly.
	r := b.get("/guides/pidgin?lang=xx")
	if r.StatusCode != http.StatusOK || htmlLang(r) != "fr" {
		t.Errorf("?lang=xx: status %d lang %q", r.StatusCode, htmlLang(r))
	}
}

func TestLanguageSwitcherLinks(t *testing.T) {
	p := newPortal(t)
	r := p.browser("fr").get("/login?next=%2Fguides%2Fpidgin")
	links := map[string]string{}
	r.doc.Find("nav.lang-switch a").Each(func(_ int, s *goqSel) {
		links[s.Text()] = s.AttrOr("href", "")
	})
	if links["English"] != "/login?lang=en&next=%2Fguides%2Fpidgin" || links["Français"] == "" {
		t.Errorf("switcher links %v", links)
	}
	// Every shipped language, a translator's new one too, in its own
	// name: French first, then by code.
	var got, want []string
	r.doc.Find("nav.lang-switch a").Each(func(_ int, s *goqSel) { got = append(got, s.Text()+" "+s.AttrOr("hreflang", "")) })
	for _, l := range p.catalog.Languages() {
		want = append(want, l.Name+" "+l.Code)
		if href := "/login?lang=" + l.Code + "&next=%2Fguides%2Fpidgin"; links[l.Name] != href {
			t.Errorf("%s: link %q, want %q", l.Name, links[l.Name], href)
		}
	}
	if strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Errorf("switcher %v, want %v", got, want)
	}
	if cur := r.doc.Find(`nav.lang-switch a[aria-current="true"]`).Text(); cur != "Français" {
		t.Errorf("current language %q", cur)
	}
}
