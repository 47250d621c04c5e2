// Command labelgen writes clientguides/labels/<file>.<lang>.json from the
// translation catalogs of Thunderbird, Pidgin and Gajim, so that a guide
// quotes each label exactly as the client shows it. Each version a guide
// follows has its own files: the versions Debian 12 ships are read from
// the installed system, the others (Gajim 2.x from Debian 13 and
// unstable...) from their packages unpacked by .ci/fetch-client-trees.
//
//	.ci/fetch-client-trees ~/.cache/imsetup/client-trees
//	go run ./cmd/labelgen -out clientguides/labels -trees ~/.cache/imsetup/client-trees [-langs fr,en,de]
//
// It is run by hand after the Debian packages pidgin, gajim, thunderbird and
// thunderbird-l10n-<lang> are installed or upgraded; its output is committed.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Config is what one run needs.
type Config struct {
	Out   string   // output directory
	Langs []string // languages; "en" is the clients' source strings (en-US)
	// Trees holds one unpacked tree per Debian suite (DIR/trixie, DIR/sid),
	// for the clients whose version this machine does not run; "" skips them.
	Trees string
	// System is the installed system's tree (tests hand in a fake one).
	System tree
	Paths  Paths
}

// Validate says what to fix before anything is read.
func (c Config) Validate() error {
	if c.Out == "" {
		return errors.New("-out is required: the directory to write the label files to (clientguides/labels)")
	}
	if len(c.Langs) == 0 {
		return errors.New("-langs is empty: give languages such as fr,en,de")
	}
	for _, l := range c.Langs {
		if l == "" || strings.ContainsAny(l, "/\\. ") {
			return fmt.Errorf("-langs: %q is not a language code like fr or de", l)
		}
	}
	if c.Trees != "" {
		if fi, err := os.Stat(c.Trees); err != nil || !fi.IsDir() {
			return fmt.Errorf("-trees %s is not a directory: fetch the trees with .ci/fetch-client-trees %s", c.Trees, c.Trees)
		}
	}
	return nil
}

func main() {
	cfg := Config{System: systemTree(), Paths: DebianPaths}
	var langs string
	flag.StringVar(&cfg.Out, "out", "", "directory to write <file>.<lang>.json to")
	flag.StringVar(&langs, "langs", "fr,en,de", "comma-separated languages")
	flag.StringVar(&cfg.Trees, "trees", "", "directory of unpacked Debian suites (.ci/fetch-client-trees DIR); empty: only the installed system's clients")
	flag.Parse()
	cfg.Langs = strings.Split(langs, ",")
	if err := cfg.Validate(); err != nil {
		fmt.Fprintln(os.Stderr, "labelgen:", err)
		os.Exit(2)
	}
	skipped, err := run(cfg)
	for _, c := range skipped {
		fmt.Fprintf(os.Stderr, "labelgen: %s not written: it is read from Debian %s, give -trees (see .ci/fetch-client-trees)\n", c.File, c.Suite)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "labelgen:", err)
		os.Exit(1)
	}
}

// run writes every client's labels in every language, and returns the
// clients it left alone because they come from a suite's tree and no
// -trees was given. Nothing is written unless every label was found, so a
// failed run never leaves half a set.
func run(cfg Config) (skipped []client, err error) {
	files := map[string][]byte{}
	var errs []error
	for _, c := range clients {
		if c.Suite != "" && cfg.Trees == "" {
			skipped = append(skipped, c)
			continue
		}
		out, err := generate(cfg, c)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for name, data := range out {
			files[name] = data
		}
	}
	if err := errors.Join(errs...); err != nil {
		return skipped, err
	}
	if err := os.MkdirAll(cfg.Out, 0o755); err != nil {
		return skipped, err
	}
	for _, name := range sortedKeys(files) {
		if err := os.WriteFile(filepath.Join(cfg.Out, name), files[name], 0o644); err != nil {
			return skipped, err
		}
	}
	return skipped, nil
}

// generate returns one client version's label files, by file name. A
// suite whose tree is missing gives an error wrapping errNoTree.
func generate(cfg Config, c client) (map[string][]byte, error) {
	t := cfg.System
	if c.Suite != "" {
		var root *os.Root
		var err error
		if t, root, err = openTree(cfg.Trees, c.Suite); err != nil {
			return nil, fmt.Errorf("%s: %w", c.File, err)
		}
		defer root.Close()
	}
	g := newGenerator(t, cfg.Paths)
	files := map[string][]byte{}
	var errs []error
	for _, lang := range cfg.Langs {
		set, err := g.labels(c, lang)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		data, err := encode(set)
		if err != nil {
			return nil, err
		}
		files[c.File+"."+lang+".json"] = data
	}
	return files, errors.Join(errs...)
}

// encode writes a label set as 2-space-indented JSON with sorted label ids,
// characters left unescaped and a trailing newline.
func encode(set *labelSet) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(set); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
