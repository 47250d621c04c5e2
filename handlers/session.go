package handlers

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"net/http"
	"time"

	"github.com/gorilla/sessions"
)

const sessionCookie = "imsetup_session"

// session is everything the portal keeps about a logged-in user: what the
// pages show. Never the password, never a BlueMind key.
type session struct {
	JID     string
	Name    string
	Lang    string
	LoginAt time.Time
}

type sessionStore struct {
	store    *sessions.CookieStore
	lifetime time.Duration
}

// newSessionStore derives a signing key and an encryption key from each
// configured secret. The first secret's pair makes new cookies; the others
// still open cookies made before a rotation.
func newSessionStore(secrets [][]byte, secure bool, lifetime time.Duration) (*sessionStore, error) {
	if len(secrets) == 0 {
		return nil, errors.New("handlers: no session key")
	}
	var pairs [][]byte
	for _, secret := range secrets {
		pairs = append(pairs, derive(secret, "imsetup cookie signature"), derive(secret, "imsetup cookie encryption"))
	}
	store := sessions.NewCookieStore(pairs...)
	// MaxAge also bounds the signed timestamp inside the cookie, so an old
	// cookie is refused even if the browser kept it.
	store.MaxAge(int(lifetime.Seconds()))
	store.Options = &sessions.Options{
		Path:     "/",
		MaxAge:   int(lifetime.Seconds()),
		HttpOnly: true,
		Secure:   secure,
		SameSite: http.SameSiteLaxMode,
	}
	return &sessionStore{store: store, lifetime: lifetime}, nil
}

// derive makes independent 32-byte keys from one secret, so the same
// secret never serves both to sign and to encrypt.
func derive(secret []byte, purpose string) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(purpose))
	return m.Sum(nil)
}

// load returns the request's session, or nil when there is none or it is
// tampered with, signed with a removed key, or too old: all of these are
// simply "not logged in".
func (st *sessionStore) load(r *http.Request, now time.Time) *session {
	sess, err := st.store.Get(r, sessionCookie)
	if err != nil || sess.IsNew {
		return nil
	}
	jid, _ := sess.Values["jid"].(string)
	name, _ := sess.Values["name"].(string)
	lang, _ := sess.Values["lang"].(string)
	at, _ := sess.Values["at"].(int64)
	loginAt := time.Unix(at, 0)
	if jid == "" || now.Sub(loginAt) > st.lifetime || loginAt.After(now.Add(time.Minute)) {
		return nil
	}
	return &session{JID: jid, Name: name, Lang: lang, LoginAt: loginAt}
}

// save issues a brand-new cookie: whatever the browser had before the
// login is dropped, so a session cannot be fixed in advance.
func (st *sessionStore) save(w http.ResponseWriter, r *http.Request, s *session) error {
	sess := sessions.NewSession(st.store, sessionCookie)
	opts := *st.store.Options
	sess.Options = &opts
	sess.IsNew = true
	sess.Values["jid"] = s.JID
	sess.Values["name"] = s.Name
	sess.Values["lang"] = s.Lang
	sess.Values["at"] = s.LoginAt.Unix()
	return sess.Save(r, w)
}

// clear removes the cookie.
func (st *sessionStore) clear(w http.ResponseWriter) {
	opts := *st.store.Options
	opts.MaxAge = -1
	http.SetCookie(w, sessions.NewCookie(sessionCookie, "", &opts))
}

type sessionKey struct{}

// loadSession reads the cookie once per request and puts the user in the
// context for the handlers and the language choice.
func (s *Server) loadSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if sess := s.sessions.load(r, s.now()); sess != nil {
			r = r.WithContext(context.WithValue(r.Context(), sessionKey{}, sess))
		}
		next.ServeHTTP(w, r)
	})
}

// currentUser returns the logged-in user, or nil.
func currentUser(ctx context.Context) *session {
	s, _ := ctx.Value(sessionKey{}).(*session)
	return s
}
