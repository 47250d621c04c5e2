package bluemind

import (
	"encoding/json"
	"fmt"
	"mime"
	"strings"
)

// serverFault is BlueMind's error body. It sometimes comes without a
// Content-Type, so it is tried whatever the header says.
type serverFault struct {
	ErrorCode string `json:"errorCode"`
	ErrorType string `json:"errorType"`
	Message   string `json:"message"`
}

// describeError words a non-200 answer for the logs.
func describeError(a answer) string {
	var f serverFault
	if json.Unmarshal(a.body, &f) == nil && f.ErrorCode != "" {
		return fmt.Sprintf("BlueMind error %s: %s", quoteShort(f.ErrorCode), quoteShort(f.Message))
	}
	if len(a.body) == 0 {
		return fmt.Sprintf("unexpected status, empty body (Content-Type %q)", a.contentType)
	}
	return fmt.Sprintf("unexpected status, body of %d bytes (Content-Type %q)", len(a.body), a.contentType)
}

func mediaType(contentType string) string {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return strings.ToLower(strings.TrimSpace(contentType))
	}
	return mt
}

// quoteShort quotes text from the server for a log line, bounded in
// length, so a hostile answer cannot flood or forge log lines (%q escapes
// control characters).
func quoteShort(s string) string {
	const max = 80
	if r := []rune(s); len(r) > max {
		return fmt.Sprintf("%q...", string(r[:max]))
	}
	return fmt.Sprintf("%q", s)
}
