package handlers

import (
	"net/url"
	"strings"
	"unicode"
)

// safeNext returns target if it is a path on this site, else "/". It is
// what keeps "come back after login" from becoming an open redirect:
// browsers treat "//host", "/\host" and schemes as other sites, and
// forgive tabs and newlines inside them, so all of those are refused,
// in plain or percent-encoded form.
func safeNext(target string) string {
	if target == "" || len(target) > 2048 {
		return "/"
	}
	for _, s := range []string{target, unescapeAll(target)} {
		if !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") || strings.ContainsRune(s, '\\') {
			return "/"
		}
		if strings.IndexFunc(s, func(r rune) bool { return unicode.IsControl(r) || r == unicode.ReplacementChar }) >= 0 {
			return "/"
		}
	}
	u, err := url.Parse(target)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return "/"
	}
	return target
}

// unescapeAll decodes percent-encoding until it stops changing, so that
// "%252F%252F" is judged like "//".
func unescapeAll(s string) string {
	for range 5 {
		u, err := url.PathUnescape(s)
		if err != nil || u == s {
			return u
		}
		s = u
	}
	return s
}
