package handlers

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"imsetup/internal/bluemind"
	"imsetup/internal/bluemind/bluemindtest"
	"imsetup/internal/logline"
)

// A session cookie must never ride on a response that browsers and
// proxies may keep for a day.
func TestNoSessionCookieOnStaticFiles(t *testing.T) {
	p := newPortal(t)
	b := loggedIn(t, p, "fr", "jmartin")
	// Two minutes later the session is due for a refresh.
	p.srv.now = func() time_ { return time.Now().Add(2 * time.Minute) }
	for _, path := range []string{"/static/css/imsetup.css", "/static/js/imsetup.js", "/static/img/favicon.svg", "/healthz"} {
		r := b.get(path)
		if r.StatusCode != http.StatusOK {
			t.Errorf("%s: status %d", path, r.StatusCode)
		}
		if c := r.Header.Values("Set-Cookie"); len(c) != 0 {
			t.Errorf("%s (Cache-Control %q) sets a cookie: %v", path, r.Header.Get("Cache-Control"), c)
		}
	}
	// Pages still move the idle timeout on.
	if r := b.get("/"); len(r.Header.Values("Set-Cookie")) == 0 {
		t.Error("a page no longer refreshes an old session")
	}
}

// A folder of /static/ is not a page: no list of its files.
func TestStaticFoldersAreNotFound(t *testing.T) {
	p := newPortal(t)
	b := p.browser("en")
	for _, path := range []string{"/static/", "/static/css/", "/static/css", "/static/img/", "/static/img/guides", "/static/nothing.css", "/static/../go.mod"} {
		r := b.get(path)
		if r.StatusCode != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", path, r.StatusCode)
		}
		if strings.Contains(r.body, "<pre>") || strings.Contains(r.body, `href="css/"`) || strings.Contains(r.body, `href="imsetup.css"`) {
			t.Errorf("%s lists files", path)
		}
		if got, want := r.text("main p"), p.T("en", "error.notFound", nil); got != want {
			t.Errorf("%s: %q, want the translated 404 %q", path, got, want)
		}
	}
	if r := b.get("/static/css/imsetup.css"); r.StatusCode != http.StatusOK || r.Header.Get("Cache-Control") != "public, max-age=86400" {
		t.Errorf("a file: %d %q", r.StatusCode, r.Header.Get("Cache-Control"))
	}
}

// HTTP requires a 405 to say which methods the resource has, under
// IMSETUP_PUBLIC_URL's path too.
func TestMethodNotAllowedSaysWhatIsAllowed(t *testing.T) {
	for prefix, p := range map[string]*portal{"": newPortal(t), "/im": newPortalUnderIM(t)} {
		for _, tc := range []struct{ method, path, allow string }{
			{"POST", "/guides/pidgin", "GET, HEAD"},
			{"GET", "/logout", "POST"},
			{"PUT", "/login", "GET, HEAD, POST"},
			{"DELETE", "/", "GET, HEAD"},
			{"POST", "/static/css/imsetup.css", "GET, HEAD"},
			// A guide of a version named has GET (an empty Allow said it
			// had no method at all).
			{"POST", "/guides/gajim/1.7", "GET, HEAD"},
		} {
			r := p.browser("fr").do(tc.method, prefix+tc.path, nil)
			if r.StatusCode != http.StatusMethodNotAllowed || r.Header.Get("Allow") != tc.allow {
				t.Errorf("%s %s: %d Allow %q, want 405 Allow %q", tc.method, prefix+tc.path, r.StatusCode, r.Header.Get("Allow"), tc.allow)
			}
		}
		// A guide that does not exist is not there for any method: 404,
		// the translated page GET gives, not a 405 that would say POST
		// is the only thing wrong. (chi routes on the escaped path: in
		// /guides/gajim/1%2F7 the escaped slash names no version.)
		for _, path := range []string{"/guides/nope", "/guides/nope/1", "/guides/gajim/9.9", "/guides/gajim/1%2F7", "/guides/a%2Fb/c"} {
			for _, method := range []string{"GET", "POST", "PUT"} {
				r := p.browser("fr").do(method, prefix+path, nil)
				if r.StatusCode != http.StatusNotFound || r.Header.Get("Allow") != "" || !strings.Contains(r.text("h1"), "introuvable") {
					t.Errorf("%s %s: %d Allow %q, %q; want the translated 404", method, prefix+path, r.StatusCode, r.Header.Get("Allow"), r.text("h1"))
				}
			}
		}
	}
}

// withAccount runs a portal whose BlueMind has one more account.
func withAccount(t *testing.T, a bluemindtest.Account) *portal {
	t.Helper()
	emu := bluemindtest.New(bluemindtest.Options{DefaultDomain: bluemindtest.DemoDomain, Accounts: append(bluemindtest.DemoAccounts(), a)})
	return newPortalOn(t, emu, bluemind.Options{})
}

