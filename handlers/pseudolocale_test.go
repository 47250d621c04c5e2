package handlers

import (
	"bytes"
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"github.com/PuerkitoBio/goquery"

	"imsetup/clientguides"
	"imsetup/internal/bluemind/bluemindtest"
	"imsetup/internal/i18n"
	"imsetup/internal/xmppcert"
	"imsetup/locales"
)

// The pseudo-locale is fr.toml with every ASCII letter replaced by an
// accented look-alike and every text made about 40% longer, placeholders
// kept. Served as the only language, it shows at a glance (and to the
// test below) any text that does not come from the message files: such
// text still has plain ASCII letters.

var pseudoPlaceholder = regexp.MustCompile(`\{\{[^}]*\}\}`)

var pseudoLetters = func() map[rune]rune {
	from := "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	to := []rune("áƀçđéƒĝĥíĵķĺɱñóþǫŕšţúṽŵẋýžÁƁÇĐÉƑĜĤÍĴĶĹṀÑÓÞǪŔŠŢÚṼŴẊÝŽ")
	m := map[rune]rune{}
	for i, r := range from {
		m[r] = to[i]
	}
	return m
}()

// pseudoText turns one message into its pseudo form.
func pseudoText(s string) string {
	var b strings.Builder
	n := 0
	last := 0
	accent := func(text string) {
		for _, r := range text {
			if a, ok := pseudoLetters[r]; ok {
				r = a
			}
			b.WriteRune(r)
			n++
		}
	}
	b.WriteString("⟦")
	for _, loc := range pseudoPlaceholder.FindAllStringIndex(s, -1) {
		accent(s[last:loc[0]])
		b.WriteString(s[loc[0]:loc[1]])
		last = loc[1]
	}
	accent(s[last:])
	// About 40% more, in words a line can break between, as long
	// translations have.
	pad := []rune("ŀőñĝéŕ ŵőŕđš ")
	for i := 0; i < (n*2+4)/5; i++ {
		b.WriteRune(pad[i%len(pad)])
	}
	b.WriteString("⟧")
	return b.String()
}

// pseudoMessages applies pseudoText to every text of a parsed message file.
func pseudoMessages(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		switch v := v.(type) {
		case string:
			out[k] = pseudoText(v)
		case map[string]any:
			out[k] = pseudoMessages(v)
		default:
			out[k] = v
		}
	}
	return out
}

