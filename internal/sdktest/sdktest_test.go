package sdktest_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"

	"github.com/ecmock/ecmock/internal/sdktest"
	"github.com/ecmock/ecmock/mock"
)

// fakeTB records a fatal failure instead of ending the test.
type fakeTB struct {
	testing.TB
	fatal string
}

func (f *fakeTB) Helper()                           {}
func (f *fakeTB) Fatal(args ...any)                 { f.fatal = fmt.Sprint(args...) }
func (f *fakeTB) Fatalf(format string, args ...any) { f.fatal = fmt.Sprintf(format, args...) }

func TestClientsAndErrors(t *testing.T) {
	srv := sdktest.Start(t, mock.Options{})
	c := sdktest.VPC(t, srv, srv.AccountA())
	resp, err := c.CreatePhysicalConnection(sdktest.PCRequest())
	sdktest.MustOK(t, "CreatePhysicalConnection", err)
	if !strings.HasPrefix(resp.PhysicalConnectionId, "pc-") {
		t.Fatalf("got ID %q; want pc-...", resp.PhysicalConnectionId)
	}

	req := vpc.CreateCancelPhysicalConnectionRequest()
	req.Scheme, req.PhysicalConnectionId = "http", "pc-nosuchconnection00"
	_, err = c.CancelPhysicalConnection(req)
	if msg := sdktest.ErrMismatch(err, "InvalidPhysicalConnectionId.NotFound", 404); msg != "" {
		t.Fatal(msg)
	}
	if se := sdktest.WantErr(t, err, "InvalidPhysicalConnectionId.NotFound", 404); se == nil {
		t.Fatal("WantErr returned no ServerError")
	}
	for _, tc := range []struct {
		err    error
		code   string
		status int
	}{
		{nil, "X", 400},
		{errors.New("network"), "InvalidPhysicalConnectionId.NotFound", 400},
		{err, "Other", 400},
		{err, "InvalidPhysicalConnectionId.NotFound", 400},
	} {
		f := &fakeTB{TB: t}
		sdktest.WantErr(f, tc.err, tc.code, tc.status)
		if f.fatal == "" || sdktest.ErrMismatch(tc.err, tc.code, tc.status) == "" {
			t.Errorf("WantErr(%v, %s, %d) passed; want a failure", tc.err, tc.code, tc.status)
		}
	}
	f := &fakeTB{TB: t}
	sdktest.Must(f, errors.New("boom"))
	if f.fatal == "" {
		t.Error("Must(error) passed; want a failure")
	}
}

func TestECR(t *testing.T) {
	srv := sdktest.Start(t, mock.Options{})
	call := sdktest.ECR(t, srv, srv.AccountA())
	m, err := call("CreateExpressConnectRouter", map[string]string{"AlibabaSideAsn": "45104"})
	sdktest.Must(t, err)
	id, _ := m["EcrId"].(string)
	if !strings.HasPrefix(id, "ecr-") {
		t.Fatalf("got %v; want an EcrId", m)
	}
	_, err = sdktest.ECRCall(sdktest.CBN(t, srv, srv.AccountB()), srv, "DeleteExpressConnectRouter", map[string]string{"EcrId": id})
	sdktest.WantErr(t, err, "ResourceNotFound.EcrId", 404)
}
