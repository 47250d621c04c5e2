package config

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"imsetup/internal/brand"
)

// MaxOrgNameLen keeps the organisation's name to what fits a header.
const MaxOrgNameLen = 80

// The organisation's look: its name, a logo file (read and checked now,
// so a wrong file stops the start rather than showing a broken image),
// and an accent colour that keeps text readable. Each reader leaves c
// alone on error, as the table asks.

func readOrgName(c *Config, name, v string) error {
	if utf8.RuneCountInString(v) > MaxOrgNameLen || strings.IndexFunc(v, unicode.IsControl) >= 0 {
		return fmt.Errorf("%s: give the organisation's name as users know it, on one line of at most %d characters", name, MaxOrgNameLen)
	}
	c.OrgName = v
	return nil
}

func readLogo(c *Config, name, v string) error {
	logo, err := brand.ReadLogo(v)
	if err != nil {
		return fmt.Errorf("%s=%q %w: give the logo shown in the header as an SVG or PNG file of a few KiB, about 40 pixels high", name, v, err)
	}
	c.Logo = logo
	return nil
}

func readAccent(c *Config, name, v string) error {
	col, err := brand.ParseColor(v)
	if err != nil {
		return fmt.Errorf("%s=%q: give a colour as #rrggbb, such as #1565a8 (the header's colour; white text goes on it)", name, v)
	}
	if err := brand.CheckAccent(col); err != nil {
		return fmt.Errorf("%s=%q: %w", name, v, err)
	}
	c.Accent = &col
	return nil
}
