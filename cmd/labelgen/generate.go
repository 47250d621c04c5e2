package main

import (
	"archive/zip"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"unicode"

	"imsetup/clientguides"
)

// Paths says where the Debian packages keep their catalogs, relative to
// the root of a tree (the installed system or an unpacked suite).
type Paths struct {
	Locale      string // usr/share/locale: pidgin.mo (with libpurple), gtk20.mo
	GajimLocale string // gajim's own locale directory
	Thunderbird string // usr/lib/thunderbird: omni.ja and extensions/langpack-*.xpi
}

// DebianPaths are the catalog locations of the Debian packages, the same
// in Debian 12, 13 and unstable.
var DebianPaths = Paths{
	Locale:      "usr/share/locale",
	GajimLocale: "usr/lib/python3/dist-packages/gajim/data/locale",
	Thunderbird: "usr/lib/thunderbird",
}

// labelSet is one output file: the very type the portal reads, so the
// generator cannot write a file the guides would misread.
type labelSet = clientguides.LabelSet

// generator reads one tree's catalogs once and turns table entries into
// labels.
type generator struct {
	tree    tree
	paths   Paths
	version func(pkg string) (string, error)
	// versions keeps what version said: each call reads and splits the
	// tree's whole dpkg status (1 MB on a desktop), and every label of an
	// unbound-checked domain asks again.
	versions map[string]string
	mos      map[string]catalog
	domains  map[string][]catalog // every language's catalog of a domain
	jars     map[string]*zip.Reader
	ftls     map[string]*ftlBundle // by jar path + locale
	flat     map[string]map[string]string
}

func newGenerator(t tree, p Paths) *generator {
	return &generator{
		tree: t, paths: p, version: t.version, versions: map[string]string{},
		mos: map[string]catalog{}, domains: map[string][]catalog{}, jars: map[string]*zip.Reader{},
		ftls: map[string]*ftlBundle{}, flat: map[string]map[string]string{},
	}
}

// packageOf names the package a client's catalogs come from in a language.
func packageOf(c client, lang string) string {
	if c.Kind == mozillaCatalogs && lang != "en" {
		return "thunderbird-l10n-" + strings.ToLower(mozillaLocale(lang))
	}
	return c.Name
}

// packageVersion is the tree's version of a package, read once.
func (g *generator) packageVersion(pkg string) (string, error) {
	if v, ok := g.versions[pkg]; ok {
		return v, nil
	}
	v, err := g.version(pkg)
	if err != nil {
		return "", err
	}
	g.versions[pkg] = v
	return v, nil
}

// mozillaRegional are the languages Thunderbird has language packs for
// only by region (Debian's thunderbird-l10n-es-es, not -es): a portal in
// Spanish (es.toml) quotes Spain's Thunderbird.
var mozillaRegional = map[string]string{
	"es": "es-ES", "fy": "fy-NL", "ga": "ga-IE", "hy": "hy-AM", "nb": "nb-NO",
	"nn": "nn-NO", "pa": "pa-IN", "pt": "pt-PT", "sv": "sv-SE", "zh": "zh-CN",
}

// mozillaLocale is the Thunderbird locale of a portal language: es-ES for
// es, pt-BR for pt-BR.
func mozillaLocale(lang string) string {
	if l, ok := mozillaRegional[strings.ToLower(lang)]; ok {
		return l
	}
	return lang
}

// gettextLocale is a portal language as gettext names its folders:
// pt_BR for pt-BR.
func gettextLocale(lang string) string { return strings.ReplaceAll(lang, "-", "_") }

// labels builds one client's label set in one language.
func (g *generator) labels(c client, lang string) (*labelSet, error) {
	pkg := packageOf(c, lang)
	v, err := g.packageVersion(pkg)
	if err != nil {
		return nil, err
	}
	set := &labelSet{Client: clientguides.ClientID(c.Name), Package: pkg, Version: v, Lang: lang, Labels: map[string]string{}}
	var errs []error
	for _, id := range sortedKeys(c.Labels) {
		src := c.Labels[id]
		var text string
		var translated bool
		if c.Kind == gettextCatalogs {
			text, translated, err = g.gettextLabel(src, lang)
		} else {
			text, translated, err = g.mozillaLabel(src, lang)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("%s %s %s: %w", c.Name, lang, id, err))
			continue
		}
		set.Labels[id] = text
		if !translated && lang != "en" {
			set.Untranslated = append(set.Untranslated, id)
		}
	}
	return set, errors.Join(errs...)
}

