package xmppcert

import (
	"encoding/hex"
	"fmt"
	"strings"
)

// FormatUpper gives the fingerprint as Thunderbird, Gajim and openssl show
// it: upper-case hex bytes joined by colons, on one line.
func FormatUpper(sum []byte) string {
	return strings.ToUpper(FormatLower(sum))
}

// FormatLower gives the fingerprint as Pidgin shows it: lower-case hex
// bytes joined by colons.
func FormatLower(sum []byte) string {
	var b strings.Builder
	b.Grow(len(sum) * 3)
	for i, c := range sum {
		if i > 0 {
			b.WriteByte(':')
		}
		b.WriteString(hex.EncodeToString([]byte{c}))
	}
	return b.String()
}

// FormatLines cuts the upper-case fingerprint into lines of perLine bytes,
// the way Gajim's certificate dialog lays it out (SHA-256 in four lines of
// 8, SHA-1 in two lines of 10), so the eye can compare line by line.
func FormatLines(sum []byte, perLine int) []string {
	if perLine <= 0 {
		perLine = len(sum)
	}
	var lines []string
	for len(sum) > 0 {
		n := min(perLine, len(sum))
		lines = append(lines, FormatUpper(sum[:n]))
		sum = sum[n:]
	}
	return lines
}

// ParseFingerprint reads a SHA-256 fingerprint as an administrator would
// paste it (IMSETUP_XMPP_FINGERPRINT): upper or lower case, bytes joined
// by colons, spaces or nothing, with an optional "SHA256 Fingerprint="
// prefix as openssl prints it.
func ParseFingerprint(s string) ([]byte, error) {
	orig := s
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '='); i >= 0 {
		s = s[i+1:]
	}
	s = strings.Map(func(r rune) rune {
		switch r {
		case ':', ' ', '\t', '\n', '\r', '-':
			return -1
		}
		return r
	}, s)
	sum, err := hex.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("fingerprint %q is not hexadecimal: give the SHA-256 fingerprint as openssl prints it (AB:01:…)", orig)
	}
	if len(sum) != 32 {
		return nil, fmt.Errorf("fingerprint %q has %d bytes, a SHA-256 fingerprint has 32 (is it SHA-1?)", orig, len(sum))
	}
	return sum, nil
}
