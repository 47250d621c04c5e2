package handlers

import (
	"net/url"
	"testing"
)

// withLangBefore is how the language links were built before they were
// built once per page; the links must not change by a byte.
func withLangBefore(u *url.URL, code string) string {
	q := url.Values{}
	if next := u.Query().Get("next"); next != "" {
		q.Set("next", safeNext(next))
	}
	q.Set("lang", code)
	return (&url.URL{Path: safeNext(u.Path), RawQuery: q.Encode()}).String()
}

// withLang is the language links as the frame builds them, from the
// page's path and its "next" parameter.
func withLang(u *url.URL) func(code string) string {
	return func(code string) string { return langHref(langPath(u.Path), code, langNext(u)) }
}

func TestLanguageLinksAsBefore(t *testing.T) {
	for _, raw := range []string{
		"/", "/login", "/login?next=%2Fguides%2Fgajim", "/login?next=/guides/pidgin&lang=de&x=1",
		"/guides/gajim?lang=en", "/login?next=%2F%2Fevil.example", "/login?next=", "/a%20b/c%3Fd?e=f",
		"/guides/%C3%A9t%C3%A9", "/login?next=/a+b%26c%3Dd", "/x;y?next=/z#frag", "/login?next=javascript:alert(1)",
		"/%2e%2e/", "/login?next=%2Fguides%2Fgajim%3Flang%3Dfr%26a%3Db", "/é?next=/ü",
	} {
		u, err := url.Parse(raw)
		if err != nil {
			t.Fatal(err)
		}
		for _, code := range []string{"fr", "en", "de", "pt-BR"} {
			if got, want := withLang(u)(code), withLangBefore(u, code); got != want {
				t.Errorf("%s, %s: %q, before %q", raw, code, got, want)
			}
		}
	}
}

func FuzzLanguageLinksAsBefore(f *testing.F) {
	f.Add("/login?next=%2Fguides%2Fgajim", "fr")
	f.Fuzz(func(t *testing.T, raw, code string) {
		u, err := url.Parse(raw)
		if err != nil {
			return
		}
		if got, want := withLang(u)(code), withLangBefore(u, code); got != want {
			t.Errorf("%q, %q: %q, before %q", raw, code, got, want)
		}
	})
}
