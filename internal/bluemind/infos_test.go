package bluemind

import "testing"

func TestHasIMRoleByVersion(t *testing.T) {
	for version, want := range map[string]bool{
		"4.9.2": true, "3.5.14": true, "5.0.1": false, "5": false, "6.1.0": false,
		"": true, "unknown": true, // an unknown version counts as 4.x
	} {
		if got := HasIMRole(version); got != want {
			t.Errorf("HasIMRole(%q) = %v, want %v", version, got, want)
		}
	}
}
