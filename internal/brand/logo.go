package brand

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// MaxLogoBytes bounds the logo: a header logo is a few KiB; a larger file
// is a photograph or the wrong file, and every page would carry it.
const MaxLogoBytes = 512 << 10

// Logo is the organisation's logo, read and checked once at start.
type Logo struct {
	Data        []byte
	ContentType string // image/svg+xml or image/png
	Ext         string // ".svg" or ".png"
}

// Hash is a short digest of the logo, for a file name that changes when
// the logo does, so browsers may keep it for a year.
func (l *Logo) Hash() string { return Digest(l.Data) }

// Digest is a short digest of a brand file (the logo, the accent's style
// sheet), for a file name that changes when its content does.
func Digest(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:6])
}

// ReadLogo reads an SVG or PNG file and checks that its content is what
// its name says, so that a wrong file fails at start rather than showing a
// broken image to every user. Its errors complete a sentence whose subject
// is the file ("… is not a PNG image").
func ReadLogo(path string) (*Logo, error) {
	ext := strings.ToLower(filepath.Ext(path))
	if ext != ".svg" && ext != ".png" {
		return nil, fmt.Errorf("is not named .svg or .png (it ends in %q)", ext)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot be read (%v)", errors.Unwrap(err))
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxLogoBytes+1))
	if err != nil {
		return nil, fmt.Errorf("cannot be read (%v)", err)
	}
	if len(data) > MaxLogoBytes {
		return nil, fmt.Errorf("is larger than %d KiB", MaxLogoBytes>>10)
	}
	if ext == ".png" {
		cfg, err := png.DecodeConfig(bytes.NewReader(data))
		if err != nil || cfg.Width == 0 || cfg.Height == 0 {
			return nil, errors.New("is not a PNG image (another format renamed?)")
		}
		return &Logo{Data: data, ContentType: "image/png", Ext: ext}, nil
	}
	if !isSVG(data) {
		return nil, errors.New("is not an SVG image (its first element must be <svg xmlns=\"http://www.w3.org/2000/svg\">)")
	}
	return &Logo{Data: data, ContentType: "image/svg+xml", Ext: ext}, nil
}

// isSVG reports whether the first element of a well-formed XML document is
// SVG's root. The portal serves it so that no script in it can run; this
// only catches the wrong file.
func isSVG(data []byte) bool {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	for {
		tok, err := d.Token()
		if err != nil {
			return false
		}
		if el, ok := tok.(xml.StartElement); ok {
			if el.Name.Local != "svg" || el.Name.Space != "http://www.w3.org/2000/svg" {
				return false
			}
			// The rest must be well-formed too: a truncated file is not a logo.
			for {
				if _, err := d.Token(); err == io.EOF {
					return true
				} else if err != nil {
					return false
				}
			}
		}
	}
}
