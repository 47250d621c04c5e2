package bluemind

// Identity is what the portal learns of a user from a successful login.
type Identity struct {
	Login         string // latd ("login@primary domain") as BlueMind returned it
	JID           string // the default e-mail address exactly as stored; "" when the user has none
	DisplayName   string
	Lang          string // settings.lang, may be ""
	HasIM         bool   // "hasIM" is among the roles
	AccountType   string // FULL, SIMPLE, FULL_AND_VISIO
	ServerVersion string // softwareVersion from _infos; "" if unknown
	// Addresses are all the user's e-mail addresses as BlueMind lists
	// them (the default one and the aliases), each a login that works.
	Addresses []string
}
