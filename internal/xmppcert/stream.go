package xmppcert

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
)

// XML namespaces of RFC 6120.
const (
	nsStreams   = "http://etherx.jabber.org/streams"
	nsStreamErr = "urn:ietf:params:xml:ns:xmpp-streams"
	nsTLS       = "urn:ietf:params:xml:ns:xmpp-tls"
)

// maxPlaintext bounds what a server may send before TLS: a real server
// sends a header and a few features, well under a kilobyte.
const maxPlaintext = 64 << 10

var errTooMuch = fmt.Errorf("server sent more than %d KiB before TLS", maxPlaintext>>10)

// stepError is a failure inside the plaintext exchange, before it is
// dressed as a *ProbeError with the target.
type stepError struct {
	stage string
	kind  error
	err   error
}

func (e *stepError) Error() string { return e.stage + ": " + e.err.Error() }

// startTLS opens the stream, requires STARTTLS among the features and
// asks for it. When it returns nil the next byte on conn is the server's
// TLS. It reads one byte at a time so that nothing after <proceed/> sits
// in a buffer instead of reaching the TLS layer.
func startTLS(conn net.Conn, domain string) *stepError {
	header := "<?xml version='1.0'?><stream:stream to='" + xmlAttr(domain) +
		"' version='1.0' xmlns='jabber:client' xmlns:stream='" + nsStreams + "'>"
	if _, err := io.WriteString(conn, header); err != nil {
		return &stepError{StageHeader, ErrProtocol, err}
	}
	s := &xmlStream{dec: xml.NewDecoder(&byteReader{r: conn, limit: maxPlaintext})}
	if err := s.readHeader(); err != nil {
		return err
	}
	if err := s.readFeatures(); err != nil {
		return err
	}
	if _, err := io.WriteString(conn, "<starttls xmlns='"+nsTLS+"'/>"); err != nil {
		return &stepError{StageStartTLS, ErrProtocol, err}
	}
	return s.readProceed()
}

type xmlStream struct {
	dec *xml.Decoder
}

// fail words a read error: a timeout stays a timeout (the caller knows the
// deadline), anything else means the server is not speaking XMPP to us.
func (s *xmlStream) fail(stage string, err error) *stepError {
	var ne net.Error
	switch {
	case errors.As(err, &ne) && ne.Timeout():
		return &stepError{stage, ErrTimeout, err}
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return &stepError{stage, ErrProtocol, errors.New("the server closed the connection")}
	}
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		if strings.Contains(se.Msg, "unexpected EOF") {
			return &stepError{stage, ErrProtocol, errors.New("the server closed the connection in the middle of an element")}
		}
		return &stepError{stage, ErrProtocol, fmt.Errorf("not XML: %w", err)}
	}
	return &stepError{stage, ErrProtocol, err}
}

func (s *xmlStream) readHeader() *stepError {
	for {
		tok, err := s.dec.Token()
		if err != nil {
			return s.fail(StageHeader, err)
		}
		switch tok := tok.(type) {
		case xml.ProcInst, xml.Comment:
		case xml.CharData:
			if len(strings.TrimSpace(string(tok))) > 0 {
				return &stepError{StageHeader, ErrProtocol, fmt.Errorf("text instead of a stream header: %q", clip(string(tok)))}
			}
		case xml.StartElement:
			if tok.Name.Local == "stream" && (tok.Name.Space == nsStreams || tok.Name.Space == "stream") {
				return nil
			}
			return &stepError{StageHeader, ErrProtocol, fmt.Errorf("<%s> instead of a stream header", name(tok.Name))}
		default:
			return &stepError{StageHeader, ErrProtocol, fmt.Errorf("unexpected %T instead of a stream header", tok)}
		}
	}
}

