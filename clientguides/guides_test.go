package clientguides

import (
	"image"
	_ "image/png"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"imsetup/internal/i18n"
	"imsetup/locales"
	"imsetup/static"
)

// messages lists every message id a guide uses, with the slot names each
// sentence fills.
func messages(g *Guide) map[string][]string {
	out := map[string][]string{g.Versions: nil, g.Summary: nil}
	for _, s := range g.Sentences() {
		var names []string
		for name := range s.Slots {
			names = append(names, name)
		}
		sort.Strings(names)
		out[s.Msg] = names
	}
	for _, st := range g.Steps {
		out[st.Title] = nil
		for _, f := range st.Fields {
			if f.Hint != "" {
				out[f.Hint] = nil
			}
		}
	}
	return out
}

// labelIDs lists every client label id a guide quotes.
func labelIDs(g *Guide) []string {
	var ids []string
	for _, s := range g.Sentences() {
		for _, sl := range s.Slots {
			if sl.Label != "" {
				ids = append(ids, sl.Label)
			}
			ids = append(ids, sl.Path...)
		}
	}
	for _, st := range g.Steps {
		for _, f := range st.Fields {
			if f.Label != "" {
				ids = append(ids, f.Label)
			}
			if f.Choice != "" {
				ids = append(ids, f.Choice)
			}
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
		for _, g := range Every() {
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

// Every label a guide quotes is in every language's file of the version it
// follows, so no page ever shows a label id instead of the client's words.
func TestGuideLabelsExistInEveryLanguage(t *testing.T) {
	all, err := loadLabels(labelFiles)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range Every() {
		n := 0
		for key, set := range all {
			if !strings.HasPrefix(key, g.labelFile()+".") || strings.Contains(strings.TrimPrefix(key, g.labelFile()+"."), ".") {
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
			t.Errorf("%s %s: labels in %d languages, want fr, en and de", g.Client, g.Version, n)
		}
	}
}

// A client with several guides names each version line once, and each
// guide reads its own version's labels: a version's guide never quotes
// another version's words.
func TestVersionedGuides(t *testing.T) {
	for _, g := range All() {
		versions := VersionsOf(g.Client)
		if versions[0] != g {
			t.Errorf("%s: the default guide is not the newest version's", g.Client)
		}
		if def, ok := GetVersion(g.Client, ""); !ok || def != g {
			t.Errorf("%s: no default guide", g.Client)
		}
		if len(versions) == 1 {
			if g.Version != "" || g.Path() != "/guides/"+string(g.Client) {
				t.Errorf("%s: a single guide has no version (%q, %s)", g.Client, g.Version, g.Path())
			}
			if _, ok := GetVersion(g.Client, "1"); ok {
				t.Errorf("%s: a version of a single guide was found", g.Client)
			}
			continue
		}
		seen := map[string]bool{}
		for _, v := range versions {
			if v.Version == "" || seen[v.Version] || seen[v.labelFile()] || v.Client != g.Client {
				t.Errorf("%s: version %q (labels %s) is empty or repeated", g.Client, v.Version, v.labelFile())
			}
			seen[v.Version], seen[v.labelFile()] = true, true
			if got, ok := GetVersion(g.Client, v.Version); !ok || got != v {
				t.Errorf("%s %s: not found by its version", g.Client, v.Version)
			}
			if len(v.Recognize) == 0 {
				t.Errorf("%s %s: nothing tells its users it is their version", g.Client, v.Version)
			}
			labels, err := v.Labels("fr")
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(labels.ClientVersion(), strings.TrimPrefix(v.labelFile(), string(g.Client)+"-")) {
				t.Errorf("%s %s: labels read from %s, not from %s", g.Client, v.Version, labels.Version, v.labelFile())
			}
		}
		if _, ok := GetVersion(g.Client, "0.16"); ok {
			t.Errorf("%s: an unknown version was found", g.Client)
		}
	}
}

// Gajim's guides differ where the versions do: how the wizard is opened,
// and what the certificate rows are called.
func TestGajimVersionsOpenTheWizardTheirOwnWay(t *testing.T) {
	want := map[string][]string{
		"2.3": {"prefs.open", "prefs.accounts", "prefs.addAccount"},
		"2.0": {"menu.accounts", "menu.addAccount", "menu.accounts", "menu.manageAccount", "page.addAccount"},
		"1.7": {"menu.accounts", "menu.addAccount", "menu.accounts", "menu.modifyAccount", "page.addAccount"},
	}
	for _, g := range VersionsOf(Gajim) {
		var got []string
		for _, s := range g.Steps[0].Sentences {
			for _, name := range sortedSlots(s) {
				sl := s.Slots[name]
				if sl.Label != "" {
					got = append(got, sl.Label)
				}
				got = append(got, sl.Path...)
			}
		}
		sort.Strings(got)
		w := append([]string(nil), want[g.Version]...)
		sort.Strings(w)
		if strings.Join(got, " ") != strings.Join(w, " ") {
			t.Errorf("Gajim %s opens the wizard with %v, want %v", g.Version, got, w)
		}
	}
}

func sortedSlots(s Sentence) []string {
	var names []string
	for n := range s.Slots {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
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

// Every picture a step names exists in every language the portal ships,
// under static/, so a page never shows a broken image.
func TestIllustrationsExist(t *testing.T) {
	n := 0
	for _, g := range Every() {
		for _, st := range g.Steps {
			if st.Illustration == "" {
				continue
			}
			n++
			for _, lang := range []string{"fr", "en", "de"} {
				p := filepath.Join("..", "static", filepath.FromSlash(strings.ReplaceAll(st.Illustration, "{lang}", lang)))
				if _, err := os.Stat(p); err != nil {
					t.Errorf("%s %s, step %s: %v", g.Client, g.Version, st.Title, err)
				}
			}
		}
	}
	if n == 0 {
		t.Error("no step has a picture")
	}
}

// Every picture is embedded in the binary, not only committed, in each
// language the guide's labels come in (the screenshot shows the client in
// the page's label language), and is a PNG the page can give the size of.
func TestIllustrationsAreEmbeddedInEveryLabelLanguage(t *testing.T) {
	all, err := loadLabels(labelFiles)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range Every() {
		for i, st := range g.Steps {
			if st.Illustration == "" {
				continue
			}
			if !strings.Contains(st.Illustration, LangPlaceholder) || !strings.HasPrefix(st.Illustration, "img/guides/") {
				t.Errorf("%s %s step %d: picture %q must be under img/guides/ and name the language with %s", g.Client, g.Version, i+1, st.Illustration, LangPlaceholder)
			}
			for _, set := range all {
				if set.Client != g.Client {
					continue
				}
				p := st.IllustrationPath(set.Lang)
				f, err := static.FS.Open(p)
				if err != nil {
					t.Errorf("%s %s step %d (%s): %s is not embedded: %v", g.Client, g.Version, i+1, set.Lang, p, err)
					continue
				}
				if _, _, err := image.DecodeConfig(f); err != nil {
					t.Errorf("%s: not a PNG: %v", p, err)
				}
				f.Close()
			}
		}
	}
}

// Every picture of every guide says what it shows: alt text naming what to
// look for and a caption of its own (a picture without them is not shown);
// and at least half of Thunderbird's and Pidgin's steps have one.
func TestEveryPictureSaysWhatItShows(t *testing.T) {
	for _, g := range Every() {
		n := 0
		for i, st := range g.Steps {
			if st.Illustration == "" {
				if st.Figure != nil {
					t.Errorf("%s %s step %d: words for a picture it does not have", g.Client, g.Version, i+1)
				}
				continue
			}
			n++
			if st.Figure == nil || st.Figure.Alt.Msg == "" || st.Figure.Caption.Msg == "" || st.Figure.Alt.Msg == st.Figure.Caption.Msg {
				t.Errorf("%s %s step %d: picture without its own alt text and caption", g.Client, g.Version, i+1)
			}
		}
		if min := len(g.Steps) / 2; g.Client != Gajim && n < min {
			t.Errorf("%s %s: %d of %d steps illustrated, want at least %d", g.Client, g.Version, n, len(g.Steps), min)
		}
	}
}

// Thunderbird's guides differ where 140 and 153 do, and nowhere else: the
// first start (153's account hub, 140's account setup tab), and the
// pictures, each version its own.
func TestThunderbirdVersionsDifferOnlyWhereTheClientsDo(t *testing.T) {
	versions := VersionsOf(Thunderbird)
	if len(versions) != 2 || versions[0].Version != "153" || versions[1].Version != "140" {
		t.Fatalf("Thunderbird guides %v, want 153 then 140", versions)
	}
	v153, v140 := versions[0], versions[1]
	if len(v153.Steps) != len(v140.Steps) {
		t.Fatalf("153 has %d steps, 140 %d", len(v153.Steps), len(v140.Steps))
	}
	first := func(g *Guide) []string {
		var ids []string
		s := g.Steps[0].Sentences[0]
		for _, name := range sortedSlots(s) {
			ids = append(ids, s.Slots[name].Label)
		}
		return ids
	}
	if got := strings.Join(first(v153), " "); got != "hub.title hub.minimize hub.welcome" {
		t.Errorf("153's first start quotes %s", got)
	}
	if got := strings.Join(first(v140), " "); got != "setup.heading setup.tab" {
		t.Errorf("140's first start quotes %s", got)
	}
	for i := range v153.Steps {
		a, b := v153.Steps[i], v140.Steps[i]
		if i > 0 && !reflect.DeepEqual(a.Sentences, b.Sentences) {
			t.Errorf("step %d says something else in 140", i+1)
		}
		if !reflect.DeepEqual(a.Fields, b.Fields) || !reflect.DeepEqual(a.After, b.After) || !reflect.DeepEqual(a.Cert, b.Cert) || !reflect.DeepEqual(a.Figure, b.Figure) {
			t.Errorf("step %d differs between 153 and 140", i+1)
		}
		if a.Illustration != strings.Replace(b.Illustration, "/thunderbird-140/", "/thunderbird-153/", 1) || (b.Illustration != "" && !strings.Contains(b.Illustration, "/thunderbird-140/")) {
			t.Errorf("step %d: pictures %q and %q", i+1, a.Illustration, b.Illustration)
		}
	}
}
