package config

import (
	"strings"
	"testing"
)

const goodKey = "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=" // 32 bytes

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestLoadDefaults(t *testing.T) {
	c, err := Load(env(map[string]string{
		"IMSETUP_BLUEMIND_URL": "https://mail.example.com/",
		"IMSETUP_PUBLIC_URL":   "https://im.example.com",
		"IMSETUP_SESSION_KEYS": goodKey,
	}))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(ModeServe); err != nil {
		t.Fatal(err)
	}
	if c.Listen != DefaultListen || c.XMPPPort != 5222 || c.RequireIMRole != RoleAuto {
		t.Errorf("defaults: %+v", c)
	}
	if got := c.BlueMindHost(); got != "mail.example.com" || c.XMPPHost != "" {
		t.Errorf("BlueMindHost = %q, XMPPHost = %q", got, c.XMPPHost)
	}
	if !c.SecureCookies() {
		t.Error("https public URL must give Secure cookies")
	}
	if len(c.Warnings()) != 0 {
		t.Errorf("unexpected warnings %v", c.Warnings())
	}
}

func TestErrorsNameTheVariableAndTheFix(t *testing.T) {
	cases := []struct {
		env  map[string]string
		mode Mode
		want []string
	}{
		{map[string]string{}, ModeServe, []string{"IMSETUP_BLUEMIND_URL is not set", "IMSETUP_SESSION_KEYS is not set", "openssl rand -base64 32", "IMSETUP_PUBLIC_URL is not set"}},
		{map[string]string{"IMSETUP_BLUEMIND_URL": "mail.example.com"}, ModeDemo, []string{"IMSETUP_BLUEMIND_URL=\"mail.example.com\": give an absolute"}},
		{map[string]string{"IMSETUP_SESSION_KEYS": "c2hvcnQ="}, ModeServe, []string{"key 1 has 5 bytes"}},
		{map[string]string{"IMSETUP_SESSION_KEYS": goodKey + ",not base64!"}, ModeServe, []string{"key 2 is not base64"}},
		{map[string]string{"IMSETUP_XMPP_PORT": "70000"}, ModeServe, []string{"IMSETUP_XMPP_PORT=\"70000\""}},
		{map[string]string{"IMSETUP_REQUIRE_IM_ROLE": "maybe", "IMSETUP_BLUEMIND_URL": "https://x"}, ModeDemo, []string{"give auto, yes or no"}},
		{map[string]string{"IMSETUP_LISTEN": "8080", "IMSETUP_BLUEMIND_URL": "https://x"}, ModeDemo, []string{"IMSETUP_LISTEN=\"8080\""}},
		{map[string]string{"IMSETUP_BLUEMIND_CA_FILE": "/nonexistent/ca.pem", "IMSETUP_BLUEMIND_URL": "https://x"}, ModeDemo, []string{"IMSETUP_BLUEMIND_CA_FILE=\"/nonexistent/ca.pem\" cannot be read"}},
		{map[string]string{"IMSETUP_SESSION_LIFETIME": "72h"}, ModeServe, []string{"IMSETUP_SESSION_LIFETIME"}},
		{map[string]string{"IMSETUP_TRUSTED_PROXIES": "10.0.0.0/8, proxy.example.com"}, ModeServe, []string{"IMSETUP_TRUSTED_PROXIES: \"proxy.example.com\""}},
		{map[string]string{"IMSETUP_XMPP_FINGERPRINT": "AB:CD"}, ModeServe, []string{"IMSETUP_XMPP_FINGERPRINT: "}},
		{map[string]string{"IMSETUP_LOGIN_MAX_FAILURES": "0"}, ModeServe, []string{"IMSETUP_LOGIN_MAX_FAILURES=\"0\""}},
		// The usual list, naming the variable and the address to give.
		{map[string]string{"IMSETUP_BLUEMIND_URL": "https://mail.example.com/api"}, ModeCheck, []string{"IMSETUP_BLUEMIND_URL=\"https://mail.example.com/api\": remove /api, imsetup adds it", "such as https://mail.example.com"}},
		{map[string]string{"IMSETUP_BLUEMIND_URL": "https://mail.example.com/bm/api/"}, ModeCheck, []string{"such as https://mail.example.com/bm"}},
		{map[string]string{"IMSETUP_BLUEMIND_URL": "https://mail.example.com/?x=1"}, ModeCheck, []string{"IMSETUP_BLUEMIND_URL=\"https://mail.example.com/?x=1\": remove the query"}},
		// Durations as an administrator writes them.
		{map[string]string{"IMSETUP_SESSION_LIFETIME": "72h"}, ModeServe, []string{"IMSETUP_SESSION_LIFETIME=\"72h\": give a duration between 1m and 12h, such as 4h"}},
		{map[string]string{"IMSETUP_SESSION_IDLE": "30s"}, ModeServe, []string{"IMSETUP_SESSION_IDLE=\"30s\": give a duration of at least 1m, such as 30m"}},
		{map[string]string{"IMSETUP_BLUEMIND_TIMEOUT": "soon"}, ModeCheck, []string{"IMSETUP_BLUEMIND_TIMEOUT=\"soon\": give a duration such as 10s"}},
		{map[string]string{"IMSETUP_BLUEMIND_CA_FILE": "config_test.go", "IMSETUP_BLUEMIND_URL": "https://x"}, ModeCheck, []string{"IMSETUP_BLUEMIND_CA_FILE=\"config_test.go\" holds no PEM certificate"}},
	}
	for _, tc := range cases {
		c, err := Load(env(tc.env))
		msg := ""
		if err != nil {
			msg = err.Error()
		}
		if err := c.Validate(tc.mode); err != nil {
			msg += "\n" + err.Error()
		}
		for _, w := range tc.want {
			if !strings.Contains(msg, w) {
				t.Errorf("env %v: error %q does not contain %q", tc.env, msg, w)
			}
		}
		if strings.Contains(msg, "0m0s") || strings.Contains(msg, "h0m") || strings.Contains(msg, "BaseURL") {
			t.Errorf("env %v: %q prints a duration or a name the administrator does not write", tc.env, msg)
		}
	}
}

