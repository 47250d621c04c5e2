package bluemind

import (
	"encoding/json"
	"fmt"
	"slices"
)

// The status strings of a login answer.
const (
	statusOk      = "Ok"
	statusBad     = "Bad"
	statusExpired = "Expired"
)

// roleIM is the role BlueMind's web UI checked before offering chat.
const roleIM = "hasIM"

// loginResponse is POST /api/auth/login's answer. Absent values come as
// null, which leaves the zero value; unknown fields are ignored.
type loginResponse struct {
	Status   string    `json:"status"`
	Message  string    `json:"message"`
	AuthKey  string    `json:"authKey"`
	Latd     string    `json:"latd"`
	AuthUser *authUser `json:"authUser"`
}

// authUser holds only what Identity needs of BlueMind's AuthUser.
type authUser struct {
	DisplayName string   `json:"displayName"`
	Roles       []string `json:"roles"`
	Settings    struct {
		Lang string `json:"lang"`
	} `json:"settings"`
	Value *struct {
		Emails      []email `json:"emails"`
		AccountType string  `json:"accountType"`
	} `json:"value"`
}

type email struct {
	Address   string `json:"address"`
	IsDefault bool   `json:"isDefault"`
}

// decodeLoginResponse parses the body of a 200 answer. It holds the
// session key, so callers must not log it.
func decodeLoginResponse(body []byte) (loginResponse, error) {
	var r loginResponse
	err := json.Unmarshal(body, &r)
	return r, err
}

// outcome maps a decoded answer to what Authenticate returns. On
// ErrPasswordExpired the Identity is filled as far as BlueMind said, so a
// page can greet the user by name.
func (r *loginResponse) outcome() (Identity, error) {
	switch r.Status {
	case statusBad:
		return Identity{}, ErrBadCredentials
	case statusOk, statusExpired:
	default:
		return Identity{}, &UnavailableError{Op: "login", Status: 200, Reason: fmt.Sprintf("unknown login status %s (a newer BlueMind?)", quoteShort(r.Status))}
	}
	if r.AuthUser == nil || r.Latd == "" {
		return Identity{}, &UnavailableError{Op: "login", Status: 200, Reason: fmt.Sprintf("status %s without authUser or latd", r.Status)}
	}
	id := r.AuthUser.identity(r.Latd)
	if r.Status == statusExpired {
		return id, ErrPasswordExpired
	}
	return id, nil
}

func (u *authUser) identity(latd string) Identity {
	id := Identity{
		Login:       latd,
		DisplayName: u.DisplayName,
		Lang:        u.Settings.Lang,
		HasIM:       slices.Contains(u.Roles, roleIM),
	}
	if u.Value != nil {
		id.AccountType = u.Value.AccountType
		for _, e := range u.Value.Emails {
			if e.IsDefault && id.JID == "" {
				id.JID = e.Address
			}
			if e.Address != "" {
				id.Addresses = append(id.Addresses, e.Address)
			}
		}
	}
	return id
}
