// Package sdktest holds the helpers that the test suites driving ecmock
// through the real Alibaba Cloud Go SDK share: clients aimed at a
// mock.Server, ExpressConnectRouter calls through a CommonRequest (that
// product has no Go SDK service package), checks of the SDK's parsed errors,
// and a credentials file for mock.Options.
//
// It is for tests only: production code must not import it.
package sdktest

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/responses"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/cbn"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"

	"github.com/ecmock/ecmock/mock"
)

// Region is the region the clients are built for.
const Region = "cn-hangzhou"

// Start starts a test server as the suites use it: Strict, on a manual
// clock, with o's other options (the fast timing profile unless o names
// another: every automatic transition takes one second).
func Start(t testing.TB, o mock.Options) *mock.Server {
	t.Helper()
	o.Clock, o.Strict = "manual", true
	return mock.StartTest(t, o)
}

// VPC returns a services/vpc client signing as account a and aimed at srv.
func VPC(t testing.TB, srv *mock.Server, a mock.Account) *vpc.Client {
	t.Helper()
	sdkEndpointMaps()
	c, err := vpc.NewClientWithAccessKey(Region, a.AccessKeyID, a.AccessKeySecret)
	if err != nil {
		t.Fatal(err)
	}
	c.Domain = srv.Endpoint()
	return c
}

// CBN returns a services/cbn client signing as account a and aimed at srv.
func CBN(t testing.TB, srv *mock.Server, a mock.Account) *cbn.Client {
	t.Helper()
	sdkEndpointMaps()
	c, err := cbn.NewClientWithAccessKey(Region, a.AccessKeyID, a.AccessKeySecret)
	if err != nil {
		t.Fatal(err)
	}
	c.Domain = srv.Endpoint()
	return c
}

// PCRequest is a CreatePhysicalConnection request (over http) that the mock
// accepts: an access point of cn-hangzhou, a line operator, a peer location.
// Tests add or change fields.
func PCRequest() *vpc.CreatePhysicalConnectionRequest {
	req := vpc.CreateCreatePhysicalConnectionRequest()
	req.Scheme = "http"
	req.AccessPointId = "ap-cn-hangzhou-yh-B"
	req.LineOperator = "CT"
	req.PeerLocation = "Hangzhou DC1"
	return req
}

// SDK returns a generic SDK client signing as account a, for CommonRequests
// (which name their own Domain: see ECRRequest).
func SDK(t testing.TB, a mock.Account) *sdk.Client {
	t.Helper()
	c, err := sdk.NewClientWithAccessKey(Region, a.AccessKeyID, a.AccessKeySecret)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Caller is any SDK client: *sdk.Client, *vpc.Client and *cbn.Client all
// process CommonRequests.
type Caller interface {
	ProcessCommonRequest(*requests.CommonRequest) (*responses.CommonResponse, error)
}

// ECRRequest builds a CommonRequest for an ExpressConnectRouter 2023-09-01
// action aimed at srv over http, with params as query parameters.
func ECRRequest(srv *mock.Server, action string, params map[string]string) *requests.CommonRequest {
	req := requests.NewCommonRequest()
	req.Product, req.Version, req.ApiName = "ExpressConnectRouter", "2023-09-01", action
	req.Domain, req.Scheme = srv.Endpoint(), "http"
	for k, v := range params {
		req.QueryParams[k] = v
	}
	return req
}

// ECRCall calls an ExpressConnectRouter action through c and decodes the
// JSON answer. An error of the SDK (an API error or a network one) is
// returned as it is, with no body.
func ECRCall(c Caller, srv *mock.Server, action string, params map[string]string) (map[string]any, error) {
	resp, err := c.ProcessCommonRequest(ECRRequest(srv, action, params))
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := json.Unmarshal(resp.GetHttpContentBytes(), &m); err != nil {
		return nil, err
	}
	return m, nil
}

// ECR returns a function calling ExpressConnectRouter actions on srv as
// account a, with ECRCall's answers.
func ECR(t testing.TB, srv *mock.Server, a mock.Account) func(action string, params map[string]string) (map[string]any, error) {
	t.Helper()
	c := SDK(t, a)
	return func(action string, params map[string]string) (map[string]any, error) {
		return ECRCall(c, srv, action, params)
	}
}

// ErrMismatch says how err differs from an SDK *sdkerrors.ServerError with
// this code and HTTP status; it is empty when err is that error.
func ErrMismatch(err error, code string, status int) string {
	var se *sdkerrors.ServerError
	if err == nil || !errors.As(err, &se) {
		return fmt.Sprintf("got %v; want %s (HTTP %d)", err, code, status)
	}
	if se.ErrorCode() != code || se.HttpStatus() != status {
		return fmt.Sprintf("got %s (HTTP %d) %q; want %s (HTTP %d)", se.ErrorCode(), se.HttpStatus(), se.Message(), code, status)
	}
	return ""
}

// WantErr fails the test at once unless err is the SDK's
// *sdkerrors.ServerError with this code and HTTP status, and returns it.
func WantErr(t testing.TB, err error, code string, status int) *sdkerrors.ServerError {
	t.Helper()
	if msg := ErrMismatch(err, code, status); msg != "" {
		t.Fatal(msg)
	}
	var se *sdkerrors.ServerError
	errors.As(err, &se)
	return se
}

// Must fails the test at once when err is not nil.
func Must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("got %v; want success", err)
	}
}

// MustOK fails the test at once when err is not nil, naming what failed.
func MustOK(t testing.TB, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: got %v; want success", what, err)
	}
}

// CredentialsFile writes a credentials file (mock.Options.CredentialsFile)
// with this YAML into the test's temporary folder and returns its path.
func CredentialsFile(t testing.TB, yaml string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "credentials.yaml")
	if err := os.WriteFile(p, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// sdkEndpointMaps fills the SDK's package-level endpoint maps once: the SDK
// (v1.63.107) fills them lazily and unguarded when a client is made, which
// races when tests make clients in parallel.
var sdkEndpointMaps = sync.OnceFunc(func() {
	vpc.GetEndpointMap()
	cbn.GetEndpointMap()
})
