package xmppcert

import (
	"errors"
	"fmt"
	"strings"
)

// The kinds of failure a probe reports. A *ProbeError matches its kind
// with errors.Is, so callers test errors.Is(err, ErrNoStartTLS) without
// caring about the details. Each message is worded for an administrator.
var (
	ErrUnreachable     = errors.New("XMPP server unreachable")
	ErrTimeout         = errors.New("XMPP server did not answer in time")
	ErrNoStartTLS      = errors.New("XMPP server does not offer STARTTLS")
	ErrStartTLSRefused = errors.New("XMPP server refused STARTTLS")
	ErrStreamError     = errors.New("XMPP server closed the stream with an error")
	ErrProtocol        = errors.New("server did not answer as an XMPP server")
	ErrTLS             = errors.New("TLS handshake with the XMPP server failed")
	// ErrCanceled means the caller gave up (its context was canceled)
	// before the probe could finish; it says nothing about the server.
	ErrCanceled = errors.New("certificate probe canceled")
)

// The stages of a probe, for ProbeError.Stage.
const (
	StageConnect  = "connect" // TCP connection
	StageHeader   = "stream header"
	StageFeatures = "stream features"
	StageStartTLS = "starttls"
	StageTLS      = "tls handshake"
)

// ProbeError says which target failed, at which stage, and why. Kind is
// one of the Err* values above; Err is the underlying cause, a
// *StreamError when the server closed the stream with an error.
type ProbeError struct {
	Target Target // as asked, after defaults
	Addr   string // host:port actually dialled, if it got that far
	Stage  string
	Kind   error
	Err    error
}

func (e *ProbeError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "xmpp probe of %s", e.Target.Domain)
	if e.Addr != "" {
		fmt.Fprintf(&b, " at %s", e.Addr)
	}
	if e.Target.DirectTLS {
		b.WriteString(" (direct TLS)")
	}
	fmt.Fprintf(&b, ": %s: %v", e.Stage, e.Kind)
	if e.Err != nil {
		fmt.Fprintf(&b, ": %v", e.Err)
	}
	return b.String()
}

// Is makes errors.Is(err, ErrTimeout) and the like work.
func (e *ProbeError) Is(target error) bool { return target == e.Kind }

// Unwrap gives the cause, so errors.As(err, &streamErr) works.
func (e *ProbeError) Unwrap() error { return e.Err }

// StreamError is an XMPP <stream:error> (RFC 6120 §4.9): the defined
// condition, such as "host-unknown" when the server does not serve the
// domain, and the optional text the server gave.
type StreamError struct {
	Condition string
	Text      string
}

func (e *StreamError) Error() string {
	if e.Text != "" {
		return fmt.Sprintf("stream error <%s/>: %s", e.Condition, e.Text)
	}
	return fmt.Sprintf("stream error <%s/>", e.Condition)
}