// pseudoFile is fr.toml made pseudo.
func pseudoFile(t testing.TB) []byte {
	t.Helper()
	ref, err := fs.ReadFile(locales.FS, i18n.Reference+".toml")
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	if err := toml.Unmarshal(ref, &raw); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := toml.NewEncoder(&buf).Encode(pseudoMessages(raw)); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// pseudoCatalog serves the pseudo-locale as the reference, and only
// language: a message missing from it would show its id, in ASCII.
func pseudoCatalog(t testing.TB) *i18n.Catalog {
	t.Helper()
	c, err := i18n.Load(fstest.MapFS{i18n.Reference + ".toml": {Data: pseudoFile(t)}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// The pseudo file has the reference's keys, placeholders and plural forms,
// and is longer by about 40%.
func TestPseudoLocaleKeepsPlaceholders(t *testing.T) {
	ref, _ := fs.ReadFile(locales.FS, "fr.toml")
	pseudo := pseudoFile(t)
	problems, err := i18n.Check(fstest.MapFS{"fr.toml": {Data: ref}, "en.toml": {Data: pseudo}})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Error(p)
	}
	if r := float64(utf8.RuneCount(pseudo)) / float64(utf8.RuneCount(ref)); r < 1.2 {
		t.Errorf("the pseudo file is only %.2f times as long as the reference", r)
	}
	if got := pseudoText("Bonjour {{.Name}}"); got != "⟦Ɓóñĵóúŕ {{.Name}}ŀőñĝ⟧" {
		t.Errorf("pseudoText: %q", got)
	}
}

// asciiLetters finds text meant for people that still has plain ASCII
// letters once the allowed values are taken out.
var asciiLetters = regexp.MustCompile(`[A-Za-z]+`)

// untranslatedElements hold text that is rightly not a message: the
// clients' own labels, the user's values, the certificate fingerprint,
// the guide's address printed at its foot.
const untranslatedElements = "[data-ui-label], [data-value], [data-fingerprint], .print-url .url"

// readableAttrs are the attributes people read or hear.
var readableAttrs = []string{"title", "aria-label", "alt", "placeholder", "data-copy-label"}

// leaks lists every piece of a page's readable text that has ASCII
// letters outside the allowed values: text that is not from the catalog.
func leaks(doc *goquery.Document, allowed []string) []string {
	sort.Slice(allowed, func(i, j int) bool { return len(allowed[i]) > len(allowed[j]) })
	var out []string
	check := func(where, text string) {
		rest := text
		for _, a := range allowed {
			if a != "" {
				rest = strings.ReplaceAll(rest, a, " ")
			}
		}
		if asciiLetters.MatchString(rest) {
			out = append(out, fmt.Sprintf("%s: %q", where, strings.Join(strings.Fields(text), " ")))
		}
	}
	check("<title>", doc.Find("title").Text())
	var walk func(s *goquery.Selection, where string)
	walk = func(s *goquery.Selection, where string) {
		s.Contents().Each(func(_ int, c *goquery.Selection) {
			name := goquery.NodeName(c)
			switch name {
			case "#text":
				check(where, c.Text())
				return
			case "#comment", "script", "style":
				return
			}
			here := where + " > " + name
			if class, ok := c.Attr("class"); ok {
				here += "." + strings.ReplaceAll(class, " ", ".")
			}
			for _, attr := range readableAttrs {
				if v, ok := c.Attr(attr); ok {
					check(here+"["+attr+"]", v)
				}
			}
			if c.Is(untranslatedElements) {
				return
			}
			walk(c, here)
		})
	}
	walk(doc.Find("body"), "body")
	return out
}

// The detector itself finds text written in Go or templ.
func TestLeaksFindsHardCodedText(t *testing.T) {
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(`<html><head><title>⟦Ţíţŕé⟧</title></head><body>
<p>⟦Ćóɱɱé ĉá⟧ <span data-ui-label>Accounts</span> <code data-value="jid">jeanne@example.com</code></p>
<p>Gajim 1.7.3-2</p>
<button aria-label="Close">⟦ẋ⟧</button>
<p>⟦Ĺé⟧ Next</p></body></html>`))
	got := leaks(doc, []string{"Gajim", "1.7.3-2"})
	if len(got) != 2 || !strings.Contains(got[0], "Close") || !strings.Contains(got[1], "Next") {
		t.Errorf("leaks %q, want the aria-label Close and the text Next", got)
	}
}

// pseudoBrowser fetches pages of a portal serving the pseudo-locale and
// fails on any readable text that did not come from the message files.
type pseudoBrowser struct {
	t       *testing.T
	b       *browser
	allowed []string
}

// allowedValues are the values a page rightly shows as they are: the
// clients' names and versions, the user's name, domains, the support
// contact, fingerprint algorithms, the guide's own address, and the
// clients' labels and literals, which a screenshot's alt text writes out
// as plain text (an attribute has no room for the label elements).
func allowedValues(t *testing.T) []string {
	out := []string{"Jeanne Martin", "xmpp.example.com", "helpdesk@example.com", "example.com", "SHA-256", "SHA-1", "XMPP"}
	for _, g := range clientguides.All() {
		out = append(out, g.Name, "/guides/"+string(g.Client))
		labels, err := clientguides.Labels(g.Client, i18n.Reference)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, labels.Version, labels.ClientVersion())
		for _, text := range labels.Labels {
			out = append(out, text)
		}
	}
	return out
}

func (pb *pseudoBrowser) check(what string, r *response, wantStatus int) {
	pb.t.Helper()
	if r.StatusCode != wantStatus {
		pb.t.Errorf("%s: status %d, want %d", what, r.StatusCode, wantStatus)
	}
	if r.doc.Find("main h1").Length() == 0 {
		pb.t.Errorf("%s: no page heading; body %.200q", what, r.body)
	}
	allowed := append([]string{r.Header.Get("X-Request-ID")}, pb.allowed...)
	for _, l := range leaks(r.doc, allowed) {
		pb.t.Errorf("%s: text not from the message files: %s", what, l)
	}
}

func (pb *pseudoBrowser) get(path string, wantStatus int) {
	pb.t.Helper()
	pb.check("GET "+path, pb.b.get(path), wantStatus)
}

// login logs in, which answers with a redirect and no page.
func (pb *pseudoBrowser) login(login string) {
	pb.t.Helper()
	if r := pb.b.login(login, bluemindtest.DemoPassword); r.StatusCode != http.StatusSeeOther {
		pb.t.Fatalf("login %s: status %d", login, r.StatusCode)
	}
}

func (pb *pseudoBrowser) post(what, path string, form url.Values, wantStatus int, header ...string) {
	pb.t.Helper()
	req, err := http.NewRequest("POST", pb.b.p.url+path, strings.NewReader(form.Encode()))
	if err != nil {
		pb.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	pb.check(what, pseudoSend(pb.b, req), wantStatus)
}

// pseudoSend is browser.do for a request the test built itself.
func pseudoSend(b *browser, req *http.Request) *response {
	b.p.t.Helper()
	resp, err := b.client.Do(req)
	if err != nil {
		b.p.t.Fatal(err)
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	_, _ = buf.ReadFrom(resp.Body)
	doc, _ := goquery.NewDocumentFromReader(bytes.NewReader(buf.Bytes()))
	return &response{Response: resp, body: buf.String(), doc: doc}
}

func newPseudoPortal(t *testing.T, mod ...func(*Deps)) (*portal, *pseudoBrowser) {
	t.Helper()
	catalog := pseudoCatalog(t)
	p := newPortal(t, append([]func(*Deps){func(d *Deps) { d.Catalog = catalog }}, mod...)...)
	return p, &pseudoBrowser{t: t, b: p.anonymousBrowser(""), allowed: allowedValues(t)}
}

func loginForm(login, password string) url.Values {
	return url.Values{"login": {login}, "password": {password}}
}

// With the pseudo-locale as the only language, no page the portal serves
// (login and each of its errors, the chooser, each guide in each state of
// the certificate, the error pages) shows a word that is not a message:
// no user-facing text is hard-coded in Go or templ.
func TestNoHardCodedText(t *testing.T) {
	certs := newLangCerts()
	p, pb := newPseudoPortal(t, func(d *Deps) { d.Certs = certs })
	pw := bluemindtest.DemoPassword

	pb.get("/", http.StatusOK)
	pb.get("/login?next=%2Fguides%2Fpidgin", http.StatusOK)
	pb.get("/nowhere", http.StatusNotFound)
	pb.post("empty login", "/login", loginForm("", pw), http.StatusBadRequest)
	pb.post("invalid login", "/login", loginForm("jeanne martin", pw), http.StatusBadRequest)
	pb.post("empty password", "/login", loginForm("jmartin", ""), http.StatusBadRequest)
	pb.post("invalid password", "/login", loginForm("jmartin", "a\x01b"), http.StatusBadRequest)
	pb.post("expired password", "/login", loginForm("expired", pw), http.StatusForbidden)
	pb.post("no IM", "/login", loginForm("nochat", pw), http.StatusForbidden)
	pb.post("no e-mail", "/login", loginForm("nomail", pw), http.StatusForbidden)
	for i := 0; i < 3; i++ {
		pb.post("wrong password", "/login", loginForm("psmith", "wrong"), http.StatusUnauthorized)
	}
	pb.post("too many attempts", "/login", loginForm("psmith", "wrong"), http.StatusTooManyRequests)
	pb.post("cross-site login", "/login", loginForm("jmartin", pw), http.StatusForbidden, "Sec-Fetch-Site", "cross-site")
	pb.post("form too large", "/login", url.Values{"login": {strings.Repeat("a", 20<<10)}}, http.StatusRequestEntityTooLarge)
	req, _ := http.NewRequest("PUT", p.url+"/login", nil)
	pb.check("PUT /login", pseudoSend(pb.b, req), http.StatusMethodNotAllowed)

	pb.login("jmartin")
	pb.get("/", http.StatusOK)
	states := []struct {
		name string
		set  func(r *xmppcert.Result) (*xmppcert.Result, error)
	}{
		{"untrusted", func(r *xmppcert.Result) (*xmppcert.Result, error) { return r, nil }},
		{"trusted", func(r *xmppcert.Result) (*xmppcert.Result, error) { r.Trusted = true; return r, nil }},
		{"stale", func(r *xmppcert.Result) (*xmppcert.Result, error) { return r, fmt.Errorf("unreachable") }},
		{"expiring soon", func(r *xmppcert.Result) (*xmppcert.Result, error) {
			r.NotAfter = time.Now().Add(48 * time.Hour)
			return r, nil
		}},
		{"expired", func(r *xmppcert.Result) (*xmppcert.Result, error) {
			r.NotAfter = time.Now().Add(-time.Hour)
			return r, nil
		}},
		{"not yet valid", func(r *xmppcert.Result) (*xmppcert.Result, error) {
			r.NotBefore = time.Now().Add(time.Hour)
			return r, nil
		}},
		{"unavailable", func(*xmppcert.Result) (*xmppcert.Result, error) { return nil, fmt.Errorf("down") }},
	}
	for _, st := range states {
		certs.set(st.set)
		for _, g := range clientguides.All() {
			path := "/guides/" + string(g.Client)
			pb.check(st.name+" certificate, GET "+path, pb.b.get(path), http.StatusOK)
		}
	}
	pb.get("/guides/skype", http.StatusNotFound)

	// BlueMind down: the 503 page.
	p.emu.SetFailure(bluemindtest.FailureDown500)
	other := &pseudoBrowser{t: t, b: p.anonymousBrowser(""), allowed: pb.allowed}
	other.post("BlueMind down", "/login", loginForm("lucie@example.org", pw), http.StatusServiceUnavailable)
}

// Messages that depend on settings: no support contact, a pinned
// fingerprint the server does not present.
func TestNoHardCodedTextWithOtherSettings(t *testing.T) {
	_, pb := newPseudoPortal(t, func(d *Deps) {
		d.Settings.SupportContact = ""
		d.Settings.ExpectedFingerprint = bytes.Repeat([]byte{1}, 32)
		d.Certs = newLangCerts()
	})
	pb.post("no IM, no contact", "/login", loginForm("nochat", bluemindtest.DemoPassword), http.StatusForbidden)
	pb.post("no e-mail, no contact", "/login", loginForm("nomail", bluemindtest.DemoPassword), http.StatusForbidden)
	pb.login("jmartin")
	for _, g := range clientguides.All() {
		pb.get("/guides/"+string(g.Client), http.StatusOK)
	}
}
