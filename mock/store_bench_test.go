package mock_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ecmock/ecmock/internal/store"
	"github.com/ecmock/ecmock/mock"
)

// fixtureScenario is a scenario with n Enabled physical connections of the
// first account (pc-fx000000 …).
func fixtureScenario(n int) string {
	var b strings.Builder
	b.Grow(n * 64)
	b.WriteString("name: big\nfixtures:\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "  - {type: PhysicalConnection, id: pc-fx%06d, status: Enabled}\n", i)
	}
	return b.String()
}

// bigServer is a manual-clock server whose first account holds n fixture
// connections.
func bigServer(b *testing.B, n int) *mock.Server {
	b.Helper()
	srv, err := mock.New(mock.Options{Clock: "manual"})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := srv.ApplyScenarioYAML(fixtureScenario(n)); err != nil {
		b.Fatal(err)
	}
	return srv
}

// serveOnce answers one freshly signed request in process.
func serveOnce(b *testing.B, h http.Handler, a mock.Account, params map[string]string, nonce string) {
	q := signedV1(a, "POST", params, time.Now(), nonce)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/?"+q.Encode(), nil))
	if w.Code != 200 {
		b.Fatalf("got %d: %s", w.Code, w.Body.String())
	}
}

// latencies records per-call durations and reports percentiles.
type latencies struct {
	mu sync.Mutex
	d  []time.Duration
}

func (l *latencies) add(d time.Duration) { l.mu.Lock(); l.d = append(l.d, d); l.mu.Unlock() }

func (l *latencies) report(b *testing.B) {
	sort.Slice(l.d, func(i, j int) bool { return l.d[i] < l.d[j] })
	if len(l.d) == 0 {
		return
	}
	ms := func(q float64) float64 { return float64(l.d[int(q*float64(len(l.d)-1))].Microseconds()) / 1000 }
	b.ReportMetric(ms(0.5), "p50-ms")
	b.ReportMetric(ms(0.99), "p99-ms")
}

// latencyUnderLoad runs load without pause in workers goroutines while it
// times b.N calls of call, and reports their p50/p99.
func latencyUnderLoad(b *testing.B, workers int, load, call func()) {
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
					load()
				}
			}
		}()
	}
	var l latencies
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		call()
		l.add(time.Since(t0))
	}
	b.StopTimer()
	close(stop)
	wg.Wait()
	l.report(b)
}

var nonceSeq atomic.Int64

func nonce() string { return "n-" + strconv.FormatInt(nonceSeq.Add(1), 10) }

// BenchmarkBigAccount: 100,000 Enabled physical connections in one account.
func BenchmarkBigAccount(b *testing.B) {
	const n = 100000
	srv := bigServer(b, n)
	a, other := srv.AccountA(), srv.AccountB()
	h := srv.Handler()
	byID := map[string]string{"Action": "DescribePhysicalConnections", "Version": "2016-04-28", "RegionId": "cn-hangzhou",
		"Filter.1.Key": "PhysicalConnectionId", "Filter.1.Value.1": "pc-fx050000"}
	firstPage := map[string]string{"Action": "DescribePhysicalConnections", "Version": "2016-04-28", "RegionId": "cn-hangzhou",
		"PageSize": "50"}
	_ = srv.SetQuota(a.AccessKeyID, "PhysicalConnectionsNotEnabled", 1<<30)
	_ = srv.SetQuota(a.AccessKeyID, "PhysicalConnectionsPerAccessPoint", 1<<30)
	run := func(name string, acct mock.Account, params map[string]string, readers int, busy ...map[string]string) {
		b.Run(name, func(b *testing.B) {
			work := firstPage
			if len(busy) > 0 {
				work = busy[0]
			}
			b.ReportAllocs()
			latencyUnderLoad(b, readers, func() { serveOnce(b, h, a, work, nonce()) },
				func() { serveOnce(b, h, acct, params, nonce()) })
		})
	}
	run("DescribeByID", a, byID, 0)
	run("FirstPage", a, firstPage, 0)
	run("OtherAccountWhile8Read", other, describe, 8)
	// A fault lifecycle rule is in force (statuses then settle on every
	// read, under the exclusive lock) while 8 clients read the big account,
	// whose connections are all in a status nothing moves.
	if _, err := srv.AddFaultYAML("name: five-reads\nlifecycle: {type: PhysicalConnection, from: Allocating, reads: 5}\n"); err != nil {
		b.Fatal(err)
	}
	run("OtherAccountWhile8ReadWithLifecycleRule", other, describe, 8)
	srv.ClearFaults()
	// 8 clients create connections in the big account without pause (the
	// quota checks read counts, not the 100,000).
	run("OtherAccountWhile8Write", other, describe, 8, createParams)
	// The rule again, now that the big account also has the connections
	// just created in flight (Initial): its listings settle those alone.
	if _, err := srv.AddFaultYAML("name: five-reads\nlifecycle: {type: PhysicalConnection, from: Allocating, reads: 5}\n"); err != nil {
		b.Fatal(err)
	}
	run("OtherAccountWhile8ReadWithLifecycleRuleInFlight", other, describe, 8)
}

