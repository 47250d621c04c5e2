package handlers

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"imsetup/internal/bluemind"
	"imsetup/internal/bluemind/bluemindtest"
)

// Every demo account, in both languages, through the whole router: the
// status, the words the user reads, and for a good login the values in
// their data-value elements.
func TestLoginOutcomesForEveryAccount(t *testing.T) {
	pw := bluemindtest.DemoPassword
	cases := []struct {
		login, password string
		status          int
		msg             string         // message id shown in the form's alert
		data            map[string]any // its placeholders
		jid             string         // the JID on the chooser, for a good login
	}{
		{"jmartin", pw, http.StatusSeeOther, "", nil, "jeanne.martin@example.com"},
		{"JMartin@Example.com", pw, http.StatusSeeOther, "", nil, "jeanne.martin@example.com"},
		{"jeanne@example.com", pw, http.StatusSeeOther, "", nil, "jeanne.martin@example.com"},
		{"psmith", pw, http.StatusSeeOther, "", nil, "peter.smith@example.com"},
		{"lucie@example.org", pw, http.StatusSeeOther, "", nil, "lucie.bernard@example.org"},
		{"quotes", bluemindtest.QuotesPassword, http.StatusSeeOther, "", nil, "quentin.guillemet@example.com"},
		{"jmartin", "wrong", http.StatusUnauthorized, "login.error.bad", nil, ""},
		{"nobody", pw, http.StatusUnauthorized, "login.error.bad", nil, ""},
		{"archived", pw, http.StatusUnauthorized, "login.error.bad", nil, ""},
		{"expired", pw, http.StatusForbidden, "login.error.expired", nil, ""},
		{"nochat", pw, http.StatusForbidden, "login.error.noIM", map[string]any{"Contact": "helpdesk@example.com"}, ""},
		{"simple", pw, http.StatusForbidden, "login.error.noIM", map[string]any{"Contact": "helpdesk@example.com"}, ""},
		{"nomail", pw, http.StatusForbidden, "login.error.noEmail", map[string]any{"Contact": "helpdesk@example.com"}, ""},
		{"", pw, http.StatusBadRequest, "login.error.loginMissing", nil, ""},
		{"jmartin", "", http.StatusBadRequest, "login.error.passwordMissing", nil, ""},
		{"jean martin", pw, http.StatusBadRequest, "login.error.loginInvalid", nil, ""},
	}
	for _, lang := range newPortal(t).languages() {
		// A portal per language: the wrong passwords tried in one
		// language must not count towards the login limit in the next.
		p := newPortal(t)
		for _, tc := range cases {
			t.Run(lang+"/"+tc.login, func(t *testing.T) {
				b := p.browser(lang)
				r := b.login(tc.login, tc.password)
				if r.StatusCode != tc.status {
					t.Fatalf("status %d, want %d\n%s", r.StatusCode, tc.status, r.text(".alert"))
				}
				if tc.msg != "" {
					want := p.T(lang, tc.msg, tc.data)
					if got := r.text("#form-problem p"); got != want {
						t.Errorf("message %q, want %q", got, want)
					}
					if got := r.doc.Find("html").AttrOr("lang", ""); got != lang {
						t.Errorf("html lang %q, want %q", got, lang)
					}
					if tc.password != "" && strings.Contains(r.body, tc.password) {
						t.Error("the password is echoed back")
					}
					if got := r.doc.Find("#login").AttrOr("value", ""); got != strings.TrimSpace(tc.login) {
						t.Errorf("login field %q, want it kept", got)
					}
					return
				}
				if loc := r.Header.Get("Location"); loc != "/" {
					t.Fatalf("redirect to %q, want /", loc)
				}
				home := b.get("/")
				if home.StatusCode != http.StatusOK || home.value("jid") != tc.jid {
					t.Fatalf("home: status %d, jid %q, want %q", home.StatusCode, home.value("jid"), tc.jid)
				}
				if home.value("server") != "xmpp.example.com" || home.value("port") != "5222" {
					t.Errorf("server %q port %q", home.value("server"), home.value("port"))
				}
			})
		}
		if n := p.emu.ActiveSessions(); n != 0 {
			t.Errorf("%s: %d BlueMind sessions left open: the portal must log out right away", lang, n)
		}
	}
}

func TestExpiredPasswordLinksToBlueMind(t *testing.T) {
	p := newPortal(t)
	r := p.browser("en").login("expired", bluemindtest.DemoPassword)
	link := r.doc.Find("#form-problem a")
	if link.AttrOr("href", "") != "https://mail.example.com/" || strings.TrimSpace(link.Text()) != p.T("en", "login.error.expiredLink", nil) {
		t.Errorf("link %q %q", link.AttrOr("href", ""), link.Text())
	}
}

func TestNoSupportContactConfigured(t *testing.T) {
	p := newPortal(t, func(d *Deps) { d.Settings.SupportContact = "" })
	r := p.browser("fr").login("nochat", bluemindtest.DemoPassword)
	if got, want := r.text("#form-problem p"), p.T("fr", "login.error.noIMNoContact", nil); got != want {
		t.Errorf("message %q, want %q", got, want)
	}
}

