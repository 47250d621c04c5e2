package i18n

import (
	"fmt"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// Problem is one thing a translator must fix in a message file.
type Problem struct {
	File string
	ID   string
	What string
}

func (p Problem) String() string {
	if p.ID == "" {
		return p.File + ": " + p.What
	}
	return fmt.Sprintf("%s: %s: %s", p.File, p.ID, p.What)
}

// pluralForms are go-i18n's names of CLDR plural categories.
var pluralForms = []string{"zero", "one", "two", "few", "many", "other"}

// message is one entry of a file: a plain text, or plural forms.
type message struct {
	forms map[string]string // "" for a plain text
}

// Check compares every message file in fsys with the reference fr.toml and
// returns what is missing, unused (not in the reference), empty, or broken:
// placeholders that differ from the reference, plural categories the
// language does not have, and in French a plain space where a line must
// not break (before ":", after "«"...). No problems means the file is
// ready to ship.
func Check(fsys fs.FS) ([]Problem, error) {
	names, err := fs.Glob(fsys, "*.toml")
	if err != nil {
		return nil, err
	}
	refName := Reference + ".toml"
	ref, err := readMessages(fsys, refName)
	if err != nil {
		return []Problem{{File: refName, What: err.Error()}}, nil
	}
	var out []Problem
	// A copied file that keeps the name it was copied from would show two
	// "Français" in the language switcher.
	named := map[string]string{ref[NameID].any(): refName}
	for _, name := range names {
		msgs, err := readMessages(fsys, name)
		if err != nil {
			out = append(out, Problem{File: name, What: err.Error()})
			continue
		}
		out = append(out, compare(name, ref, msgs)...)
		if code := strings.TrimSuffix(path.Base(name), ".toml"); isFrench(code) {
			out = append(out, checkFrenchSpacing(name, msgs)...)
		}
		if name == refName {
			continue
		}
		langName := strings.TrimSpace(msgs[NameID].any())
		if other, ok := named[langName]; ok && langName != "" {
			out = append(out, Problem{File: name, ID: NameID, What: fmt.Sprintf("%q is already %s's name: write your language's name in your language (Español, Italiano...); the language menu shows it", langName, other)})
			continue
		}
		named[langName] = name
	}
	return out, nil
}

// checkFrenchSpacing reports every breakable space a French file has
// where French typography wants a no-break one (see frenchSpacing).
func checkFrenchSpacing(name string, msgs map[string]message) []Problem {
	var out []Problem
	for _, id := range sortedKeys(msgs) {
		for _, form := range sortedKeys(msgs[id].forms) {
			for _, what := range frenchSpacing(msgs[id].forms[form]) {
				out = append(out, Problem{File: name, ID: id, What: what + formSuffix(form)})
			}
		}
	}
	return out
}

func compare(name string, ref, msgs map[string]message) []Problem {
	var out []Problem
	add := func(id, format string, a ...any) {
		out = append(out, Problem{File: name, ID: id, What: fmt.Sprintf(format, a...)})
	}
	code := strings.TrimSuffix(path.Base(name), ".toml")
	valid := validForms(code)
	for _, id := range sortedKeys(ref) {
		m, ok := msgs[id]
		if !ok {
			add(id, "missing: translate the reference text %q", ref[id].any())
			continue
		}
		want := placeholders(ref[id].any())
		for form, text := range m.forms {
			if strings.TrimSpace(text) == "" {
				add(id, "empty text%s", formSuffix(form))
			}
			if got := placeholders(text); got != want {
				add(id, "placeholders {%s}%s, the reference has {%s}: keep them exactly", got, formSuffix(form), want)
			}
			if form != "" && !valid[form] {
				add(id, "plural form %q does not exist in this language (it has: %s)", form, strings.Join(sortedKeys(valid), ", "))
			}
		}
		_, refPlain := ref[id].forms[""]
		_, plain := m.forms[""]
		switch {
		case refPlain != plain && refPlain:
			add(id, "the reference is a plain text, not plural forms")
		case refPlain != plain:
			add(id, "the reference has plural forms (one, other...): give them too")
		case !plain:
			// "other" is what go-i18n falls back to; "one" is the form
			// every language that has it needs (1 item).
			for _, form := range []string{"one", "other"} {
				if _, ok := m.forms[form]; !ok && valid[form] {
					add(id, "plural form %q is missing", form)
				}
			}
		}
	}
	for _, id := range sortedKeys(msgs) {
		if _, ok := ref[id]; !ok {
			add(id, "unused: this id is not in the reference %s.toml; remove it or check its spelling", Reference)
		}
	}
	return out
}

func formSuffix(form string) string {
	if form == "" {
		return ""
	}
	return " (form " + form + ")"
}

// any returns some text of the message, for hints and placeholders.
func (m message) any() string {
	if t, ok := m.forms[""]; ok {
		return t
	}
	return m.forms["other"]
}

// readMessages parses a file the way go-i18n does: nested tables join
// their keys with dots, and a table of plural forms is one message.
func readMessages(fsys fs.FS, name string) (map[string]message, error) {
	buf, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	var raw map[string]any
	if err := toml.Unmarshal(buf, &raw); err != nil {
		if err2 := explainTOML(buf, err); err2 != err {
			return nil, err2
		}
		return nil, fmt.Errorf("not valid TOML: %v", err)
	}
	out := map[string]message{}
	var walk func(prefix string, m map[string]any) error
	walk = func(prefix string, m map[string]any) error {
		for k, v := range m {
			id := k
			if prefix != "" {
				id = prefix + "." + k
			}
			switch v := v.(type) {
			case string:
				out[id] = message{forms: map[string]string{"": v}}
			case map[string]any:
				if forms, ok := pluralTable(v); ok {
					out[id] = message{forms: forms}
				} else if err := walk(id, v); err != nil {
					return err
				}
			default:
				return fmt.Errorf("%s: a message must be text in quotes", id)
			}
		}
		return nil
	}
	return out, walk("", raw)
}

// pluralTable reports whether a table holds plural forms (only plural
// category names with text).
func pluralTable(m map[string]any) (map[string]string, bool) {
	forms := map[string]string{}
	for k, v := range m {
		s, ok := v.(string)
		if !ok || !isPluralForm(k) {
			return nil, false
		}
		forms[k] = s
	}
	return forms, len(forms) > 0
}

func isPluralForm(k string) bool {
	for _, f := range pluralForms {
		if k == f {
			return true
		}
	}
	return false
}

var placeholderRE = regexp.MustCompile(`\{\{\s*\.(\w+)\s*\}\}`)

func placeholders(s string) string {
	var names []string
	for _, m := range placeholderRE.FindAllStringSubmatch(s, -1) {
		names = append(names, m[1])
	}
	sort.Strings(names)
	return strings.Join(names, ",")
}

// validForms finds the plural categories a language uses by asking
// go-i18n's own CLDR rules which form it picks for many counts.
func validForms(code string) map[string]bool {
	tag, err := language.Parse(code)
	if err != nil {
		return map[string]bool{"other": true}
	}
	b := goi18n.NewBundle(tag)
	msg := &goi18n.Message{ID: "p", Zero: "zero", One: "one", Two: "two", Few: "few", Many: "many", Other: "other"}
	l := goi18n.NewLocalizer(b, tag.String())
	seen := map[string]bool{}
	counts := []any{}
	for n := 0; n <= 1000; n++ {
		counts = append(counts, n)
	}
	counts = append(counts, 1000000, "0.5", "1.5", "2.5", "1.0")
	for _, c := range counts {
		s, err := l.Localize(&goi18n.LocalizeConfig{DefaultMessage: msg, PluralCount: c})
		if err == nil {
			seen[s] = true
		}
	}
	return seen
}

// sortedKeys are m's keys in order, for reports that read the same each run.
func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
