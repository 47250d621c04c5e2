// Package stencil serves a page that is the same for every user but for a
// few of their values (their name, their address, what they typed) by
// rendering it once per key of everything else, with a unique sentinel in
// place of each such value, and cutting the result at the sentinels. Each
// request then writes the cut pieces with its own values in between,
// escaped exactly as the template escapes them: no template runs.
//
// A stencil is made from the key and the sentinels alone (the render
// function never sees a request), so it holds no user's value: the worst
// a mistake can do is show a user a page for the wrong key, never another
// user's values. The Cache refuses itself, and renders every page whole
// from then on, when a page would not come out right: see Cache.
package stencil

import (
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"
	"strconv"

	"github.com/a-h/templ"
)

// Hole is one of a request's own values and how often the page shows it.
type Hole struct {
	// Value is the value as the render function receives it (unescaped).
	Value string
	// Want is how many times the page must show it: 0 for a page that
	// must not show it at all, AtLeastOnce when the count depends on the
	// page (a guide quotes the address once per step that needs it).
	Want int
}

// AtLeastOnce is a Hole's Want for a value the page shows one or more
// times.
const AtLeastOnce = -1

// sentinels stand for the holes while a stencil is rendered. Each is
// unique to its cache (a random nonce no page text holds) and to its hole,
// and is made of what a transformation other than HTML escaping would
// change: spaces at both ends (trimming), HTML's special characters (a
// context that does not escape them, or escapes them otherwise: a URL,
// a script), letters of both cases, a bidi isolate and an emoji (a
// sanitizer), private-use markers around it all. The nonce is digits
// only, so it survives any such change and shows where a sentinel came
// out altered.
type sentinels struct {
	nonce   string
	raw     []string // handed to the render function
	escaped []string // as the page must show them: templ.EscapeString(raw)
}

const (
	sentinelOpen = " \uE002"
	sentinelTail = " <'\"&>Aa\u2067\U0001F600\u2069\uE003 "
)

func newSentinels(n int) *sentinels {
	max := new(big.Int).Exp(big.NewInt(10), big.NewInt(18), nil)
	v, err := rand.Int(rand.Reader, max)
	if err != nil {
		panic(err) // crypto/rand does not fail on Linux
	}
	s := &sentinels{nonce: fmt.Sprintf("%018d", v)}
	for i := range n {
		raw := sentinelOpen + s.nonce + "." + strconv.Itoa(i) + sentinelTail
		s.raw = append(s.raw, raw)
		s.escaped = append(s.escaped, templ.EscapeString(raw))
	}
	return s
}

// stencil is a page cut at its holes: text[cuts[i-1].at:cuts[i].at] comes
// before hole cuts[i].hole.
type stencil struct {
	text []byte
	cuts []cut
}

type cut struct {
	at   int // offset in text
	hole int
}

// errRefused wraps every reason a page cannot be cut.
var errRefused = errors.New("stencil refused")

// cutPage finds every sentinel in a page rendered with them and checks
// that each came out exactly as templ escapes it, and as often as its
// hole wants. Any trace of a sentinel that is not whole and escaped that
// way (its nonce elsewhere) refuses the page: the template then does
// something to the value other than escape it, and the value must go
// through the template.
func (s *sentinels) cutPage(page []byte, holes []Hole) (*stencil, error) {
	st := &stencil{text: make([]byte, 0, len(page))}
	counts := make([]int, len(holes))
	nonce := []byte(s.nonce)
	rest := page
	for {
		i := bytes.Index(rest, nonce)
		if i < 0 {
			break
		}
		start := i - len(sentinelOpen)
		hole, ok := s.holeAt(rest, start, i+len(nonce))
		if !ok {
			return nil, fmt.Errorf("%w: a value comes out altered (not as templ escapes it) near %q", errRefused, around(rest, i))
		}
		st.text = append(st.text, rest[:start]...)
		st.cuts = append(st.cuts, cut{at: len(st.text), hole: hole})
		counts[hole]++
		rest = rest[start+len(s.escaped[hole]):]
	}
	st.text = append(st.text, rest...)
	for i, h := range holes {
		if h.Want == AtLeastOnce && counts[i] > 0 || h.Want == counts[i] {
			continue
		}
		want := strconv.Itoa(h.Want)
		if h.Want == AtLeastOnce {
			want = "at least once"
		}
		return nil, fmt.Errorf("%w: value %d comes out %d times, want %s", errRefused, i, counts[i], want)
	}
	return st, nil
}

// holeAt reports which hole's escaped sentinel starts at page[start:],
// whose nonce ends at afterNonce; false when none does exactly.
func (s *sentinels) holeAt(page []byte, start, afterNonce int) (int, bool) {
	if start < 0 || !bytes.HasPrefix(page[start:], []byte(sentinelOpen)) || afterNonce >= len(page) || page[afterNonce] != '.' {
		return 0, false
	}
	end := afterNonce + 1
	for end < len(page) && page[end] >= '0' && page[end] <= '9' {
		end++
	}
	hole, err := strconv.Atoi(string(page[afterNonce+1 : end]))
	if err != nil || hole >= len(s.escaped) || !bytes.HasPrefix(page[start:], []byte(s.escaped[hole])) {
		return 0, false
	}
	return hole, true
}

func around(b []byte, i int) string {
	return string(b[max(0, i-40):min(len(b), i+60)])
}

// size is what the stencil holds in memory, roughly.
func (st *stencil) size() int {
	return cap(st.text) + cap(st.cuts)*16 + 128
}

// fill writes the page with the holes' escaped values.
func (st *stencil) fill(buf *bytes.Buffer, escaped []string) {
	n := len(st.text)
	for _, c := range st.cuts {
		n += len(escaped[c.hole])
	}
	buf.Grow(n)
	prev := 0
	for _, c := range st.cuts {
		buf.Write(st.text[prev:c.at])
		buf.WriteString(escaped[c.hole])
		prev = c.at
	}
	buf.Write(st.text[prev:])
}
