package stencil

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"

	"github.com/a-h/templ"
)

// Many keys at once, from many goroutines, far more than MaxBytes holds:
// each caller gets the page of its own key with its own value, and the
// stencils kept never exceed MaxBytes, whenever they are counted.
func TestBoundedByBytesUnderParallelKeys(t *testing.T) {
	const maxBytes = 20 << 10
	render := func(w io.Writer, key string, v []string) error {
		_, err := fmt.Fprintf(w, "<p>%s %s %s</p>", key, strings.Repeat("-", 1000), templ.EscapeString(v[0]))
		return err
	}
	c := New(render, Options{Name: "p", Holes: 1, MaxBytes: maxBytes})
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	start := make(chan struct{})
	for g := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			for i := range 150 {
				// Keys shared between goroutines (i%60) and the hot one,
				// each with this goroutine's own value.
				for _, k := range []string{"domain-hot", fmt.Sprintf("domain-%d", (g*7+i)%60)} {
					value := fmt.Sprintf("user-%d-%d", g, i)
					var got bytes.Buffer
					if err := c.Write(&got, k, []Hole{{value, 1}}); err != nil {
						errs <- err
						return
					}
					if want := "<p>" + k + " " + strings.Repeat("-", 1000) + " " + value + "</p>"; got.String() != want {
						errs <- fmt.Errorf("goroutine %d, key %s: got %.40q…, want its own key and value %s", g, k, got.String(), value)
						return
					}
				}
				if _, size := c.Len(); size > maxBytes {
					errs <- fmt.Errorf("%d bytes of stencils kept, bound %d", size, maxBytes)
					return
				}
			}
		}()
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n, size := c.Len(); size > maxBytes || n > 20 || n < 2 {
		t.Errorf("%d stencils, %d bytes after the burst: want at most 20 KiB", n, size)
	}
	if c.Refused() {
		t.Error("the cache refused itself under parallel use")
	}
}
