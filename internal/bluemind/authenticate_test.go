package bluemind

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"testing"
	"time"

	"imsetup/internal/bluemind/bluemindtest"
)

const demo = bluemindtest.DemoPassword

func TestAuthenticateDemoAccounts(t *testing.T) {
	tests := []struct {
		name, login, password string
		wantErr               error
		want                  Identity
	}{
		{"IM user, JID differs from latd", "jmartin@example.com", demo, nil,
			Identity{"jmartin@example.com", "jeanne.martin@example.com", "Jeanne Martin", "fr", true, "FULL", "4.9.2", nil}},
		{"alias login", "jeanne@example.com", demo, nil,
			Identity{"jmartin@example.com", "jeanne.martin@example.com", "Jeanne Martin", "fr", true, "FULL", "4.9.2", nil}},
		{"upper case and spaces", "  JEANNE.MARTIN@EXAMPLE.COM ", demo, nil,
			Identity{"jmartin@example.com", "jeanne.martin@example.com", "Jeanne Martin", "fr", true, "FULL", "4.9.2", nil}},
		{"bare login gets the default domain", "psmith", demo, nil,
			Identity{"psmith@example.com", "peter.smith@example.com", "Peter Smith", "en", true, "FULL", "4.9.2", nil}},
		{"second domain", "lucie.bernard@example.org", demo, nil,
			Identity{"lucie@example.org", "lucie.bernard@example.org", "Lucie Bernard", "fr", true, "FULL", "4.9.2", nil}},
		{"no hasIM", "nochat", demo, nil,
			Identity{"nochat@example.com", "noe.chatelain@example.com", "Noé Chatelain", "fr", false, "FULL", "4.9.2", nil}},
		{"no e-mail, no JID", "nomail", demo, nil,
			Identity{"nomail@example.com", "", "Nina Sansmail", "fr", true, "FULL", "4.9.2", nil}},
		{"SIMPLE account", "simple", demo, nil,
			Identity{"simple@example.com", "simon.simple@example.com", "Simon Simple", "fr", false, "SIMPLE", "4.9.2", nil}},
		{"password with quotes, backslash, accents", "quotes", bluemindtest.QuotesPassword, nil,
			Identity{"quotes@example.com", "quentin.guillemet@example.com", "Quentin Guillemet", "fr", true, "FULL", "4.9.2", nil}},
		{"expired password", "expired", demo, ErrPasswordExpired,
			Identity{"expired@example.com", "eric.expire@example.com", "Éric Expiré", "fr", false, "FULL", "", nil}},
		{"archived", "archived", demo, ErrBadCredentials, Identity{}},
		{"wrong password", "jmartin", "wrong", ErrBadCredentials, Identity{}},
		{"unknown user", "nobody", demo, ErrBadCredentials, Identity{}},
		{"bare login of the other domain", "lucie", demo, ErrBadCredentials, Identity{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, s := emulated(t, bluemindtest.Options{DefaultDomain: "example.com"}, Options{})
			got, err := c.Authenticate(context.Background(), tt.login, tt.password)
			if !errors.Is(err, tt.wantErr) || (err == nil) != (tt.wantErr == nil) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			got.Addresses = nil // TestIdentityListsEveryAddress
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("identity\n got %+v\nwant %+v", got, tt.want)
			}
			if n := s.ActiveSessions(); n != 0 {
				t.Errorf("%d BlueMind sessions left open, want 0", n)
			}
			if n := s.LoginAttempts(); n != 1 {
				t.Errorf("%d login calls, want 1", n)
			}
		})
	}
}

func TestEmptyInputIsRefusedWithoutCallingBlueMind(t *testing.T) {
	c, s := emulated(t, bluemindtest.Options{DefaultDomain: "example.com"}, Options{})
	for _, in := range [][2]string{{"", demo}, {"   ", demo}, {"jmartin", ""}} {
		if _, err := c.Authenticate(context.Background(), in[0], in[1]); !errors.Is(err, ErrBadCredentials) {
			t.Errorf("Authenticate(%q, %q) = %v, want ErrBadCredentials", in[0], in[1], err)
		}
	}
	if s.LoginAttempts() != 0 {
		t.Errorf("%d login calls, want none", s.LoginAttempts())
	}
}

