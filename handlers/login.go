package handlers

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"imsetup/internal/bluemind"
	"imsetup/internal/config"
	"imsetup/internal/throttle"
)

// Limits on the login form: a login is an e-mail address, a password is
// short; anything much larger is not a person typing.
const (
	maxFormBytes   = 16 << 10
	maxLoginLen    = 256
	maxPasswordLen = 1024
	fieldLogin     = "login"
	fieldPassword  = "password"
)

// loginForm shows the form, or sends a logged-in user on.
func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) error {
	raw := ""
	if r.URL.RawQuery != "" { // most requests have none to parse
		raw = r.URL.Query().Get("next")
	}
	next := s.nextPath(raw)
	if currentUser(r.Context()) != nil {
		redirect(w, r, next)
		return nil
	}
	return s.renderLogin(w, r, http.StatusOK, &loginState{Next: nextField(next)})
}

// login checks the password with BlueMind, tells the user what went wrong
// in words they can act on, and on success issues a fresh session holding
// only what the pages show. The password lives in this function only.
func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return newError(http.StatusRequestEntityTooLarge, "error.tooLarge", err)
		}
		return newError(http.StatusBadRequest, "error.badRequest", err)
	}
	login := strings.TrimSpace(r.PostForm.Get(fieldLogin))
	password := r.PostForm.Get(fieldPassword)
	next := s.nextPath(r.PostForm.Get("next"))
	page := &loginState{Login: login, Next: nextField(next)}

	if p, field := checkLoginInput(login, password); p != nil {
		if !utf8.ValidString(login) {
			page.Login = ""
		}
		page.Problem, page.Field = p, field
		s.metrics.Login(outcomeInvalidInput)
		return s.renderLogin(w, r, http.StatusBadRequest, page)
	}

	ctx, client := r.Context(), s.clientAddr(r)
	key, err := s.throttleKey(ctx, login)
	if err != nil {
		// A bare login cannot be completed without BlueMind's default
		// domain; asking again in Authenticate would only wait twice.
		return s.loginFailed(w, r, page, client, err)
	}
	ticket, hold, err := s.throttle.Reserve(ctx, key, limitKey(client), s.clock())
	if err != nil {
		s.logLogin(ctx, slog.LevelError, login, client, outcomeStoreUnavailable, "cause", err)
		return newError(http.StatusServiceUnavailable, "error.storeUnavailable", err)
	}
	if hold.Held() {
		return s.holdBack(w, r, page, client, hold)
	}
	// A client that hangs up must not cancel the question: BlueMind may
	// have read the password already, and the attempt must then count.
	id, err := s.auth.Authenticate(context.WithoutCancel(ctx), login, password)
	s.settle(ctx, ticket, err)
	if id.Login != "" { // the right password, expired or not
		s.learn(ctx, key, id)
	}
	if err != nil {
		return s.loginFailed(w, r, page, client, err)
	}
	if p, outcome := s.refuse(id); p != nil {
		s.logLogin(ctx, slog.LevelInfo, login, client, outcome)
		page.Problem = p
		return s.renderLogin(w, r, http.StatusForbidden, page)
	}
	sess := newSession(id.JID, displayName(id), sessionLang(id.Lang), s.clock())
	if err := s.sessions.save(w, r, sess); err != nil {
		return err
	}
	s.logLogin(ctx, slog.LevelInfo, login, client, outcomeOK, "jid", id.JID)
	redirect(w, r, next)
	return nil
}

// checkLoginInput refuses what BlueMind would refuse anyway, before
// sending it there, and says which field is wrong.
func checkLoginInput(login, password string) (*problem, string) {
	switch {
	case login == "":
		return &problem{Msg: "login.error.loginMissing"}, fieldLogin
	case !utf8.ValidString(login) || len(login) > maxLoginLen || strings.IndexFunc(login, isBadRune) >= 0:
		return &problem{Msg: "login.error.loginInvalid"}, fieldLogin
	case password == "":
		return &problem{Msg: "login.error.passwordMissing"}, fieldPassword
	case !utf8.ValidString(password) || len(password) > maxPasswordLen || strings.IndexFunc(password, unicode.IsControl) >= 0:
		return &problem{Msg: "login.error.passwordInvalid"}, fieldPassword
	}
	return nil, ""
}

// isBadRune: what an address never holds. Format characters (Cf: bidi
// overrides and isolates, zero-width characters, the BOM, the soft hyphen)
// are invisible, and raw in the log's login line a bidi-aware viewer would
// show another text than the one typed.
func isBadRune(r rune) bool {
	return unicode.IsControl(r) || unicode.IsSpace(r) || unicode.Is(unicode.Cf, r)
}

// loginFailed maps BlueMind's answer to what the user is told. A wrong
// password and an unknown user get the same words, on purpose.
func (s *Server) loginFailed(w http.ResponseWriter, r *http.Request, page *loginState, client netip.Addr, err error) error {
	ctx := r.Context()
	switch {
	case errors.Is(err, bluemind.ErrBadCredentials):
		s.logLogin(ctx, slog.LevelInfo, page.Login, client, outcomeBadCredentials)
		page.Problem = &problem{Msg: "login.error.bad"}
		return s.renderLogin(w, r, http.StatusUnauthorized, page)
	case errors.Is(err, bluemind.ErrPasswordExpired):
		s.logLogin(ctx, slog.LevelInfo, page.Login, client, outcomePasswordExpired)
		page.Problem = &problem{Msg: "login.error.expired", Link: s.settings.BlueMindURL, LinkText: "login.error.expiredLink"}
		return s.renderLogin(w, r, http.StatusForbidden, page)
	}
	s.logLogin(ctx, slog.LevelError, page.Login, client, outcomeBlueMindUnavailable, "cause", err)
	return newError(http.StatusServiceUnavailable, "error.bluemind", err)
}