// BenchmarkBigStart applies 100,000 fixtures to a new server (what start-up
// with such a scenario costs) and reports the heap each resource takes.
func BenchmarkBigStart(b *testing.B) {
	const n = 100000
	text := fixtureScenario(n)
	var perRes float64
	b.StopTimer()
	for i := 0; i < b.N; i++ {
		// collecting the previous round's server is not start-up: untimed
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		b.StartTimer()
		srv, err := mock.New(mock.Options{Clock: "manual"})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := srv.ApplyScenarioYAML(text); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&after)
		perRes = float64(after.HeapAlloc-before.HeapAlloc) / n
		runtime.KeepAlive(srv)
	}
	b.ReportMetric(perRes, "heap-B/resource")
}

// BenchmarkBigExportImport exports 100,000 resources with GET
// /_ecmock/state (encoded into its spool, then streamed) and imports the
// document back with PUT /_ecmock/state (streamed decode, checks, import).
func BenchmarkBigExportImport(b *testing.B) {
	const n = 100000
	srv := bigServer(b, n)
	h := srv.Handler()
	var doc []byte
	b.Run("Export", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			w := httptest.NewRecorder()
			h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/_ecmock/state", nil))
			if w.Code != 200 {
				b.Fatalf("GET: %d %.300s", w.Code, w.Body.String())
			}
			doc = w.Body.Bytes()
		}
		b.ReportMetric(float64(len(doc))/(1<<20), "MiB")
	})
	b.Run("Import", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			w := httptest.NewRecorder()
			h.ServeHTTP(w, httptest.NewRequest(http.MethodPut, "/_ecmock/state", bytes.NewReader(doc)))
			if w.Code != 200 {
				b.Fatalf("PUT: %d %.300s", w.Code, w.Body.String())
			}
		}
		var count int
		srv.Core().WithStore(func(st *store.Store) { count = st.Count() })
		if count != n {
			b.Fatalf("imported %d resources; want %d", count, n)
		}
	})
}

