package handlers

import (
	"context"
	"crypto/sha1"
	"crypto/sha256"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/PuerkitoBio/goquery"

	"imsetup/clientguides"
	"imsetup/internal/bluemind"
	"imsetup/internal/bluemind/bluemindtest"
	"imsetup/internal/i18n"
	"imsetup/internal/xmppcert"
	"imsetup/locales"
	"imsetup/web"
)

// untranslatedLiterals are what the clients show the same in every
// language; a guide may quote them besides its catalog labels.
var untranslatedLiterals = []string{"XMPP", "START TLS", "SHA-256", "SHA256", "user@example.org"}

// langCerts is a certificate source whose answer a test sets, so guides
// render their whole certificate step (both where to look and how to
// accept) without a network.
type langCerts struct {
	mu  sync.Mutex
	res *xmppcert.Result // nil: the certificate could not be read
	err error            // non-nil with res: a stale answer
}

func newLangCerts() *langCerts {
	der := []byte("a certificate for the language tests")
	s256, s1 := sha256.Sum256(der), sha1.Sum(der)
	now := time.Now()
	return &langCerts{res: &xmppcert.Result{
		Host: "xmpp.example.com", Port: 5222, SHA256: s256[:], SHA1: s1[:],
		NotBefore: now.Add(-24 * time.Hour), NotAfter: now.Add(300 * 24 * time.Hour), SelfSigned: true,
	}}
}

func (c *langCerts) Get(_ context.Context, t xmppcert.Target) xmppcert.Entry {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.res == nil {
		return xmppcert.Entry{Err: c.err}
	}
	res := *c.res
	res.Domain = t.Domain
	return xmppcert.Entry{Result: &res, Err: c.err, Stale: c.err != nil}
}

// set changes the answer for the following requests.
func (c *langCerts) set(f func(r *xmppcert.Result) (*xmppcert.Result, error)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	fresh := newLangCerts().res
	c.res, c.err = f(fresh)
}

// guideLabelIDs are the client label ids a guide's steps quote: in every
// sentence it may say (clientguides.Guide.Sentences: the steps, what
// follows them, the certificate step, the pictures' words), menu paths
// included, and in its fields. Its version description (Recognize, the
// first sentences) is quoted in the version picker, which
// checkVersionPicker checks.
func guideLabelIDs(g *clientguides.Guide) []string {
	var ids []string
	for _, s := range g.Sentences()[len(g.Recognize):] {
		for _, slot := range s.Slots {
			if slot.Label != "" {
				ids = append(ids, slot.Label)
			}
			ids = append(ids, slot.Path...)
		}
	}
	for _, st := range g.Steps {
		for _, f := range st.Fields {
			for _, id := range []string{f.Label, f.Choice} {
				if id != "" {
					ids = append(ids, id)
				}
			}
		}
	}
	return ids
}

// quotedLabels are the texts of every client label a page quotes in its
// steps: the version picker quotes each version's own labels (see
// versionPickerLabels).
func quotedLabels(r *response) map[string]bool {
	got := map[string]bool{}
	stepLabels(r.doc.Selection).Each(func(_ int, s *goquery.Selection) { got[s.Text()] = true })
	return got
}

// stepLabels are the client labels of a page outside its version picker.
func stepLabels(s *goquery.Selection) *goquery.Selection {
	return s.Find("[data-ui-label]").Not(`[data-testid="versions"] [data-ui-label]`)
}

// checkGuideLabels fails unless the guide page quotes every label its data
// names, in that client's catalog words for lang, and nothing else.
func checkGuideLabels(t *testing.T, r *response, g *clientguides.Guide, lang string) {
	t.Helper()
	labels, err := g.Labels(lang)
	if err != nil {
		t.Fatal(err)
	}
	checkVersionPicker(t, r, g, lang)
	known := map[string]bool{}
	for _, text := range untranslatedLiterals {
		known[text] = true
	}
	for _, text := range labels.Labels {
		known[text] = true
	}
	got := quotedLabels(r)
	for text := range got {
		if !known[text] {
			t.Errorf("%s %s: quoted label %q is not in %s's %s catalog data", lang, g.Client, text, g.Client, labels.Lang)
		}
	}
	for _, id := range guideLabelIDs(g) {
		want, ok := labels.Text(id)
		if !ok {
			t.Errorf("%s %s: the label data has no %s", lang, g.Client, id)
			continue
		}
		if !got[want] {
			t.Errorf("%s %s: label %s (%q) is not quoted", lang, g.Client, id, want)
		}
	}
}

