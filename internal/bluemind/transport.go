package bluemind

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"syscall"
	"time"

	"imsetup/internal/duration"
)

// maxBody bounds what is read of any answer: BlueMind's are a few KiB,
// so more is a wrong server, and must not cost the portal its memory.
const maxBody = 1 << 20

// answer is an HTTP response read whole, so the connection is free again.
type answer struct {
	status      int
	contentType string
	location    string
	body        []byte
}

// call is one request to BlueMind with a deadline of its own, and its
// answer checked (checkAnswer): a nil error is an HTTP 200 that is not an
// HTML page. Its errors are *UnavailableError; they never hold the URL,
// whose query carries the login, nor any header, which may carry a key.
func (c *Client) call(ctx context.Context, timeout time.Duration, op, method, path string, query url.Values, header http.Header, body []byte) (answer, error) {
	start := time.Now()
	a, err := c.exchange(ctx, timeout, op, method, path, query, header, body)
	if err == nil {
		if e := c.checkAnswer(op, a); e != nil {
			err = e
		}
	}
	if c.observe != nil && ctx.Err() == nil {
		c.observe(op, time.Since(start), err != nil)
	}
	return a, err
}

// exchange sends the request and reads the answer whole.
func (c *Client) exchange(ctx context.Context, timeout time.Duration, op, method, path string, query url.Values, header http.Header, body []byte) (answer, error) {
	callCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	u := c.base + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	req, err := http.NewRequestWithContext(callCtx, method, u, bytes.NewReader(body))
	if err != nil {
		return answer{}, &UnavailableError{Op: op, Reason: "cannot build the request (check " + c.names.BaseURL + ")", Err: err}
	}
	for k, v := range header {
		req.Header[k] = v
	}
	req.Header.Set("Accept", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return answer{}, c.transportError(ctx, op, timeout, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	a := answer{status: resp.StatusCode, contentType: resp.Header.Get("Content-Type"), location: resp.Header.Get("Location"), body: data}
	if err != nil {
		e := c.transportError(ctx, op, timeout, err)
		e.Status = resp.StatusCode
		return a, e
	}
	if len(data) > maxBody {
		return a, &UnavailableError{Op: op, Status: resp.StatusCode, Reason: fmt.Sprintf("answer larger than %d bytes (Content-Type %q): is %s really BlueMind?", maxBody, a.contentType, c.names.BaseURL)}
	}
	return a, nil
}

// transportError names the cause of a failed exchange. parent is the
// caller's context: when it ended, the caller gave up, not BlueMind.
func (c *Client) transportError(parent context.Context, op string, timeout time.Duration, err error) *UnavailableError {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err // drop the URL: its query holds the login
	}
	e := &UnavailableError{Op: op, Err: err}
	var (
		dnsErr   *net.DNSError
		unknown  x509.UnknownAuthorityError
		hostname x509.HostnameError
		invalid  x509.CertificateInvalidError
		record   tls.RecordHeaderError
		netErr   net.Error
	)
	switch {
	case parent.Err() != nil:
		e.Reason, e.Err = "request abandoned by the caller", parent.Err()
	case errors.Is(err, context.DeadlineExceeded) || errors.As(err, &netErr) && netErr.Timeout():
		e.Reason, e.Err = fmt.Sprintf("timeout: no answer within %s (BlueMind overloaded or down? raise %s?)", duration.Format(timeout), c.names.Timeout), context.DeadlineExceeded
	case errors.Is(err, syscall.ECONNREFUSED):
		e.Reason = "connection refused: is BlueMind (its nginx) running, and are the host and port of " + c.names.BaseURL + " right?"
	case errors.As(err, &dnsErr):
		e.Reason = "host not found: check " + c.names.BaseURL + " and the portal's DNS"
	case errors.As(err, &unknown):
		e.Reason = "TLS certificate signed by an unknown authority: give that CA in " + c.names.CAFile
	case errors.As(err, &hostname):
		e.Reason = "TLS certificate is not valid for the host name of " + c.names.BaseURL
	case errors.As(err, &invalid):
		e.Reason = "TLS certificate invalid (expired, or not yet valid?)"
	case errors.As(err, &record):
		e.Reason = "the server does not speak TLS there: use http:// or the right port"
	default:
		e.Reason = "cannot reach BlueMind"
	}
	return e
}

// checkAnswer refuses what is not a BlueMind JSON answer with HTTP 200,
// saying what it was instead.
func (c *Client) checkAnswer(op string, a answer) *UnavailableError {
	e := &UnavailableError{Op: op, Status: a.status}
	switch {
	case a.status >= 300 && a.status < 400:
		e.Reason = fmt.Sprintf("redirected to %s: %s is not BlueMind's address (http instead of https? a login page in front?)", safeLocation(a.location), c.names.BaseURL)
	case isHTML(a):
		e.Reason = fmt.Sprintf("HTML page instead of JSON (Content-Type %q): from a proxy? BlueMind's core may be down or restarting", a.contentType)
	case a.status != http.StatusOK:
		e.Reason = describeError(a)
	default:
		return nil
	}
	return e
}

// safeLocation keeps the part of a redirect target worth logging.
func safeLocation(loc string) string {
	u, err := url.Parse(loc)
	if err != nil || loc == "" {
		return "an unreadable location"
	}
	return quoteShort(u.Scheme + "://" + u.Host + u.Path)
}

func isHTML(a answer) bool {
	if mediaType(a.contentType) == "text/html" {
		return true
	}
	trimmed := bytes.TrimSpace(a.body)
	return len(trimmed) > 0 && trimmed[0] == '<'
}