// BenchmarkHTTPDescribe is the end-to-end comparison: 32 concurrent clients
// over real loopback TCP send v1-signed DescribePhysicalConnections (fresh
// nonce each) to ecmock (auth verify, 1,000 stored connections), then the
// same signed requests to a bare net/http handler answering canned JSON, in
// alternating rounds. ratio = ecmock req/s ÷ bare req/s. The canned JSON is
// ecmock's own answer to that request, taken once before the rounds: both
// servers send the same bytes (10 connections, ~12 KB), so the ratio is
// what ecmock's work costs, not the size of its answer.
func BenchmarkHTTPDescribe(b *testing.B) {
	srv, err := mock.Start(mock.Options{Clock: "manual"})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	if _, err := srv.ApplyScenarioYAML(fixtureScenario(1000)); err != nil {
		b.Fatal(err)
	}
	a := srv.AccountA()
	const clients = 32
	tr := &http.Transport{MaxIdleConns: clients * 2, MaxIdleConnsPerHost: clients * 2}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}
	resp, err := client.Post(srv.URL()+"/", "application/x-www-form-urlencoded",
		strings.NewReader(signedV1(a, "POST", describe, time.Now(), nonce()).Encode()))
	if err != nil {
		b.Fatal(err)
	}
	canned, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != 200 || !bytes.Contains(canned, []byte(`"TotalCount":1000`)) {
		b.Fatalf("ecmock's answer to copy: %d %v %.200s", resp.StatusCode, err, canned)
	}
	cannedLen := strconv.Itoa(len(canned))
	bare := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		w.Header().Set("Content-Type", "application/json;charset=utf-8")
		w.Header().Set("Content-Length", cannedLen) // as ecmock does: not chunked
		_, _ = w.Write(canned)
	}))
	defer bare.Close()
	phase := func(base string, n int) time.Duration {
		var next atomic.Int64
		var wg sync.WaitGroup
		t0 := time.Now()
		for c := 0; c < clients; c++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for next.Add(1) <= int64(n) {
					q := signedV1(a, "POST", describe, time.Now(), nonce())
					resp, err := client.Post(base+"/", "application/x-www-form-urlencoded", strings.NewReader(q.Encode()))
					if err != nil {
						b.Error(err)
						return
					}
					_, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode != 200 {
						b.Errorf("status %d", resp.StatusCode)
						return
					}
				}
			}()
		}
		wg.Wait()
		return time.Since(t0)
	}
	// The two servers take turns (8 rounds each) so a change in the
	// machine's load weighs on both alike.
	const rounds = 8
	var mockTime, bareTime time.Duration
	b.ResetTimer()
	for r := 0; r < rounds; r++ {
		n := b.N / rounds
		if r == 0 {
			n += b.N % rounds
		}
		mockTime += phase(srv.URL(), n)
		bareTime += phase(bare.URL, n)
	}
	mockRate, bareRate := float64(b.N)/mockTime.Seconds(), float64(b.N)/bareTime.Seconds()
	b.ReportMetric(mockRate, "ecmock-req/s")
	b.ReportMetric(bareRate, "bare-req/s")
	b.ReportMetric(mockRate/bareRate, "ratio")
}

// BenchmarkBigRestart starts a server on a state directory holding 100,000
// connections (what a restart of a big staging ecmock costs), after timing
// the one commit that saved them.
func BenchmarkBigRestart(b *testing.B) {
	const n = 100000
	dir := b.TempDir()
	srv, err := mock.New(mock.Options{Clock: "manual", StateDir: dir})
	if err != nil {
		b.Fatal(err)
	}
	t0 := time.Now()
	if _, err := srv.ApplyScenarioYAML(fixtureScenario(n)); err != nil {
		b.Fatal(err)
	}
	applied := time.Since(t0)
	if err := srv.Close(); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		srv, err := mock.New(mock.Options{Clock: "manual", StateDir: dir})
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		var count int
		srv.Core().WithStore(func(st *store.Store) { count = st.Count() })
		if count != n {
			b.Fatalf("restored %d resources; want %d", count, n)
		}
		_ = srv.Close()
		b.StartTimer()
	}
	b.ReportMetric(applied.Seconds(), "apply+save-s")
}

// BenchmarkDurableCreate is BenchmarkFrontDoorCreate with --state-dir: each
// create is committed (fsync) before its answer.
func BenchmarkDurableCreate(b *testing.B) {
	srv, err := mock.New(mock.Options{Clock: "manual", StateDir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	a := srv.AccountA()
	_ = srv.SetQuota(a.AccessKeyID, "PhysicalConnectionsNotEnabled", 1<<30)
	_ = srv.SetQuota(a.AccessKeyID, "PhysicalConnectionsPerAccessPoint", 1<<30)
	h := srv.Handler()
	var l latencies
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		serveOnce(b, h, a, createParams, nonce())
		l.add(time.Since(t0))
	}
	b.StopTimer()
	l.report(b)
}

// BenchmarkDurableOtherAccount measures another account's Describe while one
// account creates without pause on a --state-dir server (each create waits
// for its fsync, outside the store's lock).
func BenchmarkDurableOtherAccount(b *testing.B) {
	srv, err := mock.New(mock.Options{Clock: "manual", StateDir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	a, other := srv.AccountA(), srv.AccountB()
	_ = srv.SetQuota(a.AccessKeyID, "PhysicalConnectionsNotEnabled", 1<<30)
	_ = srv.SetQuota(a.AccessKeyID, "PhysicalConnectionsPerAccessPoint", 1<<30)
	h := srv.Handler()
	var writes atomic.Int64
	latencyUnderLoad(b, 1, func() { serveOnce(b, h, a, createParams, nonce()); writes.Add(1) },
		func() { serveOnce(b, h, other, describe, nonce()) })
	b.ReportMetric(float64(writes.Load())/b.Elapsed().Seconds(), "writes/s")
}
