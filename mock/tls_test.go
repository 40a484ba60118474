package mock_test

import (
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"

	"github.com/ecmock/ecmock/internal/sdktest"
	"github.com/ecmock/ecmock/mock"
)

// TestTLSWithOfficialSDKAndCustomCA: the official Go SDK with Scheme https
// and the CA ecmock wrote works unchanged; without the CA it refuses.
func TestTLSWithOfficialSDKAndCustomCA(t *testing.T) {
	dir := t.TempDir()
	srv := mock.StartTest(t, mock.Options{Clock: "manual", TLSSelfSignedDir: dir})
	if !strings.HasPrefix(srv.URL(), "https://") {
		t.Fatalf("URL %s; want https", srv.URL())
	}
	pem, err := os.ReadFile(filepath.Join(dir, mock.CAFile))
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		t.Fatal("ca.pem holds no certificate")
	}
	c := sdktest.VPC(t, srv, srv.AccountA())
	c.SetTransport(&http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}})
	req := vpc.CreateDescribePhysicalConnectionsRequest()
	req.Scheme = "https"
	if _, err := c.DescribePhysicalConnections(req); err != nil {
		t.Fatalf("SDK over https with the CA: %v", err)
	}
	plain := sdktest.VPC(t, srv, srv.AccountA())
	if _, err := plain.DescribePhysicalConnections(req); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("SDK without the CA: %v; want a certificate error", err)
	}
	// The files serve as --tls-cert/--tls-key too; a second start reuses them.
	before, _ := os.ReadFile(filepath.Join(dir, mock.ServerCert))
	srv2 := mock.StartTest(t, mock.Options{Clock: "manual", TLSCertFile: filepath.Join(dir, mock.ServerCert), TLSKeyFile: filepath.Join(dir, mock.ServerKeyFile)})
	c2 := sdktest.VPC(t, srv2, srv2.AccountA())
	c2.SetTransport(&http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}})
	if _, err := c2.DescribePhysicalConnections(req); err != nil {
		t.Fatalf("--tls-cert/--tls-key: %v", err)
	}
	if err := mock.SelfSignedTLS(dir, "127.0.0.1"); err != nil {
		t.Fatal(err)
	}
	if after, _ := os.ReadFile(filepath.Join(dir, mock.ServerCert)); string(after) != string(before) {
		t.Fatal("a usable certificate was replaced")
	}
	if _, err := mock.New(mock.Options{TLSCertFile: "x.pem"}); err == nil {
		t.Fatal("--tls-cert without --tls-key accepted")
	}
}
