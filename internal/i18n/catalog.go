// Package i18n loads the portal's message files (one per language, under
// locales/) and answers which language a request should get. A language
// exists because its file exists: translators add a file, never Go code.
package i18n

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// Reference is the language every other file is checked against and the
// one a request gets when nothing else matches: the portal is French first.
const Reference = "fr"

// NameID is the message each file must hold: the language's name in
// itself, as the language switcher shows it.
const NameID = "language.name"

// Language is one shipped language.
type Language struct {
	Code string // the file name without .toml: fr, en, de, pt-BR
	Tag  language.Tag
	Name string // in its own language: Français, English, Deutsch
}

// Catalog holds every message of every language.
type Catalog struct {
	bundle     *goi18n.Bundle
	langs      []Language
	byCode     map[string]Language
	matcher    language.Matcher
	localizers map[string]*Localizer // by language code: one each, shared
}

// Load reads every *.toml file at the root of fsys. Test-only languages
// (pseudo-locales) may be passed in extra file systems.
func Load(fsys fs.FS) (*Catalog, error) {
	bundle := goi18n.NewBundle(language.MustParse(Reference))
	bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	names, err := fs.Glob(fsys, "*.toml")
	if err != nil {
		return nil, err
	}
	c := &Catalog{bundle: bundle, byCode: map[string]Language{}}
	raw := map[string]rawMessages{} // by language code, for the localizers' caches
	for _, name := range names {
		code := strings.TrimSuffix(path.Base(name), ".toml")
		tag, err := language.Parse(code)
		if err != nil {
			return nil, fmt.Errorf("locales/%s: the file name must be a language code such as fr.toml or pt-BR.toml: %w", name, err)
		}
		buf, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		// The file name decides the language, whatever go-i18n would read
		// from it, so "pt-BR.toml" and "pt-br.toml" mean the same.
		mf, err := bundle.ParseMessageFileBytes(buf, tag.String()+".toml")
		if err != nil {
			return nil, fmt.Errorf("locales/%s: %w", name, explainTOML(buf, err))
		}
		raw[code] = rawTexts(mf.Messages)
		lang := Language{Code: code, Tag: tag}
		lang.Name = goi18n.NewLocalizer(bundle, tag.String()).MustLocalize(&goi18n.LocalizeConfig{
			DefaultMessage: &goi18n.Message{ID: NameID, Other: code},
		})
		c.langs = append(c.langs, lang)
		c.byCode[strings.ToLower(code)] = lang
	}
	if _, ok := c.byCode[Reference]; !ok {
		return nil, fmt.Errorf("locales: the reference file %s.toml is missing", Reference)
	}
	// The reference comes first so that the matcher falls back to it.
	sort.SliceStable(c.langs, func(i, j int) bool {
		if (c.langs[i].Code == Reference) != (c.langs[j].Code == Reference) {
			return c.langs[i].Code == Reference
		}
		return c.langs[i].Code < c.langs[j].Code
	})
	tags := make([]language.Tag, len(c.langs))
	for i, l := range c.langs {
		tags[i] = l.Tag
	}
	c.matcher = language.NewMatcher(tags)
	c.localizers = map[string]*Localizer{}
	for _, l := range c.langs {
		c.localizers[l.Code] = &Localizer{
			Lang: l, l: goi18n.NewLocalizer(c.bundle, l.Tag.String(), Reference),
			cache: &partsCache{own: raw[l.Code], ref: raw[Reference]},
		}
	}
	return c, nil
}

// rawTexts keeps each message's text, for the cache of cut messages.
func rawTexts(msgs []*goi18n.Message) rawMessages {
	out := make(rawMessages, len(msgs))
	for _, m := range msgs {
		out[m.ID] = rawMessage{text: m.Other, simple: m.LeftDelim == "" && m.RightDelim == ""}
	}
	return out
}

// Languages lists the shipped languages, the reference first.
func (c *Catalog) Languages() []Language { return c.langs }

// Lookup finds a shipped language by its exact code (case-insensitive).
func (c *Catalog) Lookup(code string) (Language, bool) {
	l, ok := c.byCode[strings.ToLower(strings.TrimSpace(code))]
	return l, ok
}

// MatchAcceptLanguage picks the best shipped language for an
// Accept-Language header, weights included; ok is false when nothing in
// the header is close enough to a shipped language.
func (c *Catalog) MatchAcceptLanguage(header string) (Language, bool) {
	tags, _, err := language.ParseAcceptLanguage(header)
	if err != nil || len(tags) == 0 {
		return Language{}, false
	}
	_, idx, conf := c.matcher.Match(tags...)
	if conf == language.No {
		return Language{}, false
	}
	return c.langs[idx], true
}

// Localizer returns the translator for a shipped language; a message
// missing in that language is taken from the reference. It is the same
// for every request.
func (c *Catalog) Localizer(lang Language) *Localizer {
	if l, ok := c.localizers[lang.Code]; ok && l.Lang == lang {
		return l
	}
	return &Localizer{Lang: lang, l: goi18n.NewLocalizer(c.bundle, lang.Tag.String(), Reference)}
}