// Every guide renders in every shipped language, however many there are,
// quoting each label in the words of that client's catalog for that
// language.
func TestEveryGuideInEveryShippedLanguage(t *testing.T) {
	p := newPortal(t, func(d *Deps) { d.Certs = newLangCerts() })
	langs := p.catalog.Languages()
	if len(langs) < 3 {
		t.Fatalf("languages %v: French, English and German must ship", langs)
	}
	for _, lang := range langs {
		b := loggedIn(t, p, lang.Code, "jmartin")
		for _, g := range clientguides.All() {
			r := b.get("/guides/" + string(g.Client))
			if r.StatusCode != http.StatusOK {
				t.Fatalf("%s %s: status %d", lang.Code, g.Client, r.StatusCode)
			}
			if got := htmlLang(r); got != lang.Tag.String() {
				t.Errorf("%s %s: <html lang=%q>", lang.Code, g.Client, got)
			}
			if got, want := r.text("h1"), p.T(lang.Code, "guide.title", map[string]any{"Client": g.Name}); got != want {
				t.Errorf("%s %s: title %q, want %q", lang.Code, g.Client, got, want)
			}
			checkGuideLabels(t, r, g, lang.Code)
		}
	}
}

// The German guides quote the German catalogs word for word: the option
// that requires encryption is Pidgin's "Verschlüsselung erforderlich" and
// Thunderbird's "Immer Verschlüsselung verwenden".
func TestGermanRequireEncryptionInTheClientsOwnWords(t *testing.T) {
	p := newPortal(t)
	b := loggedIn(t, p, "de", "jmartin")
	for client, want := range map[clientguides.ClientID]string{
		clientguides.Pidgin:      "Verschlüsselung erforderlich",
		clientguides.Thunderbird: "Immer Verschlüsselung verwenden",
	} {
		labels, err := clientguides.Labels(client, "de")
		if err != nil {
			t.Fatal(err)
		}
		if labels.Lang != "de" {
			t.Fatalf("%s: no German label data (got %s)", client, labels.Lang)
		}
		if got, _ := labels.Text("opt.requireEncryption"); got != want {
			t.Fatalf("%s.de.json: opt.requireEncryption is %q, want %q", client, got, want)
		}
		r := b.get("/guides/" + string(client))
		if !quotedLabels(r)[want] {
			t.Errorf("%s: %q not quoted", client, want)
		}
		// The choice sits in the row of the connection security field.
		security, _ := labels.Text("opt.connectionSecurity")
		if client == clientguides.Pidgin {
			security, _ = labels.Text("field.connectionSecurity")
		}
		row := r.doc.Find(".field").FilterFunction(func(_ int, s *goquery.Selection) bool {
			return s.Find("dt [data-ui-label]").Text() == security
		})
		if got := row.Find("dd [data-ui-label]").Text(); got != want {
			t.Errorf("%s: the %q row chooses %q, want %q", client, security, got, want)
		}
	}
}

