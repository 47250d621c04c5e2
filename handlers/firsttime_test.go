package handlers

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/PuerkitoBio/goquery"

	"imsetup/clientguides"
	"imsetup/internal/i18n"
	"imsetup/locales"
)

// The spots where testers following the guides for the first time, in
// the real clients, had to guess: each page now says what they saw on
// screen. The steps are read as a user reads them (the text of the
// numbered step), with the labels the clients show.

// stepText is the text of a guide's numbered step (1-based).
func stepText(r *response, n int) string {
	return fold(r.doc.Find("ol.steps > li").Eq(n - 1).Text())
}

// fieldNames lists a step's form fields, as the page names them.
func fieldNames(r *response, n int) string {
	var names []string
	r.doc.Find("ol.steps > li").Eq(n - 1).Find("dl.fields dt").Each(func(_ int, s *goquery.Selection) {
		names = append(names, fold(s.Text()))
	})
	return strings.Join(names, " | ")
}

// fieldSays is what a step's form says to do with one field, found by
// the field's name: its value, then its hint, without the copy button.
func fieldSays(r *response, n int, name string) string {
	var out []string
	r.doc.Find("ol.steps > li").Eq(n - 1).Find("dl.fields > div").Each(func(_ int, s *goquery.Selection) {
		if fold(s.Find("dt").Text()) != name {
			return
		}
		dd := s.Find("dd").Clone()
		dd.Find("button").Remove()
		dd.Contents().Each(func(_ int, c *goquery.Selection) {
			if t := fold(c.Text()); t != "" {
				out = append(out, t)
			}
		})
	})
	return strings.Join(out, " ")
}

func mustSay(t *testing.T, where, text string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("%s does not say %q:\n%s", where, w, text)
		}
	}
}

func mustNotSay(t *testing.T, where, text string, nots ...string) {
	t.Helper()
	for _, n := range nots {
		if strings.Contains(text, n) {
			t.Errorf("%s says %q:\n%s", where, n, text)
		}
	}
}

func TestThunderbirdSaysWhatTheFirstStartAndTheWizardShow(t *testing.T) {
	p := newPortal(t, func(d *Deps) { d.Certs = newLangCerts() })
	fr := loggedIn(t, p, "fr", "jmartin")
	for _, path := range []string{"/guides/thunderbird/153", "/guides/thunderbird/140"} {
		r := fr.get(path)
		// The privacy notice's tab, which both versions open beside.
		mustSay(t, path+" step 1", stepText(r, 1),
			"Thunderbird ouvre aussi un second onglet, avec la politique de confidentialité de Mozilla (sans accès à Internet, une page d’erreur)\u00a0: vous pouvez le fermer avec sa croix ×.")
		// The advanced page: the Local Alias box comes first, the port is
		// filled in already.
		adv := stepText(r, 5)
		mustSay(t, path+" step 5", adv, "Sur la page Options avancées, réglez ces options, depuis la partie Alias local jusqu’en bas")
		if got := fieldSays(r, 5, "Alias"); got != "laissez vide\u00a0: ce nom ne serait affiché que pour vous" {
			t.Errorf("%s: Alias: %q", path, got)
		}
		if got := fieldSays(r, 5, "Port"); got != "5222 remplacez le 5222 écrit d’avance par ce nombre (s’il vaut aussi 5222, laissez-le)" {
			t.Errorf("%s: Port: %q", path, got)
		}
		if got := fieldNames(r, 5); got != "Alias | Ressource | Priorité | Sécurité de la connexion | Serveur | Port" {
			t.Errorf("%s: advanced fields %q", path, got)
		}
		// After Finish the menu bar that Alt showed is hidden again: the
		// step that needs it says so before the menu path.
		acc := stepText(r, 7)
		alt := strings.Index(acc, "Si la barre de menus s’est de nouveau masquée après Terminer, appuyez encore une fois sur la touche Alt.")
		menu := strings.Index(acc, "Outils → État de messagerie instantanée → Afficher les comptes…")
		if alt < 0 || menu < 0 || alt > menu {
			t.Errorf("%s step 7: the Alt key is not said before the menu:\n%s", path, acc)
		}
	}
	// "das Fenster Willkommen bei Thunderbird Thunderbird": the window
	// covers the main window, in every language.
	for lang, want := range map[string]string{
		"fr": "la fenêtre Bienvenue sur Thunderbird couvre la fenêtre principale",
		"en": "the Welcome to Thunderbird window covers the main window",
		"de": "verdeckt das Fenster Willkommen bei Thunderbird das Hauptfenster",
	} {
		first := stepText(loggedIn(t, p, lang, "jmartin").get("/guides/thunderbird"), 1)
		mustSay(t, lang+" step 1", first, want)
		mustNotSay(t, lang+" step 1", first, "Thunderbird Thunderbird", "couvre Thunderbird", "covers Thunderbird")
	}
	de := loggedIn(t, p, "de", "jmartin").get("/guides/thunderbird")
	mustSay(t, "de step 5", stepText(de, 5), "vom Abschnitt Lokaler Anzeigename an nach unten")
	if got := fieldNames(de, 5); !strings.HasPrefix(got, "Anzeigename | ") {
		t.Errorf("de: advanced fields %q", got)
	}
}

