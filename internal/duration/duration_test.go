package duration

import (
	"testing"
	"time"
)

func TestFormatAsAnAdministratorWritesIt(t *testing.T) {
	for d, want := range map[time.Duration]string{
		12 * time.Hour:                        "12h",
		90 * time.Minute:                      "1h30m",
		30 * time.Minute:                      "30m",
		90 * time.Second:                      "1m30s",
		10 * time.Second:                      "10s",
		time.Hour + 30*time.Second:            "1h0m30s",
		500 * time.Millisecond:                "500ms",
		1500 * time.Millisecond:               "1.5s",
		10*time.Minute + 500*time.Millisecond: "10m0.5s",
		0:                                     "0s",
		-2 * time.Hour:                        "-2h",
	} {
		got := Format(d)
		if got != want {
			t.Errorf("Format(%v) = %q, want %q", d, got, want)
		}
		if back, err := time.ParseDuration(got); err != nil || back != d {
			t.Errorf("%q reads back as %v (%v), want %v", got, back, err, d)
		}
	}
}