// A name of 5 000 characters made every login a 500 ("securecookie: the
// value is too long"): the session keeps a shortened name.
func TestAVeryLongDisplayNameLogsIn(t *testing.T) {
	long := strings.Repeat("é", 4999) + "Z"
	p := withAccount(t, bluemindtest.Account{Login: "long", Domain: bluemindtest.DemoDomain, Password: "pw",
		DisplayName: long, DefaultEmail: "long@example.com", Roles: []string{"hasIM"}, Lang: "fr"})
	b := p.browser("fr")
	if r := b.login("long", "pw"); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("login with a 5000-character name: %d\n%s", r.StatusCode, r.text("main"))
	}
	home := b.get("/")
	name := home.doc.Find(`[data-testid="user-name"]`).First().Text()
	if home.StatusCode != http.StatusOK || !strings.HasPrefix(name, "éé") || !strings.HasSuffix(name, "…") || !utf8.ValidString(name) {
		t.Fatalf("home: %d, name %q", home.StatusCode, name)
	}
	if n := utf8.RuneCountInString(name); n > maxNameRunes {
		t.Errorf("name shown with %d characters, want at most %d", n, maxNameRunes)
	}
	if g := b.get("/guides/gajim"); g.StatusCode != http.StatusOK {
		t.Errorf("guide: %d", g.StatusCode)
	}
}

// Right-to-left overrides in a name must not turn the sentence around it.
func TestBidiControlsInANameAreIsolated(t *testing.T) {
	name := "\u202Eevil\u202B name"
	p := withAccount(t, bluemindtest.Account{Login: "rtl", Domain: bluemindtest.DemoDomain, Password: "pw",
		DisplayName: name, DefaultEmail: "rtl@example.com", Roles: []string{"hasIM"}, Lang: "fr"})
	b := p.browser("fr")
	if r := b.login("rtl", "pw"); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: %d", r.StatusCode)
	}
	for _, path := range []string{"/", "/guides/pidgin"} {
		r := b.get(path)
		bdi := r.doc.Find("bdi")
		if bdi.Length() != 1 || bdi.Text() != name {
			t.Errorf("%s: %d <bdi>, text %q; want the name isolated in one", path, bdi.Length(), bdi.Text())
		}
		if text := r.doc.Find("main").Text(); strings.Count(text, "\u202E") != 1 {
			t.Errorf("%s: the override appears outside the name", path)
		}
	}
}

// logLines are the JSON lines with the given message.
func logLines(t *testing.T, p *portal, msg string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(p.logs.String()), "\n") {
		var m map[string]any
		if json.Unmarshal([]byte(line), &m) == nil && m["msg"] == msg {
			out = append(out, m)
		}
	}
	return out
}

// Administrators count login outcomes and find a user's requests by
// address: every login line and request line has the client's address
// (as the trusted proxy gives it) and a plain outcome name.
func TestLogLinesCarryTheClientAndAPlainOutcome(t *testing.T) {
	p := newPortal(t, behindLocalProxy, func(d *Deps) { d.Settings.SupportContact = "" })
	for _, tc := range []struct{ login, password, outcome string }{
		{"jmartin", bluemindtest.DemoPassword, "ok"},
		{"jmartin", "wrong", "bad_credentials"},
		{"expired", bluemindtest.DemoPassword, "password_expired"},
		{"nochat", bluemindtest.DemoPassword, "no_im_role"},
		{"nomail", bluemindtest.DemoPassword, "no_email"},
	} {
		postFrom(t, p, "203.0.113.9", tc.login, tc.password)
		lines := logLines(t, p, "login")
		last := lines[len(lines)-1]
		if last["outcome"] != tc.outcome || last["client"] != "203.0.113.9" || last["login"] != tc.login {
			t.Errorf("%s: login line %v, want outcome %s from 203.0.113.9", tc.login, last, tc.outcome)
		}
	}
	for _, line := range logLines(t, p, "request") {
		if line["client"] != "203.0.113.9" {
			t.Errorf("request line without the client's address: %v", line)
		}
	}
	if strings.Contains(p.logs.String(), "login.error") {
		t.Error("the log has message ids instead of outcome names")
	}
}

// Invisible format characters (Unicode's Cf: bidi overrides and isolates,
// zero-width joiners, the BOM) never stand in an address. In the login
// field they went to BlueMind and raw into the log's login line, where a
// bidi-aware viewer shows another text than the one typed.
func TestFormatCharactersInTheLoginAreRefused(t *testing.T) {
	p := newPortal(t)
	for _, lang := range []string{"fr", "en", "de"} {
		for _, login := range []string{"jmartin\u202E@example.com", "\u2066jmartin\u2069", "jm\u200Bartin", "\uFEFFjmartin", "jmartin\u00AD@example.com"} {
			r := p.browser(lang).login(login, "wrong")
			if got, want := r.text("#form-problem p"), p.T(lang, "login.error.loginInvalid", nil); r.StatusCode != http.StatusBadRequest || got != want {
				t.Errorf("%s, login %+q: %d %q, want 400 %q", lang, login, r.StatusCode, got, want)
			}
		}
	}
	if n := p.emu.LoginAttempts(); n != 0 {
		t.Errorf("BlueMind was asked %d times", n)
	}
	logs := p.logs.String()
	for _, c := range []string{"\u202E", `\u202e`, "\u2066", "\u200B", "\uFEFF", "\u00AD"} {
		if strings.Contains(logs, c) {
			t.Errorf("the log holds %+q", c)
		}
	}
}

