package handlers

import (
	"net/http"
	"strings"
	"testing"
)

// cookieValue answers as net/http's Request.Cookie does.
func TestCookieValueAsNetHTTP(t *testing.T) {
	for _, lines := range [][]string{
		nil, {""}, {"imsetup_lang=fr"}, {" imsetup_lang = fr ; x=y"}, {`imsetup_lang="en"`}, {`imsetup_lang="en`},
		{"imsetup_lang=f r"}, {"imsetup_lang=a\\b; imsetup_lang=de"}, {"a=b", "imsetup_lang=de; imsetup_lang=fr"},
		{"imsetup_lang"}, {"imsetup_lang="}, {"IMSETUP_LANG=fr"}, {"\timsetup_lang=fr\r\n"}, {"imsetup_lang=é"},
		{strings.Repeat("a=b;", 3000) + "imsetup_lang=fr"}, {strings.Repeat("a=b;", 2998) + "imsetup_lang=fr"},
		{"imsetup_session=MTcz-abc_=; imsetup_lang=de"}, {";;imsetup_lang=de;;"}, {`imsetup_lang=""`}, {`imsetup_lang="`},
	} {
		checkCookieValue(t, lines, langCookie)
		checkCookieValue(t, lines, sessionCookie)
	}
}

func FuzzCookieValueAsNetHTTP(f *testing.F) {
	f.Add("imsetup_lang=fr; imsetup_session=abc", "x=1")
	f.Fuzz(func(t *testing.T, a, b string) {
		checkCookieValue(t, []string{a, b}, langCookie)
	})
}

func checkCookieValue(t *testing.T, lines []string, name string) {
	t.Helper()
	r := &http.Request{Header: http.Header{}}
	if lines != nil {
		r.Header["Cookie"] = lines
	}
	want, wantOK := "", false
	if c, err := r.Cookie(name); err == nil {
		want, wantOK = c.Value, true
	}
	if got, ok := cookieValue(r.Header, name); got != want || ok != wantOK {
		t.Errorf("%q, %s: %q %v, net/http %q %v", lines, name, got, ok, want, wantOK)
	}
}
