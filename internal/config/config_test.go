package config

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// goodKey is made afresh for each run, as `openssl rand -base64 32` makes
// one: a fixed key written here would be one anybody could copy and start
// a portal with (TestNoFileShowsAUsableSessionKey).
var goodKey = newRandomKey()

func newRandomKey() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return base64.StdEncoding.EncodeToString(b)
}

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestLoadDefaults(t *testing.T) {
	c, err := Load(env(map[string]string{
		"IMSETUP_BLUEMIND_URL": "https://mail.example.com/",
		"IMSETUP_PUBLIC_URL":   "https://im.example.com",
		"IMSETUP_SESSION_KEYS": goodKey,
		// Behind a proxy on this host, as the default listener implies.
		"IMSETUP_TRUSTED_PROXIES": "127.0.0.1",
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
	if len(c.Warnings(ModeServe)) != 0 {
		t.Errorf("unexpected warnings %v", c.Warnings(ModeServe))
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
		{map[string]string{"IMSETUP_SESSION_KEYS": "c2hvcnQ="}, ModeServe, []string{"key 1 is read as base64 and gives only 5 bytes; it needs at least 32 random bytes: make one with: openssl rand -base64 32"}},
		// A word, as a newcomer types it: base64 without padding, 4 bytes.
		{map[string]string{"IMSETUP_SESSION_KEYS": "secret"}, ModeServe, []string{"key 1 is read as base64 and gives only 4 bytes; it needs at least 32 random bytes: make one with: openssl rand -base64 32"}},
		{map[string]string{"IMSETUP_SESSION_KEYS": goodKey + ",not base64!"}, ModeServe, []string{"key 2 is not base64: a key is at least 32 random bytes written in base64, not a password"}},
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
		if k := tc.env["IMSETUP_SESSION_KEYS"]; k != "" && strings.Contains(msg, k) {
			t.Errorf("the error repeats the key, a secret: %q", msg)
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
	if w := c.Warnings(ModeServe); len(w) != 2 || !strings.Contains(w[0], "http://") {
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

// Keys that start the portal but that anyone could guess: a cookie for
// any user can be forged with them.
func TestObviouslyNonRandomSessionKeysAreRefused(t *testing.T) {
	b64 := func(b []byte) string { return base64.StdEncoding.EncodeToString(b) }
	for _, tc := range []struct{ key, why string }{
		{b64(make([]byte, 32)), "one byte repeated"},
		{b64(bytes.Repeat([]byte("k"), 32)), "one byte repeated"},
		{b64(bytes.Repeat([]byte{0xde, 0xad, 0xbe, 0xef}, 8)), "repeats a short pattern"},
		{b64(append(bytes.Repeat([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, 2), 1, 2)), "repeats a short pattern"},
		{"MlefQHuAaQH6UTnlQy9IcyPjLAkh9ZtKrI7GRq15DQI=", "is shown in a document"}, // in the repository's history
		{b64([]byte("correct horse battery staple!!!!")), "is text"},
		{b64([]byte("0123456789abcdef0123456789abcdeX")), "is text"},
		{b64(append(bytes.Repeat([]byte{0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87}, 4)[:31], 0x90)), "too few different bytes"},
		// Arithmetic progressions: every byte different, none printable
		// throughout, no block repeated, yet nothing random about them.
		{b64(progressionKey(0x00, 1, 32)), "counts up or down"},    // 00 01 … 1f
		{b64(progressionKey(100, 1, 32)), "counts up or down"},     // 100 101 … 131
		{b64(progressionKey(0, 2, 32)), "counts up or down"},       // 0 2 … 62
		{b64(progressionKey(0xff, 0xff, 32)), "counts up or down"}, // ff fe … e0
		{b64(progressionKey(0x37, 7, 48)), "counts up or down"},    // a longer key, wrapping round 256
		{b64(interleaved(0x00, 0x10, 32)), "counts up or down"},    // 00 10 01 11 02 12 …: steps of a short period
	} {
		_, err := Load(env(map[string]string{"IMSETUP_SESSION_KEYS": goodKey + "," + tc.key}))
		if err == nil || !strings.Contains(err.Error(), tc.why) || !strings.Contains(err.Error(), "IMSETUP_SESSION_KEYS: key 2") ||
			!strings.Contains(err.Error(), "openssl rand -base64 32") {
			t.Errorf("key %s: error %v, want one naming IMSETUP_SESSION_KEYS, key 2, %q and the fix", tc.key, err, tc.why)
		}
	}
	// Random keys pass, whatever their bytes: no false refusal.
	for i := 0; i < 20000; i++ {
		key := make([]byte, 32+i%33)
		_, _ = rand.Read(key)
		if _, err := ParseSessionKeys(b64(key)); err != nil {
			t.Fatalf("a random key was refused: %v", err)
		}
	}
}

// progressionKey is n bytes from first, each step bytes after the last
// (modulo 256).
func progressionKey(first, step byte, n int) []byte {
	key := make([]byte, n)
	for i := range key {
		key[i] = first + byte(i)*step
	}
	return key
}

// interleaved is two counts woven together: a, b, a+1, b+1, ...
func interleaved(a, b byte, n int) []byte {
	key := make([]byte, n)
	for i := range key {
		key[i] = []byte{a, b}[i%2] + byte(i/2)
	}
	return key
}

func TestRedisURL(t *testing.T) {
	for _, ok := range []string{"redis://127.0.0.1:6379/0", "rediss://:pw@redis.example.com:6380/2", "unix:///run/redis/redis.sock"} {
		c, err := Load(env(map[string]string{"IMSETUP_REDIS_URL": ok}))
		if err != nil || c.RedisURL != ok {
			t.Errorf("%s: %v %q", ok, err, c.RedisURL)
		}
	}
	for _, bad := range []string{"127.0.0.1:6379", "http://redis:6379", "redis://:hunter2@/0"} {
		_, err := Load(env(map[string]string{"IMSETUP_REDIS_URL": bad}))
		if err == nil || !strings.Contains(err.Error(), "IMSETUP_REDIS_URL") || strings.Contains(err.Error(), "hunter2") {
			t.Errorf("%s: error %v, want one naming the variable, without the password", bad, err)
		}
	}
}

// Listening on loopback means a proxy on this host forwards every user:
// without IMSETUP_TRUSTED_PROXIES they all count as one address.
func TestLoopbackListenerWithoutTrustedProxiesIsWarned(t *testing.T) {
	for _, tc := range []struct {
		listen, proxies string
		warn            bool
	}{
		{"127.0.0.1:8080", "", true},
		{"[::1]:8080", "", true},
		{"localhost:8080", "", true},
		{"127.0.0.1:8080", "127.0.0.1", false},
		{"0.0.0.0:8080", "", false},
		{"192.0.2.10:8080", "", false},
	} {
		c, err := Load(env(map[string]string{"IMSETUP_LISTEN": tc.listen, "IMSETUP_TRUSTED_PROXIES": tc.proxies}))
		if err != nil {
			t.Fatal(err)
		}
		warned := strings.Contains(strings.Join(c.Warnings(ModeServe), "\n"), "set IMSETUP_TRUSTED_PROXIES=127.0.0.1")
		if warned != tc.warn {
			t.Errorf("listen %s, proxies %q: warned %v, want %v", tc.listen, tc.proxies, warned, tc.warn)
		}
		// check serves nothing: the listener is not its business.
		if w := strings.Join(c.Warnings(ModeCheck), "\n"); strings.Contains(w, "IMSETUP_TRUSTED_PROXIES") {
			t.Errorf("listen %s: check warns about serving: %s", tc.listen, w)
		}
	}
}

func TestBrand(t *testing.T) {
	dir := t.TempDir()
	svg := filepath.Join(dir, "logo.svg")
	os.WriteFile(svg, []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><rect width="4" height="4"/></svg>`), 0o644)
	c, err := Load(env(map[string]string{"IMSETUP_ORG_NAME": " Ville de Lyon ", "IMSETUP_LOGO_FILE": svg, "IMSETUP_ACCENT_COLOR": "#8A1538"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.OrgName != "Ville de Lyon" || c.Logo == nil || c.Logo.ContentType != "image/svg+xml" || c.Accent == nil || c.Accent.Hex() != "#8a1538" {
		t.Errorf("brand: %q %+v %+v", c.OrgName, c.Logo, c.Accent)
	}
	// Neutral defaults.
	c, err = Load(env(nil))
	if err != nil || c.OrgName != "" || c.Logo != nil || c.Accent != nil {
		t.Errorf("defaults: %+v %v", c, err)
	}
	gif := filepath.Join(dir, "logo.gif")
	os.WriteFile(gif, []byte("GIF89a"), 0o644)
	for name, tc := range map[string]struct {
		env  map[string]string
		want []string
	}{
		"light accent":  {map[string]string{"IMSETUP_ACCENT_COLOR": "#77aadd"}, []string{`IMSETUP_ACCENT_COLOR="#77aadd"`, "2.4:1", "4.5:1", "such as #54799d"}},
		"yellow accent": {map[string]string{"IMSETUP_ACCENT_COLOR": "#ffcc00"}, []string{`IMSETUP_ACCENT_COLOR="#ffcc00"`, "WCAG AA"}},
		"named colour":  {map[string]string{"IMSETUP_ACCENT_COLOR": "red"}, []string{`IMSETUP_ACCENT_COLOR="red": give a colour as #rrggbb`}},
		"gif logo":      {map[string]string{"IMSETUP_LOGO_FILE": gif}, []string{"IMSETUP_LOGO_FILE=", "is not named .svg or .png", "give the logo"}},
		"missing logo":  {map[string]string{"IMSETUP_LOGO_FILE": filepath.Join(dir, "none.png")}, []string{"IMSETUP_LOGO_FILE=", "cannot be read"}},
		"long name":     {map[string]string{"IMSETUP_ORG_NAME": strings.Repeat("x", 81)}, []string{"IMSETUP_ORG_NAME: ", "at most 80"}},
		"two lines":     {map[string]string{"IMSETUP_ORG_NAME": "a\nb"}, []string{"IMSETUP_ORG_NAME: ", "one line"}},
	} {
		_, err := Load(env(tc.env))
		for _, w := range tc.want {
			if err == nil || !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %v, want %q", name, err, w)
			}
		}
	}
}

func TestMetricsListen(t *testing.T) {
	base := map[string]string{"IMSETUP_BLUEMIND_URL": "https://mail.example.com", "IMSETUP_TRUSTED_PROXIES": "127.0.0.1"}
	with := func(k, v string) map[string]string {
		m := map[string]string{k: v}
		for k, v := range base {
			m[k] = v
		}
		return m
	}
	c, err := Load(env(base))
	if err != nil || c.MetricsListen != "" {
		t.Fatalf("metrics must be off by default: %q %v", c.MetricsListen, err)
	}
	for v, want := range map[string]string{
		"9464":           `IMSETUP_METRICS_LISTEN="9464": give host:port`,
		"127.0.0.1:8080": `IMSETUP_METRICS_LISTEN="127.0.0.1:8080" is IMSETUP_LISTEN`,
	} {
		c, _ := Load(env(with("IMSETUP_METRICS_LISTEN", v)))
		if err := c.Validate(ModeDemo); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", v, err, want)
		}
	}
	c, _ = Load(env(with("IMSETUP_METRICS_LISTEN", "127.0.0.1:9464")))
	if err := c.Validate(ModeDemo); err != nil || len(c.Warnings(ModeServe)) != 0 {
		t.Errorf("loopback metrics: %v, warnings %v", err, c.Warnings(ModeServe))
	}
	c, _ = Load(env(with("IMSETUP_METRICS_LISTEN", ":9464")))
	if w := strings.Join(c.Warnings(ModeServe), "\n"); c.Validate(ModeDemo) != nil || !strings.Contains(w, "IMSETUP_METRICS_LISTEN=:9464 is reachable from other hosts") {
		t.Errorf("metrics on every interface: warnings %q", w)
	}
}

func TestSoundAgainstBlueMind(t *testing.T) {
	for _, tc := range []struct {
		role    RoleMode
		version string
		ok      bool
	}{
		{RoleYes, "4.9.2", true}, {RoleYes, "5.0.1", false}, {RoleAuto, "5.0.1", true}, {RoleNo, "5.0.1", true}, {RoleYes, "", true},
	} {
		c := Config{RequireIMRole: tc.role}
		if err := c.Sound(tc.version); (err == nil) != tc.ok || (err != nil && !strings.Contains(err.Error(), "IMSETUP_REQUIRE_IM_ROLE=yes")) {
			t.Errorf("role %s, BlueMind %q: %v", tc.role, tc.version, err)
		}
	}
}
