package metrics

import (
	"context"
	"errors"
	"io"
	"net/http/httptest"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"imsetup/internal/xmppcert"
)

// scrape reads the registry as Prometheus does.
func scrape(t *testing.T, m *Metrics) string {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	b, _ := io.ReadAll(rec.Body)
	if rec.Code != 200 {
		t.Fatalf("scrape: %d %s", rec.Code, b)
	}
	return string(b)
}

// value is one sample's value in a scrape, or -1 when it is absent.
func value(body, series string) float64 {
	m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(series) + ` (\S+)$`).FindStringSubmatch(body)
	if m == nil {
		return -1
	}
	v, _ := strconv.ParseFloat(m[1], 64)
	return v
}

func TestCountersUnderParallelUse(t *testing.T) {
	m := New()
	const n = 200
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m.Login("ok")
			m.GuideView("gajim", "fr")
			m.BlueMindCall("login", 30*time.Millisecond, i%4 == 0)
			if i%2 == 0 {
				m.Throttled("network")
			}
		}()
	}
	wg.Wait()
	body := scrape(t, m)
	for series, want := range map[string]float64{
		`imsetup_logins_total{outcome="ok"}`:                                      n,
		`imsetup_login_throttled_total{limit="network"}`:                          n / 2,
		`imsetup_guide_views_total{client="gajim",lang="fr"}`:                     n,
		`imsetup_bluemind_request_duration_seconds_count{op="login"}`:             n,
		`imsetup_bluemind_request_duration_seconds_bucket{op="login",le="0.025"}`: 0,
		`imsetup_bluemind_request_duration_seconds_bucket{op="login",le="0.05"}`:  n,
		`imsetup_bluemind_errors_total{op="login"}`:                               n / 4,
	} {
		if got := value(body, series); got != want {
			t.Errorf("%s = %v, want %v", series, got, want)
		}
	}
	if !regexp.MustCompile(`(?m)^imsetup_build_info\{goversion="go[^"]+",revision="[^"]*",version="[^"]*"\} 1$`).MatchString(body) {
		t.Errorf("no build info in\n%s", grep(body, "build_info"))
	}
	if value(body, "go_goroutines") < 1 || value(body, "process_resident_memory_bytes") <= 0 {
		t.Error("the Go runtime's and the process's metrics are missing")
	}
}

// Each server has its own registry: two never share a count.
func TestRegistriesAreIndependent(t *testing.T) {
	a, b := New(), New()
	a.Login("bad_credentials")
	if got := value(scrape(t, b), `imsetup_logins_total{outcome="bad_credentials"}`); got != -1 {
		t.Errorf("the second registry saw the first one's login: %v", got)
	}
	var none *Metrics
	none.Login("ok") // a nil *Metrics counts nothing, without failing
	none.GuideView("pidgin", "en")
	none.BlueMindCall("infos", time.Second, true)
	none.Throttled("account")
}

type fakeProber struct {
	mu    sync.Mutex
	calls int
	res   *xmppcert.Result
	err   error
}

func (f *fakeProber) Probe(context.Context, xmppcert.Target) (*xmppcert.Result, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	return f.res, f.err
}

