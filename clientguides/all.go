package clientguides

import "sort"

// all lists the guides in their default order.
var all = []*Guide{&thunderbirdGuide, &pidginGuide, &gajimGuide}

// All returns every guide, in the default order.
func All() []*Guide { return all }

// Get returns the guide of one client.
func Get(id ClientID) (*Guide, bool) {
	for _, g := range all {
		if g.Client == id {
			return g, true
		}
	}
	return nil, false
}

// ForPlatform orders the guides so that the ones that suit the platform
// come first, best first; guides for other systems keep their default
// order after them. An unknown platform keeps the default order.
func ForPlatform(p Platform) []*Guide {
	out := append([]*Guide(nil), all...)
	rank := func(g *Guide) int {
		for i, q := range g.Platforms {
			if q == p {
				return i
			}
		}
		return len(all)
	}
	sort.SliceStable(out, func(i, j int) bool { return rank(out[i]) < rank(out[j]) })
	return out
}

// Suits reports whether the guide's client runs on the platform.
func (g *Guide) Suits(p Platform) bool {
	for _, q := range g.Platforms {
		if q == p {
			return true
		}
	}
	return false
}

// helpers that keep the guide tables short and readable
func label(id string) Slot    { return Slot{Label: id} }
func path(ids ...string) Slot { return Slot{Path: ids} }
func value(k ValueKind) Slot  { return Slot{Value: k} }
func literal(s string) Slot   { return Slot{Literal: s} }
func say(msg string) Sentence { return Sentence{Msg: msg} }
func sayWith(msg string, slots map[string]Slot) Sentence {
	return Sentence{Msg: msg, Slots: slots}
}
