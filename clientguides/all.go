package clientguides

import "sort"

// guides lists each client's guides, in the chooser's default order; a
// client with several version lines has its guides newest first, and the
// first is the one /guides/<client> shows.
var guides = [][]*Guide{
	{&thunderbird153Guide, &thunderbird140Guide},
	{&pidginGuide},
	{&gajim23Guide, &gajim20Guide, &gajim17Guide},
}

// All returns each client's default guide, in the default order.
func All() []*Guide {
	out := make([]*Guide, len(guides))
	for i, versions := range guides {
		out[i] = versions[0]
	}
	return out
}

// Every returns every guide of every client and version.
func Every() []*Guide {
	var out []*Guide
	for _, versions := range guides {
		out = append(out, versions...)
	}
	return out
}

// Get returns a client's default guide: its newest version's.
func Get(id ClientID) (*Guide, bool) { return GetVersion(id, "") }

// GetVersion returns a client's guide for one version line, or its
// default guide when version is "". A client with a single guide has no
// version lines: any other version is not found.
func GetVersion(id ClientID, version string) (*Guide, bool) {
	versions := VersionsOf(id)
	if len(versions) == 0 {
		return nil, false
	}
	if version == "" {
		return versions[0], true
	}
	for _, g := range versions {
		if g.Version != "" && g.Version == version {
			return g, true
		}
	}
	return nil, false
}

// VersionsOf returns a client's guides, newest version first: one for a
// client whose versions all look the same.
func VersionsOf(id ClientID) []*Guide {
	for _, versions := range guides {
		if versions[0].Client == id {
			return versions
		}
	}
	return nil
}

// ForPlatform orders the default guides so that the ones that suit the
// platform come first, best first; guides for other systems keep their
// default order after them. An unknown platform keeps the default order.
func ForPlatform(p Platform) []*Guide {
	out := All()
	rank := func(g *Guide) int {
		for i, q := range g.Platforms {
			if q == p {
				return i
			}
		}
		return len(out)
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

// Path is the guide's address: /guides/<client>, with the version for a
// client that has several, so a printed or shared page names its version.
func (g *Guide) Path() string {
	if g.Version == "" {
		return "/guides/" + string(g.Client)
	}
	return "/guides/" + string(g.Client) + "/" + g.Version
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
