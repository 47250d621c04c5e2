package handlers

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"imsetup/clientguides"
)

// checkVersionPicker fails unless a guide of a client with several
// versions lists them all, newest first, marks the page's own, and
// describes each in that version's own labels; a client with one guide
// has no picker.
func checkVersionPicker(t *testing.T, r *response, g *clientguides.Guide, lang string) {
	t.Helper()
	versions := clientguides.VersionsOf(g.Client)
	items := r.doc.Find(`[data-testid="versions"] li`)
	if len(versions) == 1 {
		if r.doc.Find(`[data-testid="versions"]`).Length() != 0 {
			t.Errorf("%s %s: a version picker for a single guide", lang, g.Client)
		}
		return
	}
	if items.Length() != len(versions) {
		t.Fatalf("%s %s: %d versions offered, want %d", lang, g.Client, items.Length(), len(versions))
	}
	items.Each(func(i int, li *goquery.Selection) {
		v := versions[i]
		a := li.Find("a")
		if got := a.AttrOr("href", ""); got != v.Path() {
			t.Errorf("%s %s: version %d links to %q, want %q", lang, g.Client, i, got, v.Path())
		}
		if want := r.p().T(lang, v.Versions, nil); strings.TrimSpace(a.Text()) != want {
			t.Errorf("%s %s: version %d reads %q, want %q", lang, g.Client, i, a.Text(), want)
		}
		if current := a.AttrOr("aria-current", "") == "page"; current != (v == g) {
			t.Errorf("%s %s %s: aria-current=page is %v on the page of %s", lang, g.Client, v.Version, current, g.Version)
		}
		labels, err := v.Labels(lang)
		if err != nil {
			t.Fatal(err)
		}
		known := map[string]bool{}
		for _, text := range labels.Labels {
			known[text] = true
		}
		quoted := li.Find("[data-ui-label]")
		if quoted.Length() == 0 {
			t.Errorf("%s %s %s: nothing tells how to recognise this version", lang, g.Client, v.Version)
		}
		quoted.Each(func(_ int, s *goquery.Selection) {
			if !known[s.Text()] {
				t.Errorf("%s %s %s: the picker quotes %q, not in that version's labels", lang, g.Client, v.Version, s.Text())
			}
		})
	})
}

// p is the portal a response came from (its catalog), for messages.
func (r *response) p() *portal { return r.portal }

