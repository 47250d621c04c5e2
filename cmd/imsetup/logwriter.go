package main

import (
	"io"
	"sync"
	"time"
)

// logWriter gathers the log's lines and writes them out together: at most
// flushEvery after the first line waiting, at once when flushSize bytes
// wait, and at Close. A busy portal writes a line per request, and a
// write system call per line was a measurable part of a page's cost.
//
// Each Write is one whole line (slog writes a record in one call, under
// its lock), kept whole. What is lost when the process dies without Close
// is at most flushEvery of lines: serve and demo Close it on every way
// out, SIGTERM, SIGINT and SIGHUP included, after the last line ("imsetup
// stopped"), and on SIGQUIT before Go's goroutine dump (quit_unix.go). A
// crash that Go reports itself (a fatal error) still loses that much, as
// would SIGKILL.
type logWriter struct {
	out   io.Writer
	every time.Duration // flushEvery; tests change it

	flushing sync.Mutex // one flush at a time, so lines keep their order

	mu     sync.Mutex
	buf    []byte
	spare  []byte
	timer  *time.Timer
	armed  bool
	closed bool
}

const (
	flushEvery = 50 * time.Millisecond
	flushSize  = 64 << 10
)

func newLogWriter(out io.Writer) *logWriter {
	l := &logWriter{out: out, every: flushEvery}
	l.timer = time.AfterFunc(time.Hour, l.flush)
	l.timer.Stop()
	return l
}

func (l *logWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		l.flushing.Lock() // after the last flush
		defer l.flushing.Unlock()
		return l.out.Write(p)
	}
	l.buf = append(l.buf, p...)
	full := len(l.buf) >= flushSize
	if !full && !l.armed {
		l.armed = true
		l.timer.Reset(l.every)
	}
	l.mu.Unlock()
	if full {
		// The writer waits for the write, as it would unbuffered: a
		// stalled standard error cannot make the buffer grow for ever.
		l.write(flushSize)
	}
	return len(p), nil
}

// flush writes what is waiting.
func (l *logWriter) flush() { l.write(0) }

// write writes what is waiting if there are at least atLeast bytes. Of
// several writers that found the buffer full at once, the first writes
// it all and the others, finding less than a buffer's worth after it,
// write nothing: a burst of lines makes only full writes, however the
// writers are scheduled.
func (l *logWriter) write(atLeast int) {
	l.flushing.Lock()
	defer l.flushing.Unlock()
	l.mu.Lock()
	if len(l.buf) < atLeast {
		l.mu.Unlock()
		return
	}
	b := l.buf
	l.buf, l.spare = l.spare[:0], nil
	l.armed = false
	l.mu.Unlock()
	if len(b) > 0 {
		_, _ = l.out.Write(b)
	}
	l.mu.Lock()
	if cap(b) <= 4*flushSize {
		l.spare = b
	}
	l.mu.Unlock()
}

// Close writes what is waiting; later lines go straight out, after it.
func (l *logWriter) Close() error {
	l.flushing.Lock()
	defer l.flushing.Unlock()
	l.mu.Lock()
	l.closed = true
	l.timer.Stop()
	b := l.buf
	l.buf = nil
	l.mu.Unlock()
	if len(b) > 0 {
		_, err := l.out.Write(b)
		return err
	}
	return nil
}
