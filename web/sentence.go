package web

import (
	"context"
	"strings"

	"imsetup/clientguides"
)

// segment is a run of translated text or a slot (a label, a value...).
type segment struct {
	Text string
	Slot *clientguides.Slot
}

// Slot placeholders are filled with private-use markers around the slot's
// name, then the translation is cut at the markers. That keeps each
// language's word order while the page still puts a real element (never
// raw HTML from a translation) where each label or value stands.
const (
	slotOpen  = "\uE000"
	slotClose = "\uE001"
)

func segments(ctx context.Context, s clientguides.Sentence) []segment {
	data := make(map[string]any, len(s.Slots))
	for name := range s.Slots {
		data[name] = slotOpen + name + slotClose
	}
	text := TData(ctx, s.Msg, data)
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
		if slot, ok := s.Slots[name]; ok {
			out = append(out, segment{Slot: &slot})
		}
		text = after
	}
	return out
}
