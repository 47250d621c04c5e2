package handlers

import (
	"net/http"
	"strings"

	"imsetup/clientguides"
)

// platformOf guesses the visitor's system, to put the guide that suits it
// first. It reads the User-Agent Client Hint when the browser sends one,
// else the User-Agent. Phones get no guess: none of the three clients runs
// there, and the user is likely reading next to their desktop.
func platformOf(r *http.Request) clientguides.Platform {
	// The canonical spelling: Header.Get builds it anew for any other.
	hint := strings.Trim(r.Header.Get("Sec-Ch-Ua-Platform"), `"`)
	switch strings.ToLower(hint) {
	case "windows":
		return clientguides.Windows
	case "macos":
		return clientguides.MacOS
	case "linux", "chrome os", "chromeos":
		return clientguides.Linux
	case "android", "ios":
		return ""
	}
	ua := r.UserAgent()
	switch {
	case strings.Contains(ua, "Android"), strings.Contains(ua, "iPhone"), strings.Contains(ua, "iPad"):
		return ""
	case strings.Contains(ua, "Windows"):
		return clientguides.Windows
	case strings.Contains(ua, "Macintosh"), strings.Contains(ua, "Mac OS X"):
		return clientguides.MacOS
	case strings.Contains(ua, "Linux"), strings.Contains(ua, "X11"), strings.Contains(ua, "CrOS"):
		return clientguides.Linux
	}
	return ""
}
