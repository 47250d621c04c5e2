package handlers

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"imsetup/internal/xmppcert"
)

// Where the XMPP certificate is not trusted by the system (BlueMind's
// self-signed default), the chooser tells users of Dino and Monal to ask
// support instead of trying, naming the configured contact, in the
// page's language; where it is trusted, or not known, it says nothing.
func TestChooserWarnsDinoAndMonalUsersOfAnUntrustedCertificate(t *testing.T) {
	certs := newLangCerts()
	p := newPortal(t, func(d *Deps) { d.Certs = certs })
	for _, lang := range []string{"fr", "en", "de"} {
		b := loggedIn(t, p, lang, "jmartin")
		cases := []struct {
			state string
			set   func(r *xmppcert.Result) (*xmppcert.Result, error)
			shown bool
		}{
			{"self-signed", func(r *xmppcert.Result) (*xmppcert.Result, error) { return r, nil }, true},
			{"trusted", func(r *xmppcert.Result) (*xmppcert.Result, error) { r.Trusted = true; return r, nil }, false},
			{"not known yet", func(*xmppcert.Result) (*xmppcert.Result, error) { return nil, errors.New("down") }, false},
			{"stale but self-signed", func(r *xmppcert.Result) (*xmppcert.Result, error) { return r, errors.New("down") }, true},
		}
		for _, tc := range cases {
			certs.set(tc.set)
			r := b.get("/")
			if r.StatusCode != http.StatusOK {
				t.Fatalf("%s %s: status %d", lang, tc.state, r.StatusCode)
			}
			notice := r.doc.Find(`[data-testid="untrusted-notice"]`)
			if (notice.Length() == 1) != tc.shown {
				t.Errorf("%s, %s certificate: notice shown %v, want %v", lang, tc.state, notice.Length() == 1, tc.shown)
				continue
			}
			if !tc.shown {
				continue
			}
			text := fold(notice.Text())
			for _, want := range []string{
				p.T(lang, "home.untrusted.title", nil),
				p.T(lang, "home.untrusted.why", nil),
				p.T(lang, "home.untrusted.ask", map[string]any{"Contact": "helpdesk@example.com"}),
			} {
				if !strings.Contains(text, want) {
					t.Errorf("%s: the notice does not say %q:\n%s", lang, want, text)
				}
			}
			for _, client := range []string{"Dino", "Monal", "helpdesk@example.com"} {
				if !strings.Contains(text, client) {
					t.Errorf("%s: the notice does not name %s", lang, client)
				}
			}
		}
	}
}

// Without a configured contact, the notice sends users to their IT
// department, in words of the message files.
func TestChooserNoticeWithoutSupportContact(t *testing.T) {
	p := newPortal(t, func(d *Deps) {
		d.Certs = newLangCerts()
		d.Settings.SupportContact = ""
	})
	r := loggedIn(t, p, "fr", "jmartin").get("/")
	if got, want := r.text(`[data-testid="untrusted-notice"] p:last-child`), p.T("fr", "home.untrusted.askNoContact", nil); got != want {
		t.Errorf("notice says %q, want %q", got, want)
	}
}

// Twenty users opening the chooser at once, before any probe: the real
// cache probes the XMPP server once, and each of them gets the notice.
func TestChooserNoticeUnderParallelRequests(t *testing.T) {
	prober := &slowProber{res: newLangCerts().res}
	cache := xmppcert.NewCache(prober, time.Minute, nil)
	t.Cleanup(func() { cache.Close() })
	p := newPortal(t, func(d *Deps) { d.Certs = cache })
	b := loggedIn(t, p, "en", "jmartin")
	var wg sync.WaitGroup
	missing := make(chan int, 20)
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if r := b.get("/"); r.doc.Find(`[data-testid="untrusted-notice"]`).Length() != 1 {
				missing <- r.StatusCode
			}
		}()
	}
	wg.Wait()
	close(missing)
	for code := range missing {
		t.Errorf("a parallel chooser (status %d) lacks the notice", code)
	}
	if n := prober.calls.Load(); n != 1 {
		t.Errorf("%d probes for 20 parallel choosers, want 1", n)
	}
}

// slowProber answers like a self-signed XMPP server after a moment, so
// that parallel requests arrive while the first probe runs.
type slowProber struct {
	res   *xmppcert.Result
	calls atomic.Int64
}

func (p *slowProber) Probe(_ context.Context, t xmppcert.Target) (*xmppcert.Result, error) {
	p.calls.Add(1)
	time.Sleep(100 * time.Millisecond)
	res := *p.res
	res.Domain, res.ProbedAt = t.Domain, time.Now()
	return &res, nil
}
