package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
)

// committedDir is where the generated files are committed.
const committedDir = "../../clientguides/labels"

// TestCommittedLabelsMatchCatalogs regenerates the label files from the
// installed clients and compares them with the committed ones, so the data
// never drifts from the generator or from the packages it describes.
func TestCommittedLabelsMatchCatalogs(t *testing.T) {
	need := []string{
		filepath.Join(DebianPaths.Locale, "fr", "LC_MESSAGES", "pidgin.mo"),
		filepath.Join(DebianPaths.Locale, "fr", "LC_MESSAGES", "gtk20.mo"),
		filepath.Join(DebianPaths.GajimLocale, "fr", "LC_MESSAGES", "gajim.mo"),
		filepath.Join(DebianPaths.Thunderbird, "omni.ja"),
		filepath.Join(DebianPaths.Thunderbird, "extensions", "langpack-fr@thunderbird.mozilla.org.xpi"),
		filepath.Join(DebianPaths.Thunderbird, "extensions", "langpack-de@thunderbird.mozilla.org.xpi"),
	}
	for _, p := range need {
		if _, err := os.Stat(p); err != nil {
			t.Skipf("client catalogs not installed (%s missing): apt-get install pidgin gajim thunderbird thunderbird-l10n-fr thunderbird-l10n-de to run this check", p)
		}
	}
	if _, err := exec.LookPath("dpkg-query"); err != nil {
		t.Skip("dpkg-query not found: this check needs the Debian packages")
	}
	out := t.TempDir()
	if err := run(Config{Out: out, Langs: []string{"fr", "en", "de"}, Paths: DebianPaths}); err != nil {
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
			t.Errorf("%s differs from what the installed catalogs give; run: go run ./cmd/labelgen -out clientguides/labels", name)
			continue
		}
		t.Logf("%s: the installed %s is %s, the committed labels were read from %s; the labels are the same (regenerate to record the version)", name, w.Package, w.Version, g.Version)
	}
}
