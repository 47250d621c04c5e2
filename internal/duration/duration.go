// Package duration prints durations the way an administrator writes them
// in IMSETUP_* variables ("12h", "30m", "1h30m"), not the way
// time.Duration.String does ("12h0m0s"), so that what imsetup prints can be
// copied back into its configuration.
package duration

import (
	"strings"
	"time"
)

// Format is d.String() without its trailing zero units: 12h, 1h30m, 30m,
// 1m30s, 10s, 500ms. time.ParseDuration reads every result back to d.
func Format(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
