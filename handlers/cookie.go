package handlers

import (
	"net/http"
	"strings"
)

// cookieValue is r.Cookie(name).Value without its allocations (it parses
// every cookie of the header into a new slice, twice a request): the same
// rules, the first valid cookie of that name winning. A test holds it to
// net/http's answer.
func cookieValue(h http.Header, name string) (string, bool) {
	lines := h["Cookie"]
	if len(lines) == 0 {
		return "", false
	}
	// net/http ignores every cookie of a request with too many.
	count := 0
	for _, line := range lines {
		count += strings.Count(line, ";") + 1
	}
	if count > maxCookies {
		return "", false
	}
	for _, line := range lines {
		line = trimHTTPSpace(line)
		var part string
		for len(line) > 0 {
			part, line, _ = strings.Cut(line, ";")
			part = trimHTTPSpace(part)
			if part == "" {
				continue
			}
			n, val, _ := strings.Cut(part, "=")
			if trimHTTPSpace(n) != name {
				continue
			}
			if len(val) > 1 && val[0] == '"' && val[len(val)-1] == '"' {
				val = val[1 : len(val)-1]
			}
			if validCookieValue(val) {
				return val, true
			}
		}
	}
	return "", false
}

// maxCookies is net/http's default limit (GODEBUG httpcookiemaxnum).
const maxCookies = 3000

func validCookieValue(v string) bool {
	for i := 0; i < len(v); i++ {
		if b := v[i]; b < 0x20 || b >= 0x7f || b == '"' || b == ';' || b == '\\' {
			return false
		}
	}
	return true
}

// trimHTTPSpace is textproto.TrimString: ASCII space, tab, CR, LF.
func trimHTTPSpace(s string) string {
	for len(s) > 0 && isHTTPSpace(s[0]) {
		s = s[1:]
	}
	for len(s) > 0 && isHTTPSpace(s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	return s
}

func isHTTPSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }
