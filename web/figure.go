package web

import (
	"context"
	"errors"
	"image"
	_ "image/png" // the screenshots are PNG
	"io/fs"
	"path"
	"strings"

	"imsetup/clientguides"
)

// Images knows the size of every guide screenshot, read once from the
// static files, so each <img> carries its width and height: a lazily
// loaded picture then keeps its place instead of pushing the text down
// when it arrives.
type Images struct {
	sizes map[string]image.Point // path under static/ → size in pixels
}

// imagesDir is where the guides' screenshots live under static/.
const imagesDir = "img/guides"

// NewImages reads the size of every PNG under img/guides of fsys (the
// static files). A missing directory gives an empty index: guides then
// show no pictures.
func NewImages(fsys fs.FS) (*Images, error) {
	im := &Images{sizes: map[string]image.Point{}}
	err := fs.WalkDir(fsys, imagesDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".png" {
			return err
		}
		f, err := fsys.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		cfg, _, err := image.DecodeConfig(f)
		if err != nil {
			return err
		}
		im.sizes[p] = image.Pt(cfg.Width, cfg.Height)
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	return im, nil
}

// Figure is one screenshot on a guide page.
type Figure struct {
	Src           string // under the portal's base: the template puts it there
	Width, Height int
	Alt           string
	Caption       clientguides.Sentence
}

// Figure resolves a step's screenshot for this page: the picture of the
// client in the language of the labels the page quotes, with the step's
// words saying what to look for in it. It returns nil when the step has
// no picture or no words for it (the clientguides tests require them of
// every picture), or when that picture is not there.
func (p *GuidePage) Figure(ctx context.Context, s *clientguides.Step) *Figure {
	if s.Illustration == "" || s.Figure == nil || p.Images == nil {
		return nil
	}
	src := s.IllustrationPath(p.Labels.Lang)
	size, ok := p.Images.sizes[src]
	if !ok {
		return nil
	}
	return &Figure{Src: "/static/" + src, Width: size.X, Height: size.Y,
		Alt: p.plain(ctx, s.Figure.Alt), Caption: s.Figure.Caption}
}

// plain is a sentence as text, labels and values written out: for an
// attribute such as alt, which cannot hold the page's label boxes.
func (p *GuidePage) plain(ctx context.Context, s clientguides.Sentence) string {
	var b strings.Builder
	for _, seg := range segments(ctx, s) {
		if seg.Slot == nil {
			b.WriteString(seg.Text)
			continue
		}
		switch sl := seg.Slot; {
		case sl.Label != "":
			b.WriteString(p.Label(sl.Label))
		case len(sl.Path) > 0:
			for i, id := range sl.Path {
				if i > 0 {
					b.WriteString(" → ")
				}
				b.WriteString(p.Label(id))
			}
		case sl.Value != "":
			b.WriteString(p.Values.Get(sl.Value))
		default:
			b.WriteString(sl.Literal)
		}
	}
	return b.String()
}
