package handlers

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"imsetup/clientguides"
	"imsetup/internal/bluemind/bluemindtest"
	"imsetup/internal/logline"
	"imsetup/internal/xmppcert/xmppcerttest"
	"imsetup/web"
)

// The benchmarks measure the portal's own work for one request: the whole
// router and its middleware, in the production log format (JSON, written
// to io.Discard), with a warm certificate cache in front of a real
// STARTTLS server, but no network, no HTTP parsing and no client. Run:
//
//	go test ./handlers -run '^$' -bench . -benchmem
//
// docs/performance.md records the figures; no test asserts a time.

// benchPortal is the portal with a production logger and a real,
// warm certificate cache.
func benchPortal(b *testing.B) *xmppPortal {
	b.Helper()
	return newXMPPPortal(b, xmppcerttest.Options{}, nil, func(d *Deps) {
		d.Logger = slog.New(logline.NewJSON(io.Discard))
	})
}

// discardWriter is a ResponseWriter that keeps nothing but the status, so
// that the benchmark measures the handler and not a recorder's buffer.
type discardWriter struct {
	h      http.Header
	status int
	n      int
}

func (w *discardWriter) Header() http.Header { return w.h }
func (w *discardWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
}

func (w *discardWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	w.n += len(p)
	return len(p), nil
}

// sessionCookie logs a user in through the router and returns the
// Cookie header a browser would send afterwards, the language chosen.
func benchCookie(b *testing.B, h http.Handler, login, lang string) string {
	b.Helper()
	req := httptest.NewRequest("POST", "/login", strings.NewReader("login="+login+"&password="+bluemindtest.DemoPassword))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusSeeOther {
		b.Fatalf("login %s: status %d", login, rec.Code)
	}
	for _, c := range rec.Result().Cookies() {
		if c.Name == sessionCookie {
			return c.Name + "=" + c.Value + "; " + langCookie + "=" + lang
		}
	}
	b.Fatal("no session cookie")
	return ""
}

// benchGet serves one GET again and again, as a browser with that
// Cookie header would send it.
func benchGet(b *testing.B, h http.Handler, path, cookie string) {
	b.Helper()
	req := httptest.NewRequest("GET", path, nil)
	req.Header.Set("User-Agent", goldenUA)
	req.Header.Set("Accept-Language", "fr-FR,fr;q=0.9,en;q=0.8")
	if cookie != "" {
		req.Header.Set("Cookie", cookie)
	}
	w := &discardWriter{h: http.Header{}}
	h.ServeHTTP(w, fresh(req))
	if w.status != http.StatusOK {
		b.Fatalf("GET %s: status %d", path, w.status)
	}
	b.SetBytes(int64(w.n))
	b.ReportAllocs()
	for b.Loop() {
		clear(w.h)
		w.status, w.n = 0, 0
		h.ServeHTTP(w, fresh(req))
	}
	if w.status != http.StatusOK {
		b.Fatalf("GET %s: status %d", path, w.status)
	}
}

// fresh is a new request like r, as the server makes one per request:
// gorilla/sessions keeps the decoded session in the request it was given,
// so serving the same request twice would skip the cookie's decoding.
func fresh(r *http.Request) *http.Request {
	c := new(http.Request)
	*c = *r
	return c
}

// BenchmarkPage serves each page in each language: the login form, the
// chooser, and each guide with the certificate cache warm.
func BenchmarkPage(b *testing.B) {
	p := benchPortal(b)
	h := p.srv.Routes()
	for _, lang := range []string{"fr", "en", "de"} {
		b.Run("login/"+lang, func(b *testing.B) {
			benchGet(b, h, "/login", langCookie+"="+lang)
		})
		cookie := benchCookie(b, h, "jmartin", lang)
		b.Run("chooser/"+lang, func(b *testing.B) {
			benchGet(b, h, "/", cookie)
		})
		for _, g := range clientguides.All() {
			b.Run("guide-"+string(g.Client)+"/"+lang, func(b *testing.B) {
				benchGet(b, h, "/guides/"+string(g.Client), cookie)
			})
		}
	}
	b.ReportMetric(float64(p.cache.Probes()), "probes")
}

