package web

import (
	"context"
	"strings"

	"imsetup/clientguides"
)

// segment is a run of translated text or a named slot (a label, a
// value...) that the page fills with an element.
type segment struct {
	Text string
	Name string             // the slot's name, "" for text
	Slot *clientguides.Slot // for a guide sentence's slots
}

// Slot placeholders are filled with private-use markers around the slot's
// name, then the translation is cut at the markers. That keeps each
// language's word order while the page still puts a real element (never
// raw HTML from a translation) where each label or value stands.
const (
	slotOpen  = "\uE000"
	slotClose = "\uE001"
)

// segments cuts a guide sentence into text and the slots it quotes.
func segments(ctx context.Context, s clientguides.Sentence) []segment {
	names := make([]string, 0, len(s.Slots))
	for name := range s.Slots {
		names = append(names, name)
	}
	out := split(ctx, s.Msg, names...)
	for i := range out {
		if out[i].Name != "" {
			slot := s.Slots[out[i].Name]
			out[i].Slot = &slot
		}
	}
	return out
}

// split translates a message whose placeholders are the given slot names
// and cuts it at each of them.
func split(ctx context.Context, msg string, names ...string) []segment {
	data := make(map[string]any, len(names))
	for _, name := range names {
		data[name] = slotOpen + name + slotClose
	}
	text := TData(ctx, msg, data)
	var out []segment
	for text != "" {
		before, rest, found := strings.Cut(text, slotOpen)
		if before != "" {
			out = append(out, segment{Text: before})
		}
		if !found {
			break
		}
		name, after, _ := strings.Cut(rest, slotClose)
		if _, ok := data[name]; ok {
			out = append(out, segment{Name: name})
		}
		text = after
	}
	return out
}
