package handlers

import (
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"imsetup/clientguides"
	"imsetup/internal/bluemind/bluemindtest"
)

func loggedIn(t testing.TB, p *portal, lang, login string) *browser {
	t.Helper()
	b := p.browser(lang)
	if r := b.login(login, bluemindtest.DemoPassword); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("login %s: status %d", login, r.StatusCode)
	}
	return b
}

// Each guide, in each language, shows the user's own values where they
// belong and quotes only labels from that client's catalog data.
func TestGuidesShowTheUsersValuesAndTheClientsLabels(t *testing.T) {
	p := newPortal(t)
	want := map[clientguides.ClientID]map[string]string{
		clientguides.Thunderbird: {"jid": "jeanne.martin@example.com", "server": "xmpp.example.com", "port": "5222"},
		clientguides.Pidgin:      {"username": "jeanne.martin", "domain": "example.com", "server": "xmpp.example.com", "port": "5222"},
		clientguides.Gajim:       {"jid": "jeanne.martin@example.com", "server": "xmpp.example.com", "port": "5222"},
	}
	for _, lang := range p.languages() {
		b := loggedIn(t, p, lang, "jmartin")
		for _, g := range clientguides.All() {
			r := b.get("/guides/" + string(g.Client))
			if r.StatusCode != http.StatusOK {
				t.Fatalf("%s %s: status %d", lang, g.Client, r.StatusCode)
			}
			if r.Header.Get("Cache-Control") != "no-store" {
				t.Errorf("%s: a page with the user's values must not be cached", g.Client)
			}
			for kind, v := range want[g.Client] {
				if got := r.value(kind); got != v {
					t.Errorf("%s %s: data-value=%s is %q, want %q", lang, g.Client, kind, got, v)
				}
			}
			if n, steps := r.doc.Find("ol.steps > li").Length(), len(g.Steps); n != steps {
				t.Errorf("%s %s: %d numbered steps, want %d", lang, g.Client, n, steps)
			}
			labels, err := g.Labels(lang)
			if err != nil {
				t.Fatal(err)
			}
			// Literals the clients show untranslated in every language.
			known := map[string]bool{}
			for _, text := range untranslatedLiterals {
				known[text] = true
			}
			for _, text := range labels.Labels {
				known[text] = true
			}
			stepLabels(r.doc.Selection).Each(func(_ int, s *goquery.Selection) {
				if text := s.Text(); !known[text] {
					t.Errorf("%s %s: quoted label %q is not in the client's catalog data", lang, g.Client, text)
				}
			})
			if stepLabels(r.doc.Selection).Length() < 5 {
				t.Errorf("%s %s: too few client labels quoted", lang, g.Client)
			}
		}
	}
}

// "Require encryption" is quoted in each client's own words, not the
// seed page's: Pidgin's French is "Nécessite chiffrement".
func TestRequireEncryptionInTheClientsOwnWords(t *testing.T) {
	p := newPortal(t)
	b := loggedIn(t, p, "fr", "jmartin")
	for client, id := range map[clientguides.ClientID]string{clientguides.Pidgin: "opt.requireEncryption", clientguides.Thunderbird: "opt.requireEncryption"} {
		labels, _ := clientguides.Labels(client, "fr")
		want, ok := labels.Text(id)
		if !ok {
			t.Fatalf("%s: no label %s", client, id)
		}
		r := b.get("/guides/" + string(client))
		found := false
		r.doc.Find("[data-ui-label]").Each(func(_ int, s *goquery.Selection) { found = found || s.Text() == want })
		if !found {
			t.Errorf("%s: %q not quoted", client, want)
		}
	}
	r := b.get("/guides/pidgin")
	if strings.Contains(r.body, "Nécessite un chiffrement") {
		t.Error("Pidgin's guide quotes Thunderbird's wording")
	}
}

func TestUnknownGuideIs404(t *testing.T) {
	p := newPortal(t)
	b := loggedIn(t, p, "en", "jmartin")
	r := b.get("/guides/skype")
	if r.StatusCode != http.StatusNotFound || r.text("main p") != p.T("en", "error.notFound", nil) {
		t.Errorf("status %d, text %q", r.StatusCode, r.text("main p"))
	}
}

func TestChooserPutsTheGuideForTheSystemFirst(t *testing.T) {
	p := newPortal(t)
	for ua, first := range map[string]string{
		"Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0":             "Gajim",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/130 Safari/537": "Thunderbird",
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 Safari/605.1.15":  "Thunderbird",
	} {
		b := loggedIn(t, p, "fr", "jmartin")
		req, _ := http.NewRequest("GET", p.url+"/", nil)
		req.Header.Set("User-Agent", ua)
		resp, err := b.client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		doc, _ := goquery.NewDocumentFromReader(resp.Body)
		resp.Body.Close()
		card := doc.Find(".guide-card").First()
		if got := strings.TrimSpace(card.Find("h3").Text()); got != first {
			t.Errorf("%s: first guide %q, want %q", ua, got, first)
		}
		if card.Find(".badge").Length() != 1 || doc.Find(".guide-card .badge").Length() != 1 {
			t.Errorf("%s: the first guide, and only it, must be marked as recommended", ua)
		}
	}
}
