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

// In French, a plain space before a colon (or ;, ?, !, » and after «) lets
// the browser break the line there, leaving the colon alone at the start
// of the next line: the check asks for a no-break space, in the reference
// and in any other French file, and accepts U+00A0 or U+202F.
func TestCheckFindsBreakableSpacesInFrench(t *testing.T) {
	fsys := fstest.MapFS{
		"fr.toml": {Data: []byte("[a]\n" +
			"colon = \"Remplissez les champs ainsi :\"\n" +
			"quotes = \"se termine par « … »\"\n" +
			"question = \"Identiques ? Alors seulement ; acceptez !\"\n" +
			"good = \"ainsi\u00a0: «\u00a0…\u00a0»\u202f; identiques\u202f? oui\u202f!\"\n" +
			"url = \"https://example.com/?lang=fr, 10:30\"\n")},
		"fr-CA.toml": {Data: []byte("[a]\ncolon = \"ainsi :\"\nquotes = \"«\u00a0…\u00a0»\"\nquestion = \"?\"\ngood = \"x\"\nurl = \"y\"\n")},
		"en.toml":    {Data: []byte("[a]\ncolon = \"like this :\"\nquotes = \"« x »\"\nquestion = \"same ?\"\ngood = \"x\"\nurl = \"y\"\n")},
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
		`fr.toml: a.colon: a plain space before ":" lets a line break there: type a no-break space (U+00A0) instead`,
		`fr.toml: a.quotes: a plain space after "«"`,
		`fr.toml: a.quotes: a plain space before "»"`,
		`fr.toml: a.question: a plain space before "?" lets a line break there: type a narrow no-break space (U+202F) instead`,
		`fr.toml: a.question: a plain space before ";"`,
		`fr.toml: a.question: a plain space before "!"`,
		`fr-CA.toml: a.colon: a plain space before ":"`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("no %q in:\n%s", want, all)
		}
	}
	for _, wrong := range []string{"a.good", "a.url", "en.toml", "fr-CA.toml: a.quotes"} {
		if strings.Contains(all, wrong) {
			t.Errorf("%s reported:\n%s", wrong, all)
		}
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