// The Gajim guide is chosen by version on the page: /guides/gajim is the
// newest, each version has its own address, and each page quotes the
// labels of its own version where the versions differ.
func TestGajimGuidePerVersion(t *testing.T) {
	p := newPortal(t, func(d *Deps) { d.Certs = newLangCerts() })
	b := loggedIn(t, p, "fr", "jmartin")
	def := b.get("/guides/gajim")
	newest := b.get("/guides/gajim/2.3")
	if def.StatusCode != http.StatusOK || newest.StatusCode != http.StatusOK {
		t.Fatalf("status %d, %d", def.StatusCode, newest.StatusCode)
	}
	if def.text("ol.steps") != newest.text("ol.steps") {
		t.Error("/guides/gajim is not the newest version's guide")
	}
	for _, tc := range []struct {
		path, version, labelsFrom string
		open                      string // the first step's text, as the user reads it
		notOpen                   string
		addressHint               string
		password                  string // the button of the password dialog, as that version labels it
	}{
		{"/guides/gajim/2.3", "2.3", "Gajim 2.6.0",
			"Sinon, cliquez sur l’engrenage Préférences en bas de la barre latérale de Gajim, puis sur Ajouter un compte… dans le groupe Comptes.",
			"Modifier le compte", "le champ, vide, affiche ce texte en exemple", "Connexion"},
		{"/guides/gajim/2.0", "2.0", "Gajim 2.1.1",
			"Sinon, choisissez Comptes → Ajouter un compte… (si Gajim a déjà un compte\u00a0: Comptes → Gérer le compte…), puis cliquez sur Ajouter un compte.",
			"Préférences", "le champ, vide, affiche ce texte en exemple", "Connexion"},
		{"/guides/gajim/1.7", "1.7", "Gajim 1.7.3",
			"Sinon, choisissez Comptes → Ajouter un compte… (si Gajim a déjà un compte\u00a0: Comptes → Modifier le compte …), puis cliquez sur Ajouter un compte.",
			"Préférences", "le premier champ\u00a0: cet exemple n’y apparaît que lorsque le curseur est ailleurs", "Identifiant"},
	} {
		r := b.get(tc.path)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", tc.path, r.StatusCode)
		}
		first := r.doc.Find("ol.steps > li").First()
		text := fold(first.Text())
		if !strings.Contains(text, "Au premier lancement, Gajim ouvre cet assistant de lui-même.") || !strings.Contains(text, tc.open) {
			t.Errorf("%s: first step reads %q", tc.path, text)
		}
		if strings.Contains(text, tc.notOpen) {
			t.Errorf("%s: first step quotes %q, another version's way", tc.path, tc.notOpen)
		}
		if got := r.text("ol.steps > li:nth-child(2) .hint"); got != tc.addressHint {
			t.Errorf("%s: the address field's hint reads %q", tc.path, got)
		}
		// Without a keyring Gajim asks for the password again (seen in 1.7
		// and 2.6): the last step says so with the dialog's own button.
		last := fold(r.doc.Find("ol.steps > li").Last().Text())
		if want := "(fenêtre Mot de passe requis), parfois après une nouvelle fenêtre du trousseau, que vous annulez de la même façon. Saisissez votre mot de passe BlueMind, laissez décochée la case Enregistrer le mot de passe (elle rouvrirait la fenêtre du trousseau) et cliquez sur " + tc.password + "."; !strings.Contains(last, want) {
			t.Errorf("%s: last step %q, want %q", tc.path, last, want)
		}
		if got := r.text(".guide-header"); !strings.Contains(got, "Libellés relevés dans "+tc.labelsFrom+".") {
			t.Errorf("%s: header %q does not name %s", tc.path, got, tc.labelsFrom)
		}
		if got := r.text(".print-url .url"); got != "https://chat.example.net"+tc.path {
			t.Errorf("%s: printed address %q", tc.path, got)
		}
		// The advanced page's fields, in the order Gajim shows them.
		var fields []string
		r.doc.Find("ol.steps > li").Eq(2).Find("dt").Each(func(_ int, s *goquery.Selection) { fields = append(fields, s.Text()) })
		if got := strings.Join(fields, " | "); got != "Serveur mandataire | Nom d'Hôte | Port | Type" {
			t.Errorf("%s: advanced fields %q", tc.path, got)
		}
		if got := r.doc.Find(`[data-testid="versions"] [aria-current="page"]`).Closest("li").AttrOr("data-version", ""); got != tc.version {
			t.Errorf("%s: the picker marks version %q as this page's", tc.path, got)
		}
		checkGuideLabels(t, r, mustVersion(t, tc.version), "fr")
	}
	// The picker tells each version apart in its own words.
	r := b.get("/guides/gajim/2.3")
	for version, want := range map[string]string{
		"2.3": "Gajim sans barre de menus, avec un engrenage (Préférences) en bas de la barre latérale. Le bouton\u00a0? en haut à droite, puis À propos, donne le numéro exact.",
		"2.0": "Gajim avec une barre de menus (Comptes…), dont Aide → À propos indique 2.0, 2.1 ou 2.2.",
		"1.7": "Gajim avec une barre de menus (Comptes…), dont Aide → À propos indique 1.7.",
	} {
		li := r.doc.Find(`[data-testid="versions"] li[data-version="` + version + `"]`)
		if got := fold(li.Find(".muted").Text()); got != want {
			t.Errorf("picker, %s: %q, want %q", version, got, want)
		}
	}
	if got := r.text(`[data-testid="versions"] h2`); got != "Quelle version de Gajim utilisez-vous\u202f?" {
		t.Errorf("picker question %q", got)
	}
}

