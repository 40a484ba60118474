package vpc_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"

	"github.com/ecmock/ecmock/internal/sdktest"
	"github.com/ecmock/ecmock/mock"
)

// handlerTransport serves SDK requests from an in-process handler: the
// whole front door (signature check, validation, handler, rendering) runs,
// without sockets.
type handlerTransport struct{ h http.Handler }

func (t handlerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, r)
	return rec.Result(), nil
}

func benchEnv(b *testing.B) (*mock.Server, *vpc.Client, mock.Account) {
	b.Helper()
	srv, err := mock.New(mock.Options{Clock: "manual", Timing: "instant"})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = srv.Close() })
	a := srv.AccountA()
	c := sdktest.VPC(b, srv, a)
	c.Domain = "ecmock.invalid"
	c.SetTransport(handlerTransport{srv.Handler()})
	return srv, c, a
}

func reportRate(b *testing.B) {
	if s := b.Elapsed().Seconds(); s > 0 {
		b.ReportMetric(float64(b.N)/s, "req/s")
	}
}

// BenchmarkDescribePhysicalConnections: a signed DescribePhysicalConnections
// listing ten connections.
func BenchmarkDescribePhysicalConnections(b *testing.B) {
	srv, c, a := benchEnv(b)
	if err := srv.SetQuota(a.AccessKeyID, "PhysicalConnectionsNotEnabled", 100); err != nil {
		b.Fatal(err)
	}
	for i := 0; i < 10; i++ {
		if _, err := c.CreatePhysicalConnection(createReq(nil)); err != nil {
			b.Fatal(err)
		}
	}
	req := vpc.CreateDescribePhysicalConnectionsRequest()
	req.Scheme = "http"
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		resp, err := c.DescribePhysicalConnections(req)
		if err != nil || resp.TotalCount != 10 {
			b.Fatalf("got %v, %v; want ten connections", resp, err)
		}
	}
	reportRate(b)
}

// BenchmarkCreatePhysicalConnection: a signed CreatePhysicalConnection. The
// state is emptied every 500 creates (timer stopped) so the account's list
// stays short.
func BenchmarkCreatePhysicalConnection(b *testing.B) {
	srv, c, a := benchEnv(b)
	quotas := func() {
		for _, q := range []string{"PhysicalConnectionsNotEnabled", "PhysicalConnectionsPerAccessPoint"} {
			if err := srv.SetQuota(a.AccessKeyID, q, 1000); err != nil {
				b.Fatal(err)
			}
		}
	}
	quotas()
	req := createReq(nil)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i > 0 && i%500 == 0 {
			b.StopTimer()
			srv.Reset()
			quotas()
			b.StartTimer()
		}
		if _, err := c.CreatePhysicalConnection(req); err != nil {
			b.Fatal(err)
		}
	}
	reportRate(b)
}
