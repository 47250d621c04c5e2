// Package locales holds the portal's own messages, one TOML file per
// language; fr.toml is the reference. Adding a language is adding a file.
package locales

import "embed"

// FS holds every message file.
//
//go:embed *.toml
var FS embed.FS
