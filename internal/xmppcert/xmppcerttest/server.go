package xmppcerttest

import (
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"imsetup/internal/xmppcert"
)

// Mode is how the server behaves, to reproduce each failure a probe
// reports.
type Mode int

const (
	Normal         Mode = iota // STARTTLS, handshake, end of stream
	NoStartTLS                 // features without <starttls/>
	RefuseStartTLS             // <failure/> to <starttls/>
	Garbage                    // an HTTP answer instead of a stream
	StreamError                // <stream:error><system-shutdown/> after the header
	Silent                     // accepts the connection and never writes
	BadTLS                     // <proceed/>, then bytes that are not TLS
)

func (m Mode) String() string {
	names := []string{"Normal", "NoStartTLS", "RefuseStartTLS", "Garbage", "StreamError", "Silent", "BadTLS"}
	if int(m) >= 0 && int(m) < len(names) {
		return names[m]
	}
	return fmt.Sprintf("Mode(%d)", int(m))
}

// Options configure a Server. The zero value serves "imsetup.test" on a
// free loopback port with STARTTLS.
type Options struct {
	Addr string // listen address; default "127.0.0.1:0"
	// Listener, when set, is served instead of listening on Addr, for a
	// caller that chose the port itself.
	Listener  net.Listener
	Domains   []string // virtual hosts; default {"imsetup.test"}
	Mode      Mode
	DirectTLS bool     // TLS from the first byte, as on port 5223; of the modes, only Silent applies
	Validity  Validity // dates of the generated certificates
	// CertFor, when set, gives each domain's certificate instead of a
	// generated self-signed one (for instance one from a CA).
	CertFor func(domain string) (tls.Certificate, error)
}

// connDeadline bounds each connection, so a client that hangs does not
// keep a goroutine for ever.
const connDeadline = 30 * time.Second

// Server is a running endpoint. Close it when done.
type Server struct {
	ln        net.Listener
	directTLS bool
	certs     map[string]*tls.Certificate
	mode      atomic.Int32

	mu     sync.Mutex
	conns  map[net.Conn]struct{}
	closed bool
	wg     sync.WaitGroup
}

// NewServer generates the certificates and starts listening.
func NewServer(o Options) (*Server, error) {
	if o.Addr == "" {
		o.Addr = "127.0.0.1:0"
	}
	if len(o.Domains) == 0 {
		o.Domains = []string{"imsetup.test"}
	}
	s := &Server{directTLS: o.DirectTLS, certs: make(map[string]*tls.Certificate), conns: make(map[net.Conn]struct{})}
	s.mode.Store(int32(o.Mode))
	notBefore, notAfter := o.Validity.Dates(time.Now())
	for _, d := range o.Domains {
		d = normalize(d)
		var cert tls.Certificate
		var err error
		if o.CertFor != nil {
			cert, err = o.CertFor(d)
		} else {
			cert, err = SelfSigned(d, notBefore, notAfter)
		}
		if err != nil {
			return nil, fmt.Errorf("xmppcerttest: certificate for %s: %w", d, err)
		}
		if cert.Leaf == nil {
			if cert.Leaf, err = x509.ParseCertificate(cert.Certificate[0]); err != nil {
				return nil, fmt.Errorf("xmppcerttest: certificate for %s: %w", d, err)
			}
		}
		s.certs[d] = &cert
	}
	ln := o.Listener
	if ln == nil {
		var err error
		if ln, err = net.Listen("tcp", o.Addr); err != nil {
			return nil, fmt.Errorf("xmppcerttest: %w", err)
		}
	}
	s.ln = ln
	s.wg.Add(1)
	go s.accept()
	return s, nil
}

// Addr is the host:port the server listens on.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// Port is the TCP port the server listens on.
func (s *Server) Port() int { return s.ln.Addr().(*net.TCPAddr).Port }

// Target is what a probe of domain on this server looks like.
func (s *Server) Target(domain string) xmppcert.Target {
	host, _, _ := net.SplitHostPort(s.Addr())
	return xmppcert.Target{Host: host, Port: s.Port(), Domain: domain, DirectTLS: s.directTLS}
}

// Certificate is the leaf certificate served for domain, nil if the
// server does not serve it.
func (s *Server) Certificate(domain string) *x509.Certificate {
	if c := s.certs[normalize(domain)]; c != nil {
		return c.Leaf
	}
	return nil
}

// SetMode changes the behaviour for the next connections.
func (s *Server) SetMode(m Mode) { s.mode.Store(int32(m)) }

// Close stops listening, cuts open connections and waits for them.
func (s *Server) Close() error {
	s.mu.Lock()
	s.closed = true
	for c := range s.conns {
		_ = c.Close()
	}
	s.mu.Unlock()
	err := s.ln.Close()
	s.wg.Wait()
	return err
}

