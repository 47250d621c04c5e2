package i18n

import (
	"strings"
	"testing"
	"testing/fstest"

	"imsetup/locales"
)

func TestShippedFilesAreClean(t *testing.T) {
	problems, err := Check(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Error(p)
	}
}

func TestCheckFindsWhatATranslatorMustFix(t *testing.T) {
	fsys := fstest.MapFS{
		"fr.toml": {Data: []byte(`
[a]
hello = "Bonjour {{.Name}}"
bye = "Au revoir"
[n]
one = "{{.Count}} jour"
other = "{{.Count}} jours"
`)},
		"de.toml": {Data: []byte(`
[a]
hello = "Hallo {{.Nom}}"
extra = "Unbenutzt"
[n]
one = "{{.Count}} Tag"
few = "{{.Count}} Tage"
other = ""
`)},
	}
	problems, err := Check(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range problems {
		got = append(got, p.String())
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{
		"de.toml: a.bye: missing",
		"de.toml: a.hello: placeholders {Nom}",
		"de.toml: a.extra: unused",
		`de.toml: n: plural form "few" does not exist in this language`,
		"de.toml: n: empty text (form other)",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("no %q in:\n%s", want, all)
		}
	}
	if strings.Contains("\n"+all, "\nfr.toml:") {
		t.Errorf("the reference itself is reported:\n%s", all)
	}
}

func TestValidForms(t *testing.T) {
	if f := validForms("fr"); !f["one"] || !f["other"] || f["few"] {
		t.Errorf("fr: %v", f)
	}
	if f := validForms("pl"); !f["few"] || !f["many"] {
		t.Errorf("pl: %v", f)
	}
	if f := validForms("ja"); f["one"] || !f["other"] {
		t.Errorf("ja: %v", f)
	}
}

// A file copied from another and not renamed would show the same name
// twice in the language menu.
func TestCheckFindsACopiedLanguageName(t *testing.T) {
	fsys := fstest.MapFS{
		"fr.toml": {Data: []byte("[language]\nname = \"Français\"\n")},
		"en.toml": {Data: []byte("[language]\nname = \"English\"\n")},
		"es.toml": {Data: []byte("[language]\nname = \"Français\"\n")},
		"it.toml": {Data: []byte("[language]\nname = \"English\"\n")},
		"de.toml": {Data: []byte("[language]\nname = \"Deutsch\"\n")},
	}
	problems, err := Check(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range problems {
		got = append(got, p.String())
	}
	want := []string{
		`es.toml: language.name: "Français" is already fr.toml's name: write your language's name in your language (Español, Italiano...); the language menu shows it`,
		`it.toml: language.name: "English" is already en.toml's name: write your language's name in your language (Español, Italiano...); the language menu shows it`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
