package mock_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ecmock/ecmock/mock"
)

// controlTargets are the control endpoints that take a body (or a query).
var controlTargets = []struct{ method, path string }{
	{"PUT", "/_ecmock/state"},
	{"PUT", "/_ecmock/state?force=true"},
	{"POST", "/_ecmock/faults"},
	{"POST", "/_ecmock/scenarios"},
	{"POST", "/_ecmock/clock/advance"},
	{"POST", "/_ecmock/resources/pc-fuzz/status"},
	{"POST", "/_ecmock/pact/states"},
	{"GET", "/_ecmock/journal?limit="},
}

// controlSeeds are the inputs that crashed or corrupted a server before
// they were validated, and their neighbours.
var controlSeeds = []string{
	`{"resources":[null]}`,
	`{"resources":null}`,
	`null`,
	``,
	`{"resources":[{"id":"pc-1","type":"PhysicalConnection","owner":"1","status":"Bananas"}]}`,
	`{"resources":[{"id":"pc-fuzz","type":"PhysicalConnection","owner":"1000000000000001","status":"Enabled","seq":-9223372036854775808,"reads":-1,"attrs":null}]}`,
	`{"name":"huge","match":{"action":"DescribePhysicalConnections"},"do":{"delay":{"min":"0s","max":"2562047h47m16.854775807s"}}}`,
	`{"do":{"delay":"-1s","network":"slow","chunk":-1,"pause":"9999999h"}}`,
	`{"match":{"probability":1e309,"every":-1,"limit":99999999999999999999},"do":{"error":"Throttling"}}`,
	`{"by":"2562047h"}`,
	`{"by":"-1ns"}`,
	`{"by":1e400}`,
	`{"status":"Bananas"}`,
	`{"status":"Enabled","force":true}`,
	`{"state":"an account with an ECR","action":"setup","params":null}`,
	`name: s
faults: [{do: {delay: 2562047h}}]
fixtures: [{type: PhysicalConnection, id: pc-x, status: Bananas}, null]
accounts: [null, {uid: "", accessKeyId: ""}]`,
	`{"timing":{"transitions":[{"type":"PhysicalConnection","from":"Initial","to":"Initial","after":"-5s"}]}}`,
	`-1`,
	`99999999999999999999`,
	"\x00\xff{",
}

// FuzzControlBodies sends arbitrary bodies to every control endpoint that
// takes one and holds it to its promise: a JSON answer, never a 5xx or an
// empty reply. `go test -fuzz FuzzControlBodies ./mock` explores further.
func FuzzControlBodies(f *testing.F) {
	for i := range controlTargets {
		for _, s := range controlSeeds {
			f.Add(uint8(i), s)
		}
	}
	srv, err := mock.New(mock.Options{Auth: "open", Clock: "manual", Timing: "instant"})
	if err != nil {
		f.Fatal(err)
	}
	h := srv.Handler()
	n := 0
	f.Fuzz(func(t *testing.T, target uint8, body string) {
		if n++; n%500 == 0 {
			srv.Reset() // keep the server small over a long run
		}
		tg := controlTargets[int(target)%len(controlTargets)]
		path := tg.path
		if strings.HasSuffix(path, "=") {
			path += urlQueryEscape(body)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(tg.method, path, strings.NewReader(body)))
		if w.Code >= 500 || w.Body.Len() == 0 {
			t.Fatalf("%s %s %q: got %d %q; want a 2xx-4xx JSON answer", tg.method, tg.path, body, w.Code, w.Body.String())
		}
		if !json.Valid(w.Body.Bytes()) {
			t.Fatalf("%s %s %q: non-JSON answer %d %q", tg.method, tg.path, body, w.Code, w.Body.String())
		}
	})
}

// FuzzStateImport imports arbitrary state documents and, when one is
// accepted, checks that the server still serves and exports it.
func FuzzStateImport(f *testing.F) {
	for _, s := range controlSeeds {
		f.Add(s)
	}
	f.Add(`{"time":"2026-01-01T00:00:00Z","resources":[{"id":"vbr-1","type":"VirtualBorderRouter","owner":"1000000000000001","region":"cn-hangzhou","status":"active","attrs":{"VlanId":"x"}}]}`)
	f.Add(`{"resources":[{"id":"ecr-1","type":"ExpressConnectRouter","owner":"1000000000000001","status":"ACTIVE","attrs":{"AlibabaSideAsn":[1,2]}}]}`)
	srv, err := mock.New(mock.Options{Auth: "open", Clock: "manual", Timing: "instant"})
	if err != nil {
		f.Fatal(err)
	}
	h := srv.Handler()
	f.Fuzz(func(t *testing.T, body string) {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodPut, "/_ecmock/state", strings.NewReader(body)))
		if w.Code != 200 && w.Code != 400 || !json.Valid(w.Body.Bytes()) {
			t.Fatalf("PUT state %q: got %d %q; want 200 or 400 with JSON", body, w.Code, w.Body.String())
		}
		if w.Code != 200 {
			return
		}
		for _, q := range []string{
			"/?Action=DescribePhysicalConnections&Version=2016-04-28&RegionId=cn-hangzhou&AccessKeyId=LTAIecmockAccountA",
			"/?Action=DescribeVirtualBorderRouters&Version=2016-04-28&RegionId=cn-hangzhou&AccessKeyId=LTAIecmockAccountA",
			"/?Action=DescribeExpressConnectRouter&Version=2023-09-01&RegionId=cn-hangzhou&AccessKeyId=LTAIecmockAccountA",
			"/_ecmock/state",
		} {
			w := httptest.NewRecorder()
			h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, q, nil))
			if w.Code >= 500 {
				t.Fatalf("after importing %q, GET %s: %d %q", body, q, w.Code, w.Body.String())
			}
		}
	})
}

func urlQueryEscape(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' {
			b.WriteByte(c)
		} else {
			b.WriteString("%" + strings.ToUpper(string("0123456789abcdef"[c>>4])+string("0123456789abcdef"[c&15])))
		}
	}
	return b.String()
}
