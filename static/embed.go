// Package static holds the portal's CSS, script and images, embedded in
// the binary so the portal works offline on an intranet, with no CDN.
package static

import "embed"

// FS holds css/, js/ and img/.
//
//go:embed css js img/*.svg
var FS embed.FS
