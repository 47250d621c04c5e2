package stencil

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/a-h/templ"
)

// BenchmarkWrite fills a 10 kB page with two values, one of them shown
// five times: what a guide view costs once its stencil is built.
func BenchmarkWrite(b *testing.B) {
	text := strings.Repeat("<p>Some guide text, translated once.</p>", 50)
	c := New(func(w io.Writer, _ string, v []string) error {
		_, err := fmt.Fprintf(w, "%s<bdi>%s</bdi>%s", text, templ.EscapeString(v[0]), text)
		for range 5 {
			fmt.Fprintf(w, "<code>%s@example.com</code>%s", templ.EscapeString(v[1]), text[:400])
		}
		return err
	}, Options{Name: "p", Holes: 2, MaxBytes: 1 << 20})
	holes := []Hole{{"Jeanne Martin", 1}, {"jeanne.martin", 5}}
	var buf bytes.Buffer
	if err := c.Write(&buf, "fr", holes); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		_ = c.Write(&buf, "fr", holes)
	}
}
