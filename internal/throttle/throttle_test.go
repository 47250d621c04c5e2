package throttle

import (
	"fmt"
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)

func TestLoginHeldBackAfterThreeFailuresWithAGrowingDelay(t *testing.T) {
	l := New(Config{})
	now := t0
	for i := 0; i < 3; i++ {
		if ok, _ := l.Check("a@example.com", "10.0.0.1", now); !ok {
			t.Fatalf("attempt %d refused", i+1)
		}
		l.Failure("a@example.com", "10.0.0.1", now)
		now = now.Add(time.Second)
	}
	ok, wait := l.Check("a@example.com", "10.0.0.2", now)
	if ok || wait < 20*time.Second {
		t.Fatalf("4th attempt: ok=%v wait=%v; it must wait past BlueMind's 20 s window", ok, wait)
	}
	// Another login from the same address is not held back.
	if ok, _ := l.Check("b@example.com", "10.0.0.1", now); !ok {
		t.Error("another login was held back")
	}
	// After the delay one more try goes through; failing again doubles it.
	now = now.Add(wait)
	if ok, _ := l.Check("a@example.com", "10.0.0.1", now); !ok {
		t.Fatal("not allowed after the delay")
	}
	l.Failure("a@example.com", "10.0.0.1", now)
	_, wait2 := l.Check("a@example.com", "10.0.0.1", now)
	if wait2 < 2*wait-2*time.Second {
		t.Errorf("delay did not grow: %v then %v", wait, wait2)
	}
	// The right password after the delay resets the count.
	l.Success("a@example.com")
	if ok, _ := l.Check("a@example.com", "10.0.0.1", now); !ok {
		t.Error("success did not reset the login")
	}
}

func TestAddressLimitWhateverTheLogins(t *testing.T) {
	l := New(Config{AddrFailures: 30, AddrWindow: 10 * time.Minute})
	for i := 0; i < 30; i++ {
		l.Failure(fmt.Sprintf("user%d@example.com", i), "192.0.2.7", t0)
	}
	ok, wait := l.Check("fresh@example.com", "192.0.2.7", t0.Add(time.Minute))
	if ok || wait < 8*time.Minute {
		t.Fatalf("31st login from one address: ok=%v wait=%v", ok, wait)
	}
	if ok, _ := l.Check("fresh@example.com", "192.0.2.8", t0); !ok {
		t.Error("another address was held back")
	}
	if ok, _ := l.Check("fresh@example.com", "192.0.2.7", t0.Add(11*time.Minute)); !ok {
		t.Error("the address window never ends")
	}
}

func TestOldFailuresAreForgotten(t *testing.T) {
	l := New(Config{})
	l.Failure("a", "x", t0)
	l.Failure("a", "x", t0)
	l.Failure("a", "x", t0.Add(time.Hour))
	if ok, _ := l.Check("a", "x", t0.Add(time.Hour)); !ok {
		t.Error("failures from an hour ago still count")
	}
}

func TestMemoryIsBounded(t *testing.T) {
	l := New(Config{MaxEntries: 1000})
	for i := 0; i < 100000; i++ {
		l.Failure(fmt.Sprintf("u%d", i), fmt.Sprintf("a%d", i), t0)
	}
	if logins, addrs := l.Len(); logins > 1000 || addrs > 1000 {
		t.Errorf("remembered %d logins, %d addresses; bound is 1000", logins, addrs)
	}
}

func BenchmarkCheckAndFail(b *testing.B) {
	l := New(Config{})
	for i := 0; b.Loop(); i++ {
		key := fmt.Sprintf("u%d", i%5000)
		l.Check(key, "a", t0)
		l.Failure(key, "a", t0)
	}
}
