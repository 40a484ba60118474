package mock_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/ecmock/ecmock/mock"
)

// TestDurableImportAndReset: with a state directory, PUT /_ecmock/state and
// POST /_ecmock/reset are saved before they answer — a restart finds the
// imported resources, then after a reset none.
func TestDurableImportAndReset(t *testing.T) {
	dir := t.TempDir()
	start := func() *mock.Server {
		srv, err := mock.Start(mock.Options{Clock: "manual", StateDir: dir})
		if err != nil {
			t.Fatal(err)
		}
		return srv
	}
	do := func(srv *mock.Server, method, path, body string) {
		req, _ := http.NewRequest(method, srv.URL()+path, strings.NewReader(body))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("%s %s: %d", method, path, resp.StatusCode)
		}
	}
	srv := start()
	do(srv, http.MethodPut, "/_ecmock/state", `{"resources":[{"id":"pc-imported1","type":"PhysicalConnection","owner":"1000000000000001","region":"cn-hangzhou","status":"Enabled","attrs":{"Name":"kept"}}]}`)
	_ = srv.Close()

	srv = start()
	r, ok := srv.Resource("pc-imported1")
	if !ok || r.Attrs["Name"] != "kept" || r.Status != "Enabled" {
		t.Fatalf("after a restart the imported resource is %+v (found %v)", r, ok)
	}
	do(srv, http.MethodPost, "/_ecmock/reset", "")
	_ = srv.Close()

	srv = start()
	defer srv.Close()
	if _, ok := srv.Resource("pc-imported1"); ok {
		t.Fatal("after a reset and a restart the imported resource is back")
	}
}
