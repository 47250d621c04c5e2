package bluemindtest

import (
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strings"
)

// authUser is BlueMind's AuthUser, with value the bare User object.
type authUser struct {
	UID         string              `json:"uid"`
	DomainUID   string              `json:"domainUid"`
	DisplayName string              `json:"displayName"`
	Roles       []string            `json:"roles"`
	RolesByOU   map[string][]string `json:"rolesByOU"`
	Settings    map[string]string   `json:"settings"`
	Value       user                `json:"value"`
}

// user is the part of BlueMind's User a client may read; password and
// the like are there but always null.
type user struct {
	Login        string       `json:"login"`
	Password     *string      `json:"password"`
	Emails       []email      `json:"emails"`
	Archived     bool         `json:"archived"`
	Hidden       bool         `json:"hidden"`
	System       bool         `json:"system"`
	Routing      string       `json:"routing"`
	AccountType  string       `json:"accountType"`
	DataLocation *string      `json:"dataLocation"`
	OrgUnitUID   *string      `json:"orgUnitUid"`
	Quota        *int         `json:"quota"`
	ContactInfos contactInfos `json:"contactInfos"`
}

type email struct {
	Address    string `json:"address"`
	AllAliases bool   `json:"allAliases"`
	IsDefault  bool   `json:"isDefault"`
}

type contactInfos struct {
	Identification struct {
		FormatedName struct { // sic: BlueMind's spelling
			Value string `json:"value"`
		} `json:"formatedName"`
		Name struct {
			GivenNames  string `json:"givenNames"`
			FamilyNames string `json:"familyNames"`
		} `json:"name"`
	} `json:"identification"`
}

// newAuthUser builds what BlueMind says of a. An expired-password
// session has only the role that lets the user change it.
func newAuthUser(a *Account, expired bool) authUser {
	sum := sha1.Sum([]byte(a.latd()))
	u := authUser{
		UID:         strings.ToUpper(hex.EncodeToString(sum[:16])),
		DomainUID:   a.Domain,
		DisplayName: a.DisplayName,
		Roles:       append([]string{}, a.Roles...),
		RolesByOU:   map[string][]string{},
		Settings:    map[string]string{"timezone": "Europe/Paris"},
		Value: user{Login: a.Login, Emails: emails(a), Archived: a.Archived,
			Routing: a.Routing, AccountType: a.AccountType},
	}
	if expired {
		u.Roles = []string{"selfChangePassword"}
	}
	if a.Lang != "" {
		u.Settings["lang"] = a.Lang
	}
	id := &u.Value.ContactInfos.Identification
	id.FormatedName.Value = a.DisplayName
	id.Name.GivenNames, id.Name.FamilyNames, _ = strings.Cut(a.DisplayName, " ")
	return u
}

func emails(a *Account) []email {
	out := []email{}
	if a.DefaultEmail != "" {
		out = append(out, email{Address: a.DefaultEmail, IsDefault: true})
	}
	for _, e := range a.Aliases {
		out = append(out, email{Address: e})
	}
	return out
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// fault writes BlueMind's error body; withType false leaves out the
// Content-Type, as BlueMind sometimes does.
func fault(w http.ResponseWriter, status int, code, message string, withType bool) {
	body, _ := json.Marshal(map[string]string{"errorCode": code, "errorType": "ServerFault", "message": message})
	if withType {
		w.Header().Set("Content-Type", "application/json")
	} else {
		w.Header()["Content-Type"] = nil // keep net/http from sniffing one
	}
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
