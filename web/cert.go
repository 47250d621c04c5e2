package web

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
	Lines     []string
	Expiry    CertExpiry
	NotBefore string // dates in the page's language
	NotAfter  string
	Domain    string
	Host      string
	Port      int
	// Stale is set when the last check failed and an older answer is shown.
	Stale bool
}
