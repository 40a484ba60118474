package pactstate

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

func TestEveryExampleParsesToItsOwnPattern(t *testing.T) {
	for _, d := range Vocabulary() {
		plan, err := Parse(d.Example, d.Params, Options{Account: "LTAIecmockAccountA"})
		if err != nil {
			t.Errorf("%q: %v", d.Example, err)
			continue
		}
		if plan.Def.Pattern != d.Pattern {
			t.Errorf("%q matched %q; want %q", d.Example, plan.Def.Pattern, d.Pattern)
		}
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		state  string
		params map[string]any
		want   string // the scenario as JSON
	}{
		{"a PhysicalConnection pc-pact000000000000000001 exists in status Allocation Failed", nil,
			`{"description":"Pact provider state: a PhysicalConnection pc-pact000000000000000001 exists in status Allocation Failed","fixtures":[{"type":"PhysicalConnection","id":"pc-pact000000000000000001","account":"KEY","region":"cn-hangzhou","status":"Allocation Failed"}],"name":"pact-state"}`},
		{"a transit router ecr attachment exists", map[string]any{"id": "tr-attach-x", "EcrId": "ecr-1", "region": "cn-shanghai", "status": "Attaching"},
			`{"description":"Pact provider state: a transit router ecr attachment exists","fixtures":[{"type":"TransitRouterEcrAttachment","id":"tr-attach-x","account":"KEY","region":"cn-shanghai","status":"Attaching","attrs":{"EcrId":"ecr-1"}}],"name":"pact-state"}`},
		{"a resource vbr-pact1 exists", nil,
			`{"description":"Pact provider state: a resource vbr-pact1 exists","fixtures":[{"type":"VirtualBorderRouter","id":"vbr-pact1","account":"KEY","region":"cn-hangzhou"}],"name":"pact-state"}`},
		{"action CreateExpressConnectRouter fails with Conflict.Lock for the next 2 calls", nil,
			`{"description":"Pact provider state: action CreateExpressConnectRouter fails with Conflict.Lock for the next 2 calls","faults":[{"description":"provider state: action CreateExpressConnectRouter fails with Conflict.Lock for the next 2 calls","do":{"error":"Conflict.Lock"},"match":{"action":"CreateExpressConnectRouter"},"name":"NAME","when":{"calls":"1-2"}}],"name":"pact-state"}`},
		{"action CreatePhysicalConnection fails with Boom", map[string]any{"force": true, "status": float64(502), "message": "bad gateway", "account": "LTAIother"},
			`{"description":"Pact provider state: action CreatePhysicalConnection fails with Boom","faults":[{"description":"provider state: action CreatePhysicalConnection fails with Boom","do":{"error":"Boom","force":true,"message":"bad gateway","status":502},"match":{"account":"LTAIother","action":"CreatePhysicalConnection"},"name":"NAME"}],"name":"pact-state"}`},
		{"account quota EcrCountPerUser is 0", nil,
			`{"accounts":[{"accessKeyId":"KEY","quotas":{"EcrCountPerUser":0}}],"description":"Pact provider state: account quota EcrCountPerUser is 0","name":"pact-state"}`},
		{"the account has no physical connection quota left", map[string]any{"account": "1000000000000002"},
			`{"accounts":[{"quotas":{"PhysicalConnectionsNotEnabled":0},"uid":"1000000000000002"}],"description":"Pact provider state: the account has no physical connection quota left","name":"pact-state"}`},
		{"transit router ECR attachments stay Attaching for 3 reads", nil,
			`{"description":"Pact provider state: transit router ECR attachments stay Attaching for 3 reads","faults":[{"description":"provider state: transit router ECR attachments stay Attaching for 3 reads","lifecycle":{"from":"Attaching","reads":3,"type":"TransitRouterEcrAttachment"},"name":"NAME"}],"name":"pact-state"}`},
		{"PhysicalConnection pc-1 stays Allocating", nil,
			`{"description":"Pact provider state: PhysicalConnection pc-1 stays Allocating","faults":[{"description":"provider state: PhysicalConnection pc-1 stays Allocating","lifecycle":{"from":"Allocating","never":true,"type":"PhysicalConnection"},"match":{"resource":"pc-1"},"name":"NAME"}],"fixtures":[{"type":"PhysicalConnection","id":"pc-1","account":"KEY","region":"cn-hangzhou","status":"Allocating"}],"name":"pact-state"}`},
		{"an active VBR vbr-1 on physical connection pc-1", map[string]any{"VlanId": float64(10)},
			`{"description":"Pact provider state: an active VBR vbr-1 on physical connection pc-1","fixtures":[{"type":"PhysicalConnection","id":"pc-1","account":"KEY","region":"cn-hangzhou","status":"Enabled"},{"type":"VirtualBorderRouter","id":"vbr-1","account":"KEY","region":"cn-hangzhou","status":"active","attrs":{"PhysicalConnectionId":"pc-1","VlanId":10}}],"name":"pact-state"}`},
		{"the account is not whitelisted for ECR", nil,
			`{"accounts":[{"accessKeyId":"KEY","whitelisted":false}],"description":"Pact provider state: the account is not whitelisted for ECR","name":"pact-state"}`},
		{"timing is Instant", nil,
			`{"description":"Pact provider state: timing is Instant","name":"pact-state","timing":"instant"}`},
	}
	for _, tt := range tests {
		plan, err := Parse(tt.state, tt.params, Options{Account: "KEY"})
		if err != nil {
			t.Errorf("%q: %v", tt.state, err)
			continue
		}
		sc := plan.Scenario(nil)
		for _, f := range plan.Faults {
			if !strings.HasPrefix(f["name"].(string), "pact-") {
				t.Errorf("%q: rule name %q; want pact-...", tt.state, f["name"])
			}
			f["name"] = "NAME"
		}
		got, _ := json.Marshal(sc)
		if string(got) != tt.want {
			t.Errorf("%q:\n got %s\nwant %s", tt.state, got, tt.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ state, want string }{
		{"the moon is made of cheese", "unknown provider state"},
		{"a spaceship ss-1 exists", `unknown resource type "spaceship"`},
		{"a resource xx-1 exists", `cannot tell the type of "xx-1"`},
		{"the account has no unicorn quota left", `no quota known for "unicorn"`},
	}
	for _, tt := range tests {
		_, err := Parse(tt.state, nil, Options{})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: got %v; want an error containing %q", tt.state, err, tt.want)
		}
	}
	_, err := Parse("nonsense", nil, Options{})
	if !strings.Contains(err.Error(), "an? {type} {id} exists in status {status}") {
		t.Errorf("the unknown-state error does not list the vocabulary: %v", err)
	}
}

func TestLockedState(t *testing.T) {
	plan, err := Parse("express connect router ecr-abc is locked by an operation in progress", nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Fixtures) != 2 || plan.Fixtures[0].ID != "ecr-abc" || plan.Fixtures[1].ID != "ecr-assoc-abc" ||
		plan.Fixtures[1].Status != "CREATING" || plan.Fixtures[1].Attrs["EcrId"] != "ecr-abc" {
		t.Fatalf("fixtures %+v; want ecr-abc and a CREATING association of it", plan.Fixtures)
	}
	lc := plan.Faults[0]["lifecycle"].(map[string]any)
	if lc["never"] != true || lc["from"] != "CREATING" || plan.Faults[0]["match"].(map[string]any)["resource"] != "ecr-assoc-abc" {
		t.Fatalf("rule %v; want the association never leaving CREATING", plan.Faults[0])
	}
}

// fakeControl records control calls and serves a canned state and journal.
type fakeControl struct {
	calls     []string
	bodies    []any
	resources []map[string]string
	total     int64
}

func (f *fakeControl) Do(method, path string, body, out any) error {
	f.calls = append(f.calls, method+" "+path)
	f.bodies = append(f.bodies, body)
	var answer any = map[string]any{}
	switch path {
	case "/_ecmock/state":
		answer = map[string]any{"resources": f.resources}
	case "/_ecmock/journal?limit=1":
		answer = map[string]any{"total": f.total}
	case "/_ecmock/reset":
		f.total, f.resources = 0, nil
	}
	if out != nil {
		b, _ := json.Marshal(answer)
		return json.Unmarshal(b, out)
	}
	return nil
}

func TestApplySkipsFixturesThatExist(t *testing.T) {
	f := &fakeControl{resources: []map[string]string{{"id": "cen-1", "type": "Cen"}}}
	vals, err := Apply(f, Options{}, Request{State: "an Active transit router tr-1 in CEN cen-1", Action: "setup"})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"GET /_ecmock/state", "POST /_ecmock/scenarios"}; !reflect.DeepEqual(f.calls, want) {
		t.Fatalf("calls %v; want %v", f.calls, want)
	}
	fx := f.bodies[1].(map[string]any)["fixtures"].([]Fixture)
	if len(fx) != 1 || fx[0].ID != "tr-1" || fx[0].Attrs["CenId"] != "cen-1" {
		t.Fatalf("fixtures %+v; want only tr-1 in cen-1", fx)
	}
	if vals["id"] != "tr-1" || vals["cen"] != "cen-1" {
		t.Fatalf("values %v; want id tr-1 and cen cen-1", vals)
	}
	f.resources = []map[string]string{{"id": "tr-1", "type": "Cen"}}
	if _, err := Apply(f, Options{}, Request{State: "a TransitRouter tr-1 exists"}); err == nil ||
		!strings.Contains(err.Error(), "tr-1 already exists as a Cen") {
		t.Fatalf("got %v; want a type clash error", err)
	}
}

