package handlers

import (
	"net/url"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"imsetup/internal/bluemind"
)

// FuzzLoginForm feeds arbitrary bodies to the login form's parsing and
// checks: no panic, and whatever passes the checks is what BlueMind may
// safely receive.
func FuzzLoginForm(f *testing.F) {
	for _, s := range []string{"login=a&password=b", "login=%ff&password=x", "login=a%00b&password=c", "login=a%E2%80%AEb&password=c", "password=&login=", "login=" + strings.Repeat("a", 300)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		form, err := url.ParseQuery(body)
		if err != nil {
			return
		}
		login := strings.TrimSpace(form.Get(fieldLogin))
		password := form.Get(fieldPassword)
		p, field := checkLoginInput(login, password)
		if p != nil {
			if field != fieldLogin && field != fieldPassword {
				t.Fatalf("problem tied to no field: %q", field)
			}
			return
		}
		if login == "" || password == "" || !utf8.ValidString(login) || !utf8.ValidString(password) ||
			len(login) > maxLoginLen || len(password) > maxPasswordLen || strings.ContainsAny(login, " \t\r\n\x00") ||
			strings.IndexFunc(login, func(r rune) bool { return unicode.Is(unicode.Cf, r) }) >= 0 {
			t.Fatalf("accepted login %q password of %d bytes", login, len(password))
		}
	})
}

// FuzzNormalizeLogin: the throttle's key is stable (normalising twice
// changes nothing) and never has surrounding space or capitals.
func FuzzNormalizeLogin(f *testing.F) {
	for _, s := range []string{"jmartin", " JMartin@Example.com ", "a@b@c", "@", ""} {
		f.Add(s, "example.com")
	}
	f.Fuzz(func(t *testing.T, login, domain string) {
		k := bluemind.NormalizeLogin(login, domain)
		if k2 := bluemind.NormalizeLogin(k, domain); k2 != k {
			t.Fatalf("not stable: %q → %q → %q", login, k, k2)
		}
		if k != strings.TrimSpace(k) || (utf8.ValidString(k) && k != strings.ToLower(k)) {
			t.Fatalf("key %q keeps space or capitals", k)
		}
	})
}
