package server_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/ecmock/ecmock/internal/pactstate"
	"github.com/ecmock/ecmock/internal/sdktest"
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

// syncBuffer is a log destination safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// An access key ecmock does not know becomes an account of the run; with
// signatures verified it needs its secret. A failed state is logged.
func TestPactStatesUnknownAccessKey(t *testing.T) {
	var logs syncBuffer
	srv := mock.StartTest(t, mock.Options{Clock: "manual", Strict: true, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	const key, secret = "LTAInetteamCI0001", "team-secret"
	state := `"state":"an ACTIVE express connect router ecr-pact00000000000000001","action":"setup"`
	code, body := post(t, srv, "/_ecmock/pact/states", `{`+state+`,"params":{"account":"`+key+`"}}`)
	if msg, _ := body["error"].(string); code != http.StatusBadRequest || !strings.Contains(msg, "give the key's secret") || body["state"] == nil {
		t.Fatalf("unknown key without a secret: %d %v", code, body)
	}
	if l := logs.String(); !strings.Contains(l, "pact provider state failed") || !strings.Contains(l, "an ACTIVE express connect router") ||
		!strings.Contains(l, "give the key's secret") {
		t.Fatalf("the failed state is not logged:\n%s", l)
	}
	code, body = post(t, srv, "/_ecmock/pact/states", `{`+state+`,"params":{"account":"`+key+`","accountSecret":"`+secret+`"}}`)
	if code != http.StatusOK {
		t.Fatalf("unknown key with its secret: %d %v", code, body)
	}
	// The team's signed call sees the fixture; account A does not.
	out, err := sdktest.ECR(t, srv, mock.Account{AccessKeyID: key, AccessKeySecret: secret})("DescribeExpressConnectRouter", map[string]string{"EcrId": "ecr-pact00000000000000001"})
	sdktest.Must(t, err)
	if l, _ := out["EcrList"].([]any); len(l) != 1 {
		t.Fatalf("the team's account sees %v; want its ECR", out)
	}
	out, err = sdktest.ECR(t, srv, srv.AccountA())("DescribeExpressConnectRouter", map[string]string{"EcrId": "ecr-pact00000000000000001"})
	sdktest.Must(t, err)
	if l, _ := out["EcrList"].([]any); len(l) != 0 {
		t.Fatalf("account A sees the team's ECR: %v", out)
	}
	var uid string
	for _, a := range srv.Accounts() {
		if a.AccessKeyID == key {
			uid = a.UID
		}
	}
	if uid != pactstate.UIDFor(key) {
		t.Fatalf("declared UID %q; want %q", uid, pactstate.UIDFor(key))
	}
}

// With open auth an unknown key needs no secret, and the UID a state gives
// it is the one open auth derives.
func TestPactStatesUnknownAccessKeyOpenAuth(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Auth: "open", Clock: "manual", Strict: true})
	const key = "LTAInetteamCI0002"
	code, body := post(t, srv, "/_ecmock/pact/states",
		`{"state":"an ACTIVE express connect router ecr-pact00000000000000001","params":{"account":"`+key+`"},"action":"setup"}`)
	if code != http.StatusOK {
		t.Fatalf("setup: %d %v", code, body)
	}
	status, out := rpc(t, srv, "2023-09-01", "DescribeExpressConnectRouter", url.Values{"AccessKeyId": {key}, "EcrId": {"ecr-pact00000000000000001"}})
	if l, _ := out["EcrList"].([]any); status != http.StatusOK || len(l) != 1 {
		t.Fatalf("the key's call: %d %v", status, out)
	}
	found := false
	for _, a := range srv.Accounts() {
		if a.AccessKeyID == key {
			found = true
			if a.UID != pactstate.UIDFor(key) {
				t.Fatalf("open auth gave %s UID %s; pactstate.UIDFor says %s", key, a.UID, pactstate.UIDFor(key))
			}
		}
	}
	if !found {
		t.Fatalf("%s is not among the accounts %+v", key, srv.Accounts())
	}
}

func TestPactStatesBadParams(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Auth: "open"})
	code, body := post(t, srv, "/_ecmock/pact/states",
		`{"state":"an ExpressConnectRouter ecr-1 exists in status NOPE","params":{"AlibabaSideAsn":"notanumber"}}`)
	msg, _ := body["error"].(string)
	if code != http.StatusBadRequest || !strings.Contains(msg, "AlibabaSideAsn must be a whole number") || !strings.Contains(msg, "vocabulary:") {
		t.Fatalf("answered %d %v", code, body)
	}
}