// English pages use Gajim 2.x's own word for the server, "provider", and
// explain it.
func TestGajim2SaysProviderInEnglish(t *testing.T) {
	p := newPortal(t, func(d *Deps) { d.Certs = newLangCerts() })
	b := loggedIn(t, p, "en", "jmartin")
	for path, want := range map[string]string{
		"/guides/gajim/2.3": "Gajim shows the Certificate Verification Failed page, which says The following warnings came up while trying to verify the provider's certificate: the provider is your organisation’s chat server. Click Show Certificate.",
		"/guides/gajim/1.7": "Gajim shows the Certificate Verification Failed page. Click Show Certificate.",
	} {
		r := b.get(path)
		if !strings.Contains(r.pageText(), want) {
			t.Errorf("%s: %q not found in the certificate step", path, want)
		}
	}
}

func mustVersion(t *testing.T, version string) *clientguides.Guide {
	t.Helper()
	return guideOf(t, clientguides.Gajim, version)
}

func guideOf(t *testing.T, client clientguides.ClientID, version string) *clientguides.Guide {
	t.Helper()
	g, ok := clientguides.GetVersion(client, version)
	if !ok {
		t.Fatalf("no %s %s guide", client, version)
	}
	return g
}

// Unknown versions are 404, as is a version of a client with one guide;
// a logged-out visitor with a version's address comes back to it after
// the login.
func TestGuideVersionAddresses(t *testing.T) {
	p := newPortal(t)
	b := loggedIn(t, p, "en", "jmartin")
	for _, path := range []string{"/guides/gajim/9.9", "/guides/gajim/", "/guides/pidgin/2.14", "/guides/thunderbird/128", "/guides/thunderbird/153/", "/guides/gajim/1.7/x"} {
		if r := b.get(path); r.StatusCode != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", path, r.StatusCode)
		}
	}
	if r := b.get("/guides/pidgin"); r.doc.Find(`[data-testid="versions"]`).Length() != 0 {
		t.Error("Pidgin's guide offers versions")
	}

	anon := p.browser("fr")
	r := anon.get("/guides/gajim/1.7")
	wantLogin := "/login?" + url.Values{"next": {"/guides/gajim/1.7"}}.Encode()
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != wantLogin {
		t.Fatalf("logged out: status %d, Location %q", r.StatusCode, r.Header.Get("Location"))
	}
	r = anon.do("POST", "/login", url.Values{"login": {"jmartin"}, "password": {"demo"}, "next": {"/guides/gajim/1.7"}})
	if r.Header.Get("Location") != "/guides/gajim/1.7" {
		t.Fatalf("after the login: status %d, Location %q", r.StatusCode, r.Header.Get("Location"))
	}
	if r := anon.get("/guides/gajim/1.7"); r.doc.Find(`[data-testid="versions"] [aria-current="page"]`).Closest("li").AttrOr("data-version", "") != "1.7" {
		t.Error("back from the login, the page is not Gajim 1.7's guide")
	}
}

