package i18n

import (
	"fmt"
	"sync"
	"testing"
	"testing/fstest"

	"imsetup/locales"
)

// Every message of every shipped language reads the same through the cut
// parts as through go-i18n's template, with values in its placeholders,
// without them, and with a value that is not a string.
func TestPartsTranslateLikeGoI18n(t *testing.T) {
	c, err := Load(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	cut := 0
	for _, lang := range c.Languages() {
		l := c.Localizer(lang)
		for id, m := range l.cache.ref {
			names, _ := slotNames(m.text)
			data := map[string]any{}
			for i, n := range names {
				data[n] = fmt.Sprintf("<%s & “%d”>", n, i)
			}
			for _, d := range []map[string]any{data, nil, {"Count": 3, "Name": 7}} {
				want, _ := l.localize(id, d)
				if got := l.T(id, d); got != want {
					t.Errorf("%s %s %v: %q, go-i18n says %q", lang.Code, id, d, got, want)
				}
			}
			if _, ok := l.Parts(id); ok {
				cut++
			}
		}
	}
	if cut == 0 {
		t.Error("no message was cut: the cache is not used")
	}
}

// What is more than text and {{.Name}} goes through go-i18n every time,
// and reads as go-i18n writes it; a message missing in a language comes
// from the reference.
func TestPartsLeaveTemplatesToGoI18n(t *testing.T) {
	c, err := Load(fstest.MapFS{
		"fr.toml": {Data: []byte(`
[language]
name = "Français"
[m]
plain = "Bonjour"
slots = "Bonjour {{.Name}}, {{ .Other }} !"
cond = "{{if .Name}}Bonjour {{.Name}}{{else}}Bonjour{{end}}"
trim = "Bonjour   {{- .Name}}"
pipe = "Bonjour {{.Name | printf \"%q\"}}"
only = "Seulement en français, {{.Name}}"
broken = "Bonjour {{ .Name"
marker = "Bonjour \uE000{{.Name}}"
`)},
		"en.toml": {Data: []byte(`
[language]
name = "English"
[m]
plain = "Hello"
slots = "{{.Other}}: hello {{.Name}}!"
cond = "Hello {{.Name}}"
trim = "Hello {{.Name}}"
pipe = "Hello {{.Name}}"
broken = "Hello {{.Name}}"
marker = "Hello {{.Name}}"
`)},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range []string{"fr", "en"} {
		lang, _ := c.Lookup(code)
		l := c.Localizer(lang)
		for id, cached := range map[string]bool{
			"m.plain": true, "m.slots": true, "m.only": true,
			"m.cond": false, "m.trim": false, "m.pipe": false, "m.broken": false, "m.marker": false,
		} {
			if _, ok := l.Parts(id); ok != cached {
				t.Errorf("%s %s: cut %v, want %v", code, id, ok, cached)
			}
			for _, d := range []map[string]any{{"Name": "Zoé", "Other": "x"}, {"Name": ""}, nil} {
				want, _ := l.localize(id, d)
				if got := l.T(id, d); got != want {
					t.Errorf("%s %s %v: %q, go-i18n says %q", code, id, d, got, want)
				}
			}
		}
	}
	en, _ := c.Lookup("en")
	if got := c.Localizer(en).T("m.only", map[string]any{"Name": "Zoé"}); got != "Seulement en français, Zoé" {
		t.Errorf("a message missing in English: %q", got)
	}
}

// The cache keeps only ids of the message files, whatever a caller asks:
// bounded by messages × languages.
func TestPartsCacheIsBounded(t *testing.T) {
	c, err := Load(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	l := c.Localizer(c.Languages()[0])
	for i := range 1000 {
		id := fmt.Sprintf("no.such.message.%d", i)
		if got := l.T(id, nil); got != id {
			t.Fatalf("unknown message: %q", got)
		}
	}
	n := 0
	l.cache.cut.Range(func(any, any) bool { n++; return true })
	if n != 0 {
		t.Errorf("%d unknown ids cached", n)
	}
}

// One localizer per language serves every request at once.
func TestPartsUnderConcurrentUse(t *testing.T) {
	c, err := Load(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				lang := c.Languages()[(g+i)%len(c.Languages())]
				l := c.Localizer(lang)
				name := fmt.Sprintf("user %d-%d", g, i)
				want, _ := l.localize("home.title", map[string]any{"Name": name})
				if got := l.T("home.title", map[string]any{"Name": name}); got != want {
					t.Errorf("%s: %q, want %q", lang.Code, got, want)
					return
				}
			}
		}()
	}
	wg.Wait()
	if c.Localizer(c.Languages()[0]) != c.Localizer(c.Languages()[0]) {
		t.Error("a new localizer per call: the cut messages would be lost")
	}
}
