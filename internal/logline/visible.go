package logline

import (
	"encoding/binary"
	"io"
	"strconv"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// Hidden reports whether r must not reach the log raw. A log line carries
// what visitors send (a path, a login, a header in an error), and an
// invisible character there shows the administrator another text than
// the one sent: a bidi override (U+202E) in `/guides/‮exe.fdp` turns it
// round in a terminal or an editor that follows bidi, a zero-width space
// makes two logins look alike. Hidden is every rune Go's %q would escape
// (controls, DEL, format characters such as bidi controls, zero-width
// characters, the BOM and the soft hyphen, separators other than the
// space, private use, unassigned), and the printable ones that show
// nothing: Unicode's other default-ignorable code points (the Hangul
// fillers, the combining grapheme joiner) and the variation selectors.
func Hidden(r rune) bool {
	return r >= 0x7f && (!unicode.IsPrint(r) ||
		unicode.In(r, unicode.Other_Default_Ignorable_Code_Point, unicode.Variation_Selector))
}

// visible is the writer under slog's handler: it writes each hidden rune
// of a line as an escape, `\u202e`, where slog would write it raw. slog's
// JSON handler escapes only the C0 controls, quotes, the backslash and
// U+2028/2029; its text handler quotes and escapes what is not printable,
// but writes DEL, the Hangul fillers and the variation selectors as they
// are. Doing it here, on the finished line, covers every attribute, key,
// message and error of every record, whatever its kind.
//
// The escapes are each format's own: in JSON (where any character beyond
// ASCII can only be inside a string) `\u202e`, which a JSON reader
// decodes back to the rune sent; in text, Go's quoting, with an unquoted
// value quoted (`login="a\u3164b"`) so that a backslash the visitor typed
// cannot pass for an escape. A line of plain ASCII, nearly every line, is
// passed on after one look at each byte.
type visible struct {
	w    io.Writer
	json bool
}

func (v visible) Write(p []byte) (int, error) {
	if asciiWithoutDEL(p) {
		return v.w.Write(p)
	}
	var out []byte
	if v.json {
		out = escapeJSON(make([]byte, 0, len(p)+32), p)
	} else {
		out = escapeText(make([]byte, 0, len(p)+32), p)
	}
	if _, err := v.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}

// asciiWithoutDEL reports whether every byte of p is below DEL, eight
// bytes at a time: a byte b < 0x80 has its top bit set in b+1 only when
// it is DEL, and any other byte has it set already.
func asciiWithoutDEL(p []byte) bool {
	const ones, tops = 0x0101010101010101, 0x8080808080808080
	i := 0
	for ; i+8 <= len(p); i += 8 {
		x := binary.LittleEndian.Uint64(p[i:])
		if (x|(x+ones))&tops != 0 {
			return false
		}
	}
	for ; i < len(p); i++ {
		if p[i] >= 0x7f {
			return false
		}
	}
	return true
}

// escapeJSON appends line with each hidden rune (and any byte that is not
// UTF-8, which slog never writes) as a JSON escape.
func escapeJSON(out, line []byte) []byte {
	for i := 0; i < len(line); {
		r, n := utf8.DecodeRune(line[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			out = append(out, `\ufffd`...)
		case Hidden(r):
			if r > 0xffff {
				hi, lo := utf16.EncodeRune(r)
				out = appendU(out, 'u', hi, 4)
				r = lo
			}
			out = appendU(out, 'u', r, 4)
		default:
			out = append(out, line[i:i+n]...)
		}
		i += n
	}
	return out
}

// escapeText appends a line of slog's text handler with each hidden rune
// escaped as Go's quoting does: inside a quoted value in place; in an
// unquoted one (a key or value has no space, '=' or '"' unless quoted),
// by quoting the whole value.
func escapeText(out, line []byte) []byte {
	quoted := false
	start := 0 // where the unquoted key or value being copied starts in out
	for i := 0; i < len(line); {
		c := line[i]
		if c < utf8.RuneSelf && c != 0x7f {
			switch {
			case quoted && c == '\\' && i+1 < len(line): // an escape: its next byte is ASCII
				out = append(out, c, line[i+1])
				i += 2
				continue
			case c == '"':
				quoted = !quoted
			case !quoted && (c == ' ' || c == '=' || c == '\n'):
				start = len(out) + 1
			}
			out = append(out, c)
			i++
			continue
		}
		r, n := utf8.DecodeRune(line[i:])
		switch {
		case quoted && r == utf8.RuneError && n == 1:
			out = appendU(out, 'x', rune(c), 2)
		case quoted && Hidden(r):
			out = appendTextEscape(out, r)
		case !quoted && (Hidden(r) || r == utf8.RuneError && n == 1):
			end := i
			for end < len(line) && line[end] != ' ' && line[end] != '=' && line[end] != '\n' {
				end++
			}
			value := string(out[start:]) + string(line[i:end])
			out = appendQuotedVisible(out[:start], value)
			i = end
			continue
		default:
			out = append(out, line[i:i+n]...)
		}
		i += n
	}
	return out
}

// appendQuotedVisible quotes s as slog's text handler would, hidden runes
// escaped.
func appendQuotedVisible(out []byte, s string) []byte {
	q := strconv.Quote(s) // escapes what is not printable, and backslashes
	for _, r := range q {
		if Hidden(r) {
			out = appendTextEscape(out, r)
		} else {
			out = utf8.AppendRune(out, r)
		}
	}
	return out
}

// appendTextEscape is Go's escape for r: \u202e, or \U000e0001 beyond
// the first plane.
func appendTextEscape(out []byte, r rune) []byte {
	if r > 0xffff {
		return appendU(out, 'U', r, 8)
	}
	return appendU(out, 'u', r, 4)
}

// appendU appends a backslash, kind, and r in digits lower-case hex digits.
func appendU(out []byte, kind byte, r rune, digits int) []byte {
	const hex = "0123456789abcdef"
	out = append(out, '\\', kind)
	for shift := 4 * (digits - 1); shift >= 0; shift -= 4 {
		out = append(out, hex[(r>>shift)&0xf])
	}
	return out
}
