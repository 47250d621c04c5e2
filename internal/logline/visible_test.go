package logline

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

// cfRunes is every format character (Cf) Unicode has.
var cfRunes = func() []rune {
	var rs []rune
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if unicode.Is(unicode.Cf, r) {
			rs = append(rs, r)
		}
	}
	return rs
}()

// hiddenPieces are the other characters a log must not show raw, and
// some it must show as they are.
var hiddenPieces = []string{
	"\u202e", "\u202c", "\u2066", "\u200b", "\u200d", "\ufeff", "\u00ad", "\U000e0041", // Cf
	"\u3164", "\u115f", "\uffa0", "\u034f", "\ufe0f", "\U000e0100", // invisible but printable
	"\x7f", "\u0085", "\u009b", "\u00a0", "\u2028", "\u3000", "\ue000", "\u0378", // DEL, C1, spaces, private, unassigned
	"\xff", "\xed\xa0\x80", "\x1b[31m", "\x00", "\n", // not UTF-8, controls
	`\u202e`, `\`, `"`, "=", " ", "é", "日本", "😀", "a", "Z", "0", "/", "-", ".",
}

func randomHostile(rng *rand.Rand) string {
	var b strings.Builder
	for range rng.IntN(6) {
		if rng.IntN(3) == 0 {
			b.WriteRune(cfRunes[rng.IntN(len(cfRunes))])
		} else {
			b.WriteString(hiddenPieces[rng.IntN(len(hiddenPieces))])
		}
	}
	return b.String()
}

// asSlogWrites is s as slog writes a string value in JSON: each byte that
// is not UTF-8 becomes U+FFFD.
func asSlogWrites(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		b.WriteRune(r)
		i += n
	}
	return b.String()
}

// No line, JSON or text, short way or slog, holds a format character or
// any other hidden rune raw, whatever a visitor sends in any attribute,
// key or message; and each line still reads back as exactly what was
// logged (JSON decoded, text unquoted).
func TestNoHiddenRuneReachesTheLog(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, format := range []string{"json", "text"} {
		var out bytes.Buffer
		h := NewJSON(&out)
		if format == "text" {
			h = NewText(&out)
		}
		log := slog.New(h)
		for i := range 20000 {
			out.Reset()
			r := randomRequest(rng)
			r.Path = "/guides/" + randomHostile(rng)
			r.Time = time.Now() // slog writes years past 9999 as no JSON at all
			if !h.WriteRequest(*r) {
				slogLine(h, r)
			}
			msg, key, val, errText := randomHostile(rng), randomHostile(rng), randomHostile(rng), randomHostile(rng)
			group := randomHostile(rng)
			log.With("with", val).Info(msg, "login", val, key, "v", "cause", errors.New(errText),
				"any", struct{ S string }{val}, slog.Group(group, "g", val))
			lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
			if len(lines) != 2 {
				t.Fatalf("%s: %d lines, want 2:\n%s", format, len(lines), out.String())
			}
			for _, line := range lines {
				for j, c := range line {
					if c == utf8.RuneError && !strings.HasPrefix(line[j:], "\ufffd") || Hidden(c) || unicode.Is(unicode.Cf, c) {
						t.Fatalf("%s, case %d: %U raw in %q", format, i, c, line)
					}
				}
			}
			fixed := map[string]string{"msg": msg, "login": val, "cause": errText, "with": val}
			if format == "json" {
				checkJSON(t, i, lines, r.Path, fixed, key, group, val)
			} else {
				fixed["path"] = r.Path
				fixed["any"] = fmt.Sprintf("%+v", struct{ S string }{val})
				checkText(t, i, lines, fixed, key, group, val)
			}
		}
	}
}

// taken are the keys of the two lines: a random key equal to one of them
// is not checked.
var taken = map[string]bool{"time": true, "level": true, "msg": true, "request_id": true, "method": true, "path": true,
	"status": true, "bytes": true, "duration_ms": true, "client": true, "login": true, "cause": true, "with": true, "any": true}

func checkJSON(t *testing.T, i int, lines []string, path string, fixed map[string]string, key, group, val string) {
	t.Helper()
	var req, rec map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &req); err != nil {
		t.Fatalf("json, case %d: %v: %q", i, err, lines[0])
	}
	if err := json.Unmarshal([]byte(lines[1]), &rec); err != nil {
		t.Fatalf("json, case %d: %v: %q", i, err, lines[1])
	}
	if got := req["path"]; got != asSlogWrites(path) {
		t.Fatalf("json, case %d: path %q, want %q", i, got, path)
	}
	key, group = asSlogWrites(key), asSlogWrites(group)
	clash := taken[key] || taken[group] || key == group
	if !clash {
		fixed[key] = "v"
	}
	for k, v := range fixed {
		if got := rec[k]; got != asSlogWrites(v) && !(clash && k != "msg") {
			t.Fatalf("json, case %d: %q is %q, want %q: %q", i, k, got, v, lines[1])
		}
	}
	if g, ok := rec[group].(map[string]any); !clash && group != "" && (!ok || g["g"] != asSlogWrites(val)) {
		t.Fatalf("json, case %d: group %q is %v: %q", i, group, rec[group], lines[1])
	}
}

