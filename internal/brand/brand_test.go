package brand

import (
	"bytes"
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestContrastMatchesWCAGReferenceValues(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want float64
	}{
		{"#000000", "#ffffff", 21},
		{"#ffffff", "#ffffff", 1},
		{"#767676", "#ffffff", 4.54}, // the lightest grey that passes on white
		{"#777777", "#ffffff", 4.48},
		{"#1565a8", "#ffffff", 6.07}, // the default accent
		{"#ff0000", "#ffffff", 4.00},
		{"#0000ff", "#ffffff", 8.59},
	} {
		a, err := ParseColor(tc.a)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := ParseColor(tc.b)
		if got := Contrast(a, b); math.Abs(got-tc.want) > 0.01 {
			t.Errorf("Contrast(%s, %s) = %.3f, want %.2f", tc.a, tc.b, got, tc.want)
		}
		if Contrast(a, b) != Contrast(b, a) {
			t.Errorf("Contrast(%s, %s) is not symmetric", tc.a, tc.b)
		}
	}
}

func TestCheckAccent(t *testing.T) {
	for hex, ok := range map[string]bool{"#1565a8": true, "#767676": true, "#777777": false, "#ffcc00": false, "#8a1538": true, "#FF0000": false} {
		c, err := ParseColor(hex)
		if err != nil {
			t.Fatalf("%s: %v", hex, err)
		}
		err = CheckAccent(c)
		if (err == nil) != ok {
			t.Errorf("CheckAccent(%s) = %v, want ok=%v", hex, err, ok)
		}
		if err != nil {
			// The suggestion passes, and is the same hue, darker.
			p := Passing(c)
			if CheckAccent(p) != nil || p.Luminance() >= c.Luminance() || !strings.Contains(err.Error(), p.Hex()) || !strings.Contains(err.Error(), "4.5:1") {
				t.Errorf("%s: suggestion %s in %q", hex, p.Hex(), err)
			}
		}
	}
	for _, bad := range []string{"blue", "#12345", "#1234567", "1565a8", "#gg0000", ""} {
		if _, err := ParseColor(bad); err == nil {
			t.Errorf("ParseColor(%q) accepted", bad)
		}
	}
}

func write(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func pngBytes(t *testing.T) []byte {
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 120, 40))); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const svg = `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>`

func TestReadLogo(t *testing.T) {
	l, err := ReadLogo(write(t, "logo.svg", []byte(svg)))
	if err != nil || l.ContentType != "image/svg+xml" || l.Ext != ".svg" || len(l.Hash()) != 12 {
		t.Fatalf("svg: %+v %v", l, err)
	}
	l, err = ReadLogo(write(t, "Logo.PNG", pngBytes(t)))
	if err != nil || l.ContentType != "image/png" || l.Ext != ".png" {
		t.Fatalf("png: %+v %v", l, err)
	}
	for name, tc := range map[string]struct {
		file string
		data []byte
		want string
	}{
		"jpeg":           {"logo.jpg", []byte("\xff\xd8\xff"), "not named .svg or .png"},
		"gif as png":     {"logo.png", []byte("GIF89a...."), "not a PNG"},
		"html as svg":    {"logo.svg", []byte("<html><body>x</body></html>"), "not an SVG"},
		"svg no ns":      {"logo.svg", []byte("<svg><rect/></svg>"), "not an SVG"},
		"truncated svg":  {"logo.svg", []byte(svg[:60]), "not an SVG"},
		"too large":      {"logo.svg", bytes.Repeat([]byte(" "), MaxLogoBytes+1), "larger than"},
		"png as svg":     {"logo.svg", pngBytes(t), "not an SVG"},
		"svg as png":     {"logo.png", []byte(svg), "not a PNG"},
		"empty":          {"logo.png", nil, "not a PNG"},
		"empty svg file": {"logo.svg", nil, "not an SVG"},
	} {
		if _, err := ReadLogo(write(t, tc.file, tc.data)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", name, err, tc.want)
		}
	}
	if _, err := ReadLogo(filepath.Join(t.TempDir(), "missing.svg")); err == nil || !strings.Contains(err.Error(), "cannot be read") {
		t.Errorf("missing file: %v", err)
	}
}
