package xmppcerttest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"time"
)

// Validity chooses the dates of the generated certificates, to exercise
// each of the portal's expiry warnings.
type Validity int

const (
	Valid        Validity = iota // from an hour ago, for a year
	Expired                      // ended yesterday
	NotYetValid                  // starts tomorrow
	ExpiringSoon                 // ends in 7 days
)

// Dates gives the validity period relative to now.
func (v Validity) Dates(now time.Time) (notBefore, notAfter time.Time) {
	day := 24 * time.Hour
	switch v {
	case Expired:
		return now.Add(-365 * day), now.Add(-day)
	case NotYetValid:
		return now.Add(day), now.Add(365 * day)
	case ExpiringSoon:
		return now.Add(-time.Hour), now.Add(7 * day)
	}
	return now.Add(-time.Hour), now.Add(365 * day)
}

// SelfSigned makes an ECDSA P-256 certificate for domain (CN and DNS SAN),
// signed by its own key, like the ones BlueMind's XMPP server generates.
func SelfSigned(domain string, notBefore, notAfter time.Time) (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	tmpl := leafTemplate(domain, notBefore, notAfter)
	return certificate(tmpl, tmpl, key, key)
}

// CA is a test certificate authority, for certificates a probe should
// trust once the CA is among its roots.
type CA struct {
	Cert *x509.Certificate
	key  *ecdsa.PrivateKey
}

// NewCA makes a CA named name, valid from an hour ago for a year.
func NewCA(name string) (*CA, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          serial(),
		Subject:               pkix.Name{CommonName: name, Organization: []string{"imsetup test"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(365 * 24 * time.Hour),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	return &CA{Cert: cert, key: key}, nil
}

// Pool is a root pool holding only this CA.
func (ca *CA) Pool() *x509.CertPool {
	p := x509.NewCertPool()
	p.AddCert(ca.Cert)
	return p
}

// Issue makes a certificate for domain signed by the CA.
func (ca *CA) Issue(domain string, notBefore, notAfter time.Time) (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	return certificate(leafTemplate(domain, notBefore, notAfter), ca.Cert, key, ca.key)
}

func leafTemplate(domain string, notBefore, notAfter time.Time) *x509.Certificate {
	return &x509.Certificate{
		SerialNumber: serial(),
		Subject:      pkix.Name{CommonName: domain},
		DNSNames:     []string{domain},
		NotBefore:    notBefore,
		NotAfter:     notAfter,
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
}

func certificate(tmpl, parent *x509.Certificate, key, signer *ecdsa.PrivateKey) (tls.Certificate, error) {
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, signer)
	if err != nil {
		return tls.Certificate{}, err
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return tls.Certificate{}, err
	}
	chain := [][]byte{der}
	if parent != tmpl {
		chain = append(chain, parent.Raw)
	}
	return tls.Certificate{Certificate: chain, PrivateKey: key, Leaf: leaf}, nil
}

func serial() *big.Int {
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return n
}
