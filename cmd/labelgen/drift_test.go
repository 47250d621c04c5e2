package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
)

// committedDir is where the generated files are committed.
const committedDir = "../../clientguides/labels"

// committedLangs are the languages of the committed label files
// (<file>.<lang>.json, <file> itself may hold a dot: gajim-2.6): a
// language a translator added is checked like the others.
func committedLangs(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(committedDir, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no label files in %s (%v)", committedDir, err)
	}
	var langs []string
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".json")
		if i := strings.LastIndexByte(name, '.'); i > 0 && !slices.Contains(langs, name[i+1:]) {
			langs = append(langs, name[i+1:])
		}
	}
	sort.Strings(langs)
	return langs
}

// treesDir is where .ci/fetch-client-trees unpacked the packages of the
// suites this machine does not run: $IMSETUP_CLIENT_TREES, else
// ~/.cache/imsetup/client-trees.
func treesDir() string {
	if d := os.Getenv("IMSETUP_CLIENT_TREES"); d != "" {
		return d
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(cache, "imsetup", "client-trees")
}

// TestCommittedLabelsMatchCatalogs regenerates every client version's
// label files from its catalogs (the installed system's for Debian 12's
// versions, the unpacked suites' for the others) and compares them with
// the committed ones, so the data never drifts from the generator or from
// the packages it describes.
func TestCommittedLabelsMatchCatalogs(t *testing.T) {
	trees, langs := treesDir(), committedLangs(t)
	for _, c := range clients {
		t.Run(c.File, func(t *testing.T) {
			cfg := Config{Langs: langs, Trees: trees, System: systemTree(), Paths: DebianPaths}
			if c.Suite == "" {
				var pkgs []string
				for _, lang := range langs {
					if p := packageOf(c, lang); !slices.Contains(pkgs, p) {
						pkgs = append(pkgs, p)
					}
				}
				// Gajim's keyring labels need the daemon's package too
				// (its version decides them, see unbound), which Gajim
				// does not depend on.
				for _, id := range sortedKeys(c.Labels) {
					if r, ok := unboundDomains[c.Labels[id].Domain]; ok && !slices.Contains(pkgs, r.Package) {
						pkgs = append(pkgs, r.Package)
					}
				}
				for _, p := range pkgs {
					if _, err := cfg.System.version(p); err != nil {
						t.Skipf("%s's catalogs are not installed (%v): apt-get install %s to run this check", c.File, err, strings.Join(pkgs, " "))
					}
				}
			}
			fresh, err := generate(cfg, c)
			if errors.Is(err, errNoTree) {
				t.Skipf("%s is read from Debian %s's packages, not fetched: %v (or set IMSETUP_CLIENT_TREES to where they are)", c.File, c.Suite, err)
			}
			if err != nil && c.Suite != "" {
				// A tree fetched before a package joined its suite's list
				// lacks that package's catalogs.
				t.Fatalf("%v\n(refetch the trees: .ci/fetch-client-trees %s)", err, trees)
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, name := range sortedKeys(fresh) {
				compareCommitted(t, c, langs, name, fresh[name])
			}
		})
	}
}

// compareCommitted fails when a committed file differs from what the
// catalogs give, except for a version that changed without changing a
// label: Debian ships security updates of Thunderbird every few weeks,
// and unstable moves on, and a new version with the same labels changes
// nothing a user reads, so it is noted, not failed.
func compareCommitted(t *testing.T, c client, langs []string, name string, want []byte) {
	t.Helper()
	regen := "go run ./cmd/labelgen -out clientguides/labels -langs " + strings.Join(langs, ",")
	if c.Suite != "" {
		regen += " -trees " + treesDir()
	}
	got, err := os.ReadFile(filepath.Join(committedDir, name))
	if err != nil {
		t.Errorf("%s: not committed (%v); run: %s", name, err, regen)
		return
	}
	if bytes.Equal(got, want) {
		return
	}
	var g, w labelSet
	if json.Unmarshal(got, &g) != nil || json.Unmarshal(want, &w) != nil ||
		!reflect.DeepEqual(g.Labels, w.Labels) || !slices.Equal(g.Untranslated, w.Untranslated) || g.Client != w.Client || g.Lang != w.Lang {
		t.Errorf("%s differs from what the catalogs of %s %s give; run: %s", name, w.Package, w.Version, regen)
		return
	}
	t.Logf("%s: the catalogs are %s %s, the committed labels were read from %s; the labels are the same (regenerate to record the version)", name, w.Package, w.Version, g.Version)
}

// Every committed label file is one the generator writes, and every file
// it writes is committed: no version's labels are left behind or missing,
// whatever this machine has installed.
func TestCommittedLabelFilesAreTheGeneratorsOwn(t *testing.T) {
	want := map[string]bool{}
	for _, c := range clients {
		for _, lang := range committedLangs(t) {
			want[c.File+"."+lang+".json"] = true
		}
	}
	committed, err := filepath.Glob(filepath.Join(committedDir, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range committed {
		name := filepath.Base(f)
		if !want[name] {
			t.Errorf("%s is committed but no label table writes it (cmd/labelgen/tables*.go)", name)
		}
		delete(want, name)
	}
	for name := range want {
		t.Errorf("%s is not committed", name)
	}
	// File names are <File>.<lang>.json: a File must not end like a language.
	for _, c := range clients {
		if c.File == "" || strings.ContainsAny(c.File, "/ ") {
			t.Errorf("client %s: bad File %q", c.Name, c.File)
		}
	}
}