// next gives the next top-level element of the stream.
func (s *xmlStream) next(stage string) (xml.StartElement, *stepError) {
	for {
		tok, err := s.dec.Token()
		if err != nil {
			return xml.StartElement{}, s.fail(stage, err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			return tok, nil
		case xml.EndElement:
			return xml.StartElement{}, &stepError{stage, ErrProtocol, errors.New("the server closed the stream without an error")}
		case xml.CharData:
			if len(strings.TrimSpace(string(tok))) > 0 {
				return xml.StartElement{}, &stepError{stage, ErrProtocol, fmt.Errorf("unexpected text %q", clip(string(tok)))}
			}
		}
	}
}

func (s *xmlStream) readFeatures() *stepError {
	el, serr := s.next(StageFeatures)
	if serr != nil {
		return serr
	}
	if isStreamError(el) {
		return s.readStreamError(StageFeatures, el)
	}
	if el.Name.Local != "features" || !isStreamNS(el.Name.Space) {
		return &stepError{StageFeatures, ErrProtocol, fmt.Errorf("<%s> instead of <stream:features>", name(el.Name))}
	}
	var offered []string
	found := false
	for {
		tok, err := s.dec.Token()
		if err != nil {
			return s.fail(StageFeatures, err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if tok.Name.Local == "starttls" && tok.Name.Space == nsTLS {
				found = true
			}
			offered = append(offered, tok.Name.Local)
			if err := s.dec.Skip(); err != nil {
				return s.fail(StageFeatures, err)
			}
		case xml.EndElement:
			if found {
				return nil
			}
			what := "none"
			if len(offered) > 0 {
				what = strings.Join(offered, ", ")
			}
			return &stepError{StageFeatures, ErrNoStartTLS, fmt.Errorf("features offered: %s", what)}
		}
	}
}

func (s *xmlStream) readProceed() *stepError {
	el, serr := s.next(StageStartTLS)
	if serr != nil {
		return serr
	}
	switch {
	case el.Name.Space == nsTLS && el.Name.Local == "proceed":
		return nil
	case el.Name.Space == nsTLS && el.Name.Local == "failure":
		return &stepError{StageStartTLS, ErrStartTLSRefused, errors.New("the server answered <failure/>")}
	case isStreamError(el):
		return s.readStreamError(StageStartTLS, el)
	}
	return &stepError{StageStartTLS, ErrProtocol, fmt.Errorf("<%s> instead of <proceed/>", name(el.Name))}
}

// readStreamError reads the condition and text of a <stream:error>. If the
// server hangs up half-way, what was read is still worth reporting.
func (s *xmlStream) readStreamError(stage string, start xml.StartElement) *stepError {
	se := &StreamError{}
	for {
		tok, err := s.dec.Token()
		if err != nil {
			break
		}
		if _, ok := tok.(xml.EndElement); ok {
			break
		}
		el, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if el.Name.Local == "text" {
			var text struct {
				Body string `xml:",chardata"`
			}
			if s.dec.DecodeElement(&text, &el) != nil {
				break
			}
			se.Text = strings.TrimSpace(text.Body)
			continue
		}
		if se.Condition == "" || el.Name.Space == nsStreamErr {
			se.Condition = el.Name.Local
		}
		if s.dec.Skip() != nil {
			break
		}
	}
	if se.Condition == "" {
		se.Condition = "undefined-condition"
	}
	return &stepError{stage, ErrStreamError, se}
}

func isStreamNS(space string) bool { return space == nsStreams || space == "stream" }

func isStreamError(el xml.StartElement) bool {
	return el.Name.Local == "error" && isStreamNS(el.Name.Space)
}

func name(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Local + " xmlns='" + n.Space + "'"
}

func clip(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}

func xmlAttr(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return strings.ReplaceAll(b.String(), "'", "&#39;")
}

// byteReader hands the XML decoder one byte per read (the decoder uses
// ReadByte when it can, instead of its own buffer) and stops a server
// that talks without end.
type byteReader struct {
	r     io.Reader
	n     int
	limit int
	buf   [1]byte
}

func (b *byteReader) ReadByte() (byte, error) {
	if b.n >= b.limit {
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
