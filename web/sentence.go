package web

import (
	"context"
	"slices"

	"imsetup/clientguides"
	"imsetup/internal/i18n"
)

// segment is a run of translated text or a named slot (a label, a
// value...) that the page fills with an element.
type segment struct {
	Text string
	Name string             // the slot's name, "" for text
	Slot *clientguides.Slot // for a guide sentence's slots
}

// Slot placeholders are filled with markers (i18n.Marker), then the
// translation is cut at them (i18n.Cut). That keeps each language's word
// order while the page still puts a real element (never raw HTML from a
// translation) where each label or value stands.

// segments cuts a guide sentence into text and the slots it quotes.
func segments(ctx context.Context, s clientguides.Sentence) []segment {
	parts, ok := cutParts(ctx, s.Msg, func(name string) bool { _, ok := s.Slots[name]; return ok })
	if !ok {
		return segmentsSlow(ctx, s)
	}
	out := make([]segment, len(parts))
	slots := make([]clientguides.Slot, 0, len(parts)) // the slots' copies, in one allocation
	for i, p := range parts {
		out[i] = segment{Text: p.Text, Name: p.Slot}
		if p.Slot != "" {
			slots = append(slots, s.Slots[p.Slot])
			out[i].Slot = &slots[len(slots)-1]
		}
	}
	return out
}

// cutParts is a message as the localizer cut it once for the language,
// when every slot it has is one the caller fills (known); false sends
// the caller to the uncached way, which prints an unknown slot as
// text/template does.
func cutParts(ctx context.Context, msg string, known func(string) bool) ([]i18n.Part, bool) {
	l := LocalizerFrom(ctx)
	if l == nil {
		return nil, false
	}
	parts, ok := l.Parts(msg)
	if !ok {
		return nil, false
	}
	for _, p := range parts {
		if p.Slot != "" && !known(p.Slot) {
			return nil, false
		}
	}
	return parts, true
}

// segmentsSlow translates a sentence through go-i18n every time.
func segmentsSlow(ctx context.Context, s clientguides.Sentence) []segment {
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
	parts, ok := cutParts(ctx, msg, func(name string) bool { return slices.Contains(names, name) })
	if !ok {
		return splitSlow(ctx, msg, names...)
	}
	return segmentsOf(parts)
}

// splitSlow translates with markers for the slots through go-i18n, and
// cuts at the markers.
func splitSlow(ctx context.Context, msg string, names ...string) []segment {
	data := make(map[string]any, len(names))
	for _, name := range names {
		data[name] = i18n.Marker(name)
	}
	return segmentsOf(i18n.Cut(TData(ctx, msg, data), data))
}

func segmentsOf(parts []i18n.Part) []segment {
	out := make([]segment, len(parts))
	for i, p := range parts {
		out[i] = segment{Text: p.Text, Name: p.Slot}
	}
	return out
}
