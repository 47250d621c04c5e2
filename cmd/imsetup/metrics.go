package main

import (
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"imsetup/internal/config"
	"imsetup/internal/metrics"
)

// serveMetrics serves /metrics on IMSETUP_METRICS_LISTEN, a listener of
// its own: the portal's public listener never has it. Nothing else is
// served there. It returns nil when metrics are off.
func serveMetrics(cfg *config.Config, m *metrics.Metrics, log *slog.Logger) (*http.Server, error) {
	if m == nil || cfg.MetricsListen == "" {
		return nil, nil
	}
	ln, err := net.Listen("tcp", cfg.MetricsListen)
	if err != nil {
		return nil, fmt.Errorf("IMSETUP_METRICS_LISTEN=%s: %w (give a free host:port, or leave it unset)", cfg.MetricsListen, err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.Handler())
	srv := &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: 5 * time.Second,
		WriteTimeout:      30 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	go func() { _ = srv.Serve(ln) }()
	// Not "listening", so that nothing mistakes it for the portal's address.
	log.Info("serving metrics", "metrics_addr", ln.Addr().String(), "path", "/metrics")
	return srv, nil
}
