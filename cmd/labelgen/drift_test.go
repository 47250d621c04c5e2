package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
)

// committedDir is where the generated files are committed.
const committedDir = "../../clientguides/labels"

// TestCommittedLabelsMatchCatalogs regenerates the label files from the
// installed clients and compares them with the committed ones, so the data
// never drifts from the generator or from the packages it describes.
func TestCommittedLabelsMatchCatalogs(t *testing.T) {
	langs := committedLangs(t)
	need := []string{
		filepath.Join(DebianPaths.Locale, "fr", "LC_MESSAGES", "pidgin.mo"),
		filepath.Join(DebianPaths.Locale, "fr", "LC_MESSAGES", "gtk20.mo"),
		filepath.Join(DebianPaths.GajimLocale, "fr", "LC_MESSAGES", "gajim.mo"),
		filepath.Join(DebianPaths.Thunderbird, "omni.ja"),
	}
	packages := []string{"pidgin", "gajim", "thunderbird"}
	for _, lang := range langs {
		if lang == "en" {
			continue
		}
		need = append(need, filepath.Join(DebianPaths.Thunderbird, "extensions", "langpack-"+mozillaLocale(lang)+"@thunderbird.mozilla.org.xpi"))
		packages = append(packages, packageOf(thunderbird, lang))
	}
	for _, p := range need {
		if _, err := os.Stat(p); err != nil {
			t.Skipf("client catalogs not installed (%s missing): apt-get install %s to run this check", p, strings.Join(packages, " "))
		}
	}
	if _, err := exec.LookPath("dpkg-query"); err != nil {
		t.Skip("dpkg-query not found: this check needs the Debian packages")
	}
	out := t.TempDir()
	if err := run(Config{Out: out, Langs: langs, Paths: DebianPaths}); err != nil {
		t.Fatal(err)
	}
	fresh, _ := filepath.Glob(filepath.Join(out, "*.json"))
	committed, _ := filepath.Glob(filepath.Join(committedDir, "*.json"))
	if len(fresh) != len(committed) {
		t.Errorf("generator writes %d files, %d are committed", len(fresh), len(committed))
	}
	for _, f := range fresh {
		name := filepath.Base(f)
		want, _ := os.ReadFile(f)
		got, err := os.ReadFile(filepath.Join(committedDir, name))
		if err != nil {
			t.Errorf("%s: not committed (%v)", name, err)
			continue
		}
		if bytes.Equal(got, want) {
			continue
		}
		// Debian ships security updates of Thunderbird every few weeks:
		// a new version with the same labels changes nothing a user reads,
		// so it is noted, not failed. Different labels fail.
		var g, w labelSet
		if json.Unmarshal(got, &g) != nil || json.Unmarshal(want, &w) != nil ||
			!reflect.DeepEqual(g.Labels, w.Labels) || !slices.Equal(g.Untranslated, w.Untranslated) || g.Client != w.Client || g.Lang != w.Lang {
			t.Errorf("%s differs from what the installed catalogs give; run: go run ./cmd/labelgen -out clientguides/labels -langs %s", name, strings.Join(langs, ","))
			continue
		}
		t.Logf("%s: the installed %s is %s, the committed labels were read from %s; the labels are the same (regenerate to record the version)", name, w.Package, w.Version, g.Version)
	}
}

// committedLangs are the languages of the committed label files
// (<client>.<lang>.json): a language a translator added is checked like
// the others.
func committedLangs(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(committedDir, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no label files in %s (%v)", committedDir, err)
	}
	var langs []string
	for _, f := range files {
		parts := strings.Split(strings.TrimSuffix(filepath.Base(f), ".json"), ".")
		if len(parts) == 2 && !slices.Contains(langs, parts[1]) {
			langs = append(langs, parts[1])
		}
	}
	sort.Strings(langs)
	return langs
}