func checkText(t *testing.T, i int, lines []string, fixed map[string]string, key, group, val string) {
	t.Helper()
	req, got := textPairs(t, i, lines[0]), textPairs(t, i, lines[1])
	if req["path"] != fixed["path"] {
		t.Fatalf("text, case %d: path %q, want %q: %q", i, req["path"], fixed["path"], lines[0])
	}
	delete(fixed, "path")
	// slog's text handler writes a key with a space or '=' as it is,
	// and an empty group adds nothing: no reader can tell those apart.
	readable := func(k string) bool { return k != "" && !strings.ContainsAny(k, " =") && !taken[k] }
	if readable(key) && key != group+".g" {
		fixed[key] = "v"
	}
	if readable(group) && readable(group+".g") && group+".g" != key {
		fixed[group+".g"] = val
	}
	for k, v := range fixed {
		if got[k] != v {
			t.Fatalf("text, case %d: %q is %q, want %q:\n%s", i, k, got[k], v, strings.Join(lines, "\n"))
		}
	}
}

// textPairs reads a text line's keys and values.
func textPairs(t *testing.T, i int, line string) map[string]string {
	t.Helper()
	got := map[string]string{}
	for rest := line; rest != ""; {
		var k, v string
		var err error
		if k, rest, err = textToken(rest); err != nil || !strings.HasPrefix(rest, "=") {
			t.Fatalf("text, case %d: a key, then %q (%v): %q", i, rest, err, line)
		}
		if v, rest, err = textToken(rest[1:]); err != nil {
			t.Fatalf("text, case %d: %v: %q", i, err, line)
		}
		rest = strings.TrimPrefix(rest, " ")
		if _, dup := got[k]; dup {
			got[k] = "(twice)"
		} else {
			got[k] = v
		}
	}
	return got
}

// textToken reads one key or value of a text line: quoted as Go quotes,
// or up to the next space or '='.
func textToken(s string) (tok, rest string, err error) {
	if strings.HasPrefix(s, `"`) {
		q, err := strconv.QuotedPrefix(s)
		if err != nil {
			return "", s, err
		}
		tok, err = strconv.Unquote(q)
		return tok, s[len(q):], err
	}
	end := strings.IndexAny(s, " =")
	if end < 0 {
		end = len(s)
	}
	return s[:end], s[end:], nil
}

// The escapes are visible text in the line itself.
func TestHiddenRunesAreWrittenAsEscapes(t *testing.T) {
	for _, tc := range []struct {
		format, value, want string
	}{
		{"json", "/guides/\u202efdp.exe\u202c", `"path":"/guides/\u202efdp.exe\u202c"`},
		{"json", "a\u3164b\U000e0041", `"path":"a\u3164b\udb40\udc41"`},
		{"json", "x\x7fy", `"path":"x\u007fy"`},
		{"text", "/guides/\u202efdp.exe\u202c", `path="/guides/\u202efdp.exe\u202c"`},
		{"text", `a\b` + "\u3164", `path="a\\b\u3164"`},
		{"text", "a b\u3164", `path="a b\u3164"`},
		{"text", "x\x7fy\U000e0100", `path="x\x7fy\U000e0100"`},
		{"text", "jeanne", `path=jeanne`},
	} {
		var out bytes.Buffer
		log := slog.New(NewJSON(&out))
		if tc.format == "text" {
			log = slog.New(NewText(&out))
		}
		log.Info("request", "path", tc.value, "status", 404)
		if !strings.Contains(out.String(), tc.want+",") && !strings.Contains(out.String(), tc.want+" ") {
			t.Errorf("%s: %q logged as %q, want %s", tc.format, tc.value, out.String(), tc.want)
		}
	}
}

// A line of plain ASCII passes through as it is, in one write.
func TestPlainLinesPassUnchanged(t *testing.T) {
	for _, line := range []string{"", "a", "plain line\n", strings.Repeat("x", 1000) + "\n", "tab\tquote\"\n"} {
		var out bytes.Buffer
		if _, err := (visible{w: &out, json: true}).Write([]byte(line)); err != nil || out.String() != line {
			t.Errorf("%q written as %q (%v)", line, out.String(), err)
		}
	}
	for _, tc := range []struct {
		s    string
		want bool
	}{{"abcdefgh", true}, {"abcdefg\x7f", false}, {"\x7fbcdefgh", false}, {"abcdefghijklmno\x80", false}, {"\xffabcdefgh", false}, {"~~~~~~~~~", true}} {
		if got := asciiWithoutDEL([]byte(tc.s)); got != tc.want {
			t.Errorf("asciiWithoutDEL(%q) = %v", tc.s, got)
		}
	}
}