func TestBlueMindUnavailableGives503(t *testing.T) {
	for _, f := range []bluemindtest.Failure{bluemindtest.FailureDown500, bluemindtest.FailureHTML, bluemindtest.FailureGarbage} {
		p := newPortal(t)
		p.emu.SetFailure(f)
		r := p.browser("fr").login("jmartin", bluemindtest.DemoPassword)
		if r.StatusCode != http.StatusServiceUnavailable {
			t.Fatalf("failure %v: status %d, want 503", f, r.StatusCode)
		}
		if got, want := r.text("main p"), p.T("fr", "error.bluemind", nil); got != want {
			t.Errorf("failure %v: message %q, want %q", f, got, want)
		}
		if id := r.Header.Get("X-Request-ID"); id == "" || !strings.Contains(r.body, id) {
			t.Errorf("the error page must show the request id %q", id)
		}
		if !strings.Contains(p.logs.String(), `"level":"ERROR"`) {
			t.Error("the administrator gets no log line with the cause")
		}
		// Once BlueMind is back, logins work without a restart.
		p.emu.SetFailure(bluemindtest.FailureNone)
		if r := p.browser("fr").login("jmartin", bluemindtest.DemoPassword); r.StatusCode != http.StatusSeeOther {
			t.Errorf("after recovery: status %d", r.StatusCode)
		}
	}
}

// A BlueMind slower than the configured timeout is "unavailable": the
// user gets the 503 page quickly instead of a hanging page.
func TestSlowBlueMindTimesOut(t *testing.T) {
	p := newPortalWithClient(t, bluemind.Options{Timeout: 200 * time.Millisecond})
	p.emu.SetFailure(bluemindtest.FailureSlow)
	// The emulator stalls 30 s and then answers normally: a 503 here can
	// only come from the client's own timeout.
	r := p.browser("en").login("jmartin", bluemindtest.DemoPassword)
	if r.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("status %d, want 503", r.StatusCode)
	}
}

func TestRoleNotRequiredWhenConfiguredSo(t *testing.T) {
	p := newPortal(t, func(d *Deps) { d.Settings.RequireIMRole = "no" })
	if r := p.browser("fr").login("nochat", bluemindtest.DemoPassword); r.StatusCode != http.StatusSeeOther {
		t.Errorf("status %d, want a login without the role", r.StatusCode)
	}
}

func TestRequiresIMRole(t *testing.T) {
	for _, tc := range []struct {
		mode, version string
		want          bool
	}{
		{"auto", "4.9.2", true}, {"auto", "3.5.14", true}, {"auto", "", true},
		{"auto", "5.0.3", false}, {"auto", "10.1", false},
		{"yes", "5.1", true}, {"no", "4.1", false},
	} {
		if got := requiresIMRole(roleMode(tc.mode), tc.version); got != tc.want {
			t.Errorf("%s %q: %v", tc.mode, tc.version, got)
		}
	}
}

func TestPasswordNeverLogged(t *testing.T) {
	p := newPortal(t)
	b := p.browser("fr")
	b.login("jmartin", "Wr0ng-P4ssw0rd-Unique")
	b.login("quotes", bluemindtest.QuotesPassword)
	logs := p.logs.String()
	for _, secret := range []string{"Wr0ng-P4ssw0rd-Unique", bluemindtest.QuotesPassword} {
		if strings.Contains(logs, secret) {
			t.Errorf("password %q found in the logs", secret)
		}
	}
	if !strings.Contains(logs, `"login":"jmartin"`) {
		t.Error("login outcomes must be logged with the login")
	}
}

func TestLoginFormTooLarge(t *testing.T) {
	p := newPortal(t)
	big := strings.Repeat("a", 1<<20)
	r := p.browser("en").do("POST", "/login", url.Values{"login": {"x"}, "password": {big}})
	if r.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("status %d, want 413", r.StatusCode)
	}
	if p.emu.LoginAttempts() != 0 {
		t.Error("BlueMind was called for a refused form")
	}
}

// Bad input gets a clear, translated form error tied to its field, and
// never reaches BlueMind.
func TestMalformedLoginInput(t *testing.T) {
	p := newPortal(t)
	for _, tc := range []struct {
		name, login, password, msg, field string
	}{
		{"too long login", strings.Repeat("a", 300) + "@example.com", "x", "login.error.loginInvalid", "login"},
		{"not UTF-8", "j\xffmartin", "x", "login.error.loginInvalid", "login"},
		{"control character", "jmar\x00tin", "x", "login.error.loginInvalid", "login"},
		{"password too long", "jmartin", strings.Repeat("p", 2000), "login.error.passwordInvalid", "password"},
		{"password not UTF-8", "jmartin", "p\xfe", "login.error.passwordInvalid", "password"},
	} {
		r := p.browser("en").login(tc.login, tc.password)
		if r.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: status %d", tc.name, r.StatusCode)
		}
		if got := r.text("#form-problem p"); got != p.T("en", tc.msg, nil) {
			t.Errorf("%s: message %q", tc.name, got)
		}
		if got := r.doc.Find("#"+tc.field).AttrOr("aria-invalid", ""); got != "true" {
			t.Errorf("%s: field %s not marked invalid", tc.name, tc.field)
		}
	}
	if n := p.emu.LoginAttempts(); n != 0 {
		t.Errorf("BlueMind received %d malformed logins", n)
	}
}