func TestGajimSaysWhatTheCertificateWindowAndTheKeyringShow(t *testing.T) {
	p := newPortal(t, func(d *Deps) { d.Certs = newLangCerts() })
	fr := loggedIn(t, p, "fr", "jmartin")
	// Debian 13's gnome-keyring (48.0, Gajim 2.0's guide) shows its
	// windows' headings in English, gcr's buttons in French.
	keyring := map[string][2]string{
		"/guides/gajim/2.3": {"Choisissez le mot de passe du nouveau trousseau de clés", "Déverrouiller le trousseau de clés"},
		"/guides/gajim/2.0": {"Choose password for new keyring", "Unlock Keyring"},
		"/guides/gajim/1.7": {"Choisissez le mot de passe du nouveau trousseau de clés", "Déverrouiller le trousseau de clés"},
	}
	for _, path := range []string{"/guides/gajim/2.3", "/guides/gajim/2.0", "/guides/gajim/1.7"} {
		r := fr.get(path)
		choose, unlock := keyring[path][0], keyring[path][1]
		// The certificate window opens at its top, and 1.7's has no Close
		// button.
		mustSay(t, path+" step 4", stepText(r, 4),
			"La fenêtre Certificat s’ouvre sur son début\u00a0: descendez si besoin jusqu’à la partie Empreintes, lisez la ligne SHA-256",
			"fermez la fenêtre Certificat avec la croix × en haut à droite (ou la touche Échap), cochez Ajouter aux certificats de confiance")
		last := stepText(r, 5)
		// The keyring window comes before the last page: what it is, what
		// to do, what follows either way.
		mustSay(t, path+" step 5", last,
			"Avant la dernière page, votre système peut ouvrir une fenêtre sans titre, intitulée "+choose+"\u00a0:",
			"vous le saisissez dans les deux champs et cliquez sur Continuer (au prochain lancement de Gajim, le système vous le demandera\u00a0: "+unlock+")",
			"soit vous cliquez sur Annuler\u00a0: Gajim vous demandera alors votre mot de passe BlueMind à chaque lancement.",
			// The last page's optional name and colour.
			"La dernière page annonce Compte ajouté avec succès, avec Ajouter un nom et une couleur pour votre compte\u00a0: c’est facultatif, vous pouvez laisser Nom de compte... vide.")
		if strings.Index(last, choose) > strings.Index(last, "La dernière page annonce") {
			t.Errorf("%s: the keyring window is told after the last page", path)
		}
	}
	en := loggedIn(t, p, "en", "jmartin").get("/guides/gajim/1.7")
	mustSay(t, "en 1.7 step 5", stepText(en, 5),
		"headed Choose password for new keyring:", "click Continue", "or click Cancel:",
		"The last page says Account has been added successfully, and Add a name and color for your account: this is optional, you may leave Account Name... empty.",
		"leave Save Password unticked")
	if got := fieldSays(en, 2, "Advanced Settings"); got != "tick" {
		t.Errorf("en 1.7: Advanced Settings: %q", got)
	}
}

