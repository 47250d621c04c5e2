// Package metrics counts what an administrator watches, for Prometheus:
// logins by outcome, held-back attempts, BlueMind's latency and errors,
// certificate probes and the days left on each domain's XMPP certificate,
// guide views. Each server has its own registry (no global state), served
// on a listener of its own, never on the public one.
//
// No label ever holds a login, an address, a name or a client address:
// the label values are fixed sets (outcomes, operations, probe results,
// clients, language codes) or a BlueMind domain, which is not personal.
//
// A nil *Metrics counts nothing, so the handlers and the BlueMind client
// work the same without metrics.
package metrics

import (
	"context"
	"errors"
	"net/http"
	"runtime/debug"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"imsetup/internal/xmppcert"
)

// Metrics is one server's registry and its instruments.
type Metrics struct {
	reg        *prometheus.Registry
	logins     *prometheus.CounterVec
	throttled  *prometheus.CounterVec
	bmLatency  *prometheus.HistogramVec
	bmErrors   *prometheus.CounterVec
	probes     *prometheus.CounterVec
	probeOK    *prometheus.GaugeVec
	expiry     *certExpiry
	guideViews *prometheus.CounterVec

	storeOnce sync.Once
	storeUp   prometheus.Gauge // registered once a shared store reports
}

// New makes a registry with the portal's metrics, the Go runtime's and
// the process's.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		logins: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "imsetup_logins_total",
			Help: "Login attempts by outcome, the words of the login log lines (ok, bad_credentials, password_expired, no_email, no_im_role, address_too_long, held_back_account, held_back_network, held_back_account_busy, held_back_network_busy, bluemind_unavailable, store_unavailable, invalid_input).",
		}, []string{"outcome"}),
		throttled: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "imsetup_login_throttled_total",
			Help: "Login attempts held back by the portal's limits without asking BlueMind, by limit: account, network (too many failures), account_busy, network_busy (other attempts still in flight).",
		}, []string{"limit"}),
		bmLatency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "imsetup_bluemind_request_duration_seconds",
			Help:    "Time BlueMind took to answer, by operation (login, logout, infos).",
			Buckets: []float64{.01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"op"}),
		bmErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "imsetup_bluemind_errors_total",
			Help: "Calls to BlueMind that got no usable answer (unreachable, timeout, error status, not JSON), by operation.",
		}, []string{"op"}),
		probes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "imsetup_xmpp_certificate_probes_total",
			Help: "Probes of the XMPP server's certificate, by domain and result (ok, or the failure: unreachable, timeout, no_starttls, starttls_refused, stream_error, protocol, tls, error).",
		}, []string{"domain", "result"}),
		probeOK: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "imsetup_xmpp_certificate_probe_success",
			Help: "1 when the last probe of the domain's XMPP certificate succeeded, 0 when it failed.",
		}, []string{"domain"}),
		expiry: &certExpiry{
			desc: prometheus.NewDesc("imsetup_xmpp_certificate_expiry_seconds",
				"Seconds until the certificate the XMPP server presents for the domain expires (negative once expired), from the last good probe.",
				[]string{"domain"}, nil),
			notAfter: map[string]time.Time{},
			now:      time.Now,
		},
		guideViews: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "imsetup_guide_views_total",
			Help: "Guides shown, by client and language.",
		}, []string{"client", "lang"}),
	}
	m.reg.MustRegister(m.logins, m.throttled, m.bmLatency, m.bmErrors, m.probes, m.probeOK, m.expiry, m.guideViews,
		buildInfo(), collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// buildInfo is a gauge of 1 whose labels say which build runs.
func buildInfo() prometheus.Collector {
	version, revision, goVersion := "(devel)", "unknown", "unknown"
	if bi, ok := debug.ReadBuildInfo(); ok {
		version, goVersion = bi.Main.Version, bi.GoVersion
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" {
				revision = s.Value
			}
		}
	}
	g := prometheus.NewGauge(prometheus.GaugeOpts{
		Name:        "imsetup_build_info",
		Help:        "Always 1; its labels give the version, VCS revision and Go version of the running build.",
		ConstLabels: prometheus.Labels{"version": version, "revision": revision, "goversion": goVersion},
	})
	g.Set(1)
	return g
}