// withAccounts points the portal at an emulator holding these accounts.
func withAccounts(t *testing.T, accounts []bluemindtest.Account) func(*Deps) {
	return func(d *Deps) {
		emu := bluemindtest.New(bluemindtest.Options{DefaultDomain: bluemindtest.DemoDomain, Accounts: accounts})
		srv := httptest.NewServer(emu)
		t.Cleanup(srv.Close)
		bm, err := bluemind.New(bluemind.Options{BaseURL: srv.URL, Timeout: 2 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		d.Auth = bm
	}
}

// Done means, for issue 5: a newcomer with a German browser gets German
// pages whose Pidgin, Gajim and Thunderbird labels match those clients'
// German catalogs; ?lang=fr switches to French and stays French.
func TestGermanBrowserThenLangFr(t *testing.T) {
	accounts := bluemindtest.DemoAccounts()
	for i := range accounts {
		if accounts[i].Login == "jmartin" {
			accounts[i].Lang = "" // no BlueMind language: the browser decides
		}
	}
	p := newPortal(t, withAccounts(t, accounts), func(d *Deps) { d.Certs = newLangCerts() })
	b := p.anonymousBrowser("de-DE,de;q=0.9")

	r := b.get("/")
	if htmlLang(r) != "de" || r.text("h1") != p.T("de", "login.title", nil) {
		t.Fatalf("login page: lang %q, title %q", htmlLang(r), r.text("h1"))
	}
	if got := r.Header.Get("Content-Language"); got != "de" {
		t.Errorf("Content-Language %q", got)
	}
	if r := b.login("jmartin", bluemindtest.DemoPassword); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: status %d", r.StatusCode)
	}
	if r := b.get("/"); htmlLang(r) != "de" || r.text("h2.section-title") != p.T("de", "home.choose", nil) {
		t.Errorf("chooser: lang %q, %q", htmlLang(r), r.text("h2.section-title"))
	}
	for _, g := range clientguides.All() {
		r := b.get("/guides/" + string(g.Client))
		if htmlLang(r) != "de" {
			t.Errorf("%s: lang %q, want de", g.Client, htmlLang(r))
		}
		checkGuideLabels(t, r, g, "de")
	}

	// ?lang=fr on one page, then French everywhere, the browser still
	// asking for German.
	r = b.get("/guides/pidgin?lang=fr")
	if htmlLang(r) != "fr" {
		t.Fatalf("?lang=fr: lang %q", htmlLang(r))
	}
	checkGuideLabels(t, r, mustGuide(t, clientguides.Pidgin), "fr")
	for _, path := range []string{"/", "/guides/thunderbird", "/guides/gajim", "/guides/pidgin", "/nowhere"} {
		r := b.get(path)
		if htmlLang(r) != "fr" {
			t.Errorf("%s after ?lang=fr: lang %q", path, htmlLang(r))
		}
		if g, ok := clientguides.Get(clientguides.ClientID(strings.TrimPrefix(path, "/guides/"))); ok {
			checkGuideLabels(t, r, g, "fr")
		}
	}
	b.do("POST", "/logout", nil)
	if r := b.get("/"); htmlLang(r) != "fr" || r.text("h1") != p.T("fr", "login.title", nil) {
		t.Errorf("after logout: lang %q, title %q", htmlLang(r), r.text("h1"))
	}
}

// A user whose BlueMind language is German reads German guides, whatever
// the browser says.
func TestBlueMindLanguageGerman(t *testing.T) {
	accounts := bluemindtest.DemoAccounts()
	for i := range accounts {
		if accounts[i].Login == "jmartin" {
			accounts[i].Lang = "de"
		}
	}
	p := newPortal(t, withAccounts(t, accounts), func(d *Deps) { d.Certs = newLangCerts() })
	b := p.anonymousBrowser("fr-FR,fr;q=0.9")
	b.login("jmartin", bluemindtest.DemoPassword)
	r := b.get("/guides/gajim")
	if htmlLang(r) != "de" {
		t.Fatalf("lang %q, want de", htmlLang(r))
	}
	checkGuideLabels(t, r, mustGuide(t, clientguides.Gajim), "de")
}

func mustGuide(t *testing.T, id clientguides.ClientID) *clientguides.Guide {
	t.Helper()
	g, ok := clientguides.Get(id)
	if !ok {
		t.Fatalf("no guide %s", id)
	}
	return g
}

// shippedPlus is the shipped message files plus more, as a translator's
// new file would be picked up when the portal is built.
func shippedPlus(t *testing.T, extra map[string]string) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	names, err := fs.Glob(locales.FS, "*.toml")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		buf, err := fs.ReadFile(locales.FS, name)
		if err != nil {
			t.Fatal(err)
		}
		fsys[name] = &fstest.MapFile{Data: buf}
	}
	for name, text := range extra {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	return fsys
}

