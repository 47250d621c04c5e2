package web

import (
	"context"
	"strconv"
	"time"
)

// FormatDate writes a date in the request's language. The pattern and the
// month names are messages (date.format, date.month.1 …), so a translator
// sets them like any sentence.
func FormatDate(ctx context.Context, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.UTC()
	return TData(ctx, "date.format", map[string]any{
		"Day":   strconv.Itoa(t.Day()),
		"Month": T(ctx, "date.month."+strconv.Itoa(int(t.Month()))),
		"Year":  strconv.Itoa(t.Year()),
	})
}
