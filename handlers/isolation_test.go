package handlers

import (
	"crypto/sha256"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"imsetup/internal/xmppcert"
	"imsetup/internal/xmppcert/xmppcerttest"
)

// Whatever the rendering caches (cut messages, buffers, localizers, the
// pages' stencils), a page is never shared between users: two users of
// two domains, in two languages, load the chooser and every guide
// interleaved on many goroutines, and each page shows only its own user's
// address, name, language and domain's fingerprint, never the other's;
// visitors who mistype their login meanwhile see only what they typed.
func TestPagesNeverMixUsers(t *testing.T) {
	p := newXMPPPortal(t, xmppcerttest.Options{}, nil)
	type user struct {
		login, lang, htmlLang, jid, name, fingerprint string
		b                                             *browser
	}
	fp := func(domain string) string {
		sum := sha256.Sum256(p.xmpp.Certificate(domain).Raw)
		return xmppcert.FormatUpper(sum[:]) // Thunderbird's form; the others are checked below by domain
	}
	users := []*user{
		{login: "jmartin", lang: "fr", htmlLang: `<html lang="fr">`, jid: "jeanne.martin@example.com", name: "Jeanne Martin", fingerprint: fp("example.com")},
		{login: "lucie@example.org", lang: "en", htmlLang: `<html lang="en">`, jid: "lucie.bernard@example.org", name: "Lucie Bernard", fingerprint: fp("example.org")},
	}
	for _, u := range users {
		u.b = loggedIn(t, p.portal, u.lang, u.login)
	}
	paths := []string{"/", "/guides/thunderbird", "/guides/pidgin", "/guides/gajim"}
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for g := range 8 {
		b := p.browser([]string{"fr", "en", "de"}[g%3])
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 20 {
				typed := fmt.Sprintf("visitor.%d.%d@example.net", g, i)
				r, err := postPage(b, "/login", url.Values{"login": {typed}, "password": {""}})
				if err == nil {
					err = checkOwnLoginForm(r, typed, users[0].jid, users[1].jid)
				}
				if err != nil {
					errs <- fmt.Errorf("visitor %d: %w", g, err)
					return
				}
			}
		}()
	}
	for g := range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 40 {
				me, other := users[(g+i)%2], users[(g+i+1)%2]
				path := paths[(g*7+i)%len(paths)]
				body, err := fetchPage(me.b, path)
				if err == nil {
					err = checkOwnPage(body, path, me.jid, me.name, me.htmlLang, me.fingerprint, other.jid, other.name, other.fingerprint)
				}
				if err != nil {
					errs <- fmt.Errorf("%s GET %s: %w", me.login, path, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	checkStencilsServed(t, p.portal)
}

// postPage is browser.do for goroutines: it returns its error.
func postPage(b *browser, path string, form url.Values) (*response, error) {
	resp, err := b.client.PostForm(b.p.url+path, form)
	if err != nil {
		return nil, err
	}
	return readResponse(resp), nil
}

// checkOwnLoginForm: the form comes back with the visitor's own login,
// nobody else's.
func checkOwnLoginForm(r *response, typed string, others ...string) error {
	if r.StatusCode != http.StatusBadRequest {
		return fmt.Errorf("status %d", r.StatusCode)
	}
	if v, _ := r.doc.Find("#login").Attr("value"); v != typed {
		return fmt.Errorf("the login field holds %q, want %q", v, typed)
	}
	for _, o := range others {
		if strings.Contains(r.body, o) {
			return fmt.Errorf("%q is on the page", o)
		}
	}
	if n := strings.Count(r.body, "visitor."); n != 1 {
		return fmt.Errorf("%d visitors' logins on the page", n)
	}
	return nil
}

// fetchPage is browser.get for goroutines: it returns its error.
func fetchPage(b *browser, path string) (string, error) {
	resp, err := b.client.Get(b.p.url + path)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("status %d", resp.StatusCode)
	}
	return string(body), err
}

var htmlTags = regexp.MustCompile(`<[^>]*>`)

func checkOwnPage(body, path, jid, name, htmlLang, fingerprint, otherJID, otherName, otherFingerprint string) error {
	local, domain, _ := strings.Cut(jid, "@")
	otherLocal, otherDomain, _ := strings.Cut(otherJID, "@")
	// Thunderbird's fingerprint is shown in groups, one element each: its
	// text is whole once the tags are gone.
	text := htmlTags.ReplaceAllString(body, "")
	switch {
	case !strings.Contains(body, htmlLang):
		return fmt.Errorf("not in the user's language (%s)", htmlLang)
	case !strings.Contains(body, name):
		return fmt.Errorf("the user's name %q is missing", name)
	case strings.Contains(body, otherName) || strings.Contains(body, otherLocal) || strings.Contains(body, otherDomain):
		return fmt.Errorf("the other user's name, address or domain is on the page")
	case path == "/guides/pidgin" && !strings.Contains(body, ">"+local+"<"):
		return fmt.Errorf("the user name %q is missing", local)
	case path != "/guides/pidgin" && !strings.Contains(body, ">"+jid+"<"):
		return fmt.Errorf("the address %q is missing", jid)
	case path != "/" && !strings.Contains(body, domain):
		return fmt.Errorf("the domain %q is missing", domain)
	case path == "/guides/thunderbird" && !strings.Contains(text, fingerprint):
		return fmt.Errorf("not the fingerprint of the user's domain")
	case strings.Contains(text, otherFingerprint):
		return fmt.Errorf("the other domain's fingerprint is on the page")
	}
	return nil
}