// gettextLabel looks a msgid up as gettext would: the translation when
// the catalog has one, else the msgid itself (what the client shows).
func (g *generator) gettextLabel(src source, lang string) (string, bool, error) {
	english := src.Key
	if _, id, ok := strings.Cut(src.Key, "\x04"); ok {
		english = id
	}
	text, translated := english, true
	if lang != "en" {
		cat, err := g.mo(src.Domain, lang)
		if err != nil {
			return "", false, err
		}
		text, translated = cat[src.Key]
		if !translated {
			text = english
		}
	}
	if !translated || lang == "en" {
		if err := g.knownMsgid(src); err != nil {
			return "", false, err
		}
	}
	if src.Line != "" {
		var err error
		if text, err = pickLine(english, text, src.Line); err != nil {
			return "", false, err
		}
	}
	if src.MenuPath {
		text = text[strings.LastIndex(text, "/")+1:]
	}
	if src.Mnemonic {
		text = stripMarker(text, '_')
	}
	return cleanLabel(text), translated, nil
}

// pickLine returns the line of text at the index where english has the
// line starting with prefix (a translation keeps the line layout).
func pickLine(english, text, prefix string) (string, error) {
	el, tl := strings.Split(english, "\n"), strings.Split(text, "\n")
	for i, l := range el {
		if strings.HasPrefix(l, prefix) {
			if i >= len(tl) {
				return "", fmt.Errorf("translation has no line %d", i+1)
			}
			// The line names a value ("Fingerprint (SHA1): %s"): keep the name.
			return strings.ReplaceAll(tl[i], "%s", ""), nil
		}
	}
	return "", fmt.Errorf("no line starting with %q", prefix)
}

func (g *generator) localeDir(domain string) string {
	if domain == "gajim" {
		return g.paths.GajimLocale
	}
	return g.paths.Locale
}

// mo is the catalog the program reads for a domain in a language: none
// when it never binds the domain (see unbound), so that every msgid
// shows as is, whatever the package ships.
func (g *generator) mo(domain, lang string) (catalog, error) {
	unbound, err := g.unbound(domain)
	if err != nil {
		return nil, err
	}
	if unbound {
		return catalog{}, nil
	}
	return g.readMO(path.Join(g.localeDir(domain), gettextLocale(lang), "LC_MESSAGES", domain+".mo"))
}

func (g *generator) readMO(name string) (catalog, error) {
	if c, ok := g.mos[name]; ok {
		return c, nil
	}
	c, err := readMO(g.tree.FS, name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", g.tree.Name, err)
	}
	g.mos[name] = c
	return c, nil
}

// knownMsgid checks that the client really has a msgid the label table
// names, because gettext falls back to the msgid itself: a misspelt or
// retired msgid would otherwise come out as an "untranslated" English
// label that no screen shows. A msgid the program uses is in the
// catalogs (msgfmt drops the retired ones), so it must be in at least one
// of the domain's catalogs, whatever their languages.
func (g *generator) knownMsgid(src source) error {
	cats, ok := g.domains[src.Domain]
	if !ok {
		names, err := fs.Glob(g.tree.FS, path.Join(g.localeDir(src.Domain), "*", "LC_MESSAGES", src.Domain+".mo"))
		if err != nil {
			return err
		}
		for _, name := range names {
			c, err := g.readMO(name)
			if err != nil {
				return err
			}
			cats = append(cats, c)
		}
		g.domains[src.Domain] = cats
	}
	for _, c := range cats {
		if _, ok := c[src.Key]; ok {
			return nil
		}
	}
	return fmt.Errorf("msgid %q is in none of the %d %s catalogs of %s: the client does not show it", src.Key, len(cats), src.Domain, g.tree.Name)
}