func TestProbesAndCertificateExpiry(t *testing.T) {
	m := New()
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	m.expiry.now = func() time.Time { return now }
	good := &fakeProber{res: &xmppcert.Result{NotAfter: now.Add(10 * 24 * time.Hour)}}
	p := m.Prober(good)
	if _, err := p.Probe(context.Background(), xmppcert.Target{Domain: "example.com"}); err != nil {
		t.Fatal(err)
	}
	for _, kind := range []error{xmppcert.ErrUnreachable, xmppcert.ErrNoStartTLS, xmppcert.ErrTLS, errors.New("odd")} {
		bad := m.Prober(&fakeProber{err: &xmppcert.ProbeError{Kind: kind}})
		bad.Probe(context.Background(), xmppcert.Target{Domain: "example.org"})
	}
	// The portal stopping cancels probes: not a failure of the server.
	m.Prober(&fakeProber{err: &xmppcert.ProbeError{Kind: xmppcert.ErrCanceled}}).Probe(context.Background(), xmppcert.Target{Domain: "example.org"})

	body := scrape(t, m)
	for series, want := range map[string]float64{
		`imsetup_xmpp_certificate_probes_total{domain="example.com",result="ok"}`:          1,
		`imsetup_xmpp_certificate_probe_success{domain="example.com"}`:                     1,
		`imsetup_xmpp_certificate_probe_success{domain="example.org"}`:                     0,
		`imsetup_xmpp_certificate_probes_total{domain="example.org",result="unreachable"}`: 1,
		`imsetup_xmpp_certificate_probes_total{domain="example.org",result="no_starttls"}`: 1,
		`imsetup_xmpp_certificate_probes_total{domain="example.org",result="tls"}`:         1,
		`imsetup_xmpp_certificate_probes_total{domain="example.org",result="error"}`:       1,
		`imsetup_xmpp_certificate_expiry_seconds{domain="example.com"}`:                    10 * 24 * 3600,
		`imsetup_xmpp_certificate_expiry_seconds{domain="example.org"}`:                    -1, // never probed well: absent
	} {
		if got := value(body, series); got != want {
			t.Errorf("%s = %v, want %v", series, got, want)
		}
	}
	if strings.Contains(body, `result="canceled"`) {
		t.Error("a canceled probe was counted")
	}
	// Seconds left are computed at the scrape, not at the probe.
	now = now.Add(11 * 24 * time.Hour)
	if got := value(scrape(t, m), `imsetup_xmpp_certificate_expiry_seconds{domain="example.com"}`); got != -24*3600 {
		t.Errorf("a day after expiry: %v", got)
	}
}

func grep(body, s string) string {
	var out []string
	for _, l := range strings.Split(body, "\n") {
		if strings.Contains(l, s) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// The shared store's gauge appears once a store reports (with
// IMSETUP_REDIS_URL), so an instance keeping its state in memory has no 0
// to alert on, and it follows each report, from requests in parallel.
func TestSharedStoreUp(t *testing.T) {
	m := New()
	if strings.Contains(scrape(t, m), "imsetup_shared_store_up") {
		t.Fatal("the gauge exists before any store reported")
	}
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); m.SharedStoreUp(true) }()
	}
	wg.Wait()
	if got := value(scrape(t, m), "imsetup_shared_store_up"); got != 1 {
		t.Errorf("up: %v, want 1", got)
	}
	m.SharedStoreUp(false)
	if got := value(scrape(t, m), "imsetup_shared_store_up"); got != 0 {
		t.Errorf("down: %v, want 0", got)
	}
	var none *Metrics
	none.SharedStoreUp(true) // without metrics: nothing, no panic
}

// Every metric the example alert rules use is one the portal exports.
func TestAlertRulesUseRealMetrics(t *testing.T) {
	rules, err := os.ReadFile("../../deploy/prometheus/imsetup-alerts.yml")
	if err != nil {
		t.Fatal(err)
	}
	m := New()
	m.BlueMindCall("login", time.Second, true)
	m.Prober(&fakeProber{res: &xmppcert.Result{NotAfter: time.Now()}}).Probe(context.Background(), xmppcert.Target{Domain: "example.com"})
	m.SharedStoreUp(false) // as with IMSETUP_REDIS_URL
	body := scrape(t, m)
	names := regexp.MustCompile(`imsetup_[a-z_]+`).FindAllString(string(rules), -1)
	if len(names) < 3 {
		t.Fatalf("only %v in the rules", names)
	}
	for _, name := range names {
		if !regexp.MustCompile(`(?m)^` + name + `[{ ]`).MatchString(body) {
			t.Errorf("the alert rules use %s, which the portal does not export", name)
		}
	}
}

// BenchmarkGuideView is the one metric a page view updates.
func BenchmarkGuideView(b *testing.B) {
	m := New()
	b.ReportAllocs()
	for b.Loop() {
		m.GuideView("gajim", "fr")
	}
}
