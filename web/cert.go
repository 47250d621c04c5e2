package web

import "strings"

// CertState is what the portal learned about the XMPP server's certificate.
type CertState string

// The states a certificate step can show.
const (
	// CertTrusted: a certificate the user's system should trust; no
	// warning is expected.
	CertTrusted CertState = "trusted"
	// CertUntrusted: self-signed or unknown issuer (BlueMind's normal
	// state): compare the fingerprint, then accept.
	CertUntrusted CertState = "untrusted"
	// CertMismatch: the live certificate is not the one the administrator
	// declared: do not accept.
	CertMismatch CertState = "mismatch"
	// CertUnavailable: the portal could not read the certificate now.
	CertUnavailable CertState = "unavailable"
)

// CertExpiry warns of a certificate's dates.
type CertExpiry string

// The expiry warnings.
const (
	ExpiryOK     CertExpiry = ""
	ExpirySoon   CertExpiry = "soon"
	ExpiryPast   CertExpiry = "expired"
	ExpiryNotYet CertExpiry = "notyet"
)

// CertView is the certificate step's content for one user's domain.
type CertView struct {
	State CertState
	// Algorithm is "sha256" or "sha1": the data-fingerprint attribute.
	Algorithm string
	// AlgorithmName is how the client names it: SHA-256, SHA-1.
	AlgorithmName string
	// Lines are the fingerprint as the client prints it, line by line.
	Lines []string
	// GroupBytes, when not 0, shows the lines in groups of that many
	// bytes, to compare one group at a time.
	GroupBytes int
	Expiry     CertExpiry
	NotBefore  string // dates in the page's language
	NotAfter   string
	Domain     string
	Host       string
	Port       int
	// Stale is set when the last check failed and an older answer is shown.
	Stale bool
	// ServerNamed and DomainNamed say whether the certificate is valid for
	// the server's name and for the user's domain.
	ServerNamed, DomainNamed bool
}

// ServerUnnamed reports a certificate made for the user's domain that does
// not name the server the guide gives.
func (c *CertView) ServerUnnamed() bool { return c.DomainNamed && !c.ServerNamed }

// Groups cuts the fingerprint into groups of GroupBytes bytes. Each group
// but the last keeps its colon, so the groups put together are exactly
// the client's text (what the copy button copies and a test reads).
func (c *CertView) Groups() []string {
	hex := strings.Split(strings.Join(c.Lines, ":"), ":")
	n := c.GroupBytes
	if n <= 0 {
		n = len(hex)
	}
	var out []string
	for i := 0; i < len(hex); i += n {
		end := min(i+n, len(hex))
		g := strings.Join(hex[i:end], ":")
		if end < len(hex) {
			g += ":"
		}
		out = append(out, g)
	}
	return out
}