// The Thunderbird guide is chosen by version too: /guides/thunderbird (the
// address administrators already link to) is 153's, and 140's page, Debian
// 13's, quotes 140's own labels where the two differ, its first start and
// its own screenshots, in every language.
func TestThunderbirdGuidePerVersion(t *testing.T) {
	p := newPortal(t, func(d *Deps) { d.Certs = newLangCerts() })
	b := loggedIn(t, p, "fr", "jmartin")
	def, v153 := b.get("/guides/thunderbird"), b.get("/guides/thunderbird/153")
	if def.StatusCode != http.StatusOK || v153.StatusCode != http.StatusOK {
		t.Fatalf("status %d, %d", def.StatusCode, v153.StatusCode)
	}
	if def.text("ol.steps") != v153.text("ol.steps") || def.text(".guide-header") != v153.text(".guide-header") {
		t.Error("/guides/thunderbird is not 153's guide")
	}
	for _, tc := range []struct {
		path, version, labelsFrom string
		first, appmenu            string // what the first step says, as the user reads it
		not                       []string
		shots                     string
	}{
		{"/guides/thunderbird/153", "153", "Thunderbird 153.8.0esr",
			"Au premier lancement, la fenêtre Bienvenue sur Thunderbird couvre la fenêtre principale\u00a0:",
			"Autre chemin\u00a0: le bouton ≡, en haut à droite de Thunderbird, puis Ajouter un compte → Messagerie instantanée.",
			[]string{"Configuration du compte", "Nouveau compte"}, "/static/img/guides/thunderbird-153/fr/"},
		{"/guides/thunderbird/140", "140", "Thunderbird 140.12.0esr",
			"Au premier lancement, Thunderbird ouvre l’onglet Configuration du compte, titré Configurez votre adresse e-mail existante",
			"Autre chemin\u00a0: le bouton ≡, en haut à droite de Thunderbird, puis Nouveau compte → Messagerie instantanée.",
			[]string{"Bienvenue sur Thunderbird", "Réduire", "Centre de compte", "Ajouter un compte"}, "/static/img/guides/thunderbird-140/fr/"},
	} {
		r := b.get(tc.path)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", tc.path, r.StatusCode)
		}
		first := fold(r.doc.Find("ol.steps > li").First().Text())
		if !strings.Contains(first, tc.first) || !strings.Contains(first, tc.appmenu) {
			t.Errorf("%s: first step reads %q", tc.path, first)
		}
		steps := fold(r.text("ol.steps"))
		for _, other := range tc.not {
			if strings.Contains(steps, other) {
				t.Errorf("%s: the steps quote %q, the other version's words", tc.path, other)
			}
		}
		if got := r.text(".guide-header"); !strings.Contains(got, "Libellés relevés dans "+tc.labelsFrom+".") {
			t.Errorf("%s: header %q does not name %s", tc.path, got, tc.labelsFrom)
		}
		if got := r.text(".print-url .url"); got != "https://chat.example.net"+tc.path {
			t.Errorf("%s: printed address %q", tc.path, got)
		}
		imgs := r.doc.Find("figure.shot img")
		if imgs.Length() != 7 {
			t.Errorf("%s: %d pictures, want 7", tc.path, imgs.Length())
		}
		imgs.Each(func(_ int, img *goquery.Selection) {
			if src := img.AttrOr("src", ""); !strings.HasPrefix(src, tc.shots) {
				t.Errorf("%s: picture %s is not under %s", tc.path, src, tc.shots)
			}
		})
		if got := r.doc.Find(`[data-testid="versions"] [aria-current="page"]`).Closest("li").AttrOr("data-version", ""); got != tc.version {
			t.Errorf("%s: the picker marks version %q as this page's", tc.path, got)
		}
		checkGuideLabels(t, r, guideOf(t, clientguides.Thunderbird, tc.version), "fr")
	}
	// The picker tells the versions apart with each one's own words: where
	// the version number is, and the ≡ menu's first item (in 153, under the
	// Thundermail add-on's untranslated "Sign in to Thundermail" line).
	r := b.get("/guides/thunderbird")
	for version, want := range map[string]string{
		"153": "Aide → À propos de Thunderbird affiche 153 ou plus (la barre de menus s’affiche avec la touche Alt). Autre indice\u00a0: le menu ≡, en haut à droite, a Ajouter un compte en tête, juste sous la ligne de connexion à Thundermail.",
		"140": "Aide → À propos de Thunderbird affiche 140 (la barre de menus s’affiche avec la touche Alt). Autre indice\u00a0: le menu ≡, en haut à droite, commence par Nouveau compte.",
	} {
		li := r.doc.Find(`[data-testid="versions"] li[data-version="` + version + `"]`)
		if got := fold(li.Find(".muted").Text()); got != want {
			t.Errorf("picker, %s: %q, want %q", version, got, want)
		}
	}
	if got := r.text(`[data-testid="versions"] h2`); got != "Quelle version de Thunderbird utilisez-vous\u202f?" {
		t.Errorf("picker question %q", got)
	}
	// English and German pages quote 140's own catalogs too.
	for lang, want := range map[string]string{
		"en": "Another way: the ≡ button at Thunderbird’s top right, then New Account → Chat.",
		"de": "Neues Konto",
	} {
		r := loggedIn(t, p, lang, "jmartin").get("/guides/thunderbird/140")
		if !strings.Contains(fold(r.text("ol.steps")), want) {
			t.Errorf("%s: 140's steps do not say %q", lang, want)
		}
		checkGuideLabels(t, r, guideOf(t, clientguides.Thunderbird, "140"), lang)
	}
}
