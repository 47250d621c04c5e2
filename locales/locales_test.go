package locales

import (
	"io/fs"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// flatten turns a message file into id → text, the way go-i18n reads it:
// nested tables join their keys with dots.
func flatten(prefix string, m map[string]any, out map[string]string) {
	for k, v := range m {
		id := k
		if prefix != "" {
			id = prefix + "." + k
		}
		switch v := v.(type) {
		case string:
			out[id] = v
		case map[string]any:
			flatten(id, v, out)
		}
	}
}

func load(t *testing.T, name string) map[string]string {
	t.Helper()
	buf, err := fs.ReadFile(FS, name)
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	if err := toml.Unmarshal(buf, &raw); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	out := map[string]string{}
	flatten("", raw, out)
	return out
}

var placeholder = regexp.MustCompile(`\{\{\s*\.(\w+)\s*\}\}`)

func placeholders(s string) string {
	var names []string
	for _, m := range placeholder.FindAllStringSubmatch(s, -1) {
		names = append(names, m[1])
	}
	sort.Strings(names)
	return strings.Join(names, ",")
}

// Every shipped language has exactly the reference's messages, none
// empty, with the same placeholders.
func TestEveryLanguageMatchesTheReference(t *testing.T) {
	ref := load(t, "fr.toml")
	files, _ := fs.Glob(FS, "*.toml")
	if len(files) < 2 {
		t.Fatalf("only %v shipped", files)
	}
	for _, name := range files {
		msgs := load(t, name)
		for id, text := range ref {
			got, ok := msgs[id]
			switch {
			case !ok:
				t.Errorf("%s: missing %s", name, id)
			case strings.TrimSpace(got) == "":
				t.Errorf("%s: %s is empty", name, id)
			case placeholders(got) != placeholders(text):
				t.Errorf("%s: %s has placeholders {%s}, the reference has {%s}", name, id, placeholders(got), placeholders(text))
			}
		}
		for id := range msgs {
			if _, ok := ref[id]; !ok {
				t.Errorf("%s: %s is not in the reference fr.toml", name, id)
			}
		}
	}
}