// A path, a login or anything else a visitor sends goes into the log
// with its invisible characters escaped: raw, the U+202E of
// /guides/%E2%80%AEfdp.exe%E2%80%AC showed "/guides/exe.pdf" in a
// bidi-aware viewer. Both log formats, as serve writes them
// (internal/logline holds every other line and attribute to it).
func TestHiddenCharactersAreEscapedInTheLog(t *testing.T) {
	for _, format := range []string{"json", "text"} {
		logs := &syncBuffer{}
		p := newPortal(t, func(d *Deps) {
			d.Logger = slog.New(logline.NewJSON(logs))
			if format == "text" {
				d.Logger = slog.New(logline.NewText(logs))
			}
		})
		for _, path := range []string{"/guides/%E2%80%AEfdp.exe%E2%80%AC", "/%E2%80%8B%EF%BB%BF%C2%AD", "/guides/%E3%85%A4"} {
			if r := get(t, p.url+path, nil); r.StatusCode != http.StatusNotFound {
				t.Errorf("%s: status %d", path, r.StatusCode)
			}
		}
		p.browser("fr").login("jm\u3164artin", "wrong") // a Hangul filler: printable, invisible
		out := logs.String()
		for _, c := range out {
			if logline.Hidden(c) && c != '\n' || unicode.Is(unicode.Cf, c) {
				t.Errorf("%s: %U raw in the log:\n%s", format, c, out)
			}
		}
		for _, want := range []string{`/guides/\u202efdp.exe\u202c`, `/\u200b\ufeff\u00ad`, `/guides/\u3164`, `jm\u3164artin`} {
			if n := strings.Count(out, want); n < 1 {
				t.Errorf("%s: %s is not in the log:\n%s", format, want, out)
			}
		}
	}
}

// An address BlueMind holds may be any length, and the session cookie
// keeps it: a 4 KB default address made every login a 500
// ("securecookie: the value is too long"). Longer than an address can be,
// it is refused with words the user can act on; the longest allowed,
// with the longest name, still fits the cookie.
func TestAnOverlongAddressIsRefusedNotA500(t *testing.T) {
	huge := strings.Repeat("a", 4000) + "@example.com"
	longest := strings.Repeat("𝔞", maxAddressRunes-len("@example.com")) + "@example.com" // 4 bytes each
	emu := bluemindtest.New(bluemindtest.Options{DefaultDomain: bluemindtest.DemoDomain, Accounts: append(bluemindtest.DemoAccounts(),
		bluemindtest.Account{Login: "huge", Domain: bluemindtest.DemoDomain, Password: "pw", DisplayName: "Huge",
			DefaultEmail: huge, Roles: []string{"hasIM"}},
		bluemindtest.Account{Login: "longest", Domain: bluemindtest.DemoDomain, Password: "pw", DisplayName: strings.Repeat("𝔟", 500),
			DefaultEmail: longest, Roles: []string{"hasIM"}, Lang: "pt-BR"})})
	for _, contact := range []string{"helpdesk@example.com", ""} {
		p := newPortalOn(t, emu, bluemind.Options{}, func(d *Deps) { d.Settings.SupportContact = contact })
		id := "login.error.addressTooLong"
		if contact == "" {
			id += "NoContact"
		}
		for _, lang := range []string{"fr", "en", "de"} {
			r := p.browser(lang).login("huge", "pw")
			want := p.T(lang, id, map[string]any{"Contact": contact})
			if got := r.text("#form-problem p"); r.StatusCode != http.StatusForbidden || got != want || want == "" {
				t.Errorf("%s, a %d-byte address: %d %q, want 403 %q", lang, len(huge), r.StatusCode, got, want)
			}
			if len(sessionCookies(r)) != 0 {
				t.Errorf("%s: a session for a refused login", lang)
			}
		}
		if lines := logLines(t, p, "login"); len(lines) == 0 || lines[len(lines)-1]["outcome"] != "address_too_long" {
			t.Errorf("login lines %v, the last with outcome address_too_long", lines)
		}
		b := p.browser("en")
		if r := b.login("longest", "pw"); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("the longest address allowed (%d bytes) with a long name: %d %q", len(longest), r.StatusCode, r.text("main"))
		}
		if home := b.get("/guides/gajim"); home.StatusCode != http.StatusOK {
			t.Errorf("guide with the longest address: %d", home.StatusCode)
		}
	}
}

func sessionCookies(r *response) []*http.Cookie {
	var out []*http.Cookie
	for _, c := range r.Cookies() {
		if c.Name == sessionCookie {
			out = append(out, c)
		}
	}
	return out
}