func (s *Server) accept() {
	defer s.wg.Done()
	for {
		conn, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			_ = conn.Close()
			return
		}
		s.conns[conn] = struct{}{}
		s.wg.Add(1)
		s.mu.Unlock()
		go func() {
			defer s.wg.Done()
			defer func() {
				s.mu.Lock()
				delete(s.conns, conn)
				s.mu.Unlock()
				_ = conn.Close()
			}()
			_ = conn.SetDeadline(time.Now().Add(connDeadline))
			s.serve(conn, Mode(s.mode.Load()))
		}()
	}
}

// serve plays one connection. Every mode reads what the client sent before
// hanging up: closing a socket with unread data resets the connection,
// and the client could lose our last words.
func (s *Server) serve(conn net.Conn, mode Mode) {
	if mode == Silent {
		_, _ = io.Copy(io.Discard, conn)
		return
	}
	if s.directTLS {
		s.serveTLS(conn, "")
		return
	}
	dec := xml.NewDecoder(&byteReader{r: conn})
	to, err := readHeader(dec)
	if err != nil {
		return
	}
	if mode == Garbage {
		_, _ = io.WriteString(conn, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
		return
	}
	domain := normalize(to)
	_, _ = io.WriteString(conn, streamHeader(domain))
	if s.certs[domain] == nil {
		_, _ = io.WriteString(conn, streamError("host-unknown", "this server does not serve "+to))
		return
	}
	switch mode {
	case StreamError:
		_, _ = io.WriteString(conn, streamError("system-shutdown", "test server in StreamError mode"))
		return
	case NoStartTLS:
		_, _ = io.WriteString(conn, "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms></stream:features>")
		_, _ = io.Copy(io.Discard, conn)
		return
	}
	_, _ = io.WriteString(conn, "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls></stream:features>")
	if !readStartTLS(dec) {
		_, _ = io.WriteString(conn, streamError("policy-violation", "only STARTTLS is served here"))
		return
	}
	switch mode {
	case RefuseStartTLS:
		_, _ = io.WriteString(conn, "<failure xmlns='urn:ietf:params:xml:ns:xmpp-tls'/></stream:stream>")
		return
	case BadTLS:
		_, _ = io.WriteString(conn, "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>this is not TLS\r\n")
		return
	}
	_, _ = io.WriteString(conn, "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>")
	s.serveTLS(conn, domain)
}

// serveTLS picks the certificate by server name, else by the stream's
// domain, shakes hands, and ends the stream: this server only shows its
// certificate, it lets no one log in.
func (s *Server) serveTLS(conn net.Conn, streamDomain string) {
	tc := tls.Server(conn, &tls.Config{
		GetCertificate: func(hello *tls.ClientHelloInfo) (*tls.Certificate, error) {
			if c := s.certs[normalize(hello.ServerName)]; c != nil {
				return c, nil
			}
			if c := s.certs[streamDomain]; c != nil {
				return c, nil
			}
			return nil, fmt.Errorf("no certificate for server name %q", hello.ServerName)
		},
	})
	if tc.Handshake() != nil {
		return
	}
	_, _ = io.WriteString(tc, "</stream:stream>")
	_ = tc.Close()
}

func readHeader(dec *xml.Decoder) (to string, err error) {
	for {
		tok, err := dec.Token()
		if err != nil {
			return "", err
		}
		if el, ok := tok.(xml.StartElement); ok {
			if el.Name.Local != "stream" {
				return "", fmt.Errorf("<%s> instead of a stream header", el.Name.Local)
			}
			for _, a := range el.Attr {
				if a.Name.Local == "to" && a.Name.Space == "" {
					return a.Value, nil
				}
			}
			return "", nil
		}
	}
}

func readStartTLS(dec *xml.Decoder) bool {
	for {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		if el, ok := tok.(xml.StartElement); ok {
			return el.Name.Local == "starttls" && el.Name.Space == "urn:ietf:params:xml:ns:xmpp-tls"
		}
	}
}

func streamHeader(domain string) string {
	id := make([]byte, 8)
	_, _ = rand.Read(id)
	return "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' id='" +
		hex.EncodeToString(id) + "' from='" + escape(domain) + "' version='1.0' xml:lang='en'>"
}

func streamError(condition, text string) string {
	return "<stream:error><" + condition + " xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>" +
		"<text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>" + escape(text) + "</text></stream:error></stream:stream>"
}

func escape(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

func normalize(domain string) string {
	return strings.TrimSuffix(strings.ToLower(strings.TrimSpace(domain)), ".")
}

// byteReader keeps the XML decoder from reading past <starttls/>: the
// bytes after it belong to TLS.
type byteReader struct {
	r   io.Reader
	n   int
	buf [1]byte
}

var errTooMuch = errors.New("client sent too much before TLS")

func (b *byteReader) ReadByte() (byte, error) {
	if b.n >= 64<<10 {
		return 0, errTooMuch
	}
	if _, err := io.ReadFull(b.r, b.buf[:]); err != nil {
		return 0, err
	}
	b.n++
	return b.buf[0], nil
}

func (b *byteReader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	c, err := b.ReadByte()
	if err != nil {
		return 0, err
	}
	p[0] = c
	return 1, nil
}
