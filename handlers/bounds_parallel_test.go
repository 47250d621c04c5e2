package handlers

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"imsetup/internal/bluemind"
	"imsetup/internal/bluemind/bluemindtest"
)

// Users with names far beyond maxNameRunes and others with addresses
// beyond maxAddressRunes log in at once: each long name is shortened to
// the bound and shown to its own user only (each name starts with its
// user's number), each overlong address is refused with the translated
// words and no session, none is a 500.
func TestNameAndAddressBoundsUnderParallelLogins(t *testing.T) {
	const names, huge = 8, 4
	accounts := bluemindtest.DemoAccounts()
	for i := range names {
		accounts = append(accounts, bluemindtest.Account{Login: fmt.Sprintf("long%d", i), Domain: bluemindtest.DemoDomain, Password: "pw",
			DisplayName: fmt.Sprintf("N%d ", i) + strings.Repeat("é", 3000+i), DefaultEmail: fmt.Sprintf("long%d@example.com", i),
			Roles: []string{"hasIM"}, Lang: "fr"})
	}
	for i := range huge {
		accounts = append(accounts, bluemindtest.Account{Login: fmt.Sprintf("huge%d", i), Domain: bluemindtest.DemoDomain, Password: "pw",
			DisplayName: "Huge", DefaultEmail: strings.Repeat("a", 4000+i) + "@example.com", Roles: []string{"hasIM"}})
	}
	p := newPortalOn(t, bluemindtest.New(bluemindtest.Options{DefaultDomain: bluemindtest.DemoDomain, Accounts: accounts}), bluemind.Options{})
	langs := []string{"fr", "en", "de"}
	var wg sync.WaitGroup
	errs := make(chan error, names+huge)
	start := make(chan struct{})
	for i := range names {
		b := p.browser(langs[i%3])
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			if r := b.login(fmt.Sprintf("long%d", i), "pw"); r.StatusCode != http.StatusSeeOther {
				errs <- fmt.Errorf("long%d: login %d", i, r.StatusCode)
				return
			}
			for range 5 {
				home := b.get("/")
				name := home.doc.Find(`[data-testid="user-name"]`).First().Text()
				if home.StatusCode != http.StatusOK || !strings.HasPrefix(name, fmt.Sprintf("N%d é", i)) || !strings.HasSuffix(name, "…") ||
					!utf8.ValidString(name) || utf8.RuneCountInString(name) > maxNameRunes {
					errs <- fmt.Errorf("long%d: home %d, name %q: want theirs, shortened to %d characters", i, home.StatusCode, name, maxNameRunes)
					return
				}
			}
		}()
	}
	for i := range huge {
		lang := langs[i%3]
		b := p.browser(lang)
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			r := b.login(fmt.Sprintf("huge%d", i), "pw")
			want := p.T(lang, "login.error.addressTooLong", map[string]any{"Contact": p.srv.settings.SupportContact})
			if p.srv.settings.SupportContact == "" {
				want = p.T(lang, "login.error.addressTooLongNoContact", nil)
			}
			if got := r.text("#form-problem p"); r.StatusCode != http.StatusForbidden || got != want || len(sessionCookies(r)) != 0 {
				errs <- fmt.Errorf("huge%d (%s): %d %q, %d session cookies; want 403 %q and none", i, lang, r.StatusCode, got, len(sessionCookies(r)), want)
			}
		}()
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
