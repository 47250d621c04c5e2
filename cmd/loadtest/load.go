package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// The load generator speaks just enough HTTP/1.1 to replay one
// pre-written request on keep-alive connections and read the answers:
// no allocation per request, no header map, no redirect logic. A
// net/http client costs more CPU per request than the bare Go server it
// measures, and on a 2-core machine the client shares the cores with the
// server: a heavy client would make every server look alike. What the
// client still costs is measured (its own CPU per request) and printed.

// target is one page on one server.
type target struct {
	addr   string // host:port
	path   string
	cookie string // Cookie header, or ""
	want   []byte // the body every answer must have
}

func (t target) request() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: imsetup-loadtest\r\nAccept: text/html\r\n", t.path, t.addr)
	if t.cookie != "" {
		fmt.Fprintf(&b, "Cookie: %s\r\n", t.cookie)
	}
	b.WriteString("\r\n")
	return b.Bytes()
}

// loadOptions bound one measurement in time and in requests.
type loadOptions struct {
	conns    int
	warmup   time.Duration
	duration time.Duration
	maxReqs  int // in the measured phase, over all connections
}

// loadResult is one measurement.
type loadResult struct {
	requests int64 // answered correctly in the measured phase
	failures int64 // errors, wrong status or wrong body, any phase
	sent     int64 // requests answered, any phase, right or wrong
	firstErr error
	elapsed  time.Duration
	hist     histogram
	cpu      cpuUse // of the server and of this process, over the measured phase
}

func (r *loadResult) rate() float64 { return float64(r.requests) / r.elapsed.Seconds() }

// add counts another measurement of the same page on the same server in
// r: requests, time, CPU and latencies add up.
func (r *loadResult) add(o *loadResult) {
	r.requests += o.requests
	r.failures += o.failures
	r.sent += o.sent
	if r.firstErr == nil {
		r.firstErr = o.firstErr
	}
	r.elapsed += o.elapsed
	r.hist.merge(&o.hist)
	r.cpu.server += o.cpu.server
	r.cpu.client += o.cpu.client
}

// measure runs o.conns connections against t: a warm-up, then the
// measured phase, which ends after o.duration or o.maxReqs requests.
// serverCPU reads the server's CPU time, so that it can be charged per
// request.
func measure(t target, o loadOptions, serverCPU func() time.Duration) *loadResult {
	ph := &phase{}
	ph.budget.Store(int64(o.maxReqs))
	req := t.request()
	var wg sync.WaitGroup
	workers := make([]*worker, o.conns)
	for i := range workers {
		w := &worker{target: t, req: req}
		workers[i] = w
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.run(ph)
		}()
	}
	time.Sleep(o.warmup)
	before := snapshot(serverCPU)
	start := time.Now()
	ph.measuring.Store(true)
	deadline := time.After(o.duration)
	tick := time.NewTicker(10 * time.Millisecond)
	for waiting := true; waiting; {
		select {
		case <-deadline:
			waiting = false
		case <-tick.C:
			waiting = ph.budget.Load() > 0
		}
	}
	tick.Stop()
	ph.stop.Store(true)
	res := &loadResult{elapsed: time.Since(start), cpu: snapshot(serverCPU).since(before)}
	wg.Wait()
	for _, w := range workers {
		res.add(&w.res)
	}
	return res
}

// phase is what the workers of one measurement share.
type phase struct {
	measuring atomic.Bool  // past the warm-up: count and time the answers
	stop      atomic.Bool  // the measurement is over
	budget    atomic.Int64 // measured requests left
}

// run sends requests until the phase stops, counting and timing those of
// the measured phase.
func (w *worker) run(ph *phase) {
	defer w.close()
	for !ph.stop.Load() {
		m := ph.measuring.Load()
		if m && ph.budget.Add(-1) < 0 {
			return
		}
		start := time.Now()
		err := w.do()
		d := time.Since(start)
		if !errors.Is(err, errNoAnswer) {
			w.res.sent++
		}
		if err != nil {
			w.res.failures++
			if w.res.firstErr == nil {
				w.res.firstErr = err
			}
			w.close()
			if w.res.failures > 100 {
				return // the server is gone: stop hammering
			}
			continue
		}
		if m && !ph.stop.Load() {
			w.res.hist.add(d)
			w.res.requests++
		}
	}
}

// worker is one keep-alive connection.
type worker struct {
	target target
	req    []byte
	conn   net.Conn
	br     *bufio.Reader
	body   []byte
	res    loadResult // its answers: counts, first error, latencies
}

func (w *worker) close() {
	if w.conn != nil {
		w.conn.Close()
		w.conn = nil
	}
}