func TestDefaultDomain(t *testing.T) {
	tests := []struct {
		name, fromInfos, fromOptions string
		wantErr                      error
		wantInfosCalls               int
	}{
		{"from _infos", "example.com", "", nil, 1},
		{"from Options, _infos has none", "", "Example.COM", nil, 1}, // the one call is for ServerVersion
		{"Options win over _infos", "example.org", "example.com", nil, 1},
		{"none anywhere: BlueMind's admin domain refuses", "", "", ErrBadCredentials, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := &counter{next: bluemindtest.New(bluemindtest.Options{DefaultDomain: tt.fromInfos, Accounts: bluemindtest.DemoAccounts()})}
			c := client(t, h, Options{DefaultDomain: tt.fromOptions})
			id, err := c.Authenticate(context.Background(), "jmartin", demo)
			if !errors.Is(err, tt.wantErr) || (err == nil) != (tt.wantErr == nil) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if err == nil && id.JID != "jeanne.martin@example.com" {
				t.Errorf("JID = %q", id.JID)
			}
			if n := h.count("/api/system/installation/_infos"); n != tt.wantInfosCalls {
				t.Errorf("%d _infos calls, want %d", n, tt.wantInfosCalls)
			}
		})
	}
}

func TestInfosIsCached(t *testing.T) {
	h := &counter{next: bluemindtest.New(bluemindtest.Options{DefaultDomain: "example.com", Version: "4.1.7", Accounts: bluemindtest.DemoAccounts()})}
	c := client(t, h, Options{})
	now := time.Now()
	c.now = func() time.Time { return now }
	for range 3 {
		id, err := c.Authenticate(context.Background(), "psmith", demo)
		if err != nil || id.ServerVersion != "4.1.7" {
			t.Fatalf("Authenticate = %+v, %v", id, err)
		}
	}
	if n := h.count("/api/system/installation/_infos"); n != 1 {
		t.Errorf("%d _infos calls for 3 logins, want 1", n)
	}
	now = now.Add(infosTTL)
	in, err := c.Infos(context.Background())
	if err != nil || in != (Infos{"example.com", "4.1.7", "BlueMind 4.1.7"}) {
		t.Errorf("Infos = %+v, %v", in, err)
	}
	if n := h.count("/api/system/installation/_infos"); n != 2 {
		t.Errorf("%d _infos calls after the cache expired, want 2", n)
	}
}

func TestInfosFailure(t *testing.T) {
	failInfos := func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path != "/api/system/installation/_infos" {
			return false
		}
		w.WriteHeader(http.StatusInternalServerError)
		return true
	}
	s := bluemindtest.NewDemo()

	// Needed for the domain: the login cannot go on.
	c := client(t, &counter{next: s, override: failInfos}, Options{})
	_, err := c.Authenticate(context.Background(), "psmith", demo)
	var ue *UnavailableError
	if !errors.As(err, &ue) || ue.Op != "infos" || ue.Status != 500 {
		t.Errorf("err = %v, want an infos UnavailableError with status 500", err)
	}
	if s.LoginAttempts() != 0 {
		t.Error("the login was sent without a domain")
	}

	// Only wanted for the version: the login still succeeds.
	c = client(t, &counter{next: s, override: failInfos}, Options{DefaultDomain: "example.com"})
	id, err := c.Authenticate(context.Background(), "psmith", demo)
	if err != nil || id.JID != "peter.smith@example.com" || id.ServerVersion != "" {
		t.Errorf("Authenticate = %+v, %v; want the identity without a version", id, err)
	}
}

// The portal learns every address of an account at a login, so that
// failures typed with any of them share one budget.
func TestIdentityListsEveryAddress(t *testing.T) {
	c, _ := emulated(t, bluemindtest.Options{DefaultDomain: "example.com", Accounts: bluemindtest.DemoAccounts()}, Options{})
	id, err := c.Authenticate(context.Background(), "jmartin", demo)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"jeanne.martin@example.com", "jeanne@example.com"}; !reflect.DeepEqual(id.Addresses, want) {
		t.Errorf("addresses %v, want %v", id.Addresses, want)
	}
}
