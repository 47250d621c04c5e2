package main

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// gnome-keyring 48 to 50 show their keyring windows in English whatever
// the language (Debian 13's 48.0-1 was seen so under Gajim 2.1.1): the
// labels are then the msgids, listed as untranslated, though the catalog
// has translations; gcr's buttons, in the same window, stay translated.
func TestKeyringLabelsFollowTheDaemonThatShowsThem(t *testing.T) {
	dir, paths := fakeTree(t)
	writeFile(t, filepath.Join(dir, paths.Locale, "fr", "LC_MESSAGES", "gnome-keyring.mo"), buildMO(t, binary.LittleEndian, map[string]string{
		"Choose password for new keyring": "Choisissez le mot de passe du nouveau trousseau de clés",
	}))
	writeFile(t, filepath.Join(dir, paths.Locale, "fr", "LC_MESSAGES", "gcr.mo"), buildMO(t, binary.LittleEndian, map[string]string{
		"Cancel": "Annuler",
	}))
	c := client{Name: "gajim", Kind: gettextCatalogs, Labels: keyringTestLabels}
	for _, tc := range []struct {
		version      string
		choose       string
		untranslated []string
	}{
		{"42.1-1+b2", "Choisissez le mot de passe du nouveau trousseau de clés", nil}, // Debian 12
		{"48.0-1", "Choose password for new keyring", []string{"keyring.choose"}},     // Debian 13
		{"1:50.2-1", "Choose password for new keyring", []string{"keyring.choose"}},
		{"51.1-3", "Choisissez le mot de passe du nouveau trousseau de clés", nil}, // unstable
	} {
		g := newGenerator(tree{Name: dir, FS: os.DirFS(dir)}, paths)
		g.version = func(pkg string) (string, error) {
			if pkg == "gnome-keyring" {
				return tc.version, nil
			}
			return "1.0-" + pkg, nil
		}
		set, err := g.labels(c, "fr")
		if err != nil {
			t.Fatalf("%s: %v", tc.version, err)
		}
		if got := set.Labels["keyring.choose"]; got != tc.choose {
			t.Errorf("gnome-keyring %s: keyring.choose = %q, want %q", tc.version, got, tc.choose)
		}
		if got := set.Labels["keyring.cancel"]; got != "Annuler" {
			t.Errorf("gnome-keyring %s: gcr's keyring.cancel = %q, want Annuler", tc.version, got)
		}
		if !slices.Equal(set.Untranslated, tc.untranslated) {
			t.Errorf("gnome-keyring %s: untranslated = %q, want %q", tc.version, set.Untranslated, tc.untranslated)
		}
		// English is the msgid whatever the version.
		if en, err := g.labels(c, "en"); err != nil || en.Labels["keyring.choose"] != "Choose password for new keyring" {
			t.Errorf("gnome-keyring %s en: %v %v", tc.version, en, err)
		}
	}

	// A tree without the daemon's package cannot say what it shows.
	g := newGenerator(tree{Name: dir, FS: os.DirFS(dir)}, paths)
	if _, err := g.labels(c, "fr"); err == nil {
		t.Error("no gnome-keyring package in the tree gave no error")
	}
}

var keyringTestLabels = map[string]source{
	"keyring.choose": {Domain: "gnome-keyring", Key: "Choose password for new keyring"},
	"keyring.cancel": {Domain: "gcr", Key: "Cancel"},
}
