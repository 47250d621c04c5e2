package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"imsetup/internal/i18n"
	"imsetup/locales"
)

// The browser tests drive Debian's Chromium against the demo binary, the
// way a user opens the portal. One browser per test; each scenario gets a
// fresh browser context (its own cookies), like a private window.

const chromiumPath = "/usr/bin/chromium"

// shippedLanguages are the codes of the message files: a translator's new
// language is checked like the others.
func shippedLanguages(t *testing.T) []string {
	t.Helper()
	cat, err := i18n.Load(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, l := range cat.Languages() {
		codes = append(codes, l.Code)
	}
	return codes
}

// newBrowser starts Chromium for one test and returns its root context.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skip("chromium not found: install Debian's chromium to run the browser tests")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	bctx, cancelBrowser := chromedp.NewContext(alloc)
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	t.Cleanup(func() { cancelBrowser(); cancelAlloc(); cancel() })
	return bctx
}

// tab opens a new tab in a fresh browser context: no cookies shared with
// other tabs.
func tab(t *testing.T, browserCtx context.Context) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browserCtx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatal(err)
	}
	return ctx
}

func do(t *testing.T, ctx context.Context, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatal(err)
	}
}

// follow runs an action that leads to another page (a click, Enter in a
// form) and waits for that page to load.
func follow(t *testing.T, ctx context.Context, action chromedp.Action[chromedp.Void]) {
	t.Helper()
	if _, err := chromedp.RunResponse(ctx, action); err != nil {
		t.Fatal(err)
	}
}

// eval runs a JavaScript expression in the page and returns its value.
func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return v
}

// navigate opens a page and waits until it is there.
func navigate(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	do(t, ctx, chromedp.Navigate(url))
}

// tabTo presses Tab until the element matching selector has the focus,
// as a keyboard user would; it fails if that takes more than 30 presses.
func tabTo(t *testing.T, ctx context.Context, selector string) {
	t.Helper()
	for i := 0; i < 30; i++ {
		do(t, ctx, chromedp.KeyEvent(kb.Tab))
		if eval[bool](t, ctx, fmt.Sprintf("document.activeElement === document.querySelector(%q)", selector)) {
			return
		}
	}
	t.Fatalf("Tab never reached %s", selector)
}

// typeText types into the focused element, key by key.
func typeText(t *testing.T, ctx context.Context, text string) {
	t.Helper()
	do(t, ctx, chromedp.KeyEvent(text))
}

// keyboardLogin logs in with the keyboard only: Tab to the address, type,
// Tab to the password, type, Enter.
func keyboardLogin(t *testing.T, ctx context.Context, base, login, password string) {
	t.Helper()
	navigate(t, ctx, base+"/login")
	tabTo(t, ctx, "#login")
	typeText(t, ctx, login)
	tabTo(t, ctx, "#password")
	typeText(t, ctx, password)
	follow(t, ctx, chromedp.KeyEvent(kb.Enter))
}

// text returns the text of the first element matching selector.
func text(t *testing.T, ctx context.Context, selector string) string {
	t.Helper()
	return eval[string](t, ctx, fmt.Sprintf("(document.querySelector(%q) || {}).textContent || ''", selector))
}

func grantClipboard(t *testing.T, ctx context.Context, origin string) {
	t.Helper()
	for _, name := range []string{"clipboard-read", "clipboard-write"} {
		_, err := chromedp.CallBrowser(ctx, browser.SetPermission, browser.SetPermissionParams{
			Permission:       &browser.PermissionDescriptor{Name: name},
			Setting:          browser.PermissionSettingGranted,
			Origin:           origin,
			BrowserContextID: chromedp.FromContext(ctx).BrowserContextID,
		})
		if err != nil {
			t.Fatalf("granting %s: %v", name, err)
		}
	}
}

