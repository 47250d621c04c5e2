package web

import (
	"context"
	"testing"
)

func TestBase(t *testing.T) {
	for _, tc := range []struct {
		path      string
		base      Base
		local     string
		url       string
		browser   string
		wantLocal string
		under     bool
	}{
		{"", "/", "/guides/gajim", "/guides/gajim", "/guides/gajim", "/guides/gajim", false},
		{"/im", "/im/", "/guides/gajim", "/im/guides/gajim", "/im/guides/gajim", "/guides/gajim", true},
		{"/im/", "/im/", "/", "/im/", "/im", "/", true},
		{"im", "/im/", "/login?next=%2F", "/im/login?next=%2F", "/guides/gajim", "/guides/gajim", false},
		{"/a/b/", "/a/b/", "/static/css/imsetup.css", "/a/b/static/css/imsetup.css", "/a/bc", "/a/bc", false},
	} {
		b := NewBase(tc.path)
		if b != tc.base {
			t.Errorf("NewBase(%q) = %q, want %q", tc.path, b, tc.base)
		}
		if got := b.URL(tc.local); got != tc.url {
			t.Errorf("%q.URL(%q) = %q, want %q", b, tc.local, got, tc.url)
		}
		if got, under := b.Local(tc.browser); got != tc.wantLocal || under != tc.under {
			t.Errorf("%q.Local(%q) = %q, %v; want %q, %v", b, tc.browser, got, under, tc.wantLocal, tc.under)
		}
		if got, _ := b.Local(b.URL(tc.local)); got != tc.local && b != RootBase {
			t.Errorf("%q: Local(URL(%q)) = %q", b, tc.local, got)
		}
	}
	if got := string(URL(context.Background(), "/x")); got != "/x" {
		t.Errorf("outside a request URL = %q", got)
	}
	if got := string(URL(WithBase(context.Background(), "/im/"), "/x")); got != "/im/x" {
		t.Errorf("URL under /im/ = %q", got)
	}
}

// Every page's frame puts its style sheet, script, icon, home link,
// language links and logout form under the base.
func TestLayoutLinksFollowTheBase(t *testing.T) {
	ctx := WithBase(ctxFor(t, "fr"), "/im/")
	page := &LoginPage{Layout: Layout{Title: "t", User: &User{DisplayName: "J"},
		Languages: []LangLink{{Code: "en", Name: "English", Href: "/guides/gajim?lang=en"}}}}
	doc := render(t, ctx, LoginView(page))
	for sel, want := range map[string]string{
		`link[rel="stylesheet"]`: "/im/static/css/imsetup.css",
		`link[rel="icon"]`:       "/im/static/img/favicon.svg",
		`a.brand`:                "/im/",
		`.lang-switch a`:         "/im/guides/gajim?lang=en",
	} {
		if got, _ := doc.Find(sel).Attr("href"); got != want {
			t.Errorf("%s href = %q, want %q", sel, got, want)
		}
	}
	if got, _ := doc.Find("script").Attr("src"); got != "/im/static/js/imsetup.js" {
		t.Errorf("script src = %q", got)
	}
	if got, _ := doc.Find("form.logout").Attr("action"); got != "/im/logout" {
		t.Errorf("logout action = %q", got)
	}
	if got, _ := doc.Find("form.login-form").Attr("action"); got != "/im/login" {
		t.Errorf("login action = %q", got)
	}
}
