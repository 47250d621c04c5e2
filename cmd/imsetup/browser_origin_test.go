package main

import (
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
)

// A browser that sends no Sec-Fetch-Site (Safari before 16.4, Firefox
// before 90, or any behind a proxy that strips Sec-Fetch-*) is judged by
// its Origin alone. Chromium behind such a proxy shows what the portal's
// Referrer-Policy makes it send: under no-referrer, "Origin: null" on the
// portal's own login form, refused with a 403; under same-origin, the
// portal's origin.
func TestBrowserLoginBehindAProxyStrippingSecFetch(t *testing.T) {
	b := newBrowser(t)
	p := start(t, nil, "demo")
	target, _ := url.Parse(p.url)
	var (
		mu      sync.Mutex
		origins []string
	)
	rp := httputil.NewSingleHostReverseProxy(target) // keeps the browser's Host, as nginx's $http_host
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for name := range r.Header {
			if strings.HasPrefix(name, "Sec-Fetch-") {
				r.Header.Del(name)
			}
		}
		if r.Method == http.MethodPost {
			mu.Lock()
			origins = append(origins, r.URL.Path+" Origin: "+r.Header.Get("Origin"))
			mu.Unlock()
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(proxy.Close)

	ctx := tab(t, b)
	keyboardLogin(t, ctx, proxy.URL, "jmartin", "demo")
	if h1 := text(t, ctx, "h1"); !strings.Contains(h1, "Jeanne") {
		t.Fatalf("logging in without Sec-Fetch-Site leads to %q (POSTs seen: %v)", h1, origins)
	}
	follow(t, ctx, chromedp.Click(chromedp.CSS(`.logout button`)))
	if n := eval[int](t, ctx, `document.querySelectorAll('#login').length`); n != 1 {
		t.Errorf("logging out without Sec-Fetch-Site leads to %s: %q", eval[string](t, ctx, "location.href"), text(t, ctx, "main"))
	}
	want := []string{"/login Origin: " + proxy.URL, "/logout Origin: " + proxy.URL}
	mu.Lock()
	defer mu.Unlock()
	if strings.Join(origins, "|") != strings.Join(want, "|") {
		t.Errorf("Chromium's POSTs: %q, want %q", origins, want)
	}
}