// mozillaLabel reads a label from the langpack, falling back to en-US in
// omni.ja as Thunderbird does when the langpack lacks the string.
func (g *generator) mozillaLabel(src source, lang string) (string, bool, error) {
	if lang != "en" {
		text, ok, err := g.mozillaLookup(src, mozillaLocale(lang))
		if err != nil || ok {
			return text, ok, err
		}
	}
	text, ok, err := g.mozillaLookup(src, "en-US")
	if err == nil && !ok {
		err = fmt.Errorf("%s: no %s", src.File, src.Key)
	}
	return text, lang == "en", err
}

func (g *generator) mozillaLookup(src source, locale string) (string, bool, error) {
	jar := path.Join(g.paths.Thunderbird, "omni.ja")
	if locale != "en-US" {
		jar = path.Join(g.paths.Thunderbird, "extensions", "langpack-"+locale+"@thunderbird.mozilla.org.xpi")
	}
	file := strings.ReplaceAll(src.File, "{locale}", locale)
	var text string
	var ok bool
	if strings.HasSuffix(file, ".ftl") {
		b, err := g.ftlBundle(jar, locale, file)
		if err != nil {
			return "", false, err
		}
		if text, ok, err = b.lookup(file, src.Key, src.Attr); err != nil {
			return "", false, err
		}
	} else {
		entries, err := g.flatFile(jar, file)
		if err != nil {
			return "", false, err
		}
		text, ok = entries[src.Key]
	}
	if !ok {
		return "", false, nil
	}
	if src.AccessKey {
		text = stripMarker(text, '&')
	}
	return cleanLabel(text), true, nil
}

// ftlBundle returns the Fluent bundle of a jar's locale with file (and
// brand.ftl, for terms) loaded. A file missing from a langpack is empty.
func (g *generator) ftlBundle(jar, locale, file string) (*ftlBundle, error) {
	key := jar + "\x00" + locale
	b, ok := g.ftls[key]
	if !ok {
		b = &ftlBundle{files: map[string]map[string]*ftlMessage{}}
		g.ftls[key] = b
	}
	for _, f := range []string{file, strings.ReplaceAll(tbBrand, "{locale}", locale)} {
		if _, ok := b.files[f]; ok {
			continue
		}
		data, err := g.jarFile(jar, f)
		if err != nil {
			return nil, err
		}
		b.files[f] = parseFTL(string(data))
	}
	return b, nil
}

// flatFile returns the entries of a .dtd or .properties file.
func (g *generator) flatFile(jar, file string) (map[string]string, error) {
	key := jar + "\x00" + file
	if m, ok := g.flat[key]; ok {
		return m, nil
	}
	data, err := g.jarFile(jar, file)
	if err != nil {
		return nil, err
	}
	var m map[string]string
	switch {
	case strings.HasSuffix(file, ".dtd"):
		m = parseDTD(string(data))
	case strings.HasSuffix(file, ".properties"):
		m = parseProperties(string(data))
	default:
		return nil, fmt.Errorf("%s: unknown catalog type", file)
	}
	g.flat[key] = m
	return m, nil
}

// jarFile reads a member of a jar; a missing member reads as empty, so
// the label falls back to en-US like Thunderbird's own lookup.
func (g *generator) jarFile(jar, name string) ([]byte, error) {
	z, ok := g.jars[jar]
	if !ok {
		var err error
		if z, err = openZip(g.tree.FS, jar); err != nil {
			return nil, err
		}
		g.jars[jar] = z
	}
	data, err := readZipFile(z, name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s!%s: %w", jar, name, err)
	}
	return data, nil
}

// stripMarker removes access-key markers: a single marker before a
// character goes, a doubled marker is a literal one. It is only applied
// to strings a widget parses that way, so literals keep their '_'/'&'.
func stripMarker(s string, marker rune) string {
	var b strings.Builder
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		if rs[i] == marker && i+1 < len(rs) {
			i++
		}
		b.WriteRune(rs[i])
	}
	return b.String()
}

// cleanLabel drops a trailing colon with the space before it (U+0020,
// U+00A0 or U+202F in French): a guide lays fields out itself, the label
// is the field's name.
func cleanLabel(s string) string {
	s = strings.TrimRightFunc(s, unicode.IsSpace)
	s = strings.TrimSuffix(s, ":")
	s = strings.TrimRightFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '\u202f' })
	return strings.TrimLeftFunc(s, unicode.IsSpace)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
