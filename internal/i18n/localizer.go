package i18n

import (
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
)

// Localizer translates messages into one language. The catalog makes one
// per language, shared by every request; it caches the messages it has cut
// (see Parts), never a value.
type Localizer struct {
	Lang  Language
	l     *goi18n.Localizer
	cache *partsCache // nil: every message goes through go-i18n
}

// T translates a message; data fills its {{.Placeholders}}. A missing
// message shows its id, which the tests catch before users do.
func (l *Localizer) T(id string, data map[string]any) string {
	if parts, ok := l.Parts(id); ok {
		if s, ok := fill(parts, data); ok {
			return s
		}
	}
	s, _ := l.localize(id, data)
	return s
}

// localize runs go-i18n's template for the message; false when there is
// no such message, and then the text is the id.
func (l *Localizer) localize(id string, data map[string]any) (string, bool) {
	// A message missing in this language comes back from the reference
	// together with an error: the text is what counts.
	s, err := l.l.Localize(&goi18n.LocalizeConfig{MessageID: id, TemplateData: data})
	if err != nil && s == "" {
		return id, false
	}
	return s, true
}

// N translates a message that depends on a count, using the language's
// CLDR plural rules (French counts 0 and 1 as singular). The count is
// available to the message as {{.Count}}.
func (l *Localizer) N(id string, count int, data map[string]any) string {
	d := map[string]any{"Count": count}
	for k, v := range data {
		d[k] = v
	}
	s, err := l.l.Localize(&goi18n.LocalizeConfig{MessageID: id, PluralCount: count, TemplateData: d})
	if err != nil && s == "" {
		return id
	}
	return s
}
