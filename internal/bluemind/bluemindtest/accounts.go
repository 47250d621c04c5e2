package bluemindtest

import "strings"

// Account is one user of the emulated BlueMind. Login is the bare login
// (no "@"), Domain the user's primary domain; Routing defaults to
// "internal" and AccountType to "FULL".
type Account struct {
	Login, Domain, Password, DisplayName, DefaultEmail string
	Aliases                                            []string // more e-mail addresses, each usable as a login
	Roles                                              []string
	Lang                                               string
	AccountType                                        string // FULL, SIMPLE, FULL_AND_VISIO
	Archived, Expired                                  bool
	Routing                                            string // internal, external, none
	// Note says, for the demo's list of accounts, what logging in shows.
	Note string
}

// latd is BlueMind's "login at domain", whatever address was typed.
func (a *Account) latd() string { return strings.ToLower(a.Login + "@" + a.Domain) }

// addresses are the strings that log this account in, lower-case.
func (a *Account) addresses() []string {
	out := []string{a.latd()}
	for _, e := range append([]string{a.DefaultEmail}, a.Aliases...) {
		if e != "" {
			out = append(out, strings.ToLower(e))
		}
	}
	return out
}

// Demo fixtures: the domain they live in and the passwords they use.
const (
	DemoDomain   = "example.com"
	DemoPassword = "demo"
	// QuotesPassword has what breaks a password sent without JSON
	// quoting: quotes, a backslash and accents.
	QuotesPassword = `l'"été\ça`
)

// DemoAccounts returns one account per outcome the portal must handle,
// all with DemoPassword except "quotes". A new slice on each call.
func DemoAccounts() []Account {
	im := []string{"hasIM"}
	return []Account{
		// Ok, IM allowed; the JID (default e-mail) differs from latd
		// (jmartin@example.com), and the alias logs in too.
		{Login: "jmartin", Note: "works; the XMPP address differs from the login", Domain: DemoDomain, Password: DemoPassword, DisplayName: "Jeanne Martin",
			DefaultEmail: "jeanne.martin@example.com", Aliases: []string{"jeanne@example.com"}, Roles: im, Lang: "fr"},
		// Ok, IM allowed, English pages.
		{Login: "psmith", Note: "works; English pages (BlueMind language)", Domain: DemoDomain, Password: DemoPassword, DisplayName: "Peter Smith",
			DefaultEmail: "peter.smith@example.com", Roles: im, Lang: "en"},
		// Ok, IM allowed, German pages.
		{Login: "kschmidt", Note: "works; German pages (BlueMind language)", Domain: DemoDomain, Password: DemoPassword, DisplayName: "Karin Schmidt",
			DefaultEmail: "karin.schmidt@example.com", Roles: im, Lang: "de"},
		// Ok in the second domain: a bare "lucie" gets example.com and fails.
		{Login: "lucie", Note: "works, in the second domain example.org", Domain: "example.org", Password: DemoPassword, DisplayName: "Lucie Bernard",
			DefaultEmail: "lucie.bernard@example.org", Roles: im, Lang: "fr"},
		// Ok, but a FULL account without the hasIM role: "IM not enabled".
		{Login: "nochat", Note: "instant messaging not enabled (no hasIM role)", Domain: DemoDomain, Password: DemoPassword, DisplayName: "Noé Chatelain",
			DefaultEmail: "noe.chatelain@example.com", Lang: "fr"},
		// Right password, but it must be changed: status Expired.
		{Login: "expired", Note: "password expired", Domain: DemoDomain, Password: DemoPassword, DisplayName: "Éric Expiré",
			DefaultEmail: "eric.expire@example.com", Roles: im, Lang: "fr", Expired: true},
		// Archived user: Bad even with the right password.
		{Login: "archived", Note: "archived: same message as a wrong password", Domain: DemoDomain, Password: DemoPassword, DisplayName: "Arthur Archivé",
			DefaultEmail: "arthur.archive@example.com", Roles: im, Lang: "fr", Archived: true},
		// Ok with hasIM but no e-mail at all (routing none): no JID.
		{Login: "nomail", Note: "no e-mail address, so no XMPP address", Domain: DemoDomain, Password: DemoPassword, DisplayName: "Nina Sansmail",
			Roles: im, Lang: "fr", Routing: "none"},
		// Ok, SIMPLE account: never has hasIM.
		{Login: "simple", Note: "SIMPLE account: no instant messaging", Domain: DemoDomain, Password: DemoPassword, DisplayName: "Simon Simple",
			DefaultEmail: "simon.simple@example.com", Lang: "fr", AccountType: "SIMPLE"},
		// Ok with QuotesPassword: proves the password is JSON-quoted.
		{Login: "quotes", Note: "works; a password with quotes, backslash and accents", Domain: DemoDomain, Password: QuotesPassword, DisplayName: "Quentin Guillemet",
			DefaultEmail: "quentin.guillemet@example.com", Roles: im, Lang: "fr"},
	}
}
