package i18n

import (
	"io/fs"
	"maps"
)

// Same is what a file still has word for word from a file it may have
// been copied from (fr.toml, en.toml): the messages most likely not
// translated yet. It is information for the translator, not a problem:
// a name or a format may rightly read the same in two languages.
type Same struct {
	File, As string   // es.toml, fr.toml
	IDs      []string // sorted
	Of       int      // the messages File has, its language's name aside
}

// copySources are the files a translator is told to start from.
var copySources = []string{Reference + ".toml", "en.toml"}

// SameAsSources lists, for each file but the reference, the messages
// whose text (every plural form) is the one of fr.toml or of en.toml,
// one entry per file and source that share any. The language's name is
// left out: Check already refuses a copied one. Files that do not parse
// are left out too: Check reports them.
func SameAsSources(fsys fs.FS) ([]Same, error) {
	names, err := fs.Glob(fsys, "*.toml")
	if err != nil {
		return nil, err
	}
	sources := map[string]map[string]message{}
	for _, src := range copySources {
		if msgs, err := readMessages(fsys, src); err == nil {
			sources[src] = msgs
		}
	}
	var out []Same
	for _, name := range names {
		if name == Reference+".toml" {
			continue
		}
		msgs, err := readMessages(fsys, name)
		if err != nil {
			continue
		}
		for _, src := range copySources {
			ref, ok := sources[src]
			if !ok || src == name {
				continue
			}
			s := Same{File: name, As: src, Of: len(msgs)}
			if _, ok := msgs[NameID]; ok {
				s.Of--
			}
			for _, id := range sortedKeys(msgs) {
				if r, ok := ref[id]; ok && id != NameID && maps.Equal(msgs[id].forms, r.forms) {
					s.IDs = append(s.IDs, id)
				}
			}
			if len(s.IDs) > 0 {
				out = append(out, s)
			}
		}
	}
	return out, nil
}
