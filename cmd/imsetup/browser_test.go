package main

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// End-to-end tests in Chromium against `imsetup demo`: what a user does
// with the keyboard, the mouse, without JavaScript, on a phone and with a
// screen reader's needs in mind (axe-core and a few checks axe cannot do).

var guides = []struct{ client, name string }{
	{"thunderbird", "Thunderbird"},
	{"pidgin", "Pidgin"},
	{"gajim", "Gajim"},
}

func TestBrowserKeyboardFlow(t *testing.T) {
	b := newBrowser(t)
	p := start(t, nil, "demo")
	ctx := tab(t, b)

	// The first Tab reaches the skip link, which is visible once focused
	// and moves the focus to the main content.
	navigate(t, ctx, p.url+"/login")
	pressKey(t, ctx, kb.Tab)
	if !eval[bool](t, ctx, `document.activeElement.matches('a.skip-link') && document.activeElement.getBoundingClientRect().top >= 0`) {
		t.Error("the first Tab does not show the skip link")
	}
	if eval[string](t, ctx, `getComputedStyle(document.activeElement).outlineStyle`) == "none" {
		t.Error("the focused skip link has no outline")
	}
	pressKey(t, ctx, kb.Enter)
	if id := eval[string](t, ctx, `document.activeElement.id`); id != "main" {
		t.Errorf("the skip link moved the focus to %q, not main", id)
	}
	// The content it leads to is no control: no frame around all of it,
	// neither then nor after a scroll key and a mouse click on an empty
	// spot (Chromium then still counts main as keyboard-focused).
	noRing := `(() => { const s = getComputedStyle(document.querySelector("main")); return s.outlineStyle === "none" && s.boxShadow === "none" })()`
	if !eval[bool](t, ctx, noRing) {
		t.Error("main, reached by the skip link, draws a focus ring around the whole content")
	}
	pressKey(t, ctx, kb.PageDown)
	spot := eval[[]float64](t, ctx, `(() => { const r = document.querySelector("main").getBoundingClientRect(); return [r.left + 6, r.top + 8] })()`)
	do(t, ctx, chromedp.MouseClickXY(spot[0], spot[1]))
	if id := eval[string](t, ctx, `document.activeElement.id`); id != "main" || !eval[bool](t, ctx, noRing) {
		t.Errorf("a click on the content after a key: focus on %q, main draws a ring: %v", id, !eval[bool](t, ctx, noRing))
	}

	// Keyboard only: Tab to the fields, type, Enter.
	keyboardLogin(t, ctx, p.url, "jmartin", "demo")
	if h1 := text(t, ctx, "h1"); !strings.Contains(h1, "Jeanne") {
		t.Fatalf("after the login the page says %q", h1)
	}
	// A visible focus ring on a link and on a button, reached with Tab.
	for _, sel := range []string{`a[href="/guides/pidgin"]`, `.logout button`} {
		navigate(t, ctx, p.url+"/")
		tabTo(t, ctx, sel)
		if o := eval[string](t, ctx, `getComputedStyle(document.activeElement).outlineStyle`); o == "none" {
			t.Errorf("%s: no visible focus ring", sel)
		}
	}

	// Each guide opens from the chooser with the keyboard.
	for _, g := range guides {
		navigate(t, ctx, p.url+"/")
		tabTo(t, ctx, fmt.Sprintf(`a[href="/guides/%s"]`, g.client))
		follow(t, ctx, chromedp.KeyEvent(kb.Enter))
		if h1 := text(t, ctx, "h1"); !strings.Contains(h1, g.name) {
			t.Errorf("%s guide: h1 %q", g.client, h1)
		}
		checkGuideStructure(t, ctx, g.client)
	}

	// The language switcher: English, then back to French.
	navigate(t, ctx, p.url+"/guides/gajim")
	follow(t, ctx, chromedp.Click(chromedp.CSS(`.lang-switch a[hreflang="en"]`)))
	if lang, h1 := eval[string](t, ctx, "document.documentElement.lang"), text(t, ctx, "h1"); lang != "en" || !strings.Contains(h1, "Gajim") || !strings.HasPrefix(eval[string](t, ctx, "location.pathname"), "/guides/gajim") {
		t.Errorf("after choosing English: lang %q, h1 %q, at %s", lang, h1, eval[string](t, ctx, "location.href"))
	}
	follow(t, ctx, chromedp.Click(chromedp.CSS(`.lang-switch a[hreflang="fr"]`)))
	if lang := eval[string](t, ctx, "document.documentElement.lang"); lang != "fr" {
		t.Errorf("after choosing French: lang %q", lang)
	}

	// Log out with the keyboard: back to the login form, and the guides
	// ask for a login again.
	tabTo(t, ctx, ".logout button")
	follow(t, ctx, chromedp.KeyEvent(kb.Enter))
	if eval[int](t, ctx, `document.querySelectorAll('#login, .logout').length`) != 1 || eval[int](t, ctx, `document.querySelectorAll('#login').length`) != 1 {
		t.Errorf("after logging out: %s", eval[string](t, ctx, "location.href"))
	}
	navigate(t, ctx, p.url+"/guides/pidgin")
	if eval[int](t, ctx, `document.querySelectorAll('#login').length`) != 1 {
		t.Errorf("a guide after logging out does not ask for a login: %s", eval[string](t, ctx, "location.href"))
	}
}