func TestApplyTeardownResets(t *testing.T) {
	f := &fakeControl{}
	if _, err := Apply(f, Options{}, Request{State: "no resources exist", Action: "teardown"}); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(f.calls, []string{"POST /_ecmock/reset"}) {
		t.Fatalf("calls %v; want a reset", f.calls)
	}
	if _, err := Apply(f, Options{}, Request{State: "x", Action: "destroy"}); err == nil {
		t.Fatal("an unknown action was accepted")
	}
}

func TestEngineResetsBetweenInteractionsWithoutTeardown(t *testing.T) {
	f := &fakeControl{}
	e := NewEngine(f, Options{})
	setup := func(state string) {
		t.Helper()
		if _, err := e.Handle(Request{State: state, Action: "setup"}); err != nil {
			t.Fatal(err)
		}
	}
	resets := func() int {
		n := 0
		for _, c := range f.calls {
			if c == "POST /_ecmock/reset" {
				n++
			}
		}
		return n
	}
	// Two states of one interaction: no API call between them, no reset.
	setup("an ACTIVE express connect router ecr-1")
	setup("account quota EcrCountPerUser is 1")
	if resets() != 0 {
		t.Fatalf("reset between states of one interaction: %v", f.calls)
	}
	f.total = 3 // the interaction's request reached ecmock
	setup("an Enabled physical connection pc-1")
	if resets() != 1 {
		t.Fatalf("no reset before the next interaction's states: %v", f.calls)
	}
	if _, err := e.Handle(Request{State: "an Enabled physical connection pc-1", Action: "teardown"}); err != nil {
		t.Fatal(err)
	}
	setup("an Enabled physical connection pc-1")
	if resets() != 2 {
		t.Fatalf("got %d resets; want 2 (the teardown's only): %v", resets(), f.calls)
	}
}

func TestMarkdownListsEveryPattern(t *testing.T) {
	md := Markdown()
	for _, d := range Vocabulary() {
		if !strings.Contains(md, fmt.Sprintf("| `%s` |", d.Pattern)) {
			t.Errorf("Markdown() lacks %q", d.Pattern)
		}
	}
	_ = http.MethodGet
}
