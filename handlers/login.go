package handlers

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"imsetup/internal/bluemind"
	"imsetup/internal/config"
	"imsetup/web"
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
	next := s.nextPath(r.URL.Query().Get("next"))
	if currentUser(r.Context()) != nil {
		redirect(w, r, next)
		return nil
	}
	return s.renderLogin(w, r, http.StatusOK, &web.LoginPage{Next: nextField(next)})
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
	page := &web.LoginPage{Login: login, Next: nextField(next)}

	if p, field := checkLoginInput(login, password); p != nil {
		if !utf8.ValidString(login) {
			page.Login = ""
		}
		page.Problem, page.Field = p, field
		return s.renderLogin(w, r, http.StatusBadRequest, page)
	}

	key, addr := s.throttleKey(r, login), s.clientAddr(r)
	if ok, wait := s.throttle.Check(key, addr, s.now()); !ok {
		return s.holdBack(w, r, page, key, addr, wait)
	}
	id, err := s.auth.Authenticate(r.Context(), login, password)
	if errors.Is(err, bluemind.ErrBadCredentials) {
		s.throttle.Failure(key, addr, s.now())
	}
	if err != nil {
		return s.loginFailed(w, r, page, err)
	}
	s.throttle.Success(key)
	if p := s.refuse(id); p != nil {
		s.log.Info("login refused", "login", strings.ToLower(login), "outcome", p.Msg)
		page.Problem = p
		return s.renderLogin(w, r, http.StatusForbidden, page)
	}
	name := id.DisplayName
	if name == "" {
		name = id.JID
	}
	sess := newSession(id.JID, name, id.Lang, s.now())
	if err := s.sessions.save(w, r, sess); err != nil {
		return err
	}
	s.log.Info("login", "login", strings.ToLower(login), "jid", id.JID, "outcome", "ok")
	redirect(w, r, next)
	return nil
}

// checkLoginInput refuses what BlueMind would refuse anyway, before
// sending it there, and says which field is wrong.
func checkLoginInput(login, password string) (*web.Problem, string) {
	switch {
	case login == "":
		return &web.Problem{Msg: "login.error.loginMissing"}, fieldLogin
	case !utf8.ValidString(login) || len(login) > maxLoginLen || strings.IndexFunc(login, isBadRune) >= 0:
		return &web.Problem{Msg: "login.error.loginInvalid"}, fieldLogin
	case password == "":
		return &web.Problem{Msg: "login.error.passwordMissing"}, fieldPassword
	case !utf8.ValidString(password) || len(password) > maxPasswordLen || strings.IndexFunc(password, unicode.IsControl) >= 0:
		return &web.Problem{Msg: "login.error.passwordInvalid"}, fieldPassword
	}
	return nil, ""
}

func isBadRune(r rune) bool { return unicode.IsControl(r) || unicode.IsSpace(r) }

// loginFailed maps BlueMind's answer to what the user is told. A wrong
// password and an unknown user get the same words, on purpose.
func (s *Server) loginFailed(w http.ResponseWriter, r *http.Request, page *web.LoginPage, err error) error {
	login := strings.ToLower(page.Login)
	switch {
	case errors.Is(err, bluemind.ErrBadCredentials):
		s.log.Info("login", "login", login, "outcome", "bad credentials")
		page.Problem = &web.Problem{Msg: "login.error.bad"}
		return s.renderLogin(w, r, http.StatusUnauthorized, page)
	case errors.Is(err, bluemind.ErrPasswordExpired):
		s.log.Info("login", "login", login, "outcome", "password expired")
		page.Problem = &web.Problem{Msg: "login.error.expired", Link: s.settings.BlueMindURL, LinkText: "login.error.expiredLink"}
		return s.renderLogin(w, r, http.StatusForbidden, page)
	}
	s.log.Error("login: BlueMind unavailable", "login", login, "cause", err)
	return newError(http.StatusServiceUnavailable, "error.bluemind", err)
}

// refuse applies the portal's own rules to a right password: no e-mail
// means no JID; without the IM role (where BlueMind has it) no XMPP.
func (s *Server) refuse(id bluemind.Identity) *web.Problem {
	contact := map[string]any{"Contact": s.settings.SupportContact}
	suffix := ""
	if s.settings.SupportContact == "" {
		suffix = "NoContact"
	}
	if id.JID == "" {
		return &web.Problem{Msg: "login.error.noEmail" + suffix, Data: contact}
	}
	if requiresIMRole(s.settings.RequireIMRole, id.ServerVersion) && !id.HasIM {
		return &web.Problem{Msg: "login.error.noIM" + suffix, Data: contact}
	}
	return nil
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
	major, _, _ := strings.Cut(version, ".")
	n, err := strconv.Atoi(major)
	return err != nil || n < 5
}

// holdBack refuses a try without asking BlueMind, before its brute-force
// plugin would lock the user out, and says when to come back.
func (s *Server) holdBack(w http.ResponseWriter, r *http.Request, page *web.LoginPage, key, addr string, wait time.Duration) error {
	s.log.Warn("login held back", "login", key, "client", addr, "retry_after_s", int(wait.Seconds()))
	w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())))
	page.Problem = &web.Problem{Msg: "login.error.throttled", Count: minutes(wait)}
	return s.renderLogin(w, r, http.StatusTooManyRequests, page)
}

// throttleKey is the login as BlueMind will see it, so that every way of
// typing one account counts against the same limit.
func (s *Server) throttleKey(r *http.Request, login string) string {
	domain := s.settings.DefaultDomain
	if domain == "" && !strings.Contains(login, "@") {
		if infos, err := s.auth.Infos(r.Context()); err == nil {
			domain = infos.DefaultDomain
		}
	}
	return bluemind.NormalizeLogin(login, domain)
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

func (s *Server) renderLogin(w http.ResponseWriter, r *http.Request, status int, page *web.LoginPage) error {
	page.Layout = s.layout(r, "login.title")
	w.Header().Set("Cache-Control", "no-store")
	return web.Render(r.Context(), w, status, web.LoginView(page))
}
