package throttle_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"imsetup/internal/throttle"
)

// BenchmarkReserve is the check every login makes before BlueMind is
// asked, in memory, with many logins and addresses remembered: one held
// back, one let through and settled as a success, and the latter from
// many goroutines at once (they share one lock).
func BenchmarkReserve(b *testing.B) {
	m := throttle.NewMemory(throttle.Config{})
	ctx, now := context.Background(), time.Now()
	for i := range 10000 {
		login, addr := "user"+strconv.Itoa(i)+"@example.com", "10.0."+strconv.Itoa(i%256)+"."+strconv.Itoa(i/256)
		for range 4 {
			if tk, h, _ := m.Reserve(ctx, login, addr, now); !h.Held() {
				_ = m.Fail(ctx, tk, now)
			}
		}
	}
	b.Run("held-back", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, h, _ := m.Reserve(ctx, "user42@example.com", "192.0.2.1", now); !h.Held() {
				b.Fatal("not held back")
			}
		}
	})
	b.Run("allowed", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			tk, h, _ := m.Reserve(ctx, "someone@example.com", "192.0.2.1", now)
			if h.Held() {
				b.Fatal("held back")
			}
			_ = m.Succeed(ctx, tk)
		}
	})
	b.Run("parallel", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				tk, _, _ := m.Reserve(ctx, "someone@example.com", "192.0.2.1", now)
				_ = m.Succeed(ctx, tk)
			}
		})
	})
}
