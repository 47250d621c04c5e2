package handlers

import (
	"context"
	"log/slog"
	"net/netip"
	"strings"
	"unicode/utf8"

	"imsetup/internal/bluemind"
)

// The outcome of every login line in the log: plain names an
// administrator can grep and count (`grep '"outcome":"held_back_network"'`).
const (
	outcomeOK                  = "ok"
	outcomeBadCredentials      = "bad_credentials" // wrong password, unknown or archived user
	outcomePasswordExpired     = "password_expired"
	outcomeNoEmail             = "no_email"               // right password, no e-mail address: no JID
	outcomeNoIMRole            = "no_im_role"             // right password, instant messaging not enabled
	outcomeAddressTooLong      = "address_too_long"       // right password, a default address longer than maxAddressRunes
	outcomeHeldAccount         = "held_back_account"      // too many failures for this account
	outcomeHeldNetwork         = "held_back_network"      // too many failures from this client address
	outcomeHeldAccountBusy     = "held_back_account_busy" // other attempts for this account still in flight (parallel logins, a double click): no failure
	outcomeHeldNetworkBusy     = "held_back_network_busy" // other attempts from this client address still in flight: no failure
	outcomeBlueMindUnavailable = "bluemind_unavailable"
	outcomeStoreUnavailable    = "store_unavailable" // the shared store (Redis) did not answer
	outcomeInvalidInput        = "invalid_input"     // refused before BlueMind: empty, too long, control characters (counted, not logged)
)

// logLogin writes the one line of a login attempt: the login as typed
// (lower-case), the client's address and the outcome. Never the password.
func (s *Server) logLogin(ctx context.Context, level slog.Level, login string, client netip.Addr, outcome string, more ...any) {
	args := append([]any{"login", strings.ToLower(login), "client", client.String(), "outcome", outcome}, more...)
	s.log.Log(ctx, level, "login", args...)
	s.metrics.Login(outcome)
}

// maxAddressRunes bounds the address a session keeps as the user's JID:
// the longest an e-mail address can be (RFC 5321's 256-octet path less
// its angle brackets). BlueMind stores whatever it was given, and a 4 KB
// address made the session cookie too long: every login was a 500. With
// 4-byte characters and the longest name it still fits the cookie.
const maxAddressRunes = 254

// maxNameRunes bounds the display name a session keeps: the pages greet
// the user with it, and the cookie holding it must stay under the 4 KB
// browsers keep. A name from BlueMind may be any length.
const maxNameRunes = 80

// displayName is the name the pages greet the user with, shortened
// without cutting a character in two.
func displayName(id bluemind.Identity) string {
	name := strings.TrimSpace(id.DisplayName)
	if name == "" {
		name = id.JID
	}
	if utf8.RuneCountInString(name) <= maxNameRunes {
		return name
	}
	n := 0
	for i := range name {
		if n == maxNameRunes-1 {
			return strings.TrimSpace(name[:i]) + "…"
		}
		n++
	}
	return name
}

// sessionLang keeps BlueMind's language only when it can be one (a short
// tag such as "fr" or "pt-BR"): it goes into the cookie too.
func sessionLang(lang string) string {
	if len(lang) > 16 {
		return ""
	}
	return lang
}
