package mock_test

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/ecmock/ecmock/internal/store"
	"github.com/ecmock/ecmock/mock"
)

// benchServe measures the front door alone (no socket, no SDK): a v1-signed
// request built per iteration (fresh nonce), answered by srv.Handler().
func benchServe(b *testing.B, params map[string]string, setup func(*mock.Server)) {
	benchServeEvery(b, params, setup, 0, nil)
}

// benchServeEvery runs between every n iterations (timer stopped), so creates
// measure a store of realistic size rather than one of b.N resources.
func benchServeEvery(b *testing.B, params map[string]string, setup func(*mock.Server), n int, between func(*mock.Server)) {
	srv, err := mock.New(mock.Options{Clock: "manual"})
	if err != nil {
		b.Fatal(err)
	}
	if setup != nil {
		setup(srv)
	}
	a := srv.AccountA()
	h := srv.Handler()
	now := time.Now()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if n > 0 && i > 0 && i%n == 0 {
			b.StopTimer()
			between(srv)
			b.StartTimer()
		}
		q := signedV1(a, "POST", params, now, "bench-"+strconv.Itoa(i))
		req := httptest.NewRequest(http.MethodPost, "/?"+q.Encode(), nil)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != 200 {
			b.Fatalf("got %d: %s", w.Code, w.Body.String())
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}

func BenchmarkFrontDoorDescribe(b *testing.B) {
	benchServe(b, describe, func(srv *mock.Server) {
		a := srv.AccountA()
		h := srv.Handler()
		for i := 0; i < 10; i++ {
			q := signedV1(a, "POST", createParams, time.Now(), "setup-"+strconv.Itoa(i))
			h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, "/?"+q.Encode(), nil))
		}
	})
}

var createParams = map[string]string{"Action": "CreatePhysicalConnection", "Version": "2016-04-28", "RegionId": "cn-hangzhou",
	"AccessPointId": "ap-cn-hangzhou-yh-B", "LineOperator": "CT", "PeerLocation": "DC1"}

// BenchmarkFrontDoorCreate creates physical connections, emptying the store
// every 100 creates (a test's worth of resources).
func BenchmarkFrontDoorCreate(b *testing.B) {
	quotas := func(srv *mock.Server) {
		_ = srv.SetQuota(srv.AccountA().AccessKeyID, "PhysicalConnectionsNotEnabled", 1<<30)
		_ = srv.SetQuota(srv.AccountA().AccessKeyID, "PhysicalConnectionsPerAccessPoint", 1<<30)
	}
	benchServeEvery(b, createParams, quotas, 100, func(srv *mock.Server) {
		srv.Core().WithStore(func(st *store.Store) { st.Reset() })
	})
}

// discardWriter is a ResponseWriter that keeps the status and drops the body
// (reused: the benchmark then counts the server's allocations alone).
type discardWriter struct {
	h    http.Header
	code int
}

func (d *discardWriter) Header() http.Header         { return d.h }
func (d *discardWriter) WriteHeader(c int)           { d.code = c }
func (d *discardWriter) Write(b []byte) (int, error) { return len(b), nil }

// BenchmarkFrontDoorDescribeServer is BenchmarkFrontDoorDescribe with the
// client's side taken out of the measure: the b.N requests (each v1-signed
// with its own nonce) are built before the timer starts, and the answer goes
// to a reused writer, so allocs/op are the server's per signed Describe.
// tenConnections is an in-process server whose first account created ten
// connections (what the signed Describes list).
func tenConnections(b *testing.B) (mock.Account, http.Handler) {
	srv, err := mock.New(mock.Options{Clock: "manual"})
	if err != nil {
		b.Fatal(err)
	}
	a := srv.AccountA()
	h := srv.Handler()
	for i := 0; i < 10; i++ {
		q := signedV1(a, "POST", createParams, time.Now(), "setup-"+strconv.Itoa(i))
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, "/?"+q.Encode(), nil))
	}
	return a, h
}

func BenchmarkFrontDoorDescribeServer(b *testing.B) {
	a, h := tenConnections(b)
	reqs := make([]*http.Request, b.N)
	now := time.Now()
	for i := range reqs {
		q := signedV1(a, "POST", describe, now, "srv-"+strconv.Itoa(i))
		reqs[i] = httptest.NewRequest(http.MethodPost, "/?"+q.Encode(), nil)
	}
	w := &discardWriter{h: http.Header{}}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		clear(w.h)
		w.code = 200
		h.ServeHTTP(w, reqs[i])
		if w.code != 200 {
			b.Fatalf("got %d", w.code)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}

// BenchmarkSignedThroughputFlat serves 1,000,000 signed Describes (each with
// a fresh nonce, so the nonce cache fills to its bound) in ten windows of
// 100,000 and reports the first and last windows' req/s and their ratio:
// the per-request work must not grow with the requests served. It takes
// about a minute and ignores b.N.
func BenchmarkSignedThroughputFlat(b *testing.B) {
	const windows, per = 10, 100_000
	a, h := tenConnections(b)
	w := &discardWriter{h: http.Header{}}
	rates := make([]float64, windows)
	b.ResetTimer()
	for win := 0; win < windows; win++ {
		b.StopTimer()
		reqs := make([]*http.Request, per)
		now := time.Now()
		for i := range reqs {
			q := signedV1(a, "POST", describe, now, "flat-"+strconv.Itoa(win*per+i))
			reqs[i] = httptest.NewRequest(http.MethodPost, "/?"+q.Encode(), nil)
		}
		b.StartTimer()
		start := time.Now()
		for _, r := range reqs {
			clear(w.h)
			w.code = 200
			h.ServeHTTP(w, r)
			if w.code != 200 {
				b.Fatalf("request %d of window %d: got %d", win*per, win, w.code)
			}
		}
		rates[win] = per / time.Since(start).Seconds()
	}
	b.Logf("req/s per window of %d: %.0f", per, rates)
	b.ReportMetric(rates[0], "first-req/s")
	b.ReportMetric(rates[windows-1], "last-req/s")
	b.ReportMetric(rates[windows-1]/rates[0], "last/first")
}
