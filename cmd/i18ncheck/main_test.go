package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const refFile = `[language]
name = "Français"

[guide]
title = "Configurer {{.Client}}"
back = "Revenir au choix du logiciel"

[login.error.throttled]
one = "Réessayez dans {{.Count}} minute."
other = "Réessayez dans {{.Count}} minutes."
`

// checkDir writes the files into a fresh folder and runs the command on it
// as a translator would: go run ./cmd/i18ncheck -dir DIR.
func checkDir(t *testing.T, files map[string]string) (int, string) {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var stdout, stderr bytes.Buffer
	code := run([]string{"-dir", dir}, &stdout, &stderr)
	return code, stdout.String() + stderr.String()
}

func TestShippedLocalesPass(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-dir", "../../locales"}, &stdout, &stderr); code != 0 {
		t.Fatalf("status %d:\n%s%s", code, stdout.String(), stderr.String())
	}
	if !strings.Contains(stdout.String(), "All message files match") {
		t.Errorf("no all-clear:\n%s", stdout.String())
	}
}

func TestACompleteTranslationPasses(t *testing.T) {
	code, out := checkDir(t, map[string]string{"fr.toml": refFile, "de.toml": `[language]
name = "Deutsch"
[guide]
title = "{{.Client}} einrichten"
back = "Zurück zur Programmauswahl"
[login.error.throttled]
one = "Versuchen Sie es in {{.Count}} Minute erneut."
other = "Versuchen Sie es in {{.Count}} Minuten erneut."
`})
	if code != 0 {
		t.Fatalf("status %d:\n%s", code, out)
	}
}

// The command fails, and says where, on each mistake a translator makes.
func TestMistakesFailTheCheck(t *testing.T) {
	for name, tc := range map[string]struct{ file, want string }{
		"missing key": {`[language]
name = "Deutsch"
[guide]
title = "{{.Client}} einrichten"
[login.error.throttled]
one = "{{.Count}} Minute"
other = "{{.Count}} Minuten"
`, "de.toml: guide.back: missing"},
		"wrong placeholder": {`[language]
name = "Deutsch"
[guide]
title = "{{.Programm}} einrichten"
back = "Zurück"
[login.error.throttled]
one = "{{.Count}} Minute"
other = "{{.Count}} Minuten"
`, "de.toml: guide.title: placeholders {Programm}"},
		"lost placeholder": {`[language]
name = "Deutsch"
[guide]
title = "Einrichten"
back = "Zurück"
[login.error.throttled]
one = "{{.Count}} Minute"
other = "{{.Count}} Minuten"
`, "de.toml: guide.title: placeholders {}"},
		"plural form the language lacks": {`[language]
name = "Deutsch"
[guide]
title = "{{.Client}} einrichten"
back = "Zurück"
[login.error.throttled]
one = "{{.Count}} Minute"
few = "{{.Count}} Minuten"
other = "{{.Count}} Minuten"
`, `de.toml: login.error.throttled: plural form "few" does not exist`},
		"empty text": {`[language]
name = "Deutsch"
[guide]
title = "{{.Client}} einrichten"
back = ""
[login.error.throttled]
one = "{{.Count}} Minute"
other = "{{.Count}} Minuten"
`, "de.toml: guide.back: empty text"},
		"not TOML":            {"[language\nname = Deutsch", "de.toml: not valid TOML"},
		"copied, not renamed": {strings.Replace(refFile, "Configurer", "Einrichten:", 1), `de.toml: language.name: "Français" is already fr.toml's name`},
	} {
		t.Run(name, func(t *testing.T) {
			code, out := checkDir(t, map[string]string{"fr.toml": refFile, "de.toml": tc.file})
			if code != 1 {
				t.Errorf("status %d, want 1:\n%s", code, out)
			}
			if !strings.Contains(out, tc.want) || !strings.Contains(out, "\n1 problem to fix.\n") {
				t.Errorf("no %q in:\n%s", tc.want, out)
			}
		})
	}
}

func TestAFolderWithoutTheReferenceFails(t *testing.T) {
	code, out := checkDir(t, map[string]string{"de.toml": `[language]
name = "Deutsch"
`})
	if code == 0 || !strings.Contains(out, "fr.toml") {
		t.Errorf("status %d:\n%s", code, out)
	}
}

