package mock_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/ecmock/ecmock/internal/sdktest"
	"github.com/ecmock/ecmock/mock"
)

func get(t *testing.T, url, token string) (int, string) {
	t.Helper()
	r, _ := http.NewRequest(http.MethodGet, url, nil)
	if token != "" {
		r.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func TestMetricsHealthzReadyz(t *testing.T) {
	srv := startTenants(t)
	c := sdktest.VPC(t, srv, srv.AccountA())
	_, err := c.CreatePhysicalConnection(sdktest.PCRequest())
	sdktest.MustOK(t, "create", err)
	addFault(t, srv, `{name: boom, match: {action: CreatePhysicalConnection}, do: {error: Throttling}}`)
	_, _ = c.CreatePhysicalConnection(sdktest.PCRequest())
	// Probes need no token and tell nothing else.
	for path, want := range map[string]string{"/healthz": `"alive"`, "/readyz": `"ready"`} {
		if st, body := get(t, srv.URL()+path, ""); st != 200 || !strings.Contains(body, want) || strings.Contains(body, "ecmock_") {
			t.Fatalf("%s: %d %q", path, st, body)
		}
	}
	if st, _ := get(t, srv.URL()+"/metrics", ""); st != 401 {
		t.Fatalf("metrics without a token: %d; want 401", st)
	}
	if st, _ := get(t, srv.URL()+"/metrics", tenantTokens["team-a"]); st != 403 {
		t.Fatalf("metrics with a tenant's token: %d; want 403", st)
	}
	st, body := get(t, srv.URL()+"/metrics", adminToken)
	for _, want := range []string{
		`ecmock_calls_total{action="CreatePhysicalConnection",code="",product="Vpc",status="200"} 1`,
		`ecmock_calls_total{action="CreatePhysicalConnection",code="Throttling",product="Vpc",status="400"} 1`,
		`ecmock_call_duration_seconds_bucket{action="CreatePhysicalConnection",product="Vpc",le="+Inf"} 2`,
		`ecmock_fault_hits_total{rule="boom",tenant=""} 1`,
		`ecmock_resources{status="Allocated",type="PhysicalConnection"} 1`,
		`ecmock_journal_bytes `, `ecmock_journal_dropped_total 0`, `ecmock_open_connections `,
		`process_resident_memory_bytes `, `go_goroutines `,
	} {
		if st != 200 || !strings.Contains(body, want) {
			t.Errorf("metrics: want %q in\n%s", want, body)
		}
	}
	if err := srv.Shutdown(0); err != nil {
		t.Fatal(err)
	}
}

func TestReadyzFalseWhileDraining(t *testing.T) {
	srv, err := mock.New(mock.Options{Auth: "open"})
	if err != nil {
		t.Fatal(err)
	}
	h := srv.Handler()
	w := newRecorder()
	h.ServeHTTP(w, mustReq("GET", "/readyz"))
	if w.Code != 503 {
		t.Fatalf("readyz before serving: %d; want 503", w.Code)
	}
}

func newRecorder() *httptest.ResponseRecorder { return httptest.NewRecorder() }

func mustReq(method, target string) *http.Request { return httptest.NewRequest(method, target, nil) }

type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) { s.mu.Lock(); defer s.mu.Unlock(); return s.b.Write(p) }
func (s *syncBuf) String() string              { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func TestJSONLogLinesCarryTheTenant(t *testing.T) {
	var buf syncBuf
	srv := sdktest.Start(t, mock.Options{AdminToken: adminToken, Logger: slog.New(slog.NewJSONHandler(&buf, nil)),
		Tenants: []mock.Tenant{{Name: "team-b", Token: tenantTokens["team-b"], Accounts: []mock.Account{{UID: "1000000000000002"}}}}})
	c := sdktest.VPC(t, srv, srv.AccountB())
	_, err := c.CreatePhysicalConnection(sdktest.PCRequest())
	sdktest.MustOK(t, "create", err)
	var line map[string]any
	for _, l := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var m map[string]any
		if json.Unmarshal([]byte(l), &m) == nil && m["msg"] == "call" {
			line = m
		}
	}
	if line == nil || line["tenant"] != "team-b" || line["account"] != "1000000000000002" {
		t.Fatalf("call line %v; want tenant team-b in\n%s", line, buf.String())
	}
}
