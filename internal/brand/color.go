// Package brand checks an organisation's look before the portal starts:
// an accent colour that keeps every text readable (WCAG AA), and a logo
// file that is really the SVG or PNG it claims to be.
package brand

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Color is an sRGB colour.
type Color struct{ R, G, B uint8 }

// White is the colour of the text the portal writes on the accent, and of
// its cards.
var White = Color{255, 255, 255}

// MinContrast is WCAG 2.1 AA's minimum for normal text (1.4.3).
const MinContrast = 4.5

// ParseColor reads "#rrggbb" (either case).
func ParseColor(s string) (Color, error) {
	s = strings.TrimSpace(s)
	if len(s) != 7 || s[0] != '#' {
		return Color{}, fmt.Errorf("%q is not #rrggbb", s)
	}
	v, err := strconv.ParseUint(s[1:], 16, 32)
	if err != nil {
		return Color{}, fmt.Errorf("%q is not #rrggbb", s)
	}
	return Color{uint8(v >> 16), uint8(v >> 8), uint8(v)}, nil
}

// Hex is the colour as CSS writes it.
func (c Color) Hex() string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }

// Luminance is WCAG's relative luminance: each sRGB channel linearised,
// then weighted by how bright the eye sees it.
func (c Color) Luminance() float64 {
	lin := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
}

// Contrast is WCAG's contrast ratio of two colours, from 1 to 21,
// whichever is lighter.
func Contrast(a, b Color) float64 {
	la, lb := a.Luminance(), b.Luminance()
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// Darken scales the colour towards black by f (0 to 1), keeping its hue.
func (c Color) Darken(f float64) Color {
	d := func(v uint8) uint8 { return uint8(math.Round(float64(v) * (1 - f))) }
	return Color{d(c.R), d(c.G), d(c.B)}
}

// CheckAccent refuses an accent that the portal's white text on it (the
// header, buttons, step numbers), or the accent as text on white (links),
// would not be readable with: both need MinContrast. Contrast is
// symmetric, so one ratio decides both. The error says what was measured
// and suggests the nearest darker shade that passes.
func CheckAccent(c Color) error {
	r := Contrast(White, c)
	if r >= MinContrast {
		return nil
	}
	return fmt.Errorf("white text on %s, and %s text on white, have a contrast of %.1f:1, below the %.1f:1 that WCAG AA requires: choose a darker colour, such as %s (the same hue, darkened until it passes)",
		c.Hex(), c.Hex(), r, MinContrast, Passing(c).Hex())
}

// Passing returns c darkened just enough to pass CheckAccent.
func Passing(c Color) Color {
	return DarkenUntil(c, White, 0, MinContrast+0.05)
}

// DarkenUntil returns c darkened by from, or by more, a hundredth at a
// time, until its contrast with bg reaches min: the lightest such shade of
// c, or black.
func DarkenUntil(c, bg Color, from, min float64) Color {
	for f := from; f <= 1; f += 0.01 {
		if d := c.Darken(f); Contrast(bg, d) >= min {
			return d
		}
	}
	return Color{}
}
