package bluemindtest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// exchange is one raw request to the emulator and what came back.
type exchange struct {
	status int
	header http.Header
	body   string
}

func (e exchange) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(e.body), &m); err != nil {
		t.Fatalf("body is not a JSON object: %v\n%s", err, e.body)
	}
	return m
}

func do(s *Server, method, target, contentType, body string, header ...string) exchange {
	r := httptest.NewRequest(method, target, strings.NewReader(body))
	if contentType != "" {
		r.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	return exchange{w.Code, w.Header(), w.Body.String()}
}

// login posts password as BlueMind's own front ends do.
func login(s *Server, login, password string) exchange {
	body, _ := json.Marshal(password)
	return do(s, "POST", "/api/auth/login?origin=test&login="+url.QueryEscape(login), "application/json", string(body))
}

func TestLoginOutcomes(t *testing.T) {
	tests := []struct {
		login, password string
		status, latd    string
	}{
		{"jmartin@example.com", DemoPassword, "Ok", "jmartin@example.com"},
		{"jeanne.martin@example.com", DemoPassword, "Ok", "jmartin@example.com"},
		{"jeanne@example.com", DemoPassword, "Ok", "jmartin@example.com"},
		{"JEANNE.Martin@Example.COM", DemoPassword, "Ok", "jmartin@example.com"},
		{"lucie.bernard@example.org", DemoPassword, "Ok", "lucie@example.org"},
		{"quotes@example.com", QuotesPassword, "Ok", "quotes@example.com"},
		{"nomail@example.com", DemoPassword, "Ok", "nomail@example.com"},
		{"expired@example.com", DemoPassword, "Expired", "expired@example.com"},
		{"jmartin@example.com", "wrong", "Bad", ""},
		{"jmartin", DemoPassword, "Bad", ""},                       // bare: admin domain
		{"lucie@example.com", DemoPassword, "Bad", ""},             // wrong domain
		{"archived@example.com", DemoPassword, "Bad", ""},          // archived
		{"nobody@example.com", DemoPassword, "Bad", ""},            // unknown
		{"jmartin@example.net", DemoPassword, "Bad", ""},           // unknown domain
		{"", DemoPassword, "Bad", ""},                              // empty login
		{"jmartin@example.com", "", "Bad", ""},                     // empty password
		{"quotes@example.com", `l'"ete\ca`, "Bad", ""},             // accents matter
		{"psmith@example.com", strings.ToUpper("demo"), "Bad", ""}, // passwords are case-sensitive
	}
	for _, tt := range tests {
		t.Run(tt.login+"/"+tt.status, func(t *testing.T) {
			s := NewDemo()
			e := login(s, tt.login, tt.password)
			if e.status != http.StatusOK {
				t.Fatalf("HTTP %d, want 200 for every outcome", e.status)
			}
			m := e.json(t)
			for _, k := range []string{"status", "message", "authKey", "latd", "authUser"} {
				if _, ok := m[k]; !ok {
					t.Errorf("field %q missing: absent values must be null", k)
				}
			}
			if m["status"] != tt.status {
				t.Fatalf("status %v, want %s", m["status"], tt.status)
			}
			if tt.status == "Bad" {
				if m["authKey"] != nil || m["latd"] != nil || m["authUser"] != nil {
					t.Errorf("Bad must have null key, latd and authUser: %s", e.body)
				}
				if want := "Result auth is NO for login: " + tt.login; m["message"] != want {
					t.Errorf("message %v, want %q", m["message"], want)
				}
				if s.ActiveSessions() != 0 {
					t.Error("Bad opened a session")
				}
				return
			}
			if m["latd"] != tt.latd {
				t.Errorf("latd %v, want %s", m["latd"], tt.latd)
			}
			if k, _ := m["authKey"].(string); k == "" || s.ActiveSessions() != 1 {
				t.Errorf("key %v, %d sessions: want a key and one session", m["authKey"], s.ActiveSessions())
			}
		})
	}
}

func TestAuthUserShape(t *testing.T) {
	m := login(NewDemo(), "jeanne@example.com", DemoPassword).json(t)
	u := m["authUser"].(map[string]any)
	v := u["value"].(map[string]any)
	checks := map[string]any{
		"displayName": u["displayName"], "domainUid": u["domainUid"], "lang": u["settings"].(map[string]any)["lang"],
		"login": v["login"], "routing": v["routing"], "accountType": v["accountType"], "archived": v["archived"],
		"formatedName": v["contactInfos"].(map[string]any)["identification"].(map[string]any)["formatedName"].(map[string]any)["value"],
	}
	want := map[string]any{
		"displayName": "Jeanne Martin", "domainUid": "example.com", "lang": "fr", "login": "jmartin",
		"routing": "internal", "accountType": "FULL", "archived": false, "formatedName": "Jeanne Martin",
	}
	for k, w := range want {
		if checks[k] != w {
			t.Errorf("%s = %v, want %v", k, checks[k], w)
		}
	}
	if r, ok := u["rolesByOU"].(map[string]any); !ok || len(r) != 0 {
		t.Errorf("rolesByOU = %v, want {}", u["rolesByOU"])
	}
	if roles := u["roles"].([]any); len(roles) != 1 || roles[0] != "hasIM" {
		t.Errorf("roles = %v, want [hasIM]", roles)
	}
	emails := v["emails"].([]any)
	first := emails[0].(map[string]any)
	if len(emails) != 2 || first["address"] != "jeanne.martin@example.com" || first["isDefault"] != true {
		t.Errorf("emails = %v, want the default address first, then the alias", emails)
	}
}

func TestExpiredHasOnlySelfChangePassword(t *testing.T) {
	m := login(NewDemo(), "expired@example.com", DemoPassword).json(t)
	roles := m["authUser"].(map[string]any)["roles"].([]any)
	if len(roles) != 1 || roles[0] != "selfChangePassword" {
		t.Errorf("roles = %v, want [selfChangePassword]", roles)
	}
}

func TestNoMailHasEmptyEmails(t *testing.T) {
	m := login(NewDemo(), "nomail@example.com", DemoPassword).json(t)
	v := m["authUser"].(map[string]any)["value"].(map[string]any)
	if e, ok := v["emails"].([]any); !ok || len(e) != 0 || v["routing"] != "none" {
		t.Errorf("emails = %v, routing = %v; want [] and none", v["emails"], v["routing"])
	}
}

func TestPasswordBody(t *testing.T) {
	const target = "/api/auth/login?login=psmith@example.com"
	tests := []struct {
		name, contentType, body string
		status                  int
		outcome                 string
	}{
		{"JSON literal", "application/json", `"demo"`, 200, "Ok"},
		{"JSON null", "application/json", `null`, 200, "Bad"},
		{"unquoted JSON", "application/json", `demo`, 500, ""},
		{"unquoted, no type", "", `demo`, 500, ""},
		{"empty body", "application/json", ``, 500, ""},
		{"text/plain raw", "text/plain", `demo`, 200, "Ok"},
		{"text/plain quoted is literal", "text/plain", `"demo"`, 200, "Bad"},
		{"text/plain with charset is JSON", "text/plain; charset=utf-8", `demo`, 500, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := do(NewDemo(), "POST", target, tt.contentType, tt.body)
			if e.status != tt.status {
				t.Fatalf("HTTP %d, want %d: %s", e.status, tt.status, e.body)
			}
			m := e.json(t)
			if tt.status == 500 {
				if m["errorType"] != "ServerFault" || m["errorCode"] == nil {
					t.Errorf("500 body %s, want a ServerFault", e.body)
				}
				return
			}
			if m["status"] != tt.outcome {
				t.Errorf("status %v, want %s", m["status"], tt.outcome)
			}
		})
	}
}

