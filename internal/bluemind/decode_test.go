package bluemind

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// A real-shaped answer, with fields the client does not know about.
const okAnswer = `{"status":"Ok","message":null,"authKey":"k","latd":"jmartin@example.com","future":[1,{"x":null}],
"authUser":{"uid":"U","domainUid":"example.com","displayName":"Jeanne Martin","roles":["hasMail","hasIM"],"rolesByOU":{},
"settings":{"lang":"fr","timezone":"Europe/Paris"},"value":{"login":"jmartin","emails":[
{"address":"jeanne@example.com","allAliases":false,"isDefault":false},
{"address":"Jeanne.Martin@example.com","allAliases":true,"isDefault":true}],
"archived":false,"routing":"internal","accountType":"FULL_AND_VISIO","contactInfos":{"identification":{"formatedName":{"value":"J"}}}}}}`

func TestOutcome(t *testing.T) {
	tests := []struct {
		name, body string
		want       Identity
		wantErr    error
	}{
		{"Ok", okAnswer, Identity{Login: "jmartin@example.com", JID: "Jeanne.Martin@example.com", DisplayName: "Jeanne Martin",
			Lang: "fr", HasIM: true, AccountType: "FULL_AND_VISIO", Addresses: []string{"jeanne@example.com", "Jeanne.Martin@example.com"}}, nil},
		{"Bad", `{"status":"Bad","message":"Result auth is NO for login: x","authKey":null,"latd":null,"authUser":null}`, Identity{}, ErrBadCredentials},
		{"Expired", `{"status":"Expired","latd":"e@x","authKey":"k","authUser":{"displayName":"E","roles":["selfChangePassword"]}}`,
			Identity{Login: "e@x", DisplayName: "E"}, ErrPasswordExpired},
		{"null value and settings", `{"status":"Ok","latd":"a@b","authUser":{"value":null,"settings":null,"roles":null}}`, Identity{Login: "a@b"}, nil},
		{"no default e-mail", `{"status":"Ok","latd":"a@b","authUser":{"value":{"emails":[{"address":"x@b"}]}}}`, Identity{Login: "a@b", Addresses: []string{"x@b"}}, nil},
		{"role is case-sensitive", `{"status":"Ok","latd":"a@b","authUser":{"roles":["hasim"]}}`, Identity{Login: "a@b"}, nil},
		{"status is case-sensitive", `{"status":"ok"}`, Identity{}, ErrUnavailable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := decodeLoginResponse([]byte(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			got, err := r.outcome()
			if !errors.Is(err, tt.wantErr) || (err == nil) != (tt.wantErr == nil) {
				t.Errorf("err = %v, want %v", err, tt.wantErr)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("identity\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestUnavailableErrorMessage(t *testing.T) {
	e := &UnavailableError{Op: "login", Status: 502, Reason: "HTML page", Err: errors.New("cause")}
	if got := e.Error(); got != "bluemind login: HTTP 502: HTML page: cause" {
		t.Errorf("Error() = %q", got)
	}
	if got := (&UnavailableError{Op: "infos", Reason: "timeout"}).Error(); got != "bluemind infos: timeout" {
		t.Errorf("Error() = %q", got)
	}
	if quoteShort(strings.Repeat("é", 200)) != `"`+strings.Repeat("é", 80)+`"...` {
		t.Error("quoteShort does not bound what the server says")
	}
}

func FuzzDecodeLoginResponse(f *testing.F) {
	for _, seed := range []string{okAnswer, `{"status":"Bad"}`, `null`, `[]`, `{"status":"Ok","authUser":{"value":{"emails":null}}}`,
		`{"status":"Expired","latd":"x","authUser":{"roles":[null,1]}}`, "\x00\xff", `{"authUser":{"settings":{"lang":5}}}`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		r, err := decodeLoginResponse(body)
		if err != nil {
			return
		}
		id, err := r.outcome()
		if err == nil && (r.Status != statusOk || id.Login == "") {
			t.Errorf("status %q, login %q accepted", r.Status, id.Login)
		}
		if err != nil && r.Status == statusOk && !reflect.DeepEqual(id, Identity{}) {
			t.Errorf("identity %+v along with %v", id, err)
		}
		_ = (&Client{}).checkAnswer("login", answer{status: 200, body: body})
	})
}