func TestBadFlagIsUsageError(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-nope"}, &stdout, &stderr); code != 2 {
		t.Errorf("status %d, want 2", code)
	}
}

// The common TOML mistakes are named for a translator: the line as
// written and what to do, not only the parser's words.
func TestTOMLMistakesGetAHint(t *testing.T) {
	for _, tc := range []struct{ line, want string }{
		{`back = "Zurück zur "Auswahl""`, `de.toml: not valid TOML at line 6: back = "Zurück zur "Auswahl""` + "\n" +
			`    (expected a top-level item to end with a newline, comment, or EOF, but got 'A' instead)` + "\n" +
			`    A " inside a text ends it. Write \" for each one inside ("un \"mot\""), use your language's quotation marks (« », “ ”, „ “), or put the whole text between ''' and ''' ('''un "mot"''').`},
		{`back = "Zurück`, `line 6: back = "Zurück` + "\n" + `    (strings cannot contain newlines)` + "\n" + `    The text's closing " is missing`},
		{`back = Zurück`, `Put the text between quotes: name = "text".`},
		{`back = "C:\Programme"`, `write \\ for a backslash itself`},
		{`back = """Zurück`, `line 6: back = """Zurück` + "\n" + `    (unexpected EOF; expected '"""')` + "\n" + `    A text opened with three quotes`},
		{`title = "Noch einmal"`, `The same name appears twice in one section: keep one.`},
		{`back "Zurück"`, `Each message is a name, =, then the text in quotes`},
		{`[guide.more`, `line 6: [guide.more` + "\n" + `    (expected '.' or ']' to end table name, but got '\n' instead)` + "\n" + `    A section line is a name between [ and ]`},
	} {
		// The German file, its line 6 (guide.back's) written wrong.
		lines := strings.Split(refFile, "\n")
		lines[1], lines[5] = `name = "Deutsch"`, tc.line
		file := strings.Join(lines, "\n")
		code, out := checkDir(t, map[string]string{"fr.toml": refFile, "de.toml": file})
		if code != 1 || !strings.Contains(out, tc.want) {
			t.Errorf("%s: status %d, want 1 and\n%s\nin:\n%s", tc.line, code, tc.want, out)
		}
	}
}

// A file copied and partly translated passes, and the check says how
// much of it still reads as the file it was copied from; -same lists
// which messages. A file with nothing in common is not named.
func TestItSaysWhatIsLeftToTranslate(t *testing.T) {
	en := `[language]
name = "English"
[guide]
title = "Set up {{.Client}}"
back = "Back to the choice of program"
[login.error.throttled]
one = "Try again in {{.Count}} minute."
other = "Try again in {{.Count}} minutes."
`
	// Copied from fr.toml: the name and the title translated, the rest not.
	es := strings.NewReplacer(`"Français"`, `"Español"`, `"Configurer {{.Client}}"`, `"Configurar {{.Client}}"`).Replace(refFile)
	files := map[string]string{"fr.toml": refFile, "en.toml": en, "es.toml": es}
	code, out := checkDir(t, files)
	if code != 0 || !strings.Contains(out, "  es.toml: 3 messages, 2 as in fr.toml\n") || strings.Contains(out, "  en.toml:") || strings.Contains(out, "  fr.toml:") ||
		!strings.Contains(out, "-same lists them") || !strings.Contains(out, "All message files match the reference fr.toml") {
		t.Errorf("status %d:\n%s", code, out)
	}
	dir := t.TempDir()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-dir", dir, "-same"}, &stdout, &stderr); code != 0 {
		t.Fatalf("-same: status %d\n%s", code, stderr.String())
	}
	if listed := "\nes.toml, as in fr.toml:\n  guide.back\n  login.error.throttled\n"; !strings.Contains(stdout.String(), listed) {
		t.Errorf("-same does not list\n%s\nin:\n%s", listed, stdout.String())
	}
	// Nothing left: not a word about it.
	es = strings.NewReplacer(`"Revenir au choix du logiciel"`, `"Volver"`, "Réessayez dans", "Reintente en").Replace(es)
	files["es.toml"] = es
	if _, out := checkDir(t, files); strings.Contains(out, "es.toml") {
		t.Errorf("a translated file is reported:\n%s", out)
	}
}
