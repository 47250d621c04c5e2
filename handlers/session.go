package handlers

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/gorilla/securecookie"
	"github.com/gorilla/sessions"
)

const sessionCookie = "imsetup_session"

// session is everything the portal keeps about a logged-in user: what the
// pages show. Never the password, never a BlueMind key.
type session struct {
	ID      string // random; lets logout revoke this cookie
	JID     string
	Name    string
	Lang    string
	LoginAt time.Time
	SeenAt  time.Time // last request, for the idle timeout
}

// A session's cookie is rewritten at most this often to move SeenAt on:
// often enough for the idle timeout, rarely enough not to send a cookie
// with every response.
const sessionRefresh = time.Minute

type sessionStore struct {
	store    *sessions.CookieStore
	lifetime time.Duration // absolute, from the login
	idle     time.Duration // without a request
}

// newSessionStore derives a signing key and an encryption key from each
// configured secret. The first secret's pair makes new cookies; the others
// still open cookies made before a rotation.
func newSessionStore(secrets [][]byte, secure bool, lifetime, idle time.Duration) (*sessionStore, error) {
	if len(secrets) == 0 {
		return nil, errors.New("handlers: no session key")
	}
	var pairs [][]byte
	for _, secret := range secrets {
		pairs = append(pairs, derive(secret, "imsetup cookie signature"), derive(secret, "imsetup cookie encryption"))
	}
	store := sessions.NewCookieStore(pairs...)
	for _, c := range store.Codecs {
		c.(*securecookie.SecureCookie).SetSerializer(sessionCodec{}) // see sessioncodec.go
	}
	store.MaxAge(int(lifetime.Seconds()))
	store.Options = &sessions.Options{
		Path:     "/",
		MaxAge:   int(lifetime.Seconds()),
		HttpOnly: true,
		Secure:   secure,
		SameSite: http.SameSiteLaxMode,
	}
	if idle <= 0 || idle > lifetime {
		idle = lifetime
	}
	return &sessionStore{store: store, lifetime: lifetime, idle: idle}, nil
}

// derive makes independent 32-byte keys from one secret, so the same
// secret never serves both to sign and to encrypt.
func derive(secret []byte, purpose string) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(purpose))
	return m.Sum(nil)
}

// load returns the request's session, or nil when there is none or it is
// tampered with, signed with a removed key, too old or idle too long: all
// of these are simply "not logged in". Whether it was logged out is the
// revocation list's to say.
func (st *sessionStore) load(r *http.Request, now time.Time) *session {
	sess, err := st.store.Get(r, sessionCookie)
	if err != nil || sess.IsNew {
		return nil
	}
	s := &session{}
	s.ID, _ = sess.Values["id"].(string)
	s.JID, _ = sess.Values["jid"].(string)
	s.Name, _ = sess.Values["name"].(string)
	s.Lang, _ = sess.Values["lang"].(string)
	at, _ := sess.Values["at"].(int64)
	seen, _ := sess.Values["seen"].(int64)
	s.LoginAt, s.SeenAt = time.Unix(at, 0), time.Unix(seen, 0)
	switch {
	case s.ID == "" || s.JID == "":
		return nil
	case now.Sub(s.LoginAt) > st.lifetime || s.LoginAt.After(now.Add(time.Minute)):
		return nil
	case now.Sub(s.SeenAt) > st.idle:
		return nil
	}
	return s
}

// save writes the session's cookie. At login the session is brand new
// (newSession), so whatever the browser had before is dropped and a
// session cannot be fixed in advance.
func (st *sessionStore) save(w http.ResponseWriter, r *http.Request, s *session) error {
	sess := sessions.NewSession(st.store, sessionCookie)
	opts := *st.store.Options
	// The cookie lives no longer than what is left of the login.
	opts.MaxAge = int(s.LoginAt.Add(st.lifetime).Sub(s.SeenAt).Seconds())
	sess.Options = &opts
	sess.IsNew = true
	sess.Values["id"] = s.ID
	sess.Values["jid"] = s.JID
	sess.Values["name"] = s.Name
	sess.Values["lang"] = s.Lang
	sess.Values["at"] = s.LoginAt.Unix()
	sess.Values["seen"] = s.SeenAt.Unix()
	return sess.Save(r, w)
}

// newSession starts a session with a fresh random id.
func newSession(jid, name, lang string, now time.Time) *session {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return &session{ID: hex.EncodeToString(b[:]), JID: jid, Name: name, Lang: lang, LoginAt: now, SeenAt: now}
}

// expires is when the session's cookie dies whatever happens: its
// revocation need not be kept longer.
func (st *sessionStore) expires(s *session) time.Time {
	return s.LoginAt.Add(st.lifetime)
}

// clear removes the cookie.
func (st *sessionStore) clear(w http.ResponseWriter) {
	opts := *st.store.Options
	opts.MaxAge = -1
	http.SetCookie(w, sessions.NewCookie(sessionCookie, "", &opts))
}

type sessionKey struct{}

// loadSession reads the cookie once per request, puts the user in the
// context for the handlers and the language choice, and moves the idle
// timeout on. When the shared store cannot say whether the session was
// logged out, the page says the portal is unavailable: a logged-out
// cookie must not work again because Redis is down.
func (s *Server) loadSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		now := s.now()
		sess := s.sessions.load(r, now)
		if sess != nil {
			revoked, err := s.revocations.Revoked(r.Context(), sess.ID)
			if err != nil {
				s.renderError(w, r, newError(http.StatusServiceUnavailable, "error.storeUnavailable", fmt.Errorf("checking the logouts: %w", err)))
				return
			}
			if revoked {
				sess = nil
			}
		}
		if sess != nil {
			if now.Sub(sess.SeenAt) > sessionRefresh {
				sess.SeenAt = now
				if err := s.sessions.save(w, r, sess); err != nil {
					s.log.Error("session refresh failed", "cause", err)
				}
			}
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
