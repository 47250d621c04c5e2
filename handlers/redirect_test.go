package handlers

import (
	"strings"
	"testing"
)

func TestSafeNext(t *testing.T) {
	for target, want := range map[string]string{
		"/guides/pidgin":        "/guides/pidgin",
		"/guides/gajim?lang=en": "/guides/gajim?lang=en",
		"":                      "/",
		"//evil.example":        "/",
		"/\\evil.example":       "/",
		"\\\\evil.example":      "/",
		"https://evil.example":  "/",
		"evil.example":          "/",
		"%2F%2Fevil.example":    "/",
		"/%2F%2Fevil.example":   "/",
		"/%252F/evil.example":   "/",
		"/%5Cevil.example":      "/",
		"/\t/evil.example":      "/",
		"/\n/evil.example":      "/",
		"javascript:alert(1)":   "/",
	} {
		if got := safeNext(target); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", target, got, want)
		}
	}
}

func FuzzSafeNext(f *testing.F) {
	for _, s := range []string{"/", "//x", "/\\x", "https://x", "/a/b?c=d", "%2F%2Fx"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := safeNext(s)
		if got != "/" && got != s {
			t.Fatalf("safeNext(%q) = %q: it must return the target or /", s, got)
		}
		if !strings.HasPrefix(got, "/") || strings.HasPrefix(got, "//") || strings.Contains(got, "\\") {
			t.Fatalf("safeNext(%q) = %q is not a local path", s, got)
		}
	})
}
