package main

import (
	"fmt"
	"strconv"
	"strings"
)

// unboundRelease is a range of a package's upstream releases whose
// program shows a gettext domain's msgids in every language although the
// package ships translated catalogs: it never binds the domain.
type unboundRelease struct {
	Package      string
	From, Before int // upstream major versions, From included
	Why          string
}

// unboundDomains: gnome-keyring's Meson port (48.alpha) lost the daemon's
// gettext set-up until 51.0 ("Restore gettext i18n init broken during
// meson port", upstream #189). Debian 13's 48.0-1 daemon never loads
// gnome-keyring.mo (its /proc/PID/maps under Gajim 2.1.1, French session:
// gcr.mo and glib20.mo only), and its keyring windows were seen in
// English with gcr's French fields and buttons; 42.1 (Debian 12) and 51.1
// (unstable) show them translated.
var unboundDomains = map[string]unboundRelease{
	"gnome-keyring": {Package: "gnome-keyring", From: 48, Before: 51, Why: "upstream #189"},
}

// unbound reports whether the tree's program shows domain untranslated.
func (g *generator) unbound(domain string) (bool, error) {
	r, ok := unboundDomains[domain]
	if !ok {
		return false, nil
	}
	v, err := g.packageVersion(r.Package)
	if err != nil {
		return false, err
	}
	major, err := upstreamMajor(v)
	if err != nil {
		return false, fmt.Errorf("%s %s: %w", r.Package, v, err)
	}
	return major >= r.From && major < r.Before, nil
}

// upstreamMajor is the leading number of a Debian version's upstream
// part: 48 for "48.0-1", 1 for "1:1.2-3".
func upstreamMajor(v string) (int, error) {
	if _, rest, ok := strings.Cut(v, ":"); ok {
		v = rest
	}
	end := strings.IndexFunc(v, func(r rune) bool { return r < '0' || r > '9' })
	if end < 0 {
		end = len(v)
	}
	return strconv.Atoi(v[:end])
}
