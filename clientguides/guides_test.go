package clientguides

import (
	"regexp"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"imsetup/internal/i18n"
	"imsetup/locales"
)

// messages lists every message id a guide uses, with the slot names each
// sentence fills.
func messages(g *Guide) map[string][]string {
	out := map[string][]string{g.Versions: nil, g.Summary: nil}
	addAll := func(ss []Sentence) {
		for _, s := range ss {
			var names []string
			for name := range s.Slots {
				names = append(names, name)
			}
			sort.Strings(names)
			out[s.Msg] = names
		}
	}
	for _, st := range g.Steps {
		out[st.Title] = nil
		addAll(st.Sentences)
		addAll(st.After)
		for _, f := range st.Fields {
			if f.Hint != "" {
				out[f.Hint] = nil
			}
		}
		if st.Cert != nil {
			addAll(st.Cert.Where)
			addAll(st.Cert.Accept)
		}
	}
	return out
}

// labelIDs lists every client label id a guide quotes.
func labelIDs(g *Guide) []string {
	var ids []string
	addSlots := func(ss []Sentence) {
		for _, s := range ss {
			for _, sl := range s.Slots {
				if sl.Label != "" {
					ids = append(ids, sl.Label)
				}
				ids = append(ids, sl.Path...)
			}
		}
	}
	for _, st := range g.Steps {
		addSlots(st.Sentences)
		addSlots(st.After)
		for _, f := range st.Fields {
			if f.Label != "" {
				ids = append(ids, f.Label)
			}
			if f.Choice != "" {
				ids = append(ids, f.Choice)
			}
		}
		if st.Cert != nil {
			addSlots(st.Cert.Where)
			addSlots(st.Cert.Accept)
		}
	}
	return ids
}

var placeholder = regexp.MustCompile(`\x{E000}(\w+)\x{E001}`)

// Each sentence's translation, in every language, uses exactly the slots
// the guide fills: no label is lost, none is left as a raw placeholder.
func TestGuideMessagesExistWithTheirSlots(t *testing.T) {
	cat, err := i18n.Load(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range cat.Languages() {
		l := cat.Localizer(lang)
		for _, g := range All() {
			for id, slots := range messages(g) {
				data := map[string]any{}
				for _, s := range slots {
					data[s] = "\uE000" + s + "\uE001"
				}
				text := l.T(id, data)
				if text == id {
					t.Errorf("%s: %s: message %s is missing", lang.Code, g.Client, id)
					continue
				}
				var got []string
				for _, m := range placeholder.FindAllStringSubmatch(text, -1) {
					got = append(got, m[1])
				}
				sort.Strings(got)
				if strings.Join(got, ",") != strings.Join(slots, ",") {
					t.Errorf("%s: %s: %s uses slots %v, the guide fills %v", lang.Code, g.Client, id, got, slots)
				}
				if strings.Contains(text, "<no value>") {
					t.Errorf("%s: %s: %s has a placeholder the guide does not fill", lang.Code, g.Client, id)
				}
			}
		}
	}
}

// Every label a guide quotes is in every label file of its client, so no
// page ever shows a label id instead of the client's words.
func TestGuideLabelsExistInEveryLanguage(t *testing.T) {
	all, err := loadLabels(labelFiles)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range All() {
		n := 0
		for key, set := range all {
			if set.Client != g.Client {
				continue
			}
			n++
			for _, id := range labelIDs(g) {
				if text, ok := set.Text(id); !ok || strings.TrimSpace(text) == "" {
					t.Errorf("%s: label %s missing", key, id)
				}
			}
		}
		if n < 3 {
			t.Errorf("%s: labels in %d languages, want fr, en and de", g.Client, n)
		}
	}
}

func TestValuesSplitTheJIDForPidgin(t *testing.T) {
	v := NewValues("jeanne.martin@example.com", "xmpp.example.com", 5222)
	for k, want := range map[ValueKind]string{JID: "jeanne.martin@example.com", Username: "jeanne.martin", Domain: "example.com", Server: "xmpp.example.com", Port: "5222"} {
		if got := v.Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
}

func TestForPlatform(t *testing.T) {
	first := map[Platform]ClientID{Linux: Gajim, Windows: Thunderbird, MacOS: Thunderbird, "": Thunderbird}
	for p, want := range first {
		if got := ForPlatform(p)[0].Client; got != want {
			t.Errorf("%q: first %s, want %s", p, got, want)
		}
		if len(ForPlatform(p)) != 3 {
			t.Errorf("%q: every guide must stay on offer", p)
		}
	}
}

// Label files are found by name, <file>.<lang>.json, so that a client can
// have one set per version; a file whose content says another client or
// language is refused.
func TestLabelFilesByName(t *testing.T) {
	set := func(client, lang string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte(`{"client":"` + client + `","lang":"` + lang + `","labels":{"a":"` + client + lang + `"}}`)}
	}
	all, err := loadLabels(fstest.MapFS{
		"labels/gajim.fr.json":     set("gajim", "fr"),
		"labels/gajim-2.6.fr.json": set("gajim", "fr"),
		"labels/gajim-2.6.de.json": set("gajim", "de"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 3 || all["gajim-2.6.fr"] == nil || all["gajim.fr"] == nil || all["gajim-2.6.de"].Labels["a"] != "gajimde" {
		t.Errorf("loaded %v", all)
	}
	for name, f := range map[string]*fstest.MapFile{
		"labels/gajim-2.6.fr.json":  set("gajim", "de"),
		"labels/pidgin-2.6.fr.json": set("gajim", "fr"),
		"labels/gajimx.fr.json":     set("gajim", "fr"),
	} {
		if _, err := loadLabels(fstest.MapFS{name: f}); err == nil {
			t.Errorf("%s holding %s was accepted", name, f.Data)
		}
	}
}