// refuse applies the portal's own rules to a right password: no e-mail
// means no JID; an address longer than one can be is no JID either (and
// would not fit the session cookie); without the IM role (where BlueMind
// has it) no XMPP.
func (s *Server) refuse(id bluemind.Identity) (*problem, string) {
	contact := s.settings.SupportContact
	suffix := ""
	if s.settings.SupportContact == "" {
		suffix = "NoContact"
	}
	if id.JID == "" {
		return &problem{Msg: "login.error.noEmail" + suffix, Contact: contact, WithContact: true}, outcomeNoEmail
	}
	if utf8.RuneCountInString(id.JID) > maxAddressRunes {
		return &problem{Msg: "login.error.addressTooLong" + suffix, Contact: contact, WithContact: true}, outcomeAddressTooLong
	}
	if requiresIMRole(s.settings.RequireIMRole, id.ServerVersion) && !id.HasIM {
		return &problem{Msg: "login.error.noIM" + suffix, Contact: contact, WithContact: true}, outcomeNoIMRole
	}
	return nil, ""
}

// requiresIMRole: BlueMind 4.x and older grant the "hasIM" role; 5.x has
// neither the role nor an XMPP server of its own, so auto only asks for
// the role where it exists. An unknown version counts as 4.x, the default.
func requiresIMRole(mode config.RoleMode, version string) bool {
	switch mode {
	case config.RoleYes:
		return true
	case config.RoleNo:
		return false
	}
	return bluemind.HasIMRole(version)
}

// holdBack refuses a try without asking BlueMind, before its brute-force
// plugin would lock the user out, and says which limit it is, why, and
// when to come back: "this account" and "your network" call for different
// reactions, and a login held back only because others are still under
// way (parallel right passwords, a double click) must not be told of
// wrong passwords: it can try again in a few seconds.
func (s *Server) holdBack(w http.ResponseWriter, r *http.Request, page *loginState, client netip.Addr, h throttle.Hold) error {
	outcome, msg := outcomeHeldAccount, "login.error.throttledAccount"
	switch h.Reason {
	case throttle.ByAddress:
		outcome, msg = outcomeHeldNetwork, "login.error.throttledNetwork"
	case throttle.AccountBusy:
		outcome, msg = outcomeHeldAccountBusy, "login.error.busyAccount"
	case throttle.AddressBusy:
		outcome, msg = outcomeHeldNetworkBusy, "login.error.busyNetwork"
	}
	secs := int(h.Wait.Seconds())
	s.logLogin(r.Context(), slog.LevelWarn, page.Login, client, outcome, "retry_after_s", secs)
	s.metrics.Throttled(strings.TrimPrefix(outcome, "held_back_"))
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	page.Problem = &problem{Msg: msg}
	if !h.Reason.Busy() {
		page.Problem.Count = minutes(h.Wait)
	}
	return s.renderLogin(w, r, http.StatusTooManyRequests, page)
}

// throttleKey is the login as BlueMind will see it, so that every way of
// typing one account counts against the same limit. A bare login needs
// BlueMind's default domain: when BlueMind cannot give it, the login
// cannot go on either.
func (s *Server) throttleKey(ctx context.Context, login string) (string, error) {
	domain := s.settings.DefaultDomain
	if domain == "" && !strings.Contains(login, "@") {
		infos, err := s.auth.Infos(ctx)
		if err != nil {
			return "", err
		}
		domain = infos.DefaultDomain
	}
	return bluemind.NormalizeLogin(login, domain), nil
}

// settle tells the throttle how the reserved attempt ended. It runs even
// when the client has gone: the attempt happened.
func (s *Server) settle(ctx context.Context, t throttle.Ticket, err error) {
	ctx = context.WithoutCancel(ctx)
	var serr error
	switch {
	case errors.Is(err, bluemind.ErrBadCredentials):
		serr = s.throttle.Fail(ctx, t, s.clock())
	case err == nil || errors.Is(err, bluemind.ErrPasswordExpired):
		serr = s.throttle.Succeed(ctx, t)
	default: // BlueMind did not answer: that was no guess
		serr = s.throttle.Release(ctx, t)
	}
	if serr != nil {
		s.log.Error("login throttle: the attempt's outcome could not be recorded; it stays counted until it expires", "cause", serr)
	}
}

// learn records every address of the account that just logged in, and
// the login typed, so that failures typed with any of them share the
// account's budget from now on.
func (s *Server) learn(ctx context.Context, typed string, id bluemind.Identity) {
	account := strings.ToLower(id.Login)
	addresses := append([]string{typed}, id.Addresses...)
	if err := s.throttle.Learn(context.WithoutCancel(ctx), account, addresses, s.clock()); err != nil {
		s.log.Error("login throttle: the account's addresses could not be recorded", "cause", err)
	}
}

// minutes rounds a wait up to whole minutes, as people read it.
func minutes(d time.Duration) int {
	return int((d + time.Minute - 1) / time.Minute)
}

// nextField keeps "/" out of the form: it is where a login goes anyway.
func nextField(next string) string {
	if next == "/" {
		return ""
	}
	return next
}
