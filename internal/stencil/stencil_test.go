package stencil

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/a-h/templ"
)

// greeting is a page with a name in text and an address in an attribute,
// both escaped as templ escapes them; the language is the key.
func greeting(w io.Writer, lang string, v []string) error {
	hello := map[string]string{"fr": "Bonjour", "en": "Hello"}[lang]
	_, err := fmt.Fprintf(w, `<p>%s <bdi>%s</bdi></p><input value="%s"><p>%s</p>`,
		hello, templ.EscapeString(v[0]), templ.EscapeString(v[1]), templ.EscapeString(v[1]))
	return err
}

func newGreetings(t *testing.T, render Render[string], logs *bytes.Buffer) *Cache[string] {
	t.Helper()
	return New(render, Options{Name: "greeting", Holes: 2, MaxBytes: 1 << 20, Log: slog.New(slog.NewTextHandler(logs, nil))})
}

func write(t *testing.T, c *Cache[string], lang string, holes ...Hole) string {
	t.Helper()
	var buf bytes.Buffer
	buf.WriteString("before|") // Write appends
	if err := c.Write(&buf, lang, holes); err != nil {
		t.Fatal(err)
	}
	return strings.TrimPrefix(buf.String(), "before|")
}

func whole(t *testing.T, render Render[string], lang string, v ...string) string {
	t.Helper()
	var buf bytes.Buffer
	if err := render(&buf, lang, v); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// Values with every kind of character come out as the template writes
// them, and every key has its own page.
func TestFilledPagesEqualWholeOnes(t *testing.T) {
	var logs bytes.Buffer
	c := newGreetings(t, greeting, &logs)
	names := []string{"Jeanne", "", `<script>alert("x")</script>`, "O'Brien & Co", "\u202eevil\u202c", "😀 émoji", strings.Repeat("long ", 500), " spaced ", "\uE002" + c.sent.nonce + ".0"}
	for round := range 2 { // the first builds, the second only fills
		for _, lang := range []string{"fr", "en"} {
			for _, n := range names {
				addr := "a&b<" + n + ">@example.com"
				got := write(t, c, lang, Hole{Value: n, Want: 1}, Hole{Value: addr, Want: 2})
				if want := whole(t, greeting, lang, n, addr); got != want {
					t.Fatalf("round %d, %s, %q:\n got %q\nwant %q", round, lang, n, got, want)
				}
			}
		}
	}
	if c.Refused() || logs.Len() > 0 {
		t.Fatalf("refused: %s", logs.String())
	}
	if n, _ := c.Len(); n != 2 {
		t.Errorf("%d stencils, want 2 (one per language)", n)
	}
}

// A template that does anything to a value but escape it, shows it more
// or less often than the caller says, or branches on it, makes the
// cache refuse itself: the page is then rendered whole, and the log says
// why once.
func TestRefusesWhatItCannotFill(t *testing.T) {
	for _, tc := range []struct {
		name   string
		render Render[string]
		holes  []Hole
	}{
		{"URL-escaped", func(w io.Writer, _ string, v []string) error {
			_, err := fmt.Fprintf(w, `<a href="/x?n=%s">%s</a>`, url.QueryEscape(v[0]), templ.EscapeString(v[0]))
			return err
		}, []Hole{{"Jeanne Martin", AtLeastOnce}}},
		{"not escaped", func(w io.Writer, _ string, v []string) error {
			_, err := fmt.Fprintf(w, `<p>%s</p>`, v[0])
			return err
		}, []Hole{{"Jeanne", 1}}},
		{"escaped twice", func(w io.Writer, _ string, v []string) error {
			_, err := fmt.Fprintf(w, `<p>%s</p>`, templ.EscapeString(templ.EscapeString(v[0])))
			return err
		}, []Hole{{"Jeanne", 1}}},
		{"upper case", func(w io.Writer, _ string, v []string) error {
			_, err := fmt.Fprintf(w, `<p>%s</p>`, templ.EscapeString(strings.ToUpper(v[0])))
			return err
		}, []Hole{{"Jeanne", 1}}},
		{"trimmed", func(w io.Writer, _ string, v []string) error {
			_, err := fmt.Fprintf(w, `<p>%s</p>`, templ.EscapeString(strings.TrimSpace(v[0])))
			return err
		}, []Hole{{"Jeanne", 1}}},
		{"cut short", func(w io.Writer, _ string, v []string) error {
			_, err := fmt.Fprintf(w, `<p>%s</p>`, templ.EscapeString(v[0][:min(len(v[0]), 20)]))
			return err
		}, []Hole{{"Jeanne", 1}}},
		{"shown twice, once expected", func(w io.Writer, _ string, v []string) error {
			_, err := fmt.Fprintf(w, `<p>%s</p><p>%s</p>`, templ.EscapeString(v[0]), templ.EscapeString(v[0]))
			return err
		}, []Hole{{"Jeanne", 1}}},
		{"not shown, once expected", func(w io.Writer, _ string, v []string) error {
			_, err := fmt.Fprint(w, `<p>someone</p>`)
			return err
		}, []Hole{{"Jeanne", 1}}},
		{"shown, none expected", func(w io.Writer, _ string, v []string) error {
			_, err := fmt.Fprintf(w, `<p>%s</p>`, templ.EscapeString(v[0]))
			return err
		}, []Hole{{"Jeanne", 0}}},
		{"a branch on the value", func(w io.Writer, _ string, v []string) error {
			if v[0] == "" {
				_, err := fmt.Fprint(w, `<p>anonymous<span></span></p>`)
				return err
			}
			_, err := fmt.Fprintf(w, `<p>%s<span></span></p>`, templ.EscapeString(v[0]))
			return err
		}, []Hole{{"", AtLeastOnce}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var logs bytes.Buffer
			c := New(tc.render, Options{Name: "p", Holes: len(tc.holes), MaxBytes: 1 << 20, Log: slog.New(slog.NewTextHandler(&logs, nil))})
			for range 3 {
				var got bytes.Buffer
				if err := c.Write(&got, "k", tc.holes); err != nil {
					t.Fatal(err)
				}
				var want bytes.Buffer
				_ = c.whole(&want, "k", tc.holes)
				if got.String() != want.String() {
					t.Fatalf("got %q, want the whole page %q", got.String(), want.String())
				}
			}
			if !c.Refused() {
				t.Fatal("the cache did not refuse itself")
			}
			if n := strings.Count(logs.String(), "page stencil refused"); n != 1 {
				t.Errorf("the refusal is logged %d times, want once:\n%s", n, logs.String())
			}
			if n, size := c.Len(); n != 0 || size != 0 {
				t.Errorf("a refused cache keeps %d stencils (%d bytes)", n, size)
			}
		})
	}
}

// A branch on a value that the sentinel does not take (a long name cut
// short, say) is caught by the comparison with the whole page: always for
// the request that builds a stencil, and one fill in VerifyEvery.
func TestSampledComparisonCatchesABranch(t *testing.T) {
	render := func(w io.Writer, _ string, v []string) error {
		if len(v[0]) > 100 && !strings.Contains(v[0], "\uE002") {
			_, err := fmt.Fprint(w, `<p>(a long name)</p>`)
			return err
		}
		_, err := fmt.Fprintf(w, `<p>%s</p>`, templ.EscapeString(v[0]))
		return err
	}
	var logs bytes.Buffer
	c := New(render, Options{Name: "p", Holes: 1, MaxBytes: 1 << 20, VerifyEvery: 4, Log: slog.New(slog.NewTextHandler(&logs, nil))})
	long := strings.Repeat("x", 101)
	for i := range 8 {
		var got, want bytes.Buffer
		if err := c.Write(&got, "k", []Hole{{long, AtLeastOnce}}); err != nil {
			t.Fatal(err)
		}
		_ = render(&want, "k", []string{long})
		if i > 3 && got.String() != want.String() {
			t.Fatalf("fill %d after a sampled comparison: %q, want %q", i, got.String(), want.String())
		}
	}
	if !c.Refused() {
		t.Fatal("the comparison did not refuse the cache")
	}
}

// Many requests for a new key at once build its stencil once; the others
// wait for it and all get the same page.
func TestBuiltOncePerKeyUnderConcurrency(t *testing.T) {
	var builds atomic.Int32
	c := New(func(w io.Writer, lang string, v []string) error {
		if strings.Contains(v[0], "\uE002") {
			builds.Add(1)
		}
		return greeting(w, lang, v)
	}, Options{Name: "greeting", Holes: 2, MaxBytes: 1 << 20})
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for g := range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			name, addr := fmt.Sprintf("user %d", g), fmt.Sprintf("u%d@example.com", g)
			var got, want bytes.Buffer
			if err := c.Write(&got, "fr", []Hole{{name, 1}, {addr, 2}}); err != nil {
				errs <- err
				return
			}
			_ = greeting(&want, "fr", []string{name, addr})
			if got.String() != want.String() {
				errs <- fmt.Errorf("goroutine %d: %q, want %q", g, got.String(), want.String())
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := builds.Load(); n != 1 {
		t.Errorf("the stencil was built %d times, want once", n)
	}
}

// The stencils kept stay under MaxBytes whatever the number of keys, the
// least recently used going first.
func TestBoundedByBytes(t *testing.T) {
	render := func(w io.Writer, key string, v []string) error {
		_, err := fmt.Fprintf(w, "<p>%s %s %s</p>", key, strings.Repeat("-", 1000), templ.EscapeString(v[0]))
		return err
	}
	c := New(render, Options{Name: "p", Holes: 1, MaxBytes: 20 << 10})
	hot := "domain-0"
	for i := range 500 {
		for _, k := range []string{hot, fmt.Sprintf("domain-%d", i)} {
			var got bytes.Buffer
			if err := c.Write(&got, k, []Hole{{"n", 1}}); err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(got.String(), "<p>"+k+" ") {
				t.Fatalf("key %s: %q", k, got.String()[:20])
			}
		}
	}
	n, size := c.Len()
	if size > 20<<10 || n > 20 || n < 2 {
		t.Errorf("%d stencils, %d bytes: want at most 20 KiB", n, size)
	}
	c.mu.Lock()
	_, ok := c.entries[hot]
	c.mu.Unlock()
	if !ok {
		t.Error("the key used at every step was evicted")
	}
}

// A render error is returned and not kept: the next request tries again.
func TestRenderErrorsAreNotKept(t *testing.T) {
	fail := true
	c := New(func(w io.Writer, _ string, v []string) error {
		if fail {
			return fmt.Errorf("no labels")
		}
		_, err := fmt.Fprintf(w, "<p>%s</p>", templ.EscapeString(v[0]))
		return err
	}, Options{Name: "p", Holes: 1, MaxBytes: 1 << 20})
	var buf bytes.Buffer
	if err := c.Write(&buf, "k", []Hole{{"n", 1}}); err == nil {
		t.Fatal("no error")
	}
	fail = false
	buf.Reset()
	if err := c.Write(&buf, "k", []Hole{{"n", 1}}); err != nil || buf.String() != "<p>n</p>" {
		t.Fatalf("%q, %v", buf.String(), err)
	}
	if c.Refused() {
		t.Error("a render error refused the cache")
	}
}

// A render that panics on the sentinels (it parses the value, say)
// refuses the cache instead of failing the request: the page is rendered
// whole, and the requests waiting for the stencil are not left waiting.
func TestPanicOnSentinelsRefuses(t *testing.T) {
	var logs bytes.Buffer
	c := New(func(w io.Writer, _ string, v []string) error {
		if strings.Contains(v[0], "\uE002") {
			panic("not a number: " + v[0])
		}
		_, err := fmt.Fprintf(w, "<p>%s</p>", templ.EscapeString(v[0]))
		return err
	}, Options{Name: "p", Holes: 1, MaxBytes: 1 << 20, Log: slog.New(slog.NewTextHandler(&logs, nil))})
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			if err := c.Write(&buf, "k", []Hole{{"42", 1}}); err != nil || buf.String() != "<p>42</p>" {
				t.Errorf("%q, %v", buf.String(), err)
			}
		}()
	}
	wg.Wait()
	if !c.Refused() || !strings.Contains(logs.String(), "panics with the sentinels") {
		t.Errorf("refused: %v; log: %s", c.Refused(), logs.String())
	}
}
