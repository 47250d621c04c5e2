package i18n

import (
	"regexp"
	"strings"
	"sync"
)

// Most messages are plain text with at most a few {{.Name}} placeholders,
// and a page asks for dozens of them. Running go-i18n's template for each
// one on every page view was most of the portal's rendering time, although
// the translated text around the placeholders never changes. So each such
// message is translated once per language, with markers in place of its
// placeholders, and cut at the markers into Parts; a page then only joins
// the parts and its values. The cache holds only ids of the message files:
// it is bounded by messages × languages, and it never holds a value.

// Part is a piece of a translated message: text, or the name of one of
// its placeholders (Slot), which the caller fills.
type Part struct {
	Text string
	Slot string
}

// Placeholders are cut at private-use markers around their names.
const (
	markOpen  = "\uE000"
	markClose = "\uE001"
)

// simpleAction is the only template action the cache accepts: a plain
// {{.Name}} (spaces allowed), which text/template replaces with the value
// itself. Anything else ({{if}}, {{- trimming}}, pipelines, functions)
// goes through go-i18n every time, as before.
var (
	anyAction    = regexp.MustCompile(`\{\{.*?\}\}`)
	simpleAction = regexp.MustCompile(`^\{\{\s*\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}$`)
)

// slotNames returns the names of a message's placeholders, and false
// when the message is more than text and {{.Name}}s.
func slotNames(text string) ([]string, bool) {
	if strings.ContainsAny(text, markOpen+markClose) {
		return nil, false
	}
	var names []string
	for _, action := range anyAction.FindAllString(text, -1) {
		m := simpleAction.FindStringSubmatch(action)
		if m == nil {
			return nil, false
		}
		names = append(names, m[1])
	}
	// A "{{" that opens no complete action is left to text/template.
	if strings.Count(text, "{{") != len(names) {
		return nil, false
	}
	return names, true
}

// rawMessages are one language's message texts (the "other" form), or ""
// with false for a message the cache must not hold.
type rawMessages map[string]rawMessage

type rawMessage struct {
	text   string
	simple bool // default delimiters; the text decides the rest
}

// partsCache is a Localizer's cut messages.
type partsCache struct {
	own, ref rawMessages // this language's messages, the reference's
	cut      sync.Map    // message id → *cutMessage
}

type cutMessage struct {
	parts []Part
	ok    bool // false: the message goes through go-i18n every time
}

// Parts returns a message cut at its placeholders, translated once per
// language; false when the message must go through go-i18n (it is not in
// the message files, or it is more than text and {{.Name}}s).
func (l *Localizer) Parts(id string) ([]Part, bool) {
	if l.cache == nil {
		return nil, false
	}
	if c, ok := l.cache.cut.Load(id); ok {
		c := c.(*cutMessage)
		return c.parts, c.ok
	}
	c, known := l.cutMessage(id)
	if !known {
		return nil, false // not cached: ids outside the files are unbounded
	}
	l.cache.cut.Store(id, c)
	return c.parts, c.ok
}

// cutMessage translates id with markers for its placeholders and cuts it.
// The go-i18n template of either this language or the reference may be
// used (a message missing here comes from the reference), so both must
// be simple, and the markers cover the placeholders of both.
func (l *Localizer) cutMessage(id string) (c *cutMessage, known bool) {
	own, inOwn := l.cache.own[id]
	ref, inRef := l.cache.ref[id]
	if !inOwn && !inRef {
		return nil, false
	}
	c = &cutMessage{}
	data := map[string]any{}
	for _, m := range []rawMessage{own, ref} {
		names, ok := slotNames(m.text)
		if !ok || (m.text != "" && !m.simple) {
			return c, true
		}
		for _, n := range names {
			data[n] = Marker(n)
		}
	}
	text, ok := l.localize(id, data)
	if !ok {
		return c, true
	}
	c.parts, c.ok = Cut(text, data), true
	return c, true
}

// Marker is what stands for a placeholder's value while a message is
// translated, so that the translation can then be cut at it (Cut).
func Marker(name string) string { return markOpen + name + markClose }

// Cut splits a text translated with markers (Marker) into its parts; a
// marker whose name data lacks is dropped.
func Cut(text string, data map[string]any) []Part {
	parts := []Part{}
	for text != "" {
		before, rest, found := strings.Cut(text, markOpen)
		if before != "" {
			parts = append(parts, Part{Text: before})
		}
		if !found {
			break
		}
		name, after, _ := strings.Cut(rest, markClose)
		if _, ok := data[name]; ok {
			parts = append(parts, Part{Slot: name})
		}
		text = after
	}
	return parts
}

// fill joins parts with data's values, as text/template would print them;
// false when a placeholder has no value or one that is not a string,
// which go-i18n prints its own way.
func fill(parts []Part, data map[string]any) (string, bool) {
	switch {
	case len(parts) == 0:
		return "", true
	case len(parts) == 1 && parts[0].Slot == "":
		return parts[0].Text, true
	}
	n := 0
	for _, p := range parts {
		if p.Slot == "" {
			n += len(p.Text)
			continue
		}
		v, ok := data[p.Slot].(string)
		if !ok {
			return "", false
		}
		n += len(v)
	}
	var b strings.Builder
	b.Grow(n)
	for _, p := range parts {
		if p.Slot == "" {
			b.WriteString(p.Text)
		} else {
			b.WriteString(data[p.Slot].(string))
		}
	}
	return b.String(), true
}
