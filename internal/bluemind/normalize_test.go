package bluemind

import "testing"

func TestNormalizeLogin(t *testing.T) {
	tests := []struct{ login, domain, want string }{
		{"jmartin", "example.com", "jmartin@example.com"},
		{"  JMartin ", "Example.COM", "jmartin@example.com"},
		{"Jeanne@Example.ORG", "example.com", "jeanne@example.org"},
		{"jmartin", "", "jmartin"},
		{"", "example.com", ""},
		{"   ", "example.com", ""},
		{"@", "example.com", "@"},
		{"ÉLODIE", "exemple.fr", "élodie@exemple.fr"},
	}
	for _, tt := range tests {
		if got := NormalizeLogin(tt.login, tt.domain); got != tt.want {
			t.Errorf("NormalizeLogin(%q, %q) = %q, want %q", tt.login, tt.domain, got, tt.want)
		}
	}
}
