package xmppcert

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"time"

	"imsetup/internal/duration"
)

// DefaultTimeout bounds a whole probe: SRV lookup, connection, stream
// negotiation and TLS handshake.
const DefaultTimeout = 5 * time.Second

// Dialer opens TCP connections; *net.Dialer is one.
type Dialer interface {
	DialContext(ctx context.Context, network, address string) (net.Conn, error)
}

// Prober reads the certificate an XMPP server presents. The zero value is
// ready to use.
type Prober struct {
	Timeout  time.Duration  // whole probe; 0 means DefaultTimeout
	RootCAs  *x509.CertPool // trust anchors; nil means the system's
	Resolver Resolver       // SRV lookups; nil means net.DefaultResolver
	Dialer   Dialer         // nil means a plain *net.Dialer
}

func (p *Prober) timeout() time.Duration {
	if p.Timeout > 0 {
		return p.Timeout
	}
	return DefaultTimeout
}

// Probe connects to the target, negotiates TLS the way a client would and
// returns the certificate the server presented. It fails with a
// *ProbeError whose Kind tells what went wrong; a certificate that is
// untrusted or expired is not a failure, it is in the Result.
func (p *Prober) Probe(ctx context.Context, t Target) (*Result, error) {
	t = t.normalized()
	if t.Domain == "" {
		return nil, errors.New("xmppcert: a probe needs the JID domain")
	}
	ctx, cancel := context.WithTimeout(ctx, p.timeout())
	defer cancel()

	var resolver Resolver = net.DefaultResolver
	if p.Resolver != nil {
		resolver = p.Resolver
	}
	host, port, fromSRV := resolve(ctx, resolver, t)
	addr := net.JoinHostPort(host, strconv.Itoa(port))
	fail := func(stage string, kind, err error) error {
		return p.classify(ctx, &ProbeError{Target: t, Addr: addr, Stage: stage, Kind: kind, Err: err})
	}

	var dialer Dialer = &net.Dialer{}
	if p.Dialer != nil {
		dialer = p.Dialer
	}
	conn, err := dialer.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, fail(StageConnect, ErrUnreachable, err)
	}
	defer conn.Close()
	// The deadline covers every read and write; cancelling ctx moves it
	// to the past, which wakes any blocked read.
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()

	if !t.DirectTLS {
		if serr := startTLS(conn, t.Domain); serr != nil {
			return nil, fail(serr.stage, serr.kind, serr.err)
		}
	}
	tc := tls.Client(conn, &tls.Config{
		ServerName: t.Domain,
		// Verification is ours, after the handshake, so that an untrusted
		// certificate is still captured and shown to the user.
		InsecureSkipVerify: true,
		// Only the certificate is read and nothing secret is sent, so an
		// old server is still worth describing.
		MinVersion: tls.VersionTLS10,
	})
	if err := tc.HandshakeContext(ctx); err != nil {
		return nil, fail(StageTLS, ErrTLS, err)
	}
	certs := tc.ConnectionState().PeerCertificates
	_ = tc.Close()
	if len(certs) == 0 {
		return nil, fail(StageTLS, ErrTLS, errors.New("the server presented no certificate"))
	}
	return p.result(t, host, port, fromSRV, certs), nil
}

// classify turns any failure that happened because time ran out into
// ErrTimeout, and one caused by the caller's cancellation into
// ErrCanceled, whatever the stage noticed first (a TLS or XML error after
// the deadline closed the socket is still a timeout).
func (p *Prober) classify(ctx context.Context, e *ProbeError) error {
	var ne net.Error
	switch {
	case errors.Is(ctx.Err(), context.Canceled):
		e.Kind, e.Err = ErrCanceled, ctx.Err()
	case errors.Is(ctx.Err(), context.DeadlineExceeded),
		errors.Is(e.Err, os.ErrDeadlineExceeded),
		errors.As(e.Err, &ne) && ne.Timeout():
		e.Kind, e.Err = ErrTimeout, fmt.Errorf("no answer within %s", duration.Format(p.timeout()))
	}
	return e
}