// viewport sets the CSS width and height of the page and its device pixel
// ratio: 640×450 at ratio 2 is a 1280×900 window zoomed to 200%.
func viewport(t *testing.T, ctx context.Context, width, height int64, scale float64, mobile bool) {
	t.Helper()
	_, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
		Width: width, Height: height, DeviceScaleFactor: scale, Mobile: mobile,
	})
	if err != nil {
		t.Fatal(err)
	}
}

func noHorizontalScroll(t *testing.T, ctx context.Context, what string) {
	t.Helper()
	sw := eval[int](t, ctx, "document.documentElement.scrollWidth")
	iw := eval[int](t, ctx, "window.innerWidth")
	if sw > iw {
		wide := eval[string](t, ctx, `Array.from(document.querySelectorAll('main *')).filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join('; ')`)
		t.Errorf("%s: scrolls sideways (scrollWidth %d > innerWidth %d): %s", what, sw, iw, wide)
	}
}

// repoRoot is where go.mod is, for paths given relative to the repository.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
		if filepath.Dir(d) == d {
			t.Fatalf("no go.mod above %s", dir)
		}
	}
}

// axeSource finds axe-core's axe.min.js: IMSETUP_AXE_JS, then the copy
// .ci/run installs, then a global npm install.
func axeSource(t *testing.T) string {
	t.Helper()
	candidates := []string{
		os.Getenv("IMSETUP_AXE_JS"),
		filepath.Join(repoRoot(t), ".ci/node/node_modules/axe-core/axe.min.js"),
		"/usr/lib/node_modules/axe-core/axe.min.js",
	}
	for _, c := range candidates {
		if c == "" {
			continue
		}
		if b, err := os.ReadFile(c); err == nil {
			return string(b)
		}
	}
	t.Skip("axe.min.js not found: run `npm install --no-save --prefix .ci/node axe-core@4` in the repository (or set IMSETUP_AXE_JS) to run the accessibility checks")
	return ""
}

type axeNode struct {
	Target []any  `json:"target"`
	HTML   string `json:"html"`
}

type axeResults struct {
	Violations []axeViolation `json:"violations"`
	Passes     int            `json:"passes"`
}

type axeViolation struct {
	ID     string    `json:"id"`
	Impact string    `json:"impact"`
	Help   string    `json:"help"`
	Nodes  []axeNode `json:"nodes"`
}

// checkAxe injects axe-core into the current page and fails on any WCAG
// 2.1 A or AA violation, naming the rule and the offending elements.
func checkAxe(t *testing.T, ctx context.Context, axe, page string) {
	t.Helper()
	loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](axe+";\ntypeof axe === 'object'"))
	if err != nil || !loaded {
		t.Fatalf("%s: injecting axe-core: %v", page, err)
	}
	expr := `axe.run(document, {runOnly: ['wcag2a','wcag2aa','wcag21a','wcag21aa']}).then(r => ({violations: r.violations, passes: r.passes.length}))`
	res, err := chromedp.Run(ctx, chromedp.Evaluate[axeResults](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: axe.run: %v", page, err)
	}
	if res.Passes == 0 {
		t.Errorf("%s: axe checked nothing", page)
	}
	for _, v := range res.Violations {
		var nodes []string
		for _, n := range v.Nodes {
			nodes = append(nodes, fmt.Sprintf("    %v %s", n.Target, n.HTML))
		}
		t.Errorf("%s: axe %s (%s): %s\n%s", page, v.ID, v.Impact, v.Help, strings.Join(nodes, "\n"))
	}
}

// pressKey sends one key, such as kb.Enter, to the focused element.
func pressKey(t *testing.T, ctx context.Context, key string) {
	t.Helper()
	do(t, ctx, chromedp.KeyEvent(key))
}

// waitText polls a JavaScript string expression for up to two seconds
// until it gives want, and returns its last value.
func waitText(t *testing.T, ctx context.Context, expr, want string) string {
	t.Helper()
	var got string
	for i := 0; i < 40; i++ {
		if got = eval[string](t, ctx, expr); got == want {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	return got
}
