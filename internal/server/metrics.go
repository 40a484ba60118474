package server

import (
	"net"
	"net/http"
	"strconv"
	"sync/atomic"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/ecmock/ecmock/internal/store"
)

// metrics are one server's Prometheus metrics, in a registry of its own
// (many servers in one process never share counters).
type metrics struct {
	reg      *prometheus.Registry
	calls    *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	faults   *prometheus.CounterVec
	openConn atomic.Int64
}

func newMetrics(s *Server) *metrics {
	m := &metrics{reg: prometheus.NewRegistry()}
	m.calls = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "ecmock_calls_total",
		Help: "API calls answered, by product, action, HTTP status and error code (\"\" for success).",
	}, []string{"product", "action", "status", "code"})
	m.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "ecmock_call_duration_seconds",
		Help:    "Time spent answering API calls (injected delays included), by product and action.",
		Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60},
	}, []string{"product", "action"})
	m.faults = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "ecmock_fault_hits_total",
		Help: "Calls a fault rule fired on, by rule and tenant (\"\" for the admin's rules).",
	}, []string{"rule", "tenant"})
	m.reg.MustRegister(m.calls, m.latency, m.faults,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		&stateCollector{s: s, m: m})
	return m
}

// stateCollector reads gauges at scrape time: resources by type and status,
// journal size and drops, open connections.
type stateCollector struct {
	s *Server
	m *metrics
}

var (
	descResources = prometheus.NewDesc("ecmock_resources", "Resources stored, by type and status.", []string{"type", "status"}, nil)
	descJBytes    = prometheus.NewDesc("ecmock_journal_bytes", "Bytes held by the journal (its bound: ecmock_journal_max_bytes).", nil, nil)
	descJMax      = prometheus.NewDesc("ecmock_journal_max_bytes", "The journal's byte bound (--journal-bytes).", nil, nil)
	descJEntries  = prometheus.NewDesc("ecmock_journal_entries", "Entries held by the journal.", nil, nil)
	descJDropped  = prometheus.NewDesc("ecmock_journal_dropped_total", "Journal entries dropped to stay within its bounds.", nil, nil)
	descConns     = prometheus.NewDesc("ecmock_open_connections", "Client connections open (API and control listeners).", nil, nil)
	descNonces    = prometheus.NewDesc("ecmock_signature_nonces", "Signature nonces remembered (at most 1,000,000).", nil, nil)
)

func (c *stateCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descResources, descJBytes, descJMax, descJEntries, descJDropped, descConns, descNonces} {
		ch <- d
	}
}

func (c *stateCollector) Collect(ch chan<- prometheus.Metric) {
	type key struct{ typ, status string }
	counts := map[key]int{}
	c.s.WithStore(func(st *store.Store) {
		for _, r := range st.List("", nil) {
			counts[key{r.Type, r.Status}]++
		}
	})
	for k, n := range counts {
		ch <- prometheus.MustNewConstMetric(descResources, prometheus.GaugeValue, float64(n), k.typ, k.status)
	}
	js := c.s.journal.Stats()
	ch <- prometheus.MustNewConstMetric(descJBytes, prometheus.GaugeValue, float64(js.Bytes))
	ch <- prometheus.MustNewConstMetric(descJMax, prometheus.GaugeValue, float64(js.MaxBytes))
	ch <- prometheus.MustNewConstMetric(descJEntries, prometheus.GaugeValue, float64(js.Entries))
	ch <- prometheus.MustNewConstMetric(descJDropped, prometheus.CounterValue, float64(js.Dropped))
	ch <- prometheus.MustNewConstMetric(descConns, prometheus.GaugeValue, float64(c.m.openConn.Load()))
	ch <- prometheus.MustNewConstMetric(descNonces, prometheus.GaugeValue, float64(c.s.nonces.size()))
}

// observe counts an answered call.
func (m *metrics) observe(c *rpcCall, status int, code, tenant string, seconds float64) {
	product, action := "", ""
	if c.product != nil {
		product = c.product.Name
	}
	if c.action != nil {
		action = c.action.Name // only catalogue names: client input never makes a label
	}
	m.calls.WithLabelValues(product, action, strconv.Itoa(status), code).Inc()
	m.latency.WithLabelValues(product, action).Observe(seconds)
	if c.rule != "" {
		m.faults.WithLabelValues(c.rule, tenant).Inc()
	}
}

// ConnState counts open connections; give it to http.Server.ConnState.
func (s *Server) ConnState(_ net.Conn, st http.ConnState) {
	switch st {
	case http.StateNew:
		s.metrics.openConn.Add(1)
	case http.StateClosed, http.StateHijacked:
		s.metrics.openConn.Add(-1)
	}
}

// SetReady marks the server ready (state loaded, listening) or not (shutting
// down): GET /readyz answers 200 or 503.
func (s *Server) SetReady(ok bool) { s.ready.Store(ok) }

func (s *Server) serveHealthz(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "alive"})
}

func (s *Server) serveReadyz(w http.ResponseWriter, _ *http.Request) {
	if !s.ready.Load() {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "not ready"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}

// metricsHandler serves GET /metrics: with an admin token set, only to it
// (Prometheus sends it with `authorization: {credentials: ...}`).
func (s *Server) metricsHandler() http.Handler {
	h := promhttp.HandlerFor(s.metrics.reg, promhttp.HandlerOpts{})
	return s.authorize(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if t := tenantOf(r); t != nil {
			writeJSONError(w, http.StatusForbidden, "metrics cover every tenant: they need the admin token, not tenant "+t.name+"'s")
			return
		}
		h.ServeHTTP(w, r)
	}))
}