func TestPidginSaysWhichFingerprintLineAndWhatStaysOpen(t *testing.T) {
	p := newPortal(t, func(d *Deps) { d.Certs = newLangCerts() })
	r := loggedIn(t, p, "fr", "jmartin").get("/guides/pidgin")
	if got := fieldSays(r, 3, "Port de connexion"); got != "5222 remplacez le 5222 écrit d’avance par ce nombre (s’il vaut aussi 5222, laissez-le)" {
		t.Errorf("Port de connexion: %q", got)
	}
	cert := stepText(r, 5)
	mustSay(t, "step 5", cert,
		"Dans la fenêtre Informations du certificat, lisez la dernière ligne, SHA256 (et non la ligne Fingerprint (SHA1))\u00a0: Pidgin la coupe sur deux lignes, après un deux-points.",
		"Empreinte SHA-256 du certificat de example.com",
		"fermez la fenêtre Informations du certificat (Fermer) et cliquez sur Accepter.")
	// The SHA-256 fingerprint, lower case like Pidgin's, in groups of
	// four bytes to compare whatever the line break.
	groups := r.doc.Find(`[data-fingerprint="sha256"] .fingerprint__group`)
	if groups.Length() != 8 || groups.First().Text() != strings.ToLower(groups.First().Text()) {
		t.Errorf("the fingerprint shows %d groups, first %q", groups.Length(), groups.First().Text())
	}
	if r.doc.Find(`[data-fingerprint="sha1"]`).Length() != 0 {
		t.Error("Pidgin's guide still compares SHA-1")
	}
	mustSay(t, "last step", stepText(r, 6),
		"Pidgin est connecté\u00a0: sa liste de contacts affiche Disponible. La fenêtre Comptes reste ouverte\u00a0: vous pouvez la fermer (Fermer).")
}

// The chooser's cards name every version the client's guides cover: a
// Debian 12 user with Gajim 1.7 must not read "2.3 and later" and leave.
func TestChooserCardsNameEveryVersionTheGuidesCover(t *testing.T) {
	p := newPortal(t)
	for lang, want := range map[string][]string{
		"fr": {"Pour Thunderbird 140 ESR et les versions suivantes\u00a0: vous choisirez votre version sur la page du guide.", "Pour Pidgin 2.14.", "Pour Gajim 1.7 et les versions suivantes\u00a0: vous choisirez votre version sur la page du guide."},
		"en": {"For Thunderbird 140 ESR and later: you choose your version on the guide’s page.", "For Pidgin 2.14.", "For Gajim 1.7 and later: you choose your version on the guide’s page."},
		"de": {"Für Thunderbird 140 ESR und neuer: Ihre Version wählen Sie auf der Seite der Anleitung.", "Für Pidgin 2.14.", "Für Gajim 1.7 und neuer: Ihre Version wählen Sie auf der Seite der Anleitung."},
	} {
		r := loggedIn(t, p, lang, "jmartin").get("/")
		cards := fold(r.doc.Find(".guide-cards").Text())
		mustSay(t, lang+" chooser", cards, want...)
		mustNotSay(t, lang+" chooser", cards, "2.3", "153")
	}
}

// A printed guide says where it comes from in words that read as such,
// with the full address a reader of the paper can type.
func TestPrintedGuideGivesItsFullAddress(t *testing.T) {
	p := newPortal(t)
	for lang, want := range map[string]string{
		"fr": "Guide imprimé depuis https://chat.example.net/guides/pidgin",
		"en": "Guide printed from https://chat.example.net/guides/pidgin",
		"de": "Diese Anleitung wurde von der Seite https://chat.example.net/guides/pidgin ausgedruckt.",
	} {
		r := loggedIn(t, p, lang, "jmartin").get("/guides/pidgin")
		if got := r.text(".print-url"); got != want {
			t.Errorf("%s: printed %q, want %q", lang, got, want)
		}
	}
}

