package logline

import (
	"bytes"
	"context"
	"log/slog"
	"math/rand/v2"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"
)

// slogLine is the request line as log/slog writes it.
func slogLine(h slog.Handler, r *Request) string {
	rec := slog.NewRecord(r.Time, slog.LevelInfo, "request", 0)
	rec.AddAttrs(
		slog.String("request_id", r.ID),
		slog.String("method", r.Method),
		slog.String("path", r.Path),
		slog.Int("status", r.Status),
		slog.Int("bytes", r.Bytes),
		slog.Int64("duration_ms", r.DurationMS),
		slog.String("client", r.Client.String()),
	)
	_ = h.Handle(context.Background(), rec)
	return ""
}

var pieces = []string{
	"a", "Z", "0", "/", "guides", "gajim", ".", "-", "_", "~", ":", "%2F", "+", ",", ";", "!", "*", "(", ")", "@", "$",
	" ", "=", `"`, `\`, "<", ">", "&", "'", "?", "#", "é", "\u2028", "\x00", "\n", "\t", "\xff", "GET", "POST", "",
}

func randomString(rng *rand.Rand) string {
	var b strings.Builder
	for range rng.IntN(5) {
		b.WriteString(pieces[rng.IntN(len(pieces))])
	}
	return b.String()
}

var zones = []*time.Location{time.UTC, time.FixedZone("CET", 3600), time.FixedZone("odd", -(9*3600 + 30*60)), time.Local}

func randomRequest(rng *rand.Rand) *Request {
	clients := []netip.Addr{
		netip.MustParseAddr("127.0.0.1"), netip.MustParseAddr("203.0.113.7"), netip.MustParseAddr("2001:db8::1"),
		netip.MustParseAddr("fe80::1%eth0"), netip.MustParseAddr("::ffff:192.0.2.1"), {}, netip.IPv4Unspecified(),
	}
	years := []int{2026, 1999, 9999, 10000, 0, -1, 1}
	t := time.Date(years[rng.IntN(len(years))], time.Month(1+rng.IntN(12)), 1+rng.IntN(28), rng.IntN(24), rng.IntN(60), rng.IntN(60),
		[]int{0, 1, 999999, 1000000, 123456789, 100000000, 999999999}[rng.IntN(7)], zones[rng.IntN(len(zones))])
	return &Request{
		Time: t, ID: randomString(rng), Method: randomString(rng), Path: randomString(rng),
		Status: []int{200, 303, 404, 0, -1}[rng.IntN(5)], Bytes: rng.IntN(1 << 20), DurationMS: int64(rng.IntN(100000)) - 5,
		Client: clients[rng.IntN(len(clients))],
	}
}

// Whenever the short way writes a line, it is the line slog writes, byte
// for byte, in JSON and in text; it takes the short way for the common
// lines.
func TestRequestLinesAsSlogWritesThem(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, format := range []string{"json", "text"} {
		var fast, slow bytes.Buffer
		h, ref := NewJSON(&fast), slog.Handler(slog.NewJSONHandler(&slow, nil))
		if format == "text" {
			h, ref = NewText(&fast), slog.NewTextHandler(&slow, nil)
		}
		short := 0
		for i := range 20000 {
			r := randomRequest(rng)
			if i%4 == 0 { // a common line
				r.ID, r.Method, r.Path = "9ea59298fd67cf7a", "GET", "/guides/gajim"
				r.Time, r.Client = time.Now(), netip.MustParseAddr("192.0.2.10")
			}
			fast.Reset()
			slow.Reset()
			slogLine(ref, r)
			if !h.WriteRequest(*r) {
				if fast.Len() != 0 {
					t.Fatalf("%s: refused, yet wrote %q", format, fast.String())
				}
				continue
			}
			short++
			if fast.String() != slow.String() {
				t.Fatalf("%s: %+v\n short: %q\n  slog: %q", format, r, fast.String(), slow.String())
			}
		}
		if short < 5000 {
			t.Errorf("%s: the short way wrote %d lines of 20000, want at least the 5000 common ones", format, short)
		}
	}
}

// Lines written from many goroutines come out whole.
func TestRequestLinesFromManyGoroutines(t *testing.T) {
	var mu sync.Mutex
	var out bytes.Buffer
	h := NewJSON(writerFunc(func(p []byte) (int, error) { mu.Lock(); defer mu.Unlock(); return out.Write(p) }))
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 200 {
				h.WriteRequest(Request{Time: time.Now(), ID: "id" + string(rune('a'+g)), Method: "GET", Path: "/", Status: 200, Client: netip.MustParseAddr("127.0.0.1")})
			}
		}()
	}
	wg.Wait()
	for _, line := range strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n") {
		if !strings.HasPrefix(line, `{"time":"`) || !strings.HasSuffix(line, `"client":"127.0.0.1"}`) {
			t.Fatalf("a line cut or mixed: %q", line)
		}
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }
