package clientguides

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"strings"
	"sync"
)

// labelFiles are written by cmd/labelgen from the installed clients'
// translation catalogs; they are the only source of the labels a guide
// quotes, so a guide shows the words the user will see on screen.
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

// labelFallback is the language of the clients' own source strings, which
// is what a client shows in a language it has no translation for.
const labelFallback = "en"

var (
	labelsOnce sync.Once
	labelsAll  map[string]*LabelSet // "<client>.<lang>"
	labelsErr  error
)

// Labels returns a client's labels in a language, or in English when the
// client data has no such language (the client then shows English too).
func Labels(client ClientID, lang string) (*LabelSet, error) {
	labelsOnce.Do(func() { labelsAll, labelsErr = loadLabels(labelFiles) })
	if labelsErr != nil {
		return nil, labelsErr
	}
	if s, ok := labelsAll[string(client)+"."+strings.ToLower(lang)]; ok {
		return s, nil
	}
	base, _, _ := strings.Cut(strings.ToLower(lang), "-")
	if s, ok := labelsAll[string(client)+"."+base]; ok {
		return s, nil
	}
	if s, ok := labelsAll[string(client)+"."+labelFallback]; ok {
		return s, nil
	}
	return nil, fmt.Errorf("clientguides: no labels for %s", client)
}

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
		all[string(s.Client)+"."+strings.ToLower(s.Lang)] = &s
	}
	return all, nil
}