func TestSessionKey(t *testing.T) {
	s := NewDemo()
	key := login(s, "psmith@example.com", DemoPassword).json(t)["authKey"].(string)

	if e := do(s, "GET", "/api/auth", "", ""); e.status != 403 || e.json(t)["errorCode"] != "PERMISSION_DENIED" {
		t.Errorf("no key: %d %s, want 403 PERMISSION_DENIED", e.status, e.body)
	}
	unknown := do(s, "GET", "/api/auth", "", "", "X-BM-ApiKey", "nope")
	if m := unknown.json(t); unknown.status != 401 || m["errorCode"] != "AUTHENTICATION_FAIL" || m["errorType"] != "ServerFault" || m["message"] == nil {
		t.Errorf("unknown key: %d %s, want 401 AUTHENTICATION_FAIL ServerFault", unknown.status, unknown.body)
	}
	if e := do(s, "GET", "/api/auth", "", "", "X-BM-ApiKey", key); e.status != 200 || e.json(t)["displayName"] != "Peter Smith" {
		t.Errorf("header key: %d %s", e.status, e.body)
	}
	if e := do(s, "GET", "/api/auth?apikey="+key, "", ""); e.status != 200 {
		t.Errorf("query key: %d %s", e.status, e.body)
	}
	if e := do(s, "POST", "/api/auth/logout", "", "", "X-BM-ApiKey", key); e.status != 200 || e.body != "" {
		t.Errorf("logout: %d %q, want 200 and an empty body", e.status, e.body)
	}
	if s.ActiveSessions() != 0 {
		t.Errorf("%d sessions after logout", s.ActiveSessions())
	}
	if e := do(s, "GET", "/api/auth", "", "", "X-BM-ApiKey", key); e.status != 401 {
		t.Errorf("key after logout: %d, want 401", e.status)
	}
}

func TestSessionsExpireWhenIdle(t *testing.T) {
	s := NewDemo()
	now := time.Now()
	s.now = func() time.Time { return now }
	key := login(s, "psmith@example.com", DemoPassword).json(t)["authKey"].(string)
	now = now.Add(sessionIdle)
	if n := s.ActiveSessions(); n != 0 {
		t.Errorf("%d sessions after 20 idle minutes", n)
	}
	if e := do(s, "GET", "/api/auth", "", "", "X-BM-ApiKey", key); e.status != 401 {
		t.Errorf("idle key: %d, want 401", e.status)
	}
}

