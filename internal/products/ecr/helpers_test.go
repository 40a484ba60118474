package ecr_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"

	"github.com/ecmock/ecmock/internal/sdktest"
	"github.com/ecmock/ecmock/internal/store"
	"github.com/ecmock/ecmock/mock"
)

// ecrAPI calls ExpressConnectRouter 2023-09-01 through the real SDK's
// CommonRequest, as one account.
type ecrAPI struct {
	t   *testing.T
	srv *mock.Server
	c   *sdk.Client
	uid string
}

func newAPI(t *testing.T, srv *mock.Server, a mock.Account) *ecrAPI {
	t.Helper()
	return &ecrAPI{t: t, srv: srv, c: sdktest.SDK(t, a), uid: a.UID}
}

// answer is one response: HTTP status, decoded body and the SDK's error.
type answer struct {
	status int
	body   map[string]any
	err    error
}

func (e *ecrAPI) call(action string, params map[string]string) answer {
	e.t.Helper()
	req := sdktest.ECRRequest(e.srv, action, params)
	req.Method = "POST"
	resp, err := e.c.ProcessCommonRequest(req)
	var se *sdkerrors.ServerError
	if err != nil && !errors.As(err, &se) {
		e.t.Fatalf("%s: transport error %v", action, err)
	}
	a := answer{status: resp.GetHttpStatus(), err: err}
	dec := json.NewDecoder(bytes.NewReader(resp.GetHttpContentBytes()))
	dec.UseNumber()
	if err := dec.Decode(&a.body); err != nil {
		e.t.Fatalf("%s: body %q is not JSON: %v", action, resp.GetHttpContentString(), err)
	}
	return a
}

// ok calls an action that must succeed and checks the ECR success envelope.
func (e *ecrAPI) ok(action string, params map[string]string) map[string]any {
	e.t.Helper()
	a := e.call(action, params)
	if a.err != nil || a.status != 200 {
		e.t.Fatalf("%s(%v): got %d %v; want 200", action, params, a.status, a.err)
	}
	b := a.body
	if b["Success"] != true || b["Code"] != "200" || b["Message"] != "OK" || fmt.Sprint(b["HttpStatusCode"]) != "200" || b["RequestId"] == "" {
		e.t.Fatalf("%s: got envelope %v; want Success true, Code 200, Message OK, HttpStatusCode 200, a RequestId", action, b)
	}
	return b
}

// fail calls an action that must fail with code and HTTP status, and checks
// the ECR error envelope. It returns the body.
func (e *ecrAPI) fail(action string, params map[string]string, code string, status int) map[string]any {
	e.t.Helper()
	a := e.call(action, params)
	var se *sdkerrors.ServerError
	if !errors.As(a.err, &se) {
		e.t.Fatalf("%s(%v): got success %v; want %s %d", action, params, a.body, code, status)
	}
	b := a.body
	if a.status != status || se.HttpStatus() != status || se.ErrorCode() != code || b["Code"] != code {
		e.t.Fatalf("%s(%v): got %d %s (%v); want %s %d", action, params, a.status, se.ErrorCode(), b["Message"], code, status)
	}
	if b["Success"] != false || fmt.Sprint(b["HttpStatusCode"]) != fmt.Sprint(status) || b["DynamicCode"] != code ||
		b["DynamicMessage"] != b["Message"] || b["Message"] == "" || b["RequestId"] == "" || b["HostId"] == nil {
		e.t.Fatalf("%s: got error envelope %v; want Success false, HttpStatusCode %d, DynamicCode %s, DynamicMessage = Message", action, b, status, code)
	}
	if _, ok := b["AccessDeniedDetail"]; !ok {
		e.t.Fatalf("%s: error envelope %v lacks AccessDeniedDetail", action, b)
	}
	return b
}

// createECR creates an ECR with an ASN and returns its ID.
func (e *ecrAPI) createECR(asn string, extra map[string]string) string {
	e.t.Helper()
	p := map[string]string{"AlibabaSideAsn": asn}
	for k, v := range extra {
		p[k] = v
	}
	id, _ := e.ok("CreateExpressConnectRouter", p)["EcrId"].(string)
	if len(id) != len("ecr-")+20 || id[:4] != "ecr-" {
		e.t.Fatalf("got EcrId %q; want ecr- and 20 base-36 characters", id)
	}
	return id
}

// describeECR returns the EcrList entry of one ECR (nil when not listed).
func (e *ecrAPI) describeECR(id string) map[string]any {
	e.t.Helper()
	l := list(e.ok("DescribeExpressConnectRouter", map[string]string{"EcrId": id}), "EcrList")
	if len(l) == 0 {
		return nil
	}
	return l[0]
}

// associations lists an ECR's associations.
func (e *ecrAPI) associations(ecrID string) []map[string]any {
	e.t.Helper()
	return list(e.ok("DescribeExpressConnectRouterAssociation", map[string]string{"EcrId": ecrID}), "AssociationList")
}

func list(body map[string]any, key string) []map[string]any {
	var out []map[string]any
	l, _ := body[key].([]any)
	for _, v := range l {
		m, _ := v.(map[string]any)
		out = append(out, m)
	}
	return out
}

// addResource puts a resource of another product (a transit router, an
// attachment, a VBR) into the server's store, as a scenario fixture would.
func addResource(srv *mock.Server, r *store.Resource) {
	srv.Core().WithStore(func(st *store.Store) { st.Add(r) })
}
