// Command labelgen writes clientguides/labels/<client>.<lang>.json from the
// translation catalogs of the installed Thunderbird, Pidgin and Gajim, so
// that a guide quotes each label exactly as the client shows it.
//
//	go run ./cmd/labelgen -out clientguides/labels [-langs fr,en,de]
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
	Paths Paths
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
	return nil
}

func main() {
	var cfg Config
	var langs string
	flag.StringVar(&cfg.Out, "out", "", "directory to write <client>.<lang>.json to")
	flag.StringVar(&langs, "langs", "fr,en,de", "comma-separated languages")
	flag.Parse()
	cfg.Langs = strings.Split(langs, ",")
	cfg.Paths = DebianPaths
	if err := cfg.Validate(); err != nil {
		fmt.Fprintln(os.Stderr, "labelgen:", err)
		os.Exit(2)
	}
	if err := run(cfg); err != nil {
		fmt.Fprintln(os.Stderr, "labelgen:", err)
		os.Exit(1)
	}
}

// run writes every client's labels in every language. Nothing is written
// unless every label was found, so a failed run never leaves half a set.
func run(cfg Config) error {
	g := newGenerator(cfg.Paths)
	files := map[string][]byte{}
	var errs []error
	for _, c := range clients {
		for _, lang := range cfg.Langs {
			set, err := g.labels(c, lang)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			data, err := encode(set)
			if err != nil {
				return err
			}
			files[c.Name+"."+lang+".json"] = data
		}
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	if err := os.MkdirAll(cfg.Out, 0o755); err != nil {
		return err
	}
	for _, name := range sortedKeys(files) {
		if err := os.WriteFile(filepath.Join(cfg.Out, name), files[name], 0o644); err != nil {
			return err
		}
	}
	return nil
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
