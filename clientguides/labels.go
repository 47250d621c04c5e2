package clientguides

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"sync"
)

// labelFiles are written by cmd/labelgen from the clients' translation
// catalogs, one set per version a guide follows; they are the only source
// of the labels a guide quotes, so a guide shows the words the user will
// see on screen.
//
//go:embed labels/*.json
var labelFiles embed.FS

// LabelSet is one client's labels in one language.
type LabelSet struct {
	Client  ClientID          `json:"client"`
	Package string            `json:"package"`
	Version string            `json:"version"`
	Lang    string            `json:"lang"`
	Labels  map[string]string `json:"labels"`
	// Untranslated lists ids the client shows in English in this language.
	Untranslated []string `json:"untranslated,omitempty"`
}

// ClientVersion is the client's version as its About box shows it: the
// Debian package version without epoch and packaging revision
// ("1:153.7.0esr-1~deb12u1" → "153.7.0esr").
func (s *LabelSet) ClientVersion() string {
	v := s.Version
	if _, after, ok := strings.Cut(v, ":"); ok {
		v = after
	}
	if i := strings.LastIndexByte(v, '-'); i > 0 {
		v = v[:i]
	}
	return v
}

// Text returns a label's text.
func (s *LabelSet) Text(id string) (string, bool) {
	t, ok := s.Labels[id]
	return t, ok
}

// LangOf is the language a label shows in: the set's own, or English for
// one the client leaves untranslated in it (a page marks it lang="en",
// so that a screen reader reads it as English).
func (s *LabelSet) LangOf(id string) string {
	if slices.Contains(s.Untranslated, id) {
		return labelFallback
	}
	return s.Lang
}

// labelFallback is the language of the clients' own source strings, which
// is what a client shows in a language it has no translation for.
const labelFallback = "en"

var (
	labelsOnce sync.Once
	labelsAll  map[string]*LabelSet // "<file>.<lang>", file as in Guide.LabelFile
	labelsErr  error
)

// Labels returns the labels a client's default guide quotes, in a
// language (see (*Guide).Labels).
func Labels(client ClientID, lang string) (*LabelSet, error) {
	g, ok := Get(client)
	if !ok {
		return nil, fmt.Errorf("clientguides: no guide for %s", client)
	}
	return g.Labels(lang)
}

// Labels returns the labels this guide quotes, read from its version's
// catalogs, in a language, or in English when the client data has no
// such language (the client then shows English too).
func (g *Guide) Labels(lang string) (*LabelSet, error) {
	labelsOnce.Do(func() { labelsAll, labelsErr = loadLabels(labelFiles) })
	if labelsErr != nil {
		return nil, labelsErr
	}
	file := g.labelFile()
	for _, l := range []string{strings.ToLower(lang), BaseLanguage(lang), labelFallback} {
		if s, ok := labelsAll[file+"."+l]; ok {
			return s, nil
		}
	}
	return nil, fmt.Errorf("clientguides: no labels %s for %s", file, g.Client)
}

// BaseLanguage is a language code's language alone, lower-cased: "pt"
// for "pt-BR". Labels falls back to it; a page compares with it.
func BaseLanguage(code string) string {
	base, _, _ := strings.Cut(strings.ToLower(code), "-")
	return base
}

func (g *Guide) labelFile() string {
	if g.LabelFile != "" {
		return g.LabelFile
	}
	return string(g.Client)
}

// loadLabels reads labels/<file>.<lang>.json; a file is named after the
// client ("gajim") or the client and version ("gajim-2.6"), and its
// content must say the same client and language as its name.
func loadLabels(fsys fs.FS) (map[string]*LabelSet, error) {
	names, err := fs.Glob(fsys, "labels/*.json")
	if err != nil {
		return nil, err
	}
	all := map[string]*LabelSet{}
	for _, name := range names {
		buf, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		var s LabelSet
		if err := json.Unmarshal(buf, &s); err != nil {
			return nil, fmt.Errorf("clientguides: %s: %w", name, err)
		}
		key := strings.TrimSuffix(name[strings.LastIndexByte(name, '/')+1:], ".json")
		file, lang, _ := strings.Cut(key, ".")
		if i := strings.LastIndexByte(key, '.'); i > 0 {
			file, lang = key[:i], key[i+1:]
		}
		if !strings.EqualFold(lang, s.Lang) || (file != string(s.Client) && !strings.HasPrefix(file, string(s.Client)+"-")) {
			return nil, fmt.Errorf("clientguides: %s holds %s labels in %q", name, s.Client, s.Lang)
		}
		all[file+"."+strings.ToLower(lang)] = &s
	}
	return all, nil
}
