package handlers

import (
	"bytes"
	"encoding/binary"
	"errors"
	"slices"

	"github.com/gorilla/securecookie"
)

// sessionCodec serializes a session's values inside the signed and
// encrypted cookie. gorilla's default, gob, sends its type descriptions
// with every value and builds a decoder for them each time: about 230
// allocations and most of a logged-in page's cost, for six short values.
// This format writes each string or integer with its name and nothing
// else. Cookies written by gob before (an upgrade) still open; a value of
// another type makes the whole map go to gob again, so nothing is lost.
type sessionCodec struct{}

// codecMark starts the compact format. A gob stream starts with the
// length of its first message, never 0.
var codecMark = []byte{0, 1}

const (
	codecString = 's'
	codecInt    = 'i'
)

func (sessionCodec) Serialize(src any) ([]byte, error) {
	m, ok := src.(map[any]any)
	if !ok {
		return securecookie.GobEncoder{}.Serialize(src)
	}
	keys := make([]string, 0, len(m))
	for k, v := range m {
		ks, ok := k.(string)
		if !ok {
			return securecookie.GobEncoder{}.Serialize(src)
		}
		switch v.(type) {
		case string, int64:
		default:
			return securecookie.GobEncoder{}.Serialize(src)
		}
		keys = append(keys, ks)
	}
	slices.Sort(keys) // the same values make the same bytes
	b := append(make([]byte, 0, 128), codecMark...)
	for _, k := range keys {
		b = appendString(b, k)
		switch v := m[k].(type) {
		case string:
			b = appendString(append(b, codecString), v)
		case int64:
			b = binary.AppendVarint(append(b, codecInt), v)
		}
	}
	return b, nil
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

var errSessionFormat = errors.New("session cookie: malformed values")

func (sessionCodec) Deserialize(src []byte, dst any) error {
	p, ok := dst.(*map[any]any)
	if !ok || !bytes.HasPrefix(src, codecMark) {
		return securecookie.GobEncoder{}.Deserialize(src, dst)
	}
	if *p == nil {
		*p = make(map[any]any, 6)
	}
	m := *p
	b := src[len(codecMark):]
	for len(b) > 0 {
		key, rest, ok := readString(b)
		if !ok || len(rest) == 0 {
			return errSessionFormat
		}
		kind, rest := rest[0], rest[1:]
		switch kind {
		case codecString:
			var v []byte
			if v, rest, ok = readString(rest); !ok {
				return errSessionFormat
			}
			m[sessionKeyName(key)] = string(v)
		case codecInt:
			v, n := binary.Varint(rest)
			if n <= 0 {
				return errSessionFormat
			}
			m[sessionKeyName(key)] = v
			rest = rest[n:]
		default:
			return errSessionFormat
		}
		b = rest
	}
	return nil
}

func readString(b []byte) (s, rest []byte, ok bool) {
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)-k) {
		return nil, nil, false
	}
	return b[k : k+int(n)], b[k+int(n):], true
}

// sessionKeyName returns the names session.go writes without copying
// them for each request.
func sessionKeyName(b []byte) string {
	switch string(b) {
	case "id":
		return "id"
	case "jid":
		return "jid"
	case "name":
		return "name"
	case "lang":
		return "lang"
	case "at":
		return "at"
	case "seen":
		return "seen"
	}
	return string(b)
}
