package main

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"strconv"
	"strings"
)

// openZip opens a Mozilla jar (omni.ja or a langpack .xpi). omni.ja is an
// "optimized" jar whose central directory comes first; archive/zip copes
// with it, but when a build ever prepends data Go cannot account for, the
// archive is reopened from its first local file header.
func openZip(fsys fs.FS, path string) (*zip.Reader, error) {
	data, err := fs.ReadFile(fsys, path)
	if err != nil {
		return nil, err
	}
	r, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err == nil {
		return r, nil
	}
	if i := bytes.Index(data, []byte("PK\x03\x04")); i > 0 {
		if r, err2 := zip.NewReader(bytes.NewReader(data[i:]), int64(len(data)-i)); err2 == nil {
			return r, nil
		}
	}
	return nil, fmt.Errorf("%s: %w", path, err)
}

// readZipFile returns one member of a zip, or fs-style not-found error.
func readZipFile(z *zip.Reader, name string) ([]byte, error) {
	f, err := z.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

// ftlMessage is one Fluent message or term: its value and attributes, as
// raw patterns whose placeables are resolved when a label is looked up.
type ftlMessage struct {
	Value string
	Attrs map[string]string
}

var (
	ftlEntryRe = regexp.MustCompile(`^(-?[a-zA-Z][a-zA-Z0-9_-]*)[ \t]*=[ \t]*(.*)$`)
	ftlAttrRe  = regexp.MustCompile(`^[ \t]+\.([a-zA-Z][a-zA-Z0-9_-]*)[ \t]*=[ \t]*(.*)$`)
)

// parseFTL reads the subset of Fluent the clients' labels use: messages,
// terms, attributes and multi-line patterns. Select expressions are kept
// raw; resolving one is an error, so a label never hides a variant.
func parseFTL(src string) map[string]*ftlMessage {
	msgs := map[string]*ftlMessage{}
	var cur *ftlMessage
	attr := "" // the pattern continuation lines belong to; "" is the value
	appendTo := func(text string) {
		old := cur.Value
		if attr != "" {
			old = cur.Attrs[attr]
		}
		if old != "" {
			text = old + "\n" + text
		}
		if attr != "" {
			cur.Attrs[attr] = text
		} else {
			cur.Value = text
		}
	}
	for _, line := range strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n") {
		switch {
		case strings.TrimSpace(line) == "":
			// Blank lines inside a pattern are dropped, as Fluent does.
		case line[0] == '#':
			cur = nil
		case ftlEntryRe.MatchString(line):
			m := ftlEntryRe.FindStringSubmatch(line)
			cur = &ftlMessage{Value: strings.TrimSpace(m[2]), Attrs: map[string]string{}}
			msgs[m[1]] = cur
			attr = ""
		case cur == nil:
			// junk outside an entry
		case ftlAttrRe.MatchString(line):
			m := ftlAttrRe.FindStringSubmatch(line)
			attr = m[1]
			cur.Attrs[attr] = strings.TrimSpace(m[2])
		case line[0] == ' ' || line[0] == '\t':
			appendTo(strings.TrimSpace(line))
		default:
			cur = nil
		}
	}
	return msgs
}

var ftlPlaceableRe = regexp.MustCompile(`\{\s*([^{}]*?)\s*\}`)

// ftlBundle is every Fluent file loaded for one language, so that a
// message can use terms and messages of other files (brand.ftl).
type ftlBundle struct {
	files map[string]map[string]*ftlMessage // by path inside the zip
}

// lookup returns a message's value or attribute with its placeables
// resolved: string literals, message and term references. References are
// searched in the message's own file first, then in the other files.
func (b *ftlBundle) lookup(file, id, attr string) (string, bool, error) {
	m, ok := b.files[file][id]
	if !ok {
		return "", false, nil
	}
	pattern := m.Value
	if attr != "" {
		pattern, ok = m.Attrs[attr]
		if !ok {
			return "", false, fmt.Errorf("%s: %s has no .%s attribute", file, id, attr)
		}
	}
	s, err := b.resolve(file, pattern, 0)
	return s, err == nil, err
}

