package i18n

import (
	"strings"
	"testing"
	"testing/fstest"

	"imsetup/locales"
)

func TestShippedLanguages(t *testing.T) {
	c, err := Load(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	langs := c.Languages()
	if len(langs) < 2 || langs[0].Code != "fr" {
		t.Fatalf("languages %v: French must come first", langs)
	}
	names := map[string]string{}
	for _, l := range langs {
		names[l.Code] = l.Name
	}
	if names["fr"] != "Français" || names["en"] != "English" {
		t.Errorf("language names %v: each must be in its own language", names)
	}
}

func TestMatchAcceptLanguage(t *testing.T) {
	c, err := Load(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	for header, want := range map[string]string{
		"en-GB,en;q=0.9":     "en",
		"fr-CA":              "fr",
		"ja;q=0.9, en;q=0.5": "en",
		"en;q=0.3, fr;q=0.8": "fr",
	} {
		got, ok := c.MatchAcceptLanguage(header)
		if !ok || got.Code != want {
			t.Errorf("%q: %v %v, want %s", header, got.Code, ok, want)
		}
	}
	if _, ok := c.MatchAcceptLanguage("ja, zh"); ok {
		t.Error("an unshipped language must not match")
	}
	if _, ok := c.MatchAcceptLanguage(";;garbage"); ok {
		t.Error("a malformed header must not match")
	}
}

// A language is a file: dropping one in makes it selectable.
func TestAddingAFileAddsALanguage(t *testing.T) {
	fsys := fstest.MapFS{
		"fr.toml":    {Data: []byte("[language]\nname = \"Français\"\n[x]\ny = \"un\"\n")},
		"pt-BR.toml": {Data: []byte("[language]\nname = \"Português\"\n")},
	}
	c, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	l, ok := c.Lookup("pt-br")
	if !ok || l.Name != "Português" {
		t.Fatalf("pt-BR not loaded: %v", l)
	}
	// A message missing in the new file falls back to the reference.
	if got := c.Localizer(l).T("x.y", nil); got != "un" {
		t.Errorf("fallback %q", got)
	}
}

func TestFrenchPluralCountsZeroAsSingular(t *testing.T) {
	fsys := fstest.MapFS{
		"fr.toml": {Data: []byte("[language]\nname = \"Français\"\n[n]\none = \"{{.Count}} jour\"\nother = \"{{.Count}} jours\"\n")},
		"en.toml": {Data: []byte("[language]\nname = \"English\"\n[n]\none = \"{{.Count}} day\"\nother = \"{{.Count}} days\"\n")},
	}
	c, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	fr, _ := c.Lookup("fr")
	en, _ := c.Lookup("en")
	if got := c.Localizer(fr).N("n", 0, nil); got != "0 jour" {
		t.Errorf("fr 0: %q", got)
	}
	if got := c.Localizer(en).N("n", 0, nil); got != "0 days" {
		t.Errorf("en 0: %q", got)
	}
}

// A file the portal cannot read stops it with the same help the check
// gives: the line, as written, and what to do.
func TestLoadExplainsATOMLMistake(t *testing.T) {
	fsys := fstest.MapFS{
		"fr.toml": {Data: []byte("[language]\nname = \"Français\"\n")},
		"es.toml": {Data: []byte("[language]\nname = \"Español\"\n[login.field]\nlogin = \"Dirección \"e-mail\"\n")},
	}
	_, err := Load(fsys)
	want := "locales/es.toml: not valid TOML at line 4: login = \"Dirección \"e-mail\"\n    (expected a top-level item"
	if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), `Write \" for each one inside`) {
		t.Errorf("error %v, want %q and the hint", err, want)
	}
}
