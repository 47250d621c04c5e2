package web

import (
	"context"

	"imsetup/clientguides"
)

// Layout is what every page's frame needs.
type Layout struct {
	Title     string // already translated
	Languages []LangLink
	User      *User // nil when logged out
	Brand     Brand
}

// Brand is the organisation's look, the same on every page; its zero
// value is the neutral portal.
type Brand struct {
	OrgName   string // in the header and the title; "" for none
	LogoPath  string // portal path of the logo; "" for none
	ThemePath string // portal path of the accent's style sheet; "" for the default colours
}

// LangLink is one entry of the language switcher: a plain link, so it
// works without JavaScript.
type LangLink struct {
	Code    string
	Name    string // in the language itself
	Href    string // the portal path; the template puts it under the base
	Current bool
}

// User is who is logged in, as the session remembers them.
type User struct {
	DisplayName string
	JID         string
}

// LoginPage is the login form, with what went wrong if anything did.
type LoginPage struct {
	Layout
	Login   string // echoed back; the password never is
	Next    string // local path to return to
	Problem *Problem
	// Field is the input the problem is about ("login", "password"), so
	// the form can tie the message to it; "" for the whole form.
	Field string
}

// Problem is a translated explanation of a failed login.
type Problem struct {
	Msg      string // message id
	Data     map[string]any
	Count    int    // for a message with plural forms, its {{.Count}}
	Link     string // a page that helps (BlueMind, to change the password)
	LinkText string // message id
}

// HomePage is the chooser a user lands on after logging in.
type HomePage struct {
	Layout
	Values clientguides.Values
	Guides []GuideCard
	// Untrusted: the XMPP certificate is known not to be trusted by the
	// system, so the page tells users of clients that cannot accept such
	// a certificate (Dino, Monal) to ask support instead of trying.
	Untrusted      bool
	SupportContact string // "" when none is configured
}

// GuideCard is one guide on the chooser.
type GuideCard struct {
	Guide       *clientguides.Guide
	Recommended bool // suits the system the browser runs on
}

// GuidePage is one client's guide filled with the user's values.
type GuidePage struct {
	Layout
	Guide  *clientguides.Guide
	Labels *clientguides.LabelSet
	Values clientguides.Values
	Cert   *CertView
	// Choices are the client's guides, one per version line, when it has
	// more than one; the page lets the user pick theirs. Empty otherwise.
	Choices []VersionChoice
	// Images knows the screenshots' sizes; nil shows no screenshots.
	Images *Images
	// Origin is the scheme and host users reach the portal at
	// (IMSETUP_PUBLIC_URL's, "https://mail.example.com"); with the base
	// path it makes the page's full address, printed on the guide.
	Origin string
}

// Address is the guide's full public address, as printed at its foot:
// https://mail.example.com/im/guides/thunderbird/153. Without an origin
// it is the path alone.
func (p *GuidePage) Address(ctx context.Context) string {
	return p.Origin + BaseFrom(ctx).URL(p.Guide.Path())
}

// VersionChoice is one version line of a client on its guide's page,
// described with that version's own labels.
type VersionChoice struct {
	Guide   *clientguides.Guide
	Labels  *clientguides.LabelSet
	Current bool // the guide on this page
}

// inLabels is the page with another version's labels, so a version choice
// quotes the words that version shows.
func (p *GuidePage) inLabels(l *clientguides.LabelSet) *GuidePage {
	q := *p
	q.Labels = l
	return &q
}

// Shows reports whether a step belongs on this page: a step that only
// happens when the client does not trust the certificate is left out
// when the portal knows it is trusted.
func (p *GuidePage) Shows(s *clientguides.Step) bool {
	return !s.IfUntrusted || p.Cert == nil || p.Cert.State != CertTrusted
}

// Label returns a client label's text. Every id a guide uses is checked
// against every label file by the tests, so the id never reaches a page.
func (p *GuidePage) Label(id string) string {
	if t, ok := p.Labels.Text(id); ok {
		return t
	}
	return id
}

// LabelLang is the lang attribute a client label needs on this page:
// empty, unless the client shows it in another language than the
// page's: Gajim 2.1's keyring windows stay English in French, and a page
// in a language the client has no labels for (a new locale) quotes the
// client's English ones.
func (p *GuidePage) LabelLang(ctx context.Context, id string) string {
	l := p.Labels.LangOf(id)
	page := p.Labels.Lang
	if loc := LocalizerFrom(ctx); loc != nil {
		page = loc.Lang.Code
	}
	if clientguides.BaseLanguage(l) == clientguides.BaseLanguage(page) {
		return ""
	}
	return l
}

// ErrorPage explains an error without any detail a user cannot act on.
type ErrorPage struct {
	Layout
	Title     string // message id
	Msg       string // message id
	RequestID string
}
