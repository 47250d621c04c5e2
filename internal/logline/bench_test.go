package logline

import (
	"context"
	"io"
	"log/slog"
	"net/netip"
	"testing"
	"time"
)

// The request line the short way: what every page pays.
func BenchmarkRequestLine(b *testing.B) {
	for _, format := range []string{"json", "text"} {
		b.Run(format, func(b *testing.B) {
			h := NewJSON(io.Discard)
			if format == "text" {
				h = NewText(io.Discard)
			}
			r := Request{Time: time.Now(), ID: "9ea59298fd67cf7a", Method: "GET", Path: "/guides/gajim",
				Status: 200, Bytes: 5120, DurationMS: 1, Client: netip.MustParseAddr("192.0.2.10")}
			b.ReportAllocs()
			for b.Loop() {
				if !h.WriteRequest(r) {
					b.Fatal("the short way refused a plain line")
				}
			}
		})
	}
}

// A login line through slog: what every other line pays, plain ASCII
// and with a value that must be escaped.
func BenchmarkSlogLine(b *testing.B) {
	for _, tc := range []struct{ name, login string }{
		{"ascii", "jeanne.martin@example.com"},
		{"bidi", "jeanne\u202emoc.elpmaxe@nitram"},
	} {
		for _, format := range []string{"json", "text"} {
			b.Run(tc.name+"/"+format, func(b *testing.B) {
				h := NewJSON(io.Discard)
				if format == "text" {
					h = NewText(io.Discard)
				}
				log := slog.New(h)
				ctx := context.Background()
				b.ReportAllocs()
				for b.Loop() {
					log.LogAttrs(ctx, slog.LevelInfo, "login", slog.String("login", tc.login),
						slog.String("client", "192.0.2.10"), slog.String("outcome", "bad_credentials"))
				}
			})
		}
	}
}

// The look at each byte that lets a plain line through unescaped.
func BenchmarkASCIIScan(b *testing.B) {
	line := []byte(`{"time":"2026-11-30T18:09:20.47026369Z","level":"INFO","msg":"login","login":"jeanne.martin@example.com","client":"127.0.0.1","outcome":"bad_credentials"}` + "\n")
	for b.Loop() {
		if !asciiWithoutDEL(line) {
			b.Fatal()
		}
	}
}
