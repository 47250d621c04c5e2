package handlers

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strconv"
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

// A session's cookie is rewritten to move SeenAt on once a tenth of the
// idle timeout has passed, and at least once a minute: a user is logged
// out between 90% of the timeout (a minute early at most) and the timeout
// after their last request, and a cookie is not sent with every response.
// Rewritten only once a minute whatever the timeout, a one-minute timeout
// logged out an active user a minute after the login.
const (
	refreshFraction   = 10
	maxSessionRefresh = time.Minute
)

type sessionStore struct {
	store        *sessions.CookieStore
	lifetime     time.Duration // absolute, from the login
	idle         time.Duration // without a request
	maxAge       int64         // securecookie's, in seconds: the lifetime
	cache        *sessionCache
	refreshAfter time.Duration // SeenAt is moved on when it is older
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
	refreshAfter := min(idle/refreshFraction, maxSessionRefresh)
	return &sessionStore{store: store, lifetime: lifetime, idle: idle, maxAge: int64(lifetime.Seconds()), cache: newSessionCache(sessionCacheSize), refreshAfter: refreshAfter}, nil
}

// derive makes independent 32-byte keys from one secret, so the same
// secret never serves both to sign and to encrypt.
func derive(secret []byte, purpose string) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(purpose))
	return m.Sum(nil)
}

// load returns the request's session at the portal's time now (wall is
// the real clock's), or nil when there is none or it is
// tampered with, signed with a removed key, too old or idle too long: all
// of these are simply "not logged in". Whether it was logged out is the
// revocation list's to say. A cookie already opened is not opened again
// (sessioncache.go); the times are checked at every request.
func (st *sessionStore) load(r *http.Request, now, wall time.Time) *session {
	s, _ := st.loadCached(r, now, wall)
	return s
}

// loadCached is load, with the remembered cookie the session came from.
func (st *sessionStore) loadCached(r *http.Request, now, wall time.Time) (*session, *cachedSession) {
	value, ok := cookieValue(r.Header, sessionCookie)
	if !ok {
		return nil, nil
	}
	key := cookieKey(value)
	cs, ok := st.cache.get(key)
	if !ok {
		if cs = st.open(value); cs == nil {
			return nil, nil
		}
		cs.key = key
		st.cache.add(cs)
	}
	// securecookie's own check of the cookie's age, on its clock: the
	// real one, read when the request came in.
	if st.maxAge > 0 && cs.stamp < wall.Unix()-st.maxAge {
		return nil, nil
	}
	s := cs.sess
	switch {
	case now.Sub(s.LoginAt) > st.lifetime || s.LoginAt.After(now.Add(time.Minute)):
		return nil, nil
	case now.Sub(s.SeenAt) > st.idle:
		return nil, nil
	}
	return s, cs
}

// refresh writes the session's cookie again, SeenAt moved on. A client
// that keeps sending the old cookie (many requests in flight, or one
// that ignores cookies) gets the cookie made for it in the same second
// again, rather than a new encryption at every request: its values are
// the same, to the second the cookie counts in.
func (st *sessionStore) refresh(w http.ResponseWriter, r *http.Request, from *cachedSession, s *session) error {
	sec := s.SeenAt.Unix()
	if m := from.refreshed.Load(); m != nil && m.sec == sec {
		w.Header().Add("Set-Cookie", m.header)
		return nil
	}
	before := len(w.Header()["Set-Cookie"])
	if err := st.save(w, r, s); err != nil {
		return err
	}
	if v := w.Header()["Set-Cookie"]; len(v) == before+1 {
		from.refreshed.Store(&refreshedCookie{sec: sec, header: v[before]})
	}
	return nil
}

// open verifies, decrypts and decodes a session cookie; nil when it is not
// one this portal issued, or holds no session.
func (st *sessionStore) open(value string) *cachedSession {
	values := make(map[any]any, 6)
	if err := securecookie.DecodeMulti(sessionCookie, value, &values, st.store.Codecs...); err != nil {
		return nil
	}
	s := &session{}
	s.ID, _ = values["id"].(string)
	s.JID, _ = values["jid"].(string)
	s.Name, _ = values["name"].(string)
	s.Lang, _ = values["lang"].(string)
	at, _ := values["at"].(int64)
	seen, _ := values["seen"].(int64)
	s.LoginAt, s.SeenAt = time.Unix(at, 0), time.Unix(seen, 0)
	stamp, ok := cookieStamp(value)
	if s.ID == "" || s.JID == "" || !ok {
		return nil
	}
	return &cachedSession{sess: s, stamp: stamp}
}

// cookieStamp reads the time securecookie wrote into a cookie it has just
// verified: base64 of "time|value|mac".
func cookieStamp(value string) (int64, bool) {
	b, err := base64.URLEncoding.DecodeString(value)
	if err != nil {
		return 0, false
	}
	stamp, _, _ := bytes.Cut(b, []byte("|"))
	n, err := strconv.ParseInt(string(stamp), 10, 64)
	return n, err == nil
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

// loadSession reads the cookie once per request, puts the user in the
// context for the handlers and the language choice, and moves the idle
// timeout on. When the shared store cannot say whether the session was
// logged out, the page says the portal is unavailable: a logged-out
// cookie must not work again because Redis is down.
func (s *Server) loadSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st, r := stateOf(r)
		wall := st.arrival() // the real clock, as securecookie reads it
		now := wall
		if s.now != nil {
			now = s.now() // a test's clock, as requestTime reads it
		}
		sess, from := s.sessions.loadCached(r, now, wall)
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
			if now.Sub(sess.SeenAt) > s.sessions.refreshAfter {
				moved := *sess // the remembered one is shared: never modified
				moved.SeenAt = now
				sess = &moved
				if err := s.sessions.refresh(w, r, from, sess); err != nil {
					s.log.Error("session refresh failed", "cause", err)
				}
			}
			st.session = sess
		}
		next.ServeHTTP(w, r)
	})
}