// Copying en.toml to a new file (and naming the language) makes that
// language selectable, without a line of code: it is in the switcher in
// its own name, after the shipped ones, ?lang= serves it, and the guides
// quote the clients' English labels, which is what clients without that
// translation show. The language is one no file ships yet, so that this
// test keeps its meaning whatever translators add.
func TestCopyingAMessageFileAddsALanguage(t *testing.T) {
	en, err := fs.ReadFile(locales.FS, "en.toml")
	if err != nil {
		t.Fatal(err)
	}
	shipped, err := i18n.Load(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	code, name := "", ""
	for _, l := range []struct{ code, name string }{{"it", "Italiano"}, {"nl", "Nederlands"}, {"pl", "Polski"}, {"sv", "Svenska"}} {
		if _, ok := shipped.Lookup(l.code); !ok {
			code, name = l.code, l.name
			break
		}
	}
	if code == "" {
		t.Skip("Italian, Dutch, Polish and Swedish all ship: give this test a language that does not")
	}
	it := strings.Replace(string(en), `name = "English"`, `name = "`+name+`"`, 1)
	if it == string(en) {
		t.Fatal(`en.toml has no name = "English" line to rename`)
	}
	fsys := shippedPlus(t, map[string]string{code + ".toml": it})
	if problems, err := i18n.Check(fsys); err != nil || len(problems) > 0 {
		t.Fatalf("i18n.Check on the copy: %v %v", problems, err)
	}
	catalog, err := i18n.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	p := newPortal(t, func(d *Deps) { d.Catalog, d.Certs = catalog, newLangCerts() })

	r := p.anonymousBrowser("").get("/login")
	var names []string
	href := ""
	r.doc.Find("nav.lang-switch a").Each(func(_ int, s *goquery.Selection) {
		names = append(names, s.Text())
		if s.AttrOr("lang", "") == code {
			href = s.AttrOr("href", "")
		}
	})
	var want []string
	for _, l := range shipped.Languages() {
		want = append(want, l.Name)
	}
	want = append(want, name)
	sort.Strings(want[1:]) // the reference first, then by code: the new one sorts among them
	sort.Strings(names[1:])
	if strings.Join(names, ",") != strings.Join(want, ",") {
		t.Errorf("switcher %v, want %v", names, want)
	}
	if href != "/login?lang="+code {
		t.Fatalf("%s's link %q", name, href)
	}
	b := p.anonymousBrowser("de")
	r = b.get(href)
	if htmlLang(r) != code || r.text("h1") != "Log in" {
		t.Errorf("?lang=%s: lang %q, title %q", code, htmlLang(r), r.text("h1"))
	}
	if cur := r.doc.Find(`nav.lang-switch a[aria-current="true"]`).Text(); cur != name {
		t.Errorf("current language %q", cur)
	}
	if r := b.login("jmartin", bluemindtest.DemoPassword); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: status %d", r.StatusCode)
	}
	for _, g := range clientguides.All() {
		r := b.get("/guides/" + string(g.Client))
		if htmlLang(r) != code {
			t.Errorf("%s: lang %q, want %s (remembered)", g.Client, htmlLang(r), code)
		}
		checkGuideLabels(t, r, g, "en")
	}
	// A browser asking for it gets it too.
	if r := p.anonymousBrowser(code + ";q=0.9,en;q=0.5").get("/"); htmlLang(r) != code {
		t.Errorf("Accept-Language %s: lang %q", code, htmlLang(r))
	}
}

// Dates read as each language writes them; German keeps the day and the
// month on one line. Every shipped language, a new one too, gives the day,
// its own month name and the year, and no placeholder.
func TestDatesInEachLanguage(t *testing.T) {
	catalog, err := i18n.Load(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2027, time.March, 3, 12, 0, 0, 0, time.UTC)
	exact := map[string]string{
		"fr": "3\u00a0mars 2027",
		"en": "March\u00a03, 2027",
		"de": "3.\u00a0März 2027",
	}
	for code := range exact {
		if _, ok := catalog.Lookup(code); !ok {
			t.Errorf("no %s", code)
		}
	}
	for _, lang := range catalog.Languages() {
		loc := catalog.Localizer(lang)
		ctx := web.WithLocalizer(context.Background(), loc)
		got := web.FormatDate(ctx, day)
		if want, ok := exact[lang.Code]; ok && got != want {
			t.Errorf("%s: %q, want %q", lang.Code, got, want)
		}
		month := loc.T("date.month.3", nil)
		if !strings.Contains(got, "3") || !strings.Contains(got, "2027") || !strings.Contains(got, month) || strings.Contains(got, "{{") {
			t.Errorf("%s: %q does not give the day, %q and the year", lang.Code, got, month)
		}
	}
}
