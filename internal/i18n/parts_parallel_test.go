package i18n

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"imsetup/locales"
)

// Requests at once ask each language's shared localizer for every message
// of the files, with their own values, and for ids no file has (a bug, or
// a value an attacker controls): each gets its own text, as go-i18n makes
// it, and the cut messages kept are those of the files only, one each.
func TestPartsCacheBoundedUnderConcurrentUse(t *testing.T) {
	c, err := Load(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for g := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, lang := range c.Languages() {
				l := c.Localizer(lang)
				ids := make([]string, 0, len(l.cache.own))
				for id := range l.cache.own {
					ids = append(ids, id)
				}
				slices.Sort(ids)
				for j, id := range ids {
					if (g+i+j)%4 != 0 { // each goroutine its share, shared with others
						continue
					}
					data := map[string]any{"Name": fmt.Sprintf("user %d-%d", g, j), "Contact": fmt.Sprintf("help%d@example.com", g)}
					want, _ := l.localize(id, data)
					if got := l.T(id, data); got != want {
						errs <- fmt.Errorf("%s %s: %q, want %q", lang.Code, id, got, want)
						return
					}
					unknown := fmt.Sprintf("no.such.message.%d.%d", g, j)
					if got := l.T(unknown, nil); got != unknown {
						errs <- fmt.Errorf("%s: unknown id gave %q", lang.Code, got)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	for _, lang := range c.Languages() {
		l := c.Localizer(lang)
		n := 0
		l.cache.cut.Range(func(k, _ any) bool {
			n++
			id := k.(string)
			if _, own := l.cache.own[id]; !own {
				if _, ref := l.cache.ref[id]; !ref || strings.HasPrefix(id, "no.such.") {
					t.Errorf("%s: %q cached, not a message of the files", lang.Code, id)
				}
			}
			return true
		})
		if n == 0 || n > len(l.cache.own)+len(l.cache.ref) {
			t.Errorf("%s: %d messages cut and kept, want between 1 and %d", lang.Code, n, len(l.cache.own)+len(l.cache.ref))
		}
	}
}
