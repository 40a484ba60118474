package server_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ecmock/ecmock/mock"
)

// post sends a JSON body to a control path and decodes the answer.
func post(t *testing.T, srv *mock.Server, path, body string) (int, map[string]any) {
	t.Helper()
	resp, err := http.Post(srv.URL()+path, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatalf("POST %s answered %d %q: not a JSON object", path, resp.StatusCode, b)
	}
	return resp.StatusCode, out
}

// rpc calls an action without a signature (open auth, first account).
func rpc(t *testing.T, srv *mock.Server, version, action string, params url.Values) (int, map[string]any) {
	t.Helper()
	if params == nil {
		params = url.Values{}
	}
	params.Set("Action", action)
	params.Set("Version", version)
	params.Set("Format", "JSON")
	params.Set("RegionId", "cn-hangzhou")
	resp, err := http.Post(srv.URL()+"/?"+params.Encode(), "application/x-www-form-urlencoded", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, out
}

func TestPactStatesSetupAndTeardown(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Auth: "open", Clock: "manual", Strict: true})
	code, vals := post(t, srv, "/_ecmock/pact/states",
		`{"state":"an ACTIVE express connect router ecr-pact00000000000000001","params":{"Name":"edge"},"action":"setup"}`)
	if code != http.StatusOK || vals["id"] != "ecr-pact00000000000000001" || vals["Name"] != "edge" {
		t.Fatalf("setup answered %d %v; want 200 with the state's values", code, vals)
	}
	status, body := rpc(t, srv, "2023-09-01", "DescribeExpressConnectRouter", url.Values{"EcrId": {"ecr-pact00000000000000001"}})
	list, _ := body["EcrList"].([]any)
	if status != 200 || len(list) != 1 {
		t.Fatalf("DescribeExpressConnectRouter answered %d %v; want the fixture", status, body)
	}
	if ecr := list[0].(map[string]any); ecr["Status"] != "ACTIVE" || ecr["Name"] != "edge" {
		t.Fatalf("got %v; want an ACTIVE ECR named edge", ecr)
	}
	// A second state of the same interaction adds a fault rule.
	code, _ = post(t, srv, "/_ecmock/pact/states",
		`{"state":"action DeleteExpressConnectRouter fails with Conflict.Lock","action":"setup"}`)
	if code != http.StatusOK {
		t.Fatalf("second setup answered %d", code)
	}
	status, body = rpc(t, srv, "2023-09-01", "DeleteExpressConnectRouter", url.Values{"EcrId": {"ecr-pact00000000000000001"}})
	if status != 400 || body["Code"] != "Conflict.Lock" {
		t.Fatalf("DeleteExpressConnectRouter answered %d %v; want 400 Conflict.Lock", status, body)
	}
	code, _ = post(t, srv, "/_ecmock/pact/states", `{"state":"an ACTIVE express connect router ecr-pact00000000000000001","action":"teardown"}`)
	if code != http.StatusOK {
		t.Fatalf("teardown answered %d", code)
	}
	if _, ok := srv.Resource("ecr-pact00000000000000001"); ok {
		t.Fatal("the fixture survived the teardown")
	}
	if n := len(srv.Faults()); n != 0 {
		t.Fatalf("%d fault rules survived the teardown", n)
	}
}

func TestPactStatesWithoutTeardownStartEachInteractionAfresh(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Auth: "open", Clock: "manual"})
	setup := func(state string) {
		t.Helper()
		if code, body := post(t, srv, "/_ecmock/pact/states", `{"state":"`+state+`"}`); code != 200 {
			t.Fatalf("%q answered %d %v", state, code, body)
		}
	}
	setup("an Enabled physical connection pc-pact000000000000000001")
	rpc(t, srv, "2016-04-28", "DescribePhysicalConnections", nil)
	// The next interaction's state names the same fixture: without the
	// reset this would clash.
	setup("an Enabled physical connection pc-pact000000000000000001")
	setup("account quota PhysicalConnectionsNotEnabled is 0")
	status, body := rpc(t, srv, "2016-04-28", "CreatePhysicalConnection", url.Values{"AccessPointId": {"ap-cn-hangzhou-yh-B"},
		"LineOperator": {"CT"}, "PeerLocation": {"x"}})
	if status != 400 || body["Code"] != "QuotaExceeded.freePconnPerAP" {
		t.Fatalf("CreatePhysicalConnection answered %d %v; want QuotaExceeded.freePconnPerAP", status, body)
	}
	if n := len(srv.Journal("DescribePhysicalConnections")); n != 0 {
		t.Fatalf("the journal still holds %d calls of the previous interaction", n)
	}
}

func TestPactStatesParamsAtTheRoot(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Auth: "open"})
	code, vals := post(t, srv, "/_ecmock/pact/states",
		`{"state":"a VBR exists","id":"vbr-pact00000000000000001","status":"unconfirmed","action":"setup"}`)
	if code != 200 || vals["id"] != "vbr-pact00000000000000001" {
		t.Fatalf("answered %d %v", code, vals)
	}
	if r, ok := srv.Resource("vbr-pact00000000000000001"); !ok || r.Status != "unconfirmed" {
		t.Fatalf("got %+v, %v; want the unconfirmed VBR fixture", r, ok)
	}
}

func TestPactStatesAsQuery(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Auth: "open"})
	q := url.Values{"state": {"a TransitRouter exists"}, "action": {"setup"}, "id": {"tr-pact0000000000000000001"}}
	resp, err := http.Post(srv.URL()+"/_ecmock/pact/states?"+q.Encode(), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("answered %d", resp.StatusCode)
	}
	if r, ok := srv.Resource("tr-pact0000000000000000001"); !ok || r.Type != "TransitRouter" {
		t.Fatalf("got %+v, %v; want the transit router fixture", r, ok)
	}
}

func TestPactStatesErrors(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Auth: "open"})
	tests := []struct{ body, want string }{
		{`{"state":"the moon is made of cheese"}`, "unknown provider state"},
		{`{"state":"action CreateExpressConnectRouter fails with NoSuchCode"}`, "NoSuchCode"},
		{`{"params":{}}`, "state is required"},
		{`not json`, "provider-state change"},
		{`{"state":"no resources exist","action":"explode"}`, "setup or teardown"},
	}
	for _, tt := range tests {
		code, body := post(t, srv, "/_ecmock/pact/states", tt.body)
		msg, _ := body["error"].(string)
		if code != http.StatusBadRequest || !strings.Contains(msg, tt.want) {
			t.Errorf("%s: answered %d %v; want 400 with %q", tt.body, code, body, tt.want)
		}
	}
}
