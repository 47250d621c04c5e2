package xmppcert

import (
	"bytes"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"
)

// Result is what a probe read from the server.
type Result struct {
	Host        string // host dialled
	Port        int    // port dialled
	Domain      string // JID domain: stream "to" and TLS server name
	HostFromSRV bool   // Host and Port came from a DNS SRV record

	Leaf  *x509.Certificate
	Chain []*x509.Certificate // as presented, leaf first

	SHA256, SHA1 []byte // over the leaf's DER bytes, as clients compute them

	NotBefore, NotAfter time.Time
	Subject, Issuer     string   // common name and organisation, readable
	Names               []string // DNS names covered (the CN when there is no SAN)

	Trusted    bool   // verifies against the roots for Domain
	TrustError string // why not, when not trusted
	SelfSigned bool   // issuer is the certificate itself, as BlueMind generates them

	ProbedAt time.Time
}

func (p *Prober) result(t Target, host string, port int, fromSRV bool, certs []*x509.Certificate) *Result {
	leaf := certs[0]
	s256 := sha256.Sum256(leaf.Raw)
	s1 := sha1.Sum(leaf.Raw)
	r := &Result{
		Host: host, Port: port, Domain: t.Domain, HostFromSRV: fromSRV,
		Leaf: leaf, Chain: certs,
		SHA256: s256[:], SHA1: s1[:],
		NotBefore: leaf.NotBefore, NotAfter: leaf.NotAfter,
		Subject: readableName(leaf.Subject), Issuer: readableName(leaf.Issuer),
		Names:      names(leaf),
		SelfSigned: selfSigned(leaf),
		ProbedAt:   time.Now(),
	}
	inter := x509.NewCertPool()
	for _, c := range certs[1:] {
		inter.AddCert(c)
	}
	_, err := leaf.Verify(x509.VerifyOptions{
		DNSName:       t.Domain,
		Roots:         p.RootCAs,
		Intermediates: inter,
		CurrentTime:   r.ProbedAt,
	})
	r.Trusted = err == nil
	if err != nil {
		r.TrustError = err.Error()
	}
	return r
}

func readableName(n pkix.Name) string {
	var parts []string
	if n.CommonName != "" {
		parts = append(parts, n.CommonName)
	}
	parts = append(parts, n.Organization...)
	if len(parts) == 0 {
		return n.String()
	}
	return strings.Join(parts, ", ")
}

func names(c *x509.Certificate) []string {
	if len(c.DNSNames) > 0 {
		return slices.Clone(c.DNSNames)
	}
	if c.Subject.CommonName != "" {
		return []string{c.Subject.CommonName}
	}
	return nil
}

// selfSigned checks the signature directly: CheckSignatureFrom would
// refuse a self-signed leaf without the CA flag, which is what servers
// generate.
func selfSigned(c *x509.Certificate) bool {
	return bytes.Equal(c.RawIssuer, c.RawSubject) &&
		c.CheckSignature(c.SignatureAlgorithm, c.RawTBSCertificate, c.Signature) == nil
}

// ExpiryStatus says whether a certificate is usable now.
type ExpiryStatus int

// The expiry statuses. ExpiringSoon starts ExpiringSoonWindow before
// NotAfter, so administrators can renew before users see errors.
const (
	ExpiryOK ExpiryStatus = iota
	ExpiringSoon
	Expired
	NotYetValid
)

// ExpiringSoonWindow is how long before expiry a certificate counts as
// expiring soon.
const ExpiringSoonWindow = 14 * 24 * time.Hour

func (s ExpiryStatus) String() string {
	switch s {
	case ExpiryOK:
		return "ok"
	case ExpiringSoon:
		return "expiring soon"
	case Expired:
		return "expired"
	case NotYetValid:
		return "not yet valid"
	}
	return fmt.Sprintf("ExpiryStatus(%d)", int(s))
}

// ExpiryStatus tells whether the certificate is valid at now, and whether
// it expires within ExpiringSoonWindow.
func (r *Result) ExpiryStatus(now time.Time) ExpiryStatus {
	switch {
	case now.Before(r.NotBefore):
		return NotYetValid
	case now.After(r.NotAfter):
		return Expired
	case r.NotAfter.Sub(now) < ExpiringSoonWindow:
		return ExpiringSoon
	}
	return ExpiryOK
}

// NewRootCAs gives the system's roots plus the certificates of caFile, a
// PEM file, when it is not empty.
func NewRootCAs(caFile string) (*x509.CertPool, error) {
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	if caFile == "" {
		return pool, nil
	}
	pem, err := os.ReadFile(caFile)
	if err != nil {
		return nil, fmt.Errorf("reading CA file: %w", err)
	}
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("CA file %s holds no PEM certificate", caFile)
	}
	return pool, nil
}
