// Package static holds the portal's CSS, script and images, embedded in
// the binary so the portal works offline on an intranet, with no CDN.
package static

import "embed"

// FS holds css/, js/, the icons of img/ and the guides' screenshots,
// img/guides/<client>/<lang>/*.png.
//
//go:embed css js img/*.svg img/guides
var FS embed.FS
