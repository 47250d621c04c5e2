package main

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// visitor is a browser without JavaScript: cookies, no automatic
// redirects (the tests look at each), and the Origin header of a form
// post, which the portal compares with the Host the proxy passes on.
type visitor struct {
	t      *testing.T
	site   string // scheme://host:port
	client *http.Client
	seen   map[string]bool // assets already fetched
}

func newVisitor(t *testing.T, site string) *visitor {
	jar, _ := cookiejar.New(nil)
	return &visitor{t: t, site: site, seen: map[string]bool{}, client: &http.Client{
		Jar:           jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

type visit struct {
	*http.Response
	body string
	doc  *goquery.Document
}

func (v *visitor) do(method, path string, form url.Values) *visit {
	v.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, v.site+path, body)
	if err != nil {
		v.t.Fatal(err)
	}
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", v.site)
	}
	resp, err := v.client.Do(req)
	if err != nil {
		v.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	doc, _ := goquery.NewDocumentFromReader(bytes.NewReader(b))
	return &visit{Response: resp, body: string(b), doc: doc}
}

func (v *visitor) get(path string) *visit { return v.do(http.MethodGet, path, nil) }

func (v *visitor) post(path string, fields map[string]string) *visit {
	form := url.Values{}
	for k, val := range fields {
		form.Set(k, val)
	}
	return v.do(http.MethodPost, path, form)
}

// page opens a page that must answer 200, checks that every link, form
// and asset in it is under /im/, and fetches each asset once.
func (v *visitor) page(path string) *visit {
	v.t.Helper()
	r := v.get(path)
	if r.StatusCode != http.StatusOK {
		v.t.Fatalf("GET %s: %d\n%s", path, r.StatusCode, r.body)
	}
	r.doc.Find("[href], [src], [action]").Each(func(_ int, s *goquery.Selection) {
		for _, attr := range []string{"href", "src", "action"} {
			u, ok := s.Attr(attr)
			if !ok || strings.HasPrefix(u, "#") {
				continue
			}
			if !strings.HasPrefix(u, "/im/") {
				v.t.Errorf("%s: %s=%q is not under /im/", path, attr, u)
				continue
			}
			if attr == "src" || s.Is("link") {
				v.asset(path, u)
			}
		}
	})
	return r
}

// asset fetches a style sheet, script or image and checks its type.
func (v *visitor) asset(page, u string) {
	v.t.Helper()
	if v.seen[u] {
		return
	}
	v.seen[u] = true
	r := v.get(u)
	want := map[string]string{".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml", ".png": "image/png"}
	ext := u[strings.LastIndex(u, "."):]
	if r.StatusCode != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), want[ext]) || want[ext] == "" {
		v.t.Errorf("%s: asset %s: %d %q %q", page, u, r.StatusCode, r.Header.Get("Content-Type"), r.body[:min(len(r.body), 60)])
	}
}

// followLinks opens every link of a page (the guides, the language
// switch, home) as pages.
func (v *visitor) followLinks(r *visit) {
	v.t.Helper()
	r.doc.Find("a[href]").Each(func(_ int, s *goquery.Selection) {
		href, _ := s.Attr("href")
		if strings.HasPrefix(href, "/im/") && !strings.HasPrefix(href, "/im/static/") {
			v.page(href)
		}
	})
}

func cookieOf(r *http.Response, name string) *http.Cookie {
	for _, c := range r.Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// randomKey is a session key as `openssl rand -base64 32` makes one.
// crypto/rand.Read never fails on Linux (Go 1.24 and later: it panics
// rather than return an error), so t may be nil.
func randomKey(_ *testing.T) string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.StdEncoding.EncodeToString(b)
}
