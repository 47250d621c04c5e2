package clientguides

import (
	"strconv"
	"strings"
)

// ValueKind names one of the user's values a guide asks them to type. The
// names are also the page's data-value attributes, a contract tools use.
type ValueKind string

// The values a guide can quote.
const (
	JID      ValueKind = "jid"
	Username ValueKind = "username"
	Domain   ValueKind = "domain"
	Server   ValueKind = "server"
	Port     ValueKind = "port"
)

// Values are one user's settings for every client.
type Values struct {
	JID    string
	Server string
	Port   int
}

// NewValues derives the settings from the user's JID (their default e-mail
// address) and the XMPP server.
func NewValues(jid, server string, port int) Values {
	return Values{JID: jid, Server: server, Port: port}
}

// Get returns the text of one value. Pidgin splits the JID into user name
// and domain; the others take it whole.
func (v Values) Get(k ValueKind) string {
	local, domain, _ := strings.Cut(v.JID, "@")
	switch k {
	case JID:
		return v.JID
	case Username:
		return local
	case Domain:
		return domain
	case Server:
		return v.Server
	case Port:
		return strconv.Itoa(v.Port)
	}
	return ""
}
