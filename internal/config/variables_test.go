package config

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// Load reads exactly the table's variables, so the unknown-variable
// warning and the help, which list the table, cannot miss one.
func TestLoadReadsExactlyTheTable(t *testing.T) {
	var asked []string
	if _, err := Load(func(name string) string { asked = append(asked, name); return "" }); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, v := range Variables() {
		names = append(names, v.Name)
		if !strings.HasPrefix(v.Name, "IMSETUP_") || v.Meaning == "" || v.Commands == 0 || v.read == nil {
			t.Errorf("%s: a variable needs the IMSETUP_ prefix, a meaning, its commands and a reader", v.Name)
		}
		if strings.Contains(v.Default, "0m0s") || strings.Contains(v.Default, "h0m") {
			t.Errorf("%s: default %q is not written as an administrator would", v.Name, v.Default)
		}
	}
	if !slices.Equal(asked, names) {
		t.Errorf("Load asked for %v\nthe table has %v", asked, names)
	}
	if slices.Sort(asked); len(slices.Compact(asked)) != len(names) {
		t.Error("a variable is in the table twice")
	}
}

// Setting a variable changes what Load returns: no entry of the table is
// read and then dropped.
func TestEveryVariableTakesEffect(t *testing.T) {
	ca, err := os.CreateTemp(t.TempDir(), "ca*.pem")
	if err != nil {
		t.Fatal(err)
	}
	logo := filepath.Join(t.TempDir(), "logo.svg")
	if err := os.WriteFile(logo, []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`), 0o644); err != nil {
		t.Fatal(err)
	}
	values := map[string]string{
		"IMSETUP_LISTEN": "127.0.0.1:9", "IMSETUP_PUBLIC_URL": "https://im.example.com",
		"IMSETUP_BLUEMIND_URL": "https://mail.example.com", "IMSETUP_BLUEMIND_CA_FILE": ca.Name(),
		"IMSETUP_BLUEMIND_TIMEOUT": "3s", "IMSETUP_DEFAULT_DOMAIN": "Example.COM",
		"IMSETUP_XMPP_HOST": "xmpp.example.com", "IMSETUP_XMPP_PORT": "5223",
		"IMSETUP_XMPP_FINGERPRINT": strings.Repeat("AB:", 31) + "AB", "IMSETUP_SESSION_KEYS": goodKey,
		"IMSETUP_SESSION_LIFETIME": "2h", "IMSETUP_SESSION_IDLE": "5m",
		"IMSETUP_TRUSTED_PROXIES": "10.0.0.1", "IMSETUP_LOGIN_MAX_FAILURES": "5",
		"IMSETUP_ADDR_MAX_FAILURES": "7", "IMSETUP_ADDR_WINDOW": "1h30m",
		"IMSETUP_REDIS_URL":       "redis://127.0.0.1:6379/0",
		"IMSETUP_REQUIRE_IM_ROLE": "No", "IMSETUP_SUPPORT_CONTACT": "the help desk", "IMSETUP_LOG_FORMAT": "TEXT",
		"IMSETUP_METRICS_LISTEN": "127.0.0.1:9464",
		"IMSETUP_ORG_NAME":       "Ville de Lyon", "IMSETUP_LOGO_FILE": logo, "IMSETUP_ACCENT_COLOR": "#8a1538",
	}
	base, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range Variables() {
		value, ok := values[v.Name]
		if !ok {
			t.Errorf("%s: give it a value in this test", v.Name)
			continue
		}
		c, err := Load(env(map[string]string{v.Name: "  " + value + " "}))
		if err != nil {
			t.Errorf("%s=%q: %v", v.Name, value, err)
			continue
		}
		c.invalid, base.invalid = nil, nil
		c.set, base.set = nil, nil // what Load saw, not what it read
		if reflect.DeepEqual(c, base) {
			t.Errorf("%s=%q changed nothing", v.Name, value)
		}
	}
	c, _ := Load(env(values))
	if c.AddrWindow != 90*time.Minute || c.DefaultDomain != "example.com" || c.RequireIMRole != RoleNo || c.LogFormat != "text" {
		t.Errorf("values not read as given: %+v", c)
	}
}

// Each variable of the table is documented in the README's table, and
// the README documents no variable imsetup does not read.
func TestEveryVariableIsInTheREADME(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	documented := map[string]bool{}
	for _, line := range strings.Split(string(readme), "\n") {
		if !strings.HasPrefix(line, "| `IMSETUP_") {
			continue
		}
		first, _, _ := strings.Cut(strings.TrimPrefix(line, "| "), " |")
		for _, name := range strings.Split(first, ",") {
			documented[strings.Trim(strings.TrimSpace(name), "`")] = true
		}
	}
	for _, v := range Variables() {
		if !documented[v.Name] {
			t.Errorf("%s is not in README.md's table of variables", v.Name)
		}
		delete(documented, v.Name)
	}
	for name := range documented {
		t.Errorf("README.md documents %s, which imsetup does not read", name)
	}
}

// The program names no variable the table does not have: one read
// elsewhere with os.Getenv would be called unknown at start. Read it
// through the table instead.
func TestTheCodeNamesOnlyTheTablesVariables(t *testing.T) {
	name := regexp.MustCompile(`IMSETUP_[A-Z][A-Z0-9_]*`)
	err := filepath.WalkDir("../..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") && path != "../.." || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, line := range strings.Split(string(src), "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "//") {
				continue // a comment may show a misspelling
			}
			for _, n := range name.FindAllString(line, -1) {
				if !known(n) {
					t.Errorf("%s names %s, which is not in the table of variables (internal/config/variables.go)", path, n)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestUnknownVariablesNameTheClosest(t *testing.T) {
	got := Unknown([]string{
		"PATH=/usr/bin", "IMSETUP_LISTEN=:8080", "IMSETUP_SESION_IDLE=5m", "imsetup_listen=:8081",
		"IMSETUP_BLUEMIND_TIMEOUTS=3s", "IMSETUP_SESION_IDLE=5m", "HOME=/root", "IMSETUP_=x",
	})
	want := []string{
		"IMSETUP_=x",
		"IMSETUP_BLUEMIND_TIMEOUTS is not a variable imsetup reads, so it is ignored: did you mean IMSETUP_BLUEMIND_TIMEOUT?",
		"IMSETUP_SESION_IDLE is not a variable imsetup reads, so it is ignored: did you mean IMSETUP_SESSION_IDLE?",
		"imsetup_listen is not a variable imsetup reads, so it is ignored: did you mean IMSETUP_LISTEN?",
	}
	if len(got) != len(want) {
		t.Fatalf("warnings:\n%s", strings.Join(got, "\n"))
	}
	for i := range want[1:] {
		if got[i+1] != want[i+1] {
			t.Errorf("got  %q\nwant %q", got[i+1], want[i+1])
		}
	}
	if !strings.HasPrefix(got[0], "IMSETUP_ is not a variable") {
		t.Errorf("got %q", got[0])
	}
	if w := Unknown([]string{"IMSETUP_LISTEN=x", "IMSETUP_LOG_FORMAT=text"}); len(w) != 0 {
		t.Errorf("known variables reported: %v", w)
	}
}

func TestEditDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{{"", "", 0}, {"abc", "", 3}, {"kitten", "sitting", 3}, {"SESION", "SESSION", 1}, {"LISTNE", "LISTEN", 2}} {
		if got := editDistance(tc.a, tc.b); got != tc.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}