// The English pages read as English: the wordings testers stumbled on.
func TestEnglishWording(t *testing.T) {
	p := newPortal(t, func(d *Deps) { d.Certs = newLangCerts() })
	b := loggedIn(t, p, "en", "jmartin")
	home := b.get("/").pageText()
	mustSay(t, "chooser", home, "Here are the settings of your instant messaging account. Choose your program below:")
	mustNotSay(t, "chooser", home, "Then choose")
	r := b.get("/guides/pidgin")
	text := r.pageText()
	mustSay(t, "Pidgin guide", text,
		"your BlueMind password, the one you use for your e-mail",
		"don’t choose any other option: this is what protects your password",
		"close the Certificate Information window (Close)")
	if got := r.text(".no-print a"); got != "Choose another program" {
		t.Errorf("back link %q", got)
	}
	mustNotSay(t, "Pidgin guide", text, "the one of your mailbox", "never another option", "close the certificate information")
	// One kind of apostrophe in the portal's own words (the clients'
	// labels keep theirs).
	for _, path := range []string{"/", "/guides/thunderbird", "/guides/thunderbird/140", "/guides/pidgin", "/guides/gajim", "/guides/gajim/1.7"} {
		r := b.get(path)
		r.doc.Find("[data-ui-label], [data-value], [data-fingerprint]").Remove()
		if own := r.pageText(); strings.Contains(own, "'") {
			i := strings.Index(own, "'")
			t.Errorf("%s: a straight apostrophe in %q", path, own[max(0, i-40):min(len(own), i+40)])
		}
	}
}

// A label the client leaves in English on a French or German screen is
// quoted as it shows, and marked lang="en" so that a screen reader reads
// it as English (WCAG 3.1.2); the page's other labels carry no lang.
func TestLabelsInAnotherLanguageAreMarkedSo(t *testing.T) {
	p := newPortal(t, func(d *Deps) { d.Certs = newLangCerts() })
	want := map[string][]string{ // page, in French and German: the English labels it quotes
		"fr /guides/gajim/2.0": {"Choose password for new keyring", "Unlock Keyring"},
		"de /guides/gajim/2.0": {"Choose password for new keyring", "Unlock Keyring"},
		"fr /guides/pidgin":    {"Fingerprint (SHA1)"},
	}
	for _, lang := range []string{"fr", "de", "en"} {
		b := loggedIn(t, p, lang, "jmartin")
		for _, path := range []string{"/guides/gajim", "/guides/gajim/2.0", "/guides/gajim/1.7", "/guides/pidgin", "/guides/thunderbird", "/guides/thunderbird/140"} {
			var got []string
			b.get(path).doc.Find("ol.steps [data-ui-label][lang]").Each(func(_ int, s *goquery.Selection) {
				if l, _ := s.Attr("lang"); l != "en" {
					t.Errorf("%s %s: %q marked lang=%q", lang, path, s.Text(), l)
				}
				got = append(got, s.Text())
			})
			w := want[lang+" "+path]
			if strings.Join(got, "|") != strings.Join(w, "|") {
				t.Errorf("%s %s: labels marked English %q, want %q", lang, path, got, w)
			}
		}
	}
}

// A page in a language the clients have no labels for (a locale a
// translator has just added) quotes the clients' English labels: every
// one of them is marked lang="en", and the page itself is in its own
// language. (The guides' literal tokens, such as START TLS or an example
// address, are in no language and carry none.)
func TestLabelsOnAPageInANewLanguageAreMarkedEnglish(t *testing.T) {
	fr, err := fs.ReadFile(locales.FS, "fr.toml")
	if err != nil {
		t.Fatal(err)
	}
	en, err := fs.ReadFile(locales.FS, "en.toml")
	if err != nil {
		t.Fatal(err)
	}
	catalog, err := i18n.Load(fstest.MapFS{"fr.toml": {Data: fr}, "es.toml": {Data: en}})
	if err != nil {
		t.Fatal(err)
	}
	p := newPortal(t, func(d *Deps) { d.Catalog = catalog; d.Certs = newLangCerts() })
	b := loggedIn(t, p, "es", "jmartin")
	for _, g := range clientguides.Every() {
		set, err := g.Labels("en")
		if err != nil {
			t.Fatal(err)
		}
		english := map[string]bool{}
		for _, text := range set.Labels {
			english[text] = true
		}
		doc := b.get(g.Path()).doc
		if l, _ := doc.Find("html").Attr("lang"); l != "es" {
			t.Fatalf("%s: page in %q, want es", g.Path(), l)
		}
		marked := 0
		doc.Find("ol.steps [data-ui-label]").Each(func(_ int, s *goquery.Selection) {
			l, _ := s.Attr("lang")
			switch {
			case l == "en":
				marked++
			case l != "" || english[s.Text()]:
				t.Errorf("%s: the client's label %q marked lang=%q, want en", g.Path(), s.Text(), l)
			}
		})
		if marked == 0 {
			t.Errorf("%s: no client label marked English", g.Path())
		}
	}
}