// checkGuideStructure checks what a screen reader relies on in a guide:
// headings in order, the steps as an ordered list, the client's labels
// marked, the values with their (visible, named) copy buttons.
func checkGuideStructure(t *testing.T, ctx context.Context, client string) {
	t.Helper()
	checkHeadings(t, ctx, client)
	if n := eval[int](t, ctx, `document.querySelectorAll('main ol.steps > li').length`); n < 3 {
		t.Errorf("%s: %d steps in an ol", client, n)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('main [data-ui-label]').length`); n == 0 {
		t.Errorf("%s: no client label marked", client)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('[data-fingerprint]').length`); n != 1 {
		t.Errorf("%s: %d fingerprints", client, n)
	}
	hidden := eval[int](t, ctx, `Array.from(document.querySelectorAll('button.copy')).filter(b => b.hidden || !b.offsetParent).length`)
	all := eval[int](t, ctx, `document.querySelectorAll('button.copy').length`)
	if all == 0 || hidden != 0 {
		t.Errorf("%s: %d copy buttons, %d of them hidden with JavaScript on", client, all, hidden)
	}
}

func checkHeadings(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	levels := eval[[]int](t, ctx, `Array.from(document.querySelectorAll('h1,h2,h3,h4,h5,h6')).map(h => +h.tagName[1])`)
	if len(levels) == 0 || levels[0] != 1 {
		t.Errorf("%s: headings %v do not start with h1", page, levels)
		return
	}
	for i := 1; i < len(levels); i++ {
		if levels[i] > levels[i-1]+1 {
			t.Errorf("%s: headings %v skip a level", page, levels)
			return
		}
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('h1').length`); n != 1 {
		t.Errorf("%s: %d h1", page, n)
	}
}

func TestBrowserCopyButton(t *testing.T) {
	b := newBrowser(t)
	p := start(t, nil, "demo")
	ctx := tab(t, b)
	grantClipboard(t, ctx, p.url)
	keyboardLogin(t, ctx, p.url, "jmartin", "demo")

	for _, g := range guides {
		navigate(t, ctx, p.url+"/guides/"+g.client)
		// The first value (the XMPP address or the server), then the
		// fingerprint, each copied with its button and read back.
		for _, sel := range []string{"[data-value]", "[data-fingerprint]"} {
			want := eval[string](t, ctx, fmt.Sprintf(`document.querySelector(%q).textContent.trim()`, sel))
			button := fmt.Sprintf(`document.querySelector(%q).parentElement.querySelector('button.copy')`, sel)
			eval[bool](t, ctx, button+".focus() || true")
			pressKey(t, ctx, kb.Enter)
			got := eval[string](t, ctx, `navigator.clipboard.readText()`)
			if got != want || want == "" {
				t.Errorf("%s %s: the clipboard has %q, want %q", g.client, sel, got, want)
			}
			// Announced to screen readers, and shown on the button.
			if live := waitText(t, ctx, `(document.querySelector('[aria-live]') || {}).textContent || ''`, "Copié"); live != "Copié" {
				t.Errorf("%s %s: the live region says %q after a copy", g.client, sel, live)
			}
			if label := eval[string](t, ctx, button+".textContent"); label != "Copié" {
				t.Errorf("%s %s: the button says %q after a copy", g.client, sel, label)
			}
		}
		// Each copy button names what it copies.
		if n := eval[int](t, ctx, `Array.from(document.querySelectorAll('button.copy')).filter(b => !b.getAttribute('aria-describedby') || !document.getElementById(b.getAttribute('aria-describedby'))).length`); n != 0 {
			t.Errorf("%s: %d copy buttons not tied to their value", g.client, n)
		}
	}
}

func TestBrowserLoginErrors(t *testing.T) {
	b := newBrowser(t)
	p := start(t, nil, "demo")
	for _, c := range []struct{ login, password, field, want string }{
		{"psmith", "wrong", "login", "Adresse ou mot de passe incorrect"},
		{"nochat", "demo", "login", "La messagerie instantanée n’est pas activée"},
		{"expired", "demo", "login", "Votre mot de passe a expiré"},
		{"", "demo", "login", "Saisissez votre adresse e-mail"},
		{"jmartin", "", "password", "Saisissez votre mot de passe"},
	} {
		ctx := tab(t, b)
		navigate(t, ctx, p.url+"/login?lang=fr")
		tabTo(t, ctx, "#login")
		typeText(t, ctx, c.login)
		tabTo(t, ctx, "#password")
		typeText(t, ctx, c.password)
		follow(t, ctx, chromedp.KeyEvent(kb.Enter))
		alert := text(t, ctx, `[role="alert"]`)
		if !strings.Contains(alert, c.want) {
			t.Errorf("%q: the alert says %q, want %q", c.login, alert, c.want)
		}
		// The message is tied to the field it is about.
		desc := eval[string](t, ctx, fmt.Sprintf(`document.getElementById(%q).getAttribute('aria-describedby') || ''`, c.field))
		if !strings.Contains(" "+desc+" ", " "+eval[string](t, ctx, `document.querySelector('[role="alert"]').id`)+" ") {
			t.Errorf("%q: #%s aria-describedby=%q does not name the alert", c.login, c.field, desc)
		}
		if inv := eval[string](t, ctx, fmt.Sprintf(`document.getElementById(%q).getAttribute('aria-invalid')`, c.field)); c.field == "password" && inv != "true" {
			t.Errorf("%q: #%s aria-invalid=%q", c.login, c.field, inv)
		}
		// The address typed is kept; the password never.
		if got := eval[string](t, ctx, `document.getElementById('login').value`); got != c.login {
			t.Errorf("%q: the login field holds %q", c.login, got)
		}
		if got := eval[string](t, ctx, `document.getElementById('password').value`); got != "" {
			t.Errorf("%q: the password field was filled back", c.login)
		}
	}
}

func TestBrowserWithoutJavaScript(t *testing.T) {
	b := newBrowser(t)
	p := start(t, nil, "demo")
	ctx := tab(t, b)
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	keyboardLogin(t, ctx, p.url, "psmith", "demo")
	if h1 := text(t, ctx, "h1"); !strings.Contains(h1, "Peter") {
		t.Fatalf("without JavaScript, the login leads to %q", h1)
	}
	for _, g := range guides {
		navigate(t, ctx, p.url+"/")
		follow(t, ctx, chromedp.Click(chromedp.CSS(fmt.Sprintf(`a[href="/guides/%s"]`, g.client))))
		if h1 := text(t, ctx, "h1"); !strings.Contains(h1, g.name) {
			t.Errorf("%s guide without JavaScript: h1 %q", g.client, h1)
		}
		// No copy button; the values are plain text that can be selected.
		if n := eval[int](t, ctx, `Array.from(document.querySelectorAll('button.copy')).filter(b => b.offsetParent).length`); n != 0 {
			t.Errorf("%s: %d copy buttons shown without JavaScript", g.client, n)
		}
		sel := eval[string](t, ctx, `Array.from(document.querySelectorAll('[data-value], [data-fingerprint]')).map(e => getComputedStyle(e).userSelect).filter(s => s === 'none').join()`)
		if sel != "" {
			t.Errorf("%s: values that cannot be selected", g.client)
		}
		got := eval[string](t, ctx, `(() => { const e = document.querySelector('[data-value]'); const r = document.createRange(); r.selectNodeContents(e); const s = getSelection(); s.removeAllRanges(); s.addRange(r); return s.toString(); })()`)
		if got == "" || got != eval[string](t, ctx, `document.querySelector('[data-value]').textContent`) {
			t.Errorf("%s: selecting the first value gives %q", g.client, got)
		}
	}
	follow(t, ctx, chromedp.Click(chromedp.CSS(`.lang-switch a[hreflang="fr"]`)))
	if lang := eval[string](t, ctx, "document.documentElement.lang"); lang != "fr" {
		t.Errorf("the language switch without JavaScript: lang %q", lang)
	}
	follow(t, ctx, chromedp.Click(chromedp.CSS(`.logout button`)))
	if n := eval[int](t, ctx, `document.querySelectorAll('#login').length + document.querySelectorAll('.logout').length * 10`); n != 1 {
		t.Errorf("logging out without JavaScript leads to %s", eval[string](t, ctx, "location.href"))
	}
}

// TestBrowserAccessibility runs axe-core on every page in both languages,
// logged out and logged in, and checks each page at phone width and at
// 200% zoom.
func TestBrowserAccessibility(t *testing.T) {
	b := newBrowser(t)
	axe := axeSource(t)
	p := start(t, nil, "demo")
	check := func(ctx context.Context, page string) {
		t.Helper()
		checkAxe(t, ctx, axe, page)
		checkHeadings(t, ctx, page)
		checkReflow(t, ctx, page)
	}
	for _, lang := range shippedLanguages(t) {
		q := "?lang=" + lang
		out := tab(t, b)
		navigate(t, out, p.url+"/login"+q)
		check(out, lang+" login")
		navigate(t, out, p.url+"/no/such/page"+q)
		check(out, lang+" 404 logged out")
		// A wrong password: the login page with its error.
		wrong := map[string]string{"fr": "psmith", "en": "jmartin"}[lang]
		navigate(t, out, p.url+"/login"+q)
		do(t, out, chromedp.SendKeys(chromedp.ID("login"), wrong), chromedp.SendKeys(chromedp.ID("password"), "wrong"))
		follow(t, out, chromedp.Click(chromedp.CSS(`form.login-form button[type=submit]`)))
		if eval[int](t, out, `document.querySelectorAll('[role=alert]').length`) != 1 {
			t.Fatalf("%s: no error after a wrong password", lang)
		}
		check(out, lang+" login with an error")

		in := tab(t, b)
		keyboardLogin(t, in, p.url, "jmartin", "demo")
		navigate(t, in, p.url+"/"+q)
		check(in, lang+" chooser")
		for _, g := range guides {
			navigate(t, in, p.url+"/guides/"+g.client+q)
			check(in, lang+" "+g.client+" guide")
		}
		navigate(t, in, p.url+"/no/such/page"+q)
		check(in, lang+" 404 logged in")
	}
}

// checkReflow looks at the page 360 px wide, as on a phone, and in a
// 1280×900 window zoomed to 200% (a 640 px wide layout at two device
// pixels per CSS pixel): nothing may scroll sideways.
func checkReflow(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	viewport(t, ctx, 360, 780, 2, false)
	noHorizontalScroll(t, ctx, page+" at 360 px")
	// German and French labels are long: the narrowest phones still read
	// the guide without sideways scrolling.
	viewport(t, ctx, 320, 700, 2, false)
	noHorizontalScroll(t, ctx, page+" at 320 px")
	viewport(t, ctx, 640, 450, 2, false)
	noHorizontalScroll(t, ctx, page+" at 200% zoom")
	if _, err := chromedp.Call(ctx, emulation.ClearDeviceMetricsOverride, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
}