func TestInfos(t *testing.T) {
	for _, domain := range []string{"example.com", ""} {
		s := New(Options{DefaultDomain: domain, Version: "4.1.0"})
		e := do(s, "GET", "/api/system/installation/_infos", "", "")
		m := e.json(t)
		var want any = domain
		if domain == "" {
			want = nil
		}
		if e.status != 200 || m["defaultDomain"] != want || m["softwareVersion"] != "4.1.0" || m["releaseName"] == nil {
			t.Errorf("_infos = %d %s", e.status, e.body)
		}
	}
}

func TestUnknownPathAndCacheControl(t *testing.T) {
	s := NewDemo()
	for _, req := range []struct{ method, target string }{
		{"GET", "/api/nothing"}, {"GET", "/"}, {"GET", "/api/auth/login"}, {"POST", "/api/auth/"},
		{"GET", "/api/system/installation/_infos"}, {"POST", "/api/auth/login"},
	} {
		e := do(s, req.method, req.target, "", `""`)
		if got := e.header.Get("Cache-Control"); got != "no-cache, no-store, must-revalidate" {
			t.Errorf("%s %s: Cache-Control %q", req.method, req.target, got)
		}
		known := req.target == "/api/system/installation/_infos" || req.method == "POST" && req.target == "/api/auth/login"
		if !known && e.status != 500 {
			t.Errorf("%s %s: HTTP %d, want 500 for an unknown route", req.method, req.target, e.status)
		}
	}
}

func TestBruteForce(t *testing.T) {
	s := New(Options{Accounts: DemoAccounts(), BruteForce: true})
	now := time.Now()
	s.now = func() time.Time { return now }
	for range bruteForceMax {
		login(s, "psmith@example.com", "wrong")
	}
	if m := login(s, "peter.smith@example.com", DemoPassword).json(t); m["status"] != "Bad" {
		t.Errorf("locked login with the right password: %v, want Bad", m["status"])
	}
	if m := login(s, "jmartin@example.com", DemoPassword).json(t); m["status"] != "Ok" {
		t.Errorf("another login: %v, want Ok", m["status"])
	}
	now = now.Add(bruteForceWindow)
	if m := login(s, "psmith@example.com", DemoPassword).json(t); m["status"] != "Ok" {
		t.Errorf("after the window: %v, want Ok", m["status"])
	}
	if s.LoginAttempts() != bruteForceMax+3 {
		t.Errorf("LoginAttempts = %d, want %d", s.LoginAttempts(), bruteForceMax+3)
	}
}

func TestFailures(t *testing.T) {
	tests := []struct {
		failure     Failure
		status      int
		contentType string
		contains    string
	}{
		{FailureDown500, 500, "application/json", "ServerFault"},
		{FailureHTML, 502, "text/html", "<center><h1>502 Bad Gateway</h1></center>"},
		{FailureGarbage, 200, "application/json", "garbage"},
	}
	for _, tt := range tests {
		s := NewDemo()
		s.SetFailure(tt.failure)
		e := login(s, "psmith@example.com", DemoPassword)
		if e.status != tt.status || e.header.Get("Content-Type") != tt.contentType || !strings.Contains(e.body, tt.contains) {
			t.Errorf("failure %d: %d %q %q", tt.failure, e.status, e.header.Get("Content-Type"), e.body)
		}
		if s.LoginAttempts() != 1 || s.ActiveSessions() != 0 {
			t.Errorf("failure %d: %d attempts, %d sessions; want 1, 0", tt.failure, s.LoginAttempts(), s.ActiveSessions())
		}
		s.SetFailure(FailureNone)
		if m := login(s, "psmith@example.com", DemoPassword).json(t); m["status"] != "Ok" {
			t.Errorf("after healing: %v", m["status"])
		}
	}
}

func TestFailureSlowAnswersAfterTheDelay(t *testing.T) {
	s := New(Options{Accounts: DemoAccounts(), SlowDelay: 50 * time.Millisecond})
	s.SetFailure(FailureSlow)
	start := time.Now()
	e := login(s, "psmith@example.com", DemoPassword)
	if time.Since(start) < 50*time.Millisecond || e.json(t)["status"] != "Ok" {
		t.Errorf("slow login: %s after %s", e.body, time.Since(start))
	}
}

func TestDemoAccountsAreCopies(t *testing.T) {
	a := DemoAccounts()
	a[0].Password = "changed"
	if DemoAccounts()[0].Password != DemoPassword {
		t.Error("DemoAccounts shares its fixtures")
	}
	s := New(Options{Accounts: a})
	a[0].Password = DemoPassword
	if m := login(s, "jmartin@example.com", "changed").json(t); m["status"] != "Ok" {
		t.Error("the server does not hold its own copy of the accounts")
	}
}
