package bluemind

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// logoutTimeout bounds the logout that follows every login: it is
// housekeeping, and must not hold a user's page for long.
const logoutTimeout = 3 * time.Second

// NormalizeLogin turns what a user typed into the login BlueMind's own
// front ends send: trimmed, lower-case, and with "@"+defaultDomain when it
// has no domain (BlueMind looks a bare login up in its admin domain, where
// users are not). The rate limiter keys on it too.
func NormalizeLogin(login, defaultDomain string) string {
	login = strings.ToLower(strings.TrimSpace(login))
	defaultDomain = strings.ToLower(strings.TrimSpace(defaultDomain))
	if login == "" || strings.Contains(login, "@") || defaultDomain == "" {
		return login
	}
	return login + "@" + defaultDomain
}

// Authenticate checks login and password with BlueMind and returns who
// the user is. It returns ErrBadCredentials, ErrPasswordExpired (with the
// Identity as far as known) or an *UnavailableError. Whatever the outcome,
// a session BlueMind opened is closed before it returns; a failed logout
// is only logged, since the password was checked all the same and the
// session dies after 20 idle minutes anyway.
func (c *Client) Authenticate(ctx context.Context, login, password string) (Identity, error) {
	login, err := c.normalize(ctx, login)
	if err != nil {
		return Identity{}, err
	}
	if login == "" || password == "" {
		return Identity{}, ErrBadCredentials // BlueMind's answer too; spare it the call
	}
	r, err := c.login(ctx, login, password)
	if r.AuthKey != "" {
		c.logout(ctx, r.AuthKey)
		r.AuthKey = ""
	}
	if err != nil {
		return Identity{}, err
	}
	id, err := r.outcome()
	if err == nil {
		id.ServerVersion = c.serverVersion(ctx)
	}
	return id, err
}

// normalize appends the default domain, asking _infos only when the
// options give none and the login needs one.
func (c *Client) normalize(ctx context.Context, login string) (string, error) {
	domain := c.defaultDomain
	if domain == "" && !strings.Contains(login, "@") && strings.TrimSpace(login) != "" {
		in, err := c.Infos(ctx)
		if err != nil {
			return "", err
		}
		domain = in.DefaultDomain
	}
	return NormalizeLogin(login, domain), nil
}

// login posts the password as a JSON string literal, which is how BlueMind
// reads a body of type application/json.
func (c *Client) login(ctx context.Context, login, password string) (loginResponse, error) {
	body, err := json.Marshal(password)
	if err != nil { // invalid UTF-8 is replaced, so this does not happen
		return loginResponse{}, &UnavailableError{Op: "login", Reason: "cannot encode the password", Err: err}
	}
	defer clear(body)
	q := url.Values{"login": {login}, "origin": {c.origin}}
	h := http.Header{"Content-Type": {"application/json"}}
	a, err := c.call(ctx, c.timeout, "login", http.MethodPost, "/api/auth/login", q, h, body)
	if err != nil {
		return loginResponse{}, err
	}
	r, err := decodeLoginResponse(a.body)
	if err != nil {
		return loginResponse{}, &UnavailableError{Op: "login", Status: a.status, Reason: "malformed JSON (Content-Type " + quoteShort(a.contentType) + ")", Err: err}
	}
	return r, nil
}

// logout ends the session even when the caller's context is already
// done: the key must not stay valid because a user closed the page.
func (c *Client) logout(ctx context.Context, key string) {
	ctx = context.WithoutCancel(ctx)
	h := http.Header{"X-BM-ApiKey": {key}}
	_, err := c.call(ctx, min(c.timeout, logoutTimeout), "logout", http.MethodPost, "/api/auth/logout", nil, h, nil)
	if err != nil {
		c.log.Warn("bluemind: logout after login failed; the session ends after 20 idle minutes", "error", err)
	}
}

// serverVersion is best effort: a login must not fail because _infos did.
func (c *Client) serverVersion(ctx context.Context) string {
	in, err := c.Infos(ctx)
	if err != nil {
		return ""
	}
	return in.SoftwareVersion
}
