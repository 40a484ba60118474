package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ecmock/ecmock/internal/store"
)

func TestSpoolMovesToATemporaryFile(t *testing.T) {
	defer func(n int) { spoolMemory = n }(spoolMemory)
	spoolMemory = 10
	for _, tc := range []struct {
		name   string
		tmp    string // TMPDIR
		toFile bool
	}{
		{"temporary file", t.TempDir(), true},
		{"no temporary directory: kept in memory", "/nonexistent/ecmock", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("TMPDIR", tc.tmp)
			var s spool
			defer s.Close()
			want := strings.Repeat("0123456789", 5) + "tail"
			for i := 0; i < len(want); i += 7 {
				s.Write([]byte(want[i:min(i+7, len(want))]))
			}
			if (s.f != nil) != tc.toFile {
				t.Fatalf("got file %v; want a file %v", s.f != nil, tc.toFile)
			}
			if s.mem.Len() > 10 && tc.toFile {
				t.Fatalf("got %d bytes in memory; want at most 10 once spilled", s.mem.Len())
			}
			var got bytes.Buffer
			if _, err := s.WriteTo(&got); err != nil {
				t.Fatal(err)
			}
			if got.String() != want || s.Len() != int64(len(want)) {
				t.Fatalf("got %q (%d); want %q", got.String(), s.Len(), want)
			}
		})
	}
}

// An export larger than the spool's memory streams from its temporary file,
// complete (shared attributes included), and imports back to the same
// document.
func TestStateExportThroughATemporaryFile(t *testing.T) {
	defer func(n int) { spoolMemory = n }(spoolMemory)
	spoolMemory = 1 << 10
	t.Setenv("TMPDIR", t.TempDir())
	s, err := New(Options{Auth: "open", Clock: "manual"})
	if err != nil {
		t.Fatal(err)
	}
	var sc strings.Builder
	sc.WriteString("name: export\nfixtures:\n")
	for i := 0; i < 200; i++ {
		fmt.Fprintf(&sc, "  - {type: PhysicalConnection, id: pc-ex%03d, status: Enabled}\n", i)
	}
	if _, err := s.ApplyScenarioText([]byte(sc.String()), "export.yml"); err != nil {
		t.Fatal(err)
	}
	get := func() []byte {
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/_ecmock/state", nil))
		if rec.Code != 200 || rec.Header().Get("Content-Length") != strconv.Itoa(rec.Body.Len()) {
			t.Fatalf("GET: %d, Content-Length %s for %d bytes", rec.Code, rec.Header().Get("Content-Length"), rec.Body.Len())
		}
		return rec.Body.Bytes()
	}
	doc := get()
	if len(doc) <= spoolMemory || bytes.Count(doc, []byte(`"LineOperator":"CT"`)) != 200 {
		t.Fatalf("got %d bytes, %d connections with their shared LineOperator; want more than %d bytes and 200", len(doc),
			bytes.Count(doc, []byte(`"LineOperator":"CT"`)), spoolMemory)
	}
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodPut, "/_ecmock/state", bytes.NewReader(doc)))
	if rec.Code != 200 {
		t.Fatalf("PUT: %d %s", rec.Code, rec.Body.String())
	}
	if again := get(); !bytes.Equal(again, doc) {
		t.Fatalf("the re-imported state exports differently (%d bytes, was %d)", len(again), len(doc))
	}
}

// appendResource writes what encoding/json writes for a resource (read
// back, the two are equal), shared attributes included.
func TestAppendResourceIsTheJSONForm(t *testing.T) {
	at := time.Date(2026, 11, 30, 4, 5, 6, 789, time.UTC)
	r := &store.Resource{ID: "pc-1", Type: "PhysicalConnection", Owner: "1", Region: "cn-hangzhou", Status: "Enabled",
		Since: at, Reads: 3, CreatedBy: "fixture", Created: at.Add(-time.Hour), Seq: 7,
		Attrs: map[string]any{"Name": "a \"quoted\" <name> ü\n", "Bandwidth": int64(50), "Tags": map[string]any{"k": "v"},
			"List": []any{"x", int64(1), true, nil}, "Flag": false}}
	r.SetShared(map[string]any{"LineOperator": "CT", "Name": "shadowed"})
	for _, res := range []*store.Resource{r, {ID: "x-2", Type: "T", Owner: "2", Attrs: map[string]any{}}} {
		got, err := appendResource(nil, res)
		if err != nil {
			t.Fatal(err)
		}
		want, err := json.Marshal(res)
		if err != nil {
			t.Fatal(err)
		}
		var g, w any
		if err := json.Unmarshal(got, &g); err != nil {
			t.Fatalf("%s: not JSON: %v", got, err)
		}
		_ = json.Unmarshal(want, &w)
		if !reflect.DeepEqual(g, w) {
			t.Errorf("got %s\nwant %s", got, want)
		}
	}
}

// Strings that need escaping render as encoding/json renders them (HTML
// characters as they are), a literal \u003c included; the export of such a
// value imports back.
func TestEscapedStringsStayValidJSON(t *testing.T) {
	for _, s := range []string{`C:\u003cx`, `a\u0026b\u003e`, "<tag> & \"q\" \\ \n ü \x01"} {
		got := appendJSONString(nil, s)
		var back string
		if err := json.Unmarshal(got, &back); err != nil || back != s {
			t.Errorf("%q rendered %s: %v, read back %q", s, got, err, back)
		}
		if bytes.Contains(got, []byte(`\u003c`)) && !bytes.Contains([]byte(s), []byte(`\u003c`)) {
			t.Errorf("%q rendered %s: HTML escaped", s, got)
		}
	}
	r := &store.Resource{ID: "pc-1", Type: "T", Owner: "1",
		Attrs: map[string]any{"Description": `C:\u003cx`, "Nil": []any(nil), "NilMap": map[string]any(nil)}}
	b, err := appendResource(nil, r)
	if err != nil {
		t.Fatal(err)
	}
	var back store.Resource
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	if back.Attrs["Description"] != `C:\u003cx` || back.Attrs["Nil"] != nil || !bytes.Contains(b, []byte(`"Nil":null`)) {
		t.Fatalf("got %s; want the description as it was and null for nil values", b)
	}
}
