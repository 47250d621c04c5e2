// Package clientguides holds what each XMPP client's guide says, as data:
// ordered steps made of sentences (message ids of the portal's locales),
// the client's own UI labels they quote (ids into the label files that
// cmd/labelgen extracts from the clients' catalogs), and the user's values
// to type. The web package walks this data; it never knows a client's
// wording, and this package never builds HTML.
package clientguides

import "strings"

// ClientID names a client in URLs (/guides/<id>) and label files.
type ClientID string

// The clients the portal has guides for.
const (
	Thunderbird ClientID = "thunderbird"
	Pidgin      ClientID = "pidgin"
	Gajim       ClientID = "gajim"
)

// Guide is one client's walk through its set-up screens. A client whose
// versions differ on screen has one guide per version line, newest first
// (see all.go); the user picks theirs on the page.
type Guide struct {
	Client ClientID
	// Name is the product's name, the same in every language.
	Name string
	// Version names the version line this guide follows in its URL,
	// /guides/<client>/<version> ("2.3": Gajim 2.3 and later); "" when the
	// client has a single guide.
	Version string
	// LabelFile names the label files the guide quotes,
	// labels/<LabelFile>.<lang>.json, read from that version's catalogs;
	// "" for the client's only ones, labels/<client>.<lang>.json.
	LabelFile string
	// Versions is a message id saying which versions the guide describes.
	Versions string
	// Range is a message id saying which versions the client's guides
	// cover together, for the chooser, where the version is not chosen
	// yet; "" for a client with a single guide, whose Versions says it.
	Range string
	// Recognize tells a user of this version how to tell it from the
	// others, in the client's words (shown where the version is chosen).
	Recognize []Sentence
	// Summary is a message id: one line on the chooser.
	Summary string
	// Platforms lists the operating systems the client is offered on, in
	// the order of how well it suits them; the chooser puts first the guide
	// that suits the visitor's system.
	Platforms []Platform
	// Fingerprint says which certificate fingerprint the client shows, and
	// how it prints it, so the guide can show the very same text.
	Fingerprint FingerprintStyle
	Steps       []Step
}

// Step is one numbered step of a guide.
type Step struct {
	Title     string     // message id
	Sentences []Sentence // what to do, in order
	Fields    []Field    // the form the step fills in, if any
	After     []Sentence // what to do once the form is filled (click Next...)
	// Illustration is a screenshot of the client at this step: its path
	// under static/, with {lang} standing for the language of the labels
	// the page quotes, which is the language the client is shown in
	// ("img/guides/thunderbird-153/{lang}/username.png"; a guide for another
	// version names its own directory); "" for none. On a certificate
	// step it is shown only where there is a certificate to check, after
	// the sentences that say where.
	Illustration string
	// Figure says what the screenshot shows and what to look for in it;
	// every step with an Illustration has one (a picture without its
	// words is not shown).
	Figure *Figure
	// Cert marks the step where the client shows the server's certificate;
	// the page fills it with the live fingerprint.
	Cert *CertStep
	// IfUntrusted marks a step that only happens when the client does not
	// trust the server's certificate (BlueMind's self-signed one): the
	// page leaves it out when the certificate is known to be trusted.
	IfUntrusted bool
}

// Figure is the words around a step's screenshot.
type Figure struct {
	// Alt says what the picture shows and what to look for in it, for
	// those who do not see it; its labels are written out as plain text.
	Alt Sentence
	// Caption is shown under the picture.
	Caption Sentence
}

// LangPlaceholder is what stands for the language in Step.Illustration.
const LangPlaceholder = "{lang}"

// IllustrationPath is the step's screenshot under static/ in a language
// ("fr"), or "" when the step has none.
func (s *Step) IllustrationPath(lang string) string {
	return strings.ReplaceAll(s.Illustration, LangPlaceholder, lang)
}

// Sentences is every sentence the guide may say, step by step: those
// that tell its version apart, then each step's, its certificate's and
// its figure's. A check that every message and label exists walks this
// one list, so that a new place for sentences cannot escape it.
func (g *Guide) Sentences() []Sentence {
	out := append([]Sentence(nil), g.Recognize...)
	for _, st := range g.Steps {
		out = append(out, st.Sentences...)
		out = append(out, st.After...)
		if st.Cert != nil {
			out = append(out, st.Cert.Where...)
			out = append(out, st.Cert.IfServerUnnamed...)
			out = append(out, st.Cert.Accept...)
		}
		if st.Figure != nil {
			out = append(out, st.Figure.Caption, st.Figure.Alt)
		}
	}
	return out
}

// CertStep is what a client-specific certificate step says around the
// fingerprint the portal shows.
type CertStep struct {
	// Where tells where the client shows the warning and the fingerprint.
	Where []Sentence
	// Accept tells how to accept the certificate once it matches.
	Accept []Sentence
	// IfServerUnnamed is said when the certificate names the user's
	// domain but not the server the guide gives (BlueMind's certificate is
	// the domain's; its server often has another name): a client that
	// checks the certificate against the server (Pidgin) then warns about
	// the name as well as about trust. It follows Where's first sentence,
	// the one about the warning.
	IfServerUnnamed []Sentence
}

// Sentence is a message whose placeholders ({{.Name}}) are filled with
// slots: client labels, menu paths, user values or literals. The message
// keeps the language's own word order; the page puts an element in place
// of each placeholder.
type Sentence struct {
	Msg   string
	Slots map[string]Slot
}

// Slot is what stands in a sentence's placeholder. Exactly one field is set.
type Slot struct {
	Label   string    // a client label id
	Path    []string  // client label ids of a menu path, outermost first
	Value   ValueKind // one of the user's values
	Literal string    // text the client shows the same in every language
}

// Field is one input of a client's form: its label, and what to put in it.
// Exactly one of Value, Choice, Literal or Check is set, or none when the
// Hint says it all (the password, a field to leave empty).
type Field struct {
	Label string // client label id of the field
	// LabelLiteral names a field that has no label, by the untranslated
	// placeholder text it shows while empty (Gajim's "user@example.org").
	LabelLiteral string
	Value        ValueKind // type this value
	Choice       string    // pick this option (a client label id)
	Literal      string    // pick this option, shown the same in every language
	Check        CheckState
	Hint         string // message id of a note, or ""
}

// CheckState is what to do with a check box or switch.
type CheckState int

// The check box states a field may ask for.
const (
	NoCheck CheckState = iota
	Checked
	Unchecked
)

// Platform is an operating system family, as guessed from the browser.
type Platform string

// The platforms the chooser recognises.
const (
	Windows Platform = "windows"
	MacOS   Platform = "macos"
	Linux   Platform = "linux"
)

// FingerprintStyle is how a client prints a certificate fingerprint.
type FingerprintStyle struct {
	Algorithm    Algorithm // the one to compare
	LowerCase    bool      // Pidgin prints lower-case hex
	BytesPerLine int       // 0: one line; Gajim prints SHA-256 in lines of 8 bytes
	// GroupBytes, when not 0, shows the fingerprint in groups of that many
	// bytes, for a client that breaks the value wherever it likes
	// (Thunderbird wraps SHA-256 in the middle of a byte): the user
	// compares one group at a time. The characters stay the client's.
	GroupBytes int
}

// Algorithm is a fingerprint's hash.
type Algorithm string

// The fingerprint algorithms the clients show.
const (
	SHA256 Algorithm = "sha256"
	SHA1   Algorithm = "sha1"
)
