package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"imsetup/internal/bluemind/bluemindtest"
)

// The real binary with IMSETUP_METRICS_LISTEN: metrics on their own
// listener only, counting what users do without naming them.
func TestMetricsListener(t *testing.T) {
	bm := httptest.NewServer(bluemindtest.NewDemo())
	defer bm.Close()
	metricsAddr := fmt.Sprintf("127.0.0.1:%d", freePort(t))
	p := start(t, []string{
		"IMSETUP_BLUEMIND_URL=" + bm.URL,
		"IMSETUP_PUBLIC_URL=https://im.example.com",
		"IMSETUP_SESSION_KEYS=" + randomKey(t),
		"IMSETUP_XMPP_HOST=127.0.0.1", "IMSETUP_XMPP_PORT=1",
		"IMSETUP_METRICS_LISTEN=" + metricsAddr,
	}, "serve")
	if code, body := get(t, p.url+"/metrics"); code != http.StatusNotFound || strings.Contains(body, "imsetup_") {
		t.Errorf("the public listener answers /metrics: %d", code)
	}
	if code, _ := get(t, "http://"+metricsAddr+"/"); code != http.StatusNotFound {
		t.Errorf("the metrics listener serves / : %d", code)
	}
	// A failed login with a distinctive address, and a good one.
	post(t, p.url+"/login", url.Values{"login": {"marguerite.quasimodo@example.com"}, "password": {"nope"}}, nil)
	post(t, p.url+"/login", url.Values{"login": {"jmartin"}, "password": {"demo"}}, nil)

	code, body := get(t, "http://"+metricsAddr+"/metrics")
	if code != http.StatusOK {
		t.Fatalf("GET /metrics on the metrics listener: %d", code)
	}
	for _, want := range []string{
		`imsetup_logins_total{outcome="bad_credentials"} 1`,
		`imsetup_logins_total{outcome="ok"} 1`,
		`imsetup_bluemind_request_duration_seconds_count{op="login"} 2`,
		"imsetup_build_info{",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the metrics lack %q", want)
		}
	}
	// Kept in memory: no shared store, no gauge to alert on.
	if strings.Contains(body, "imsetup_shared_store_up") {
		t.Error("imsetup_shared_store_up without IMSETUP_REDIS_URL")
	}
	for _, personal := range []string{"marguerite", "quasimodo", "@", "jmartin", "Jeanne"} {
		if strings.Contains(body, personal) {
			t.Errorf("the metrics contain %q", personal)
		}
	}
}

// Without IMSETUP_METRICS_LISTEN no metrics are served at all.
func TestMetricsOffByDefault(t *testing.T) {
	p := start(t, nil, "demo")
	resp, err := http.Get(p.url + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("GET /metrics: %d", resp.StatusCode)
	}
}