// BenchmarkSessionDecode opens a session cookie: the first time (verify,
// decrypt, decode) and once remembered (the SHA-256 of the cookie, a
// lookup, the time checks).
func BenchmarkSessionDecode(b *testing.B) {
	p := benchPortal(b)
	cookie := benchCookie(b, p.srv.Routes(), "jmartin", "fr")
	value, _ := cookieValue(http.Header{"Cookie": {cookie}}, sessionCookie)
	b.Run("first", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if p.srv.sessions.open(value) == nil {
				b.Fatal("no session")
			}
		}
	})
	b.Run("remembered", func(b *testing.B) {
		req := httptest.NewRequest("GET", "/", nil)
		req.Header.Set("Cookie", cookie)
		now := p.srv.clock()
		b.ReportAllocs()
		for b.Loop() {
			if p.srv.sessions.load(fresh(req), now, now) == nil {
				b.Fatal("no session")
			}
		}
	})
}

// BenchmarkLanguageNegotiation chooses a page's language: from the
// browser's Accept-Language alone, and from the remembered choice.
func BenchmarkLanguageNegotiation(b *testing.B) {
	p := benchPortal(b)
	var got string
	h := p.srv.chooseLanguage(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = langOf(r.Context())
	}))
	for _, tc := range []struct{ name, header, value, want string }{
		{"accept-language", "Accept-Language", "de-CH,de;q=0.9,en-US;q=0.8,en;q=0.7", "de"},
		{"cookie", "Cookie", langCookie + "=en", "en"},
	} {
		b.Run(tc.name, func(b *testing.B) {
			req := httptest.NewRequest("GET", "/", nil)
			req.Header.Set(tc.header, tc.value)
			w := &discardWriter{h: http.Header{}}
			b.ReportAllocs()
			for b.Loop() {
				clear(w.h)
				h.ServeHTTP(w, fresh(req))
			}
			if got != tc.want {
				b.Fatalf("language %q, want %q", got, tc.want)
			}
		})
	}
}

func langOf(ctx context.Context) string {
	return web.LocalizerFrom(ctx).Lang.Code
}

// BenchmarkGuideOverLoopback serves the Gajim guide over a real loopback
// connection per goroutine, with the request log written to a file as in
// production: what the page costs beyond BenchmarkPage (net/http, the log
// line's write, the garbage collector under concurrency). Its profile is
// the one docs/performance.md explains; the client is in the profile too.
func BenchmarkGuideOverLoopback(b *testing.B) {
	benchOverLoopback(b, "/guides/gajim", true)
}

// BenchmarkLoginOverLoopback is the same for the login form, logged out:
// what every page costs, whoever asks.
func BenchmarkLoginOverLoopback(b *testing.B) {
	benchOverLoopback(b, "/login", false)
}

func benchOverLoopback(b *testing.B, path string, loggedIn bool) {
	logFile, err := os.Create(filepath.Join(b.TempDir(), "requests.log"))
	if err != nil {
		b.Fatal(err)
	}
	defer logFile.Close()
	p := newXMPPPortal(b, xmppcerttest.Options{}, nil, func(d *Deps) {
		d.Logger = slog.New(logline.NewJSON(logFile))
	})
	addr := strings.TrimPrefix(p.url, "http://")
	head := "GET " + path + " HTTP/1.1\r\nHost: " + addr + "\r\n"
	if loggedIn {
		head += "Cookie: " + benchCookie(b, p.srv.Routes(), "jmartin", "fr") + "\r\n"
	}
	req := []byte(head + "\r\n")
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			b.Error(err)
			return
		}
		defer conn.Close()
		br := bufio.NewReaderSize(conn, 64<<10)
		for pb.Next() {
			if _, err := conn.Write(req); err != nil {
				b.Error(err)
				return
			}
			resp, err := http.ReadResponse(br, nil)
			if err != nil {
				b.Error(err)
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				b.Errorf("status %d", resp.StatusCode)
				return
			}
		}
	})
}