// Handler serves the registry in Prometheus' text format, for the
// metrics listener.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// Login counts a login attempt by its outcome: one of the fixed words the
// login log lines use, never anything the user typed.
func (m *Metrics) Login(outcome string) {
	if m != nil {
		m.logins.WithLabelValues(outcome).Inc()
	}
}

// Throttled counts an attempt held back by the limit named ("account",
// "network", "account_busy" or "network_busy"); its login is counted by
// Login too.
func (m *Metrics) Throttled(limit string) {
	if m != nil {
		m.throttled.WithLabelValues(limit).Inc()
	}
}

// BlueMindCall records one call to BlueMind: its duration and, when it
// got no usable answer, an error. It has the signature of
// bluemind.Options.Observe.
func (m *Metrics) BlueMindCall(op string, took time.Duration, failed bool) {
	if m == nil {
		return
	}
	m.bmLatency.WithLabelValues(op).Observe(took.Seconds())
	if failed {
		m.bmErrors.WithLabelValues(op).Inc()
	}
}

// SharedStoreUp records whether the shared store (Redis, with
// IMSETUP_REDIS_URL) answered its last call: while it does not, nobody
// can log in. The gauge exists only once a store reports, so an instance
// that keeps its state in memory has none to alert on.
func (m *Metrics) SharedStoreUp(up bool) {
	if m == nil {
		return
	}
	m.storeOnce.Do(func() {
		m.storeUp = prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "imsetup_shared_store_up",
			Help: "1 while the Redis of IMSETUP_REDIS_URL answers, 0 while it does not (logins are then refused); absent without IMSETUP_REDIS_URL.",
		})
		m.reg.MustRegister(m.storeUp)
	})
	v := 0.0
	if up {
		v = 1
	}
	m.storeUp.Set(v)
}

// GuideView counts a guide shown.
func (m *Metrics) GuideView(client, lang string) {
	if m != nil {
		m.guideViews.WithLabelValues(client, lang).Inc()
	}
}

// Prober counts each probe of p by result and remembers each domain's
// certificate expiry; put it between the certificate cache and the real
// prober.
func (m *Metrics) Prober(p Probe) Probe {
	if m == nil {
		return p
	}
	return &countingProber{p: p, m: m}
}

// Probe is what the certificate cache asks of a prober.
type Probe interface {
	Probe(context.Context, xmppcert.Target) (*xmppcert.Result, error)
}

type countingProber struct {
	p Probe
	m *Metrics
}

func (c *countingProber) Probe(ctx context.Context, t xmppcert.Target) (*xmppcert.Result, error) {
	r, err := c.p.Probe(ctx, t)
	if errors.Is(err, xmppcert.ErrCanceled) {
		return r, err // the portal stopping: says nothing about the server
	}
	c.m.probes.WithLabelValues(t.Domain, probeResult(err)).Inc()
	ok := 0.0
	if err == nil && r != nil {
		ok = 1
		c.m.expiry.set(t.Domain, r.NotAfter)
	}
	c.m.probeOK.WithLabelValues(t.Domain).Set(ok)
	return r, err
}

// probeResult names a probe's outcome with a fixed set of words.
func probeResult(err error) string {
	if err == nil {
		return "ok"
	}
	for _, k := range []struct {
		err  error
		name string
	}{
		{xmppcert.ErrUnreachable, "unreachable"},
		{xmppcert.ErrTimeout, "timeout"},
		{xmppcert.ErrNoStartTLS, "no_starttls"},
		{xmppcert.ErrStartTLSRefused, "starttls_refused"},
		{xmppcert.ErrStreamError, "stream_error"},
		{xmppcert.ErrProtocol, "protocol"},
		{xmppcert.ErrTLS, "tls"},
	} {
		if errors.Is(err, k.err) {
			return k.name
		}
	}
	return "error"
}

// certExpiry reports, at each scrape, the seconds left until each
// domain's certificate expires: computed then, not at the probe, so the
// value does not lag by the cache's ten minutes.
type certExpiry struct {
	desc     *prometheus.Desc
	now      func() time.Time
	mu       sync.Mutex
	notAfter map[string]time.Time
}

func (c *certExpiry) set(domain string, notAfter time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.notAfter[domain] = notAfter
}

func (c *certExpiry) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

func (c *certExpiry) Collect(ch chan<- prometheus.Metric) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	for domain, t := range c.notAfter {
		ch <- prometheus.MustNewConstMetric(c.desc, prometheus.GaugeValue, t.Sub(now).Seconds(), domain)
	}
}
