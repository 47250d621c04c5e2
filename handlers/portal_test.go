package handlers

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"imsetup/internal/bluemind"
	"imsetup/internal/bluemind/bluemindtest"
	"imsetup/internal/config"
	"imsetup/internal/i18n"
	"imsetup/locales"
	"imsetup/static"
)

// portal is the whole application under test: the real router, the real
// BlueMind client, and the emulator behind it.
type portal struct {
	t       testing.TB
	emu     *bluemindtest.Server
	url     string
	catalog *i18n.Catalog
	logs    *syncBuffer
	srv     *Server
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var testKey = bytes.Repeat([]byte("k"), 32)

func newPortal(t testing.TB, mod ...func(*Deps)) *portal {
	t.Helper()
	return newPortalWithClient(t, bluemind.Options{Timeout: 2 * time.Second}, mod...)
}

// newPortalWithClient sets the BlueMind client's options (its BaseURL is
// the emulator's).
func newPortalWithClient(t testing.TB, bmOpts bluemind.Options, mod ...func(*Deps)) *portal {
	t.Helper()
	return newPortalOn(t, bluemindtest.NewDemo(), bmOpts, mod...)
}

// newPortalOn runs a portal instance in front of emu; several instances
// may share one emulator, as they share one BlueMind.
func newPortalOn(t testing.TB, emu *bluemindtest.Server, bmOpts bluemind.Options, mod ...func(*Deps)) *portal {
	t.Helper()
	bmSrv := httptest.NewServer(emu)
	t.Cleanup(bmSrv.Close)
	bmOpts.BaseURL = bmSrv.URL
	if bmOpts.Timeout == 0 {
		bmOpts.Timeout = 2 * time.Second
	}
	bm, err := bluemind.New(bmOpts)
	if err != nil {
		t.Fatal(err)
	}
	catalog, err := i18n.Load(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	d := Deps{
		Auth:    bm,
		Catalog: catalog,
		Static:  static.FS,
		Logger:  slog.New(slog.NewJSONHandler(logs, nil)),
		Settings: Settings{
			XMPPHost:       "xmpp.example.com",
			XMPPPort:       5222,
			RequireIMRole:  config.RoleAuto,
			SupportContact: "helpdesk@example.com",
			BlueMindURL:    "https://mail.example.com/",
			PublicOrigin:   "https://chat.example.net",
			SessionKeys:    [][]byte{testKey},
		},
	}
	for _, m := range mod {
		m(&d)
	}
	srv, err := New(d)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Routes())
	t.Cleanup(ts.Close)
	return &portal{t: t, emu: emu, url: ts.URL, catalog: catalog, logs: logs, srv: srv}
}

// languages are the codes of the shipped message files, the reference
// first: a translator's new file is tested like the others, with no list
// in the tests to edit.
func (p *portal) languages() []string {
	var codes []string
	for _, l := range p.catalog.Languages() {
		codes = append(codes, l.Code)
	}
	return codes
}

// browser is one visitor with its own cookies; it does not follow
// redirects, so tests see them.
type browser struct {
	p      *portal
	client *http.Client
	lang   string
}

// browser returns a visitor who chose a language with ?lang= (remembered
// in a cookie, so it wins over a user's BlueMind language) and whose
// browser asks for the same.
func (p *portal) browser(lang string) *browser {
	b := p.anonymousBrowser(lang)
	b.get("/?lang=" + lang)
	return b
}

// anonymousBrowser has made no choice yet: only its Accept-Language speaks.
func (p *portal) anonymousBrowser(acceptLanguage string) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{p: p, lang: acceptLanguage, client: &http.Client{
		Jar:           jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

type response struct {
	*http.Response
	body   string
	doc    *goquery.Document
	portal *portal
}

func (b *browser) do(method, path string, form url.Values) *response {
	b.p.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, b.p.url+path, body)
	if err != nil {
		b.p.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if b.lang != "" {
		req.Header.Set("Accept-Language", b.lang)
	}
	resp, err := b.client.Do(req)
	if err != nil {
		b.p.t.Fatal(err)
	}
	r := readResponse(resp)
	r.portal = b.p
	return r
}

// readResponse reads and parses a whole response.
func readResponse(resp *http.Response) *response {
	defer resp.Body.Close()
	buf, _ := io.ReadAll(resp.Body)
	doc, _ := goquery.NewDocumentFromReader(bytes.NewReader(buf))
	return &response{Response: resp, body: string(buf), doc: doc}
}

func (b *browser) get(path string) *response { return b.do("GET", path, nil) }

func (b *browser) login(login, password string) *response {
	return b.do("POST", "/login", url.Values{"login": {login}, "password": {password}})
}

// T is a message as the catalog has it in a language, for comparisons.
func (p *portal) T(lang, id string, data map[string]any) string {
	l, ok := p.catalog.Lookup(lang)
	if !ok {
		p.t.Fatalf("no language %s", lang)
	}
	return p.catalog.Localizer(l).T(id, data)
}

func (r *response) text(sel string) string {
	return fold(r.doc.Find(sel).First().Text())
}

func (r *response) value(kind string) string {
	return r.doc.Find(`[data-value="` + kind + `"]`).First().Text()
}

// N is a plural message as the catalog has it.
func (p *portal) N(lang, id string, count int) string {
	l, _ := p.catalog.Lookup(lang)
	return p.catalog.Localizer(l).N(id, count, nil)
}

// pageText is the page's visible text with white space folded, as a
// reader sees it (entities decoded; no-break spaces kept, see fold).
func (r *response) pageText() string {
	return fold(r.doc.Text())
}

// fold folds each run of breakable white space into one space, as a
// browser lays text out, and keeps the no-break spaces (U+00A0, U+202F)
// that French typography puts before ":" and "?": a test then sees where
// a line may not break.
func fold(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || r == '\t' || r == '\n' || r == '\r'
	}), " ")
}
