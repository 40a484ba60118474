package mock_test

import (
	"net/http"
	"testing"

	"github.com/ecmock/ecmock/mock"
)

// BenchmarkStart measures what every in-process test pays per server: start
// on 127.0.0.1:0, one health call, close.
func BenchmarkStart(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		srv, err := mock.Start(mock.Options{})
		if err != nil {
			b.Fatal(err)
		}
		resp, err := http.Get(srv.URL() + "/_ecmock/health")
		if err != nil {
			b.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			b.Fatalf("health: %d", resp.StatusCode)
		}
		srv.Close()
	}
}