func TestSessionKeyRotationList(t *testing.T) {
	keys, err := ParseSessionKeys(goodKey + " , " + strings.TrimRight(goodKey, "="))
	if err != nil || len(keys) != 2 {
		t.Fatalf("keys=%d err=%v", len(keys), err)
	}
}

func TestHTTPBlueMindIsAWarningNotAnError(t *testing.T) {
	c, err := Load(env(map[string]string{"IMSETUP_BLUEMIND_URL": "http://127.0.0.1:8090"}))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(ModeDemo); err != nil {
		t.Fatal(err)
	}
	if w := c.Warnings(); len(w) != 1 || !strings.Contains(w[0], "http://") {
		t.Errorf("warnings = %v", w)
	}
}

func TestTrustedProxies(t *testing.T) {
	c, err := Load(env(map[string]string{"IMSETUP_TRUSTED_PROXIES": "10.0.0.0/8, 192.0.2.10, ::1"}))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.TrustedProxies) != 3 || c.TrustedProxies[1].String() != "192.0.2.10/32" || c.TrustedProxies[2].String() != "::1/128" {
		t.Errorf("proxies %v", c.TrustedProxies)
	}
}

func TestPublicPath(t *testing.T) {
	for v, want := range map[string]string{
		"https://im.example.com":         "/",
		"https://im.example.com/":        "/",
		"https://mail.example.com/im":    "/im/",
		"https://mail.example.com/im/":   "/im/",
		"https://mail.example.com/a/b-c": "/a/b-c/",
	} {
		c, err := Load(env(map[string]string{"IMSETUP_PUBLIC_URL": v}))
		if err != nil {
			t.Errorf("%s: %v", v, err)
			continue
		}
		if got := c.PublicPath(); got != want {
			t.Errorf("%s: PublicPath %q, want %q", v, got, want)
		}
	}
	for _, v := range []string{"https://mail.example.com/im/?x=1", "https://mail.example.com/im#top", "https://mail.example.com/a//b/", "https://mail.example.com/im/../x", "https://mail.example.com/i%20m/", "https://mail.example.com/i%2Fm/"} {
		_, err := Load(env(map[string]string{"IMSETUP_PUBLIC_URL": v}))
		if err == nil || !strings.Contains(err.Error(), "IMSETUP_PUBLIC_URL=") || !strings.Contains(err.Error(), "https://mail.example.com/im/") {
			t.Errorf("%s: error %v, want one naming IMSETUP_PUBLIC_URL and an example", v, err)
		}
	}
}