func (b *ftlBundle) resolve(file, pattern string, depth int) (string, error) {
	if depth > 8 {
		return "", errors.New("ftl: reference loop")
	}
	var firstErr error
	out := ftlPlaceableRe.ReplaceAllStringFunc(pattern, func(p string) string {
		expr := ftlPlaceableRe.FindStringSubmatch(p)[1]
		s, err := b.placeable(file, expr, depth)
		if err != nil && firstErr == nil {
			firstErr = err
		}
		return s
	})
	return out, firstErr
}

func (b *ftlBundle) placeable(file, expr string, depth int) (string, error) {
	if u, err := strconv.Unquote(expr); err == nil && strings.HasPrefix(expr, `"`) {
		return u, nil
	}
	if strings.HasPrefix(expr, "$") || strings.Contains(expr, "->") || strings.Contains(expr, "(") {
		return "", fmt.Errorf("ftl: %s: unsupported placeable { %s }", file, expr)
	}
	id, attr, _ := strings.Cut(expr, ".")
	m, ok := b.files[file][id]
	if !ok {
		for _, msgs := range b.files {
			if m, ok = msgs[id]; ok {
				break
			}
		}
	}
	if !ok {
		return "", fmt.Errorf("ftl: %s: unknown reference { %s }", file, expr)
	}
	pattern := m.Value
	if attr != "" {
		pattern = m.Attrs[attr]
	}
	return b.resolve(file, pattern, depth+1)
}

var xmlCommentRe = regexp.MustCompile(`(?s)<!--.*?-->`)

var dtdEntityRe = regexp.MustCompile(`<!ENTITY\s+([A-Za-z0-9_.\-]+)\s+(?:"([^"]*)"|'([^']*)')\s*>`)

// parseDTD reads the entities of a Mozilla .dtd locale file, with character
// references decoded. Comments are removed first so a commented-out entity
// never counts.
func parseDTD(src string) map[string]string {
	src = xmlCommentRe.ReplaceAllString(src, "")
	out := map[string]string{}
	for _, m := range dtdEntityRe.FindAllStringSubmatch(src, -1) {
		v := m[2]
		if m[3] != "" {
			v = m[3]
		}
		out[m[1]] = decodeXMLRefs(v)
	}
	return out
}

var xmlRefRe = regexp.MustCompile(`&(#[0-9]+|#x[0-9a-fA-F]+|amp|lt|gt|quot|apos);`)

func decodeXMLRefs(s string) string {
	return xmlRefRe.ReplaceAllStringFunc(s, func(ref string) string {
		name := ref[1 : len(ref)-1]
		switch name {
		case "amp":
			return "&"
		case "lt":
			return "<"
		case "gt":
			return ">"
		case "quot":
			return `"`
		case "apos":
			return "'"
		}
		base, digits := 10, name[1:]
		if strings.HasPrefix(digits, "x") {
			base, digits = 16, digits[1:]
		}
		n, err := strconv.ParseUint(digits, base, 32)
		if err != nil {
			return ref
		}
		return string(rune(n))
	})
}

// parseProperties reads a Java-style .properties file as Mozilla writes
// them: "key = value" or "key=value", # and ! comments, backslash line
// continuations and \uXXXX escapes.
func parseProperties(src string) map[string]string {
	out := map[string]string{}
	lines := strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n")
	for i := 0; i < len(lines); i++ {
		line := strings.TrimLeft(lines[i], " \t\f")
		if line == "" || line[0] == '#' || line[0] == '!' {
			continue
		}
		for strings.HasSuffix(line, `\`) && !strings.HasSuffix(line, `\\`) && i+1 < len(lines) {
			i++
			line = line[:len(line)-1] + strings.TrimLeft(lines[i], " \t\f")
		}
		sep := strings.IndexAny(line, "=:")
		if sep < 0 {
			continue
		}
		key := strings.TrimSpace(line[:sep])
		out[key] = unescapeProperty(strings.TrimLeft(line[sep+1:], " \t\f"))
	}
	return out
}

func unescapeProperty(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 == len(s) {
			b.WriteByte(c)
			continue
		}
		i++
		switch s[i] {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'u':
			if i+4 < len(s) {
				if n, err := strconv.ParseUint(s[i+1:i+5], 16, 32); err == nil {
					b.WriteRune(rune(n))
					i += 4
					continue
				}
			}
			b.WriteByte('u')
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}