// do sends the request and reads the answer, which must be a 200 with
// exactly the expected body.
func (w *worker) do() error {
	if w.conn == nil {
		c, err := net.Dial("tcp", w.target.addr)
		if err != nil {
			return fmt.Errorf("%w: %w", errNoAnswer, err)
		}
		w.conn = c
		if w.br == nil {
			w.br = bufio.NewReaderSize(c, 64<<10)
		} else {
			w.br.Reset(c)
		}
	}
	if _, err := w.conn.Write(w.req); err != nil {
		return fmt.Errorf("%w: %w", errNoAnswer, err)
	}
	status, body, err := readResponse(w.br, w.body[:0])
	w.body = body
	if err != nil {
		return fmt.Errorf("%w: %w", errNoAnswer, err)
	}
	if status != 200 {
		return fmt.Errorf("GET %s: status %d", w.target.path, status)
	}
	if !bytes.Equal(body, w.target.want) {
		return fmt.Errorf("GET %s: the body differs from the page first served (%d bytes, want %d)", w.target.path, len(body), len(w.target.want))
	}
	return nil
}

var (
	errMalformed = errors.New("malformed HTTP response")
	errNoAnswer  = errors.New("no answer")
)

// readResponse reads one response, its body appended to body: with a
// Content-Length or chunked, as Go's server and nginx send them.
func readResponse(br *bufio.Reader, body []byte) (status int, _ []byte, err error) {
	line, err := br.ReadSlice('\n')
	if err != nil {
		return 0, body, err
	}
	if len(line) < 12 || !bytes.HasPrefix(line, []byte("HTTP/1.1 ")) {
		return 0, body, errMalformed
	}
	status, err = strconv.Atoi(string(line[9:12]))
	if err != nil {
		return 0, body, errMalformed
	}
	length, chunked := -1, false
	for {
		line, err = br.ReadSlice('\n')
		if err != nil {
			return 0, body, err
		}
		if len(line) <= 2 {
			break
		}
		name, value, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			return 0, body, errMalformed
		}
		value = bytes.TrimSpace(value)
		switch {
		case asciiEqualFold(name, "Content-Length"):
			if length, err = strconv.Atoi(string(value)); err != nil {
				return 0, body, errMalformed
			}
		case asciiEqualFold(name, "Transfer-Encoding"):
			chunked = asciiEqualFold(value, "chunked")
		}
	}
	switch {
	case chunked:
		body, err = readChunked(br, body)
	case length >= 0:
		body, err = readN(br, body, length)
	default:
		return status, body, errors.New("no Content-Length: the connection could not be kept alive")
	}
	return status, body, err
}

func readChunked(br *bufio.Reader, body []byte) ([]byte, error) {
	for {
		line, err := br.ReadSlice('\n')
		if err != nil {
			return body, err
		}
		line = bytes.TrimSpace(line)
		if i := bytes.IndexByte(line, ';'); i >= 0 {
			line = line[:i]
		}
		n, err := strconv.ParseInt(string(line), 16, 32)
		if err != nil {
			return body, errMalformed
		}
		if n == 0 {
			for { // trailers, then the empty line
				line, err := br.ReadSlice('\n')
				if err != nil || len(line) <= 2 {
					return body, err
				}
			}
		}
		if body, err = readN(br, body, int(n)); err != nil {
			return body, err
		}
		if _, err := br.Discard(2); err != nil {
			return body, err
		}
	}
}

func readN(br *bufio.Reader, body []byte, n int) ([]byte, error) {
	start := len(body)
	body = append(body, make([]byte, n)...)[:start+n]
	_, err := io.ReadFull(br, body[start:])
	return body, err
}

func asciiEqualFold(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := range len(b) {
		c, d := b[i]|0x20, s[i]|0x20
		if c != d {
			return false
		}
	}
	return true
}

// histogram counts latencies in buckets of 1 µs up to 1 ms, then 10 µs
// up to 10 ms, 100 µs up to 100 ms, 1 ms up to 1 s: 1% precision at most,
// fixed size, no allocation.
type histogram struct {
	counts [3700]int64
	n      int64
	max    time.Duration
}

func bucket(d time.Duration) int {
	us := int(d / time.Microsecond)
	switch {
	case us < 1000:
		return us
	case us < 10000:
		return 1000 + (us-1000)/10
	case us < 100000:
		return 1900 + (us-10000)/100
	case us < 1000000:
		return 2800 + (us-100000)/1000
	}
	return 3699
}

// bucketTop is the largest latency a bucket holds.
func bucketTop(i int) time.Duration {
	var us int
	switch {
	case i < 1000:
		us = i + 1
	case i < 1900:
		us = 1000 + (i-1000+1)*10
	case i < 2800:
		us = 10000 + (i-1900+1)*100
	default:
		us = 100000 + (i-2800+1)*1000
	}
	return time.Duration(us) * time.Microsecond
}

func (h *histogram) add(d time.Duration) {
	h.counts[bucket(d)]++
	h.n++
	h.max = max(h.max, d)
}

func (h *histogram) merge(o *histogram) {
	for i, c := range o.counts {
		h.counts[i] += c
	}
	h.n += o.n
	h.max = max(h.max, o.max)
}

// quantile is the latency under which a fraction q of the requests were
// answered (the top of its bucket).
func (h *histogram) quantile(q float64) time.Duration {
	if h.n == 0 {
		return 0
	}
	rank := int64(q * float64(h.n))
	var seen int64
	for i, c := range h.counts {
		seen += c
		if seen > rank {
			return min(bucketTop(i), h.max)
		}
	}
	return h.max
}
