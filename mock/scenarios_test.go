package mock_test

import (
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/cbn"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"

	"github.com/ecmock/ecmock/internal/sdktest"
	"github.com/ecmock/ecmock/mock"
)

func TestEveryShippedScenarioApplies(t *testing.T) {
	list := mock.Scenarios()
	want := []string{"application-rejected", "flaky-network", "incorrect-status", "lock-contention", "quota-exhausted",
		"slow-provisioning", "staging-baseline", "stuck-attaching", "throttling-storm"}
	names := map[string]bool{}
	for _, s := range list {
		names[s.Name] = true
		if s.Description == "" {
			t.Errorf("scenario %s has no description", s.Name)
		}
	}
	for _, n := range want {
		if !names[n] {
			t.Errorf("scenario %s is not shipped", n)
		}
	}
	for _, s := range list {
		t.Run(s.Name, func(t *testing.T) {
			srv := mock.StartTest(t, mock.Options{Clock: "manual", Scenarios: []string{s.Name}})
			if len(srv.Faults()) == 0 {
				t.Fatalf("scenario %s added no rule", s.Name)
			}
		})
	}
}

func describeErr(c *vpc.Client) error {
	req := vpc.CreateDescribePhysicalConnectionsRequest()
	req.Scheme = "http"
	_, err := c.DescribePhysicalConnections(req)
	return err
}

func TestScenarioQuotaExhausted(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Clock: "manual", Strict: true, Scenarios: []string{"quota-exhausted"}})
	c := clientA(t, srv)
	_, err := createPC(t, c)
	var se *sdkerrors.ServerError
	if !errors.As(err, &se) || !strings.HasPrefix(se.ErrorCode(), "QuotaExceeded.") || se.HttpStatus() != 400 {
		t.Fatalf("CreatePhysicalConnection: got %v; want a QuotaExceeded code", err)
	}
	_, err = createECR(srv, c, nil)
	sdktest.WantErr(t, err, "QuotaExceeded.EcrCountPerUser", 400)
	sdktest.Must(t, describeErr(c)) // documents no quota code: unchanged
}

func TestScenarioIncorrectStatus(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Clock: "manual", Strict: true, Scenarios: []string{"incorrect-status"}})
	if _, err := srv.ApplyScenarioYAML("name: world\n" + attachmentFixtures); err != nil {
		t.Fatal(err)
	}
	c := sdktest.CBN(t, srv, srv.AccountA())
	req := cbn.CreateCreateTransitRouterEcrAttachmentRequest()
	req.Scheme, req.TransitRouterId, req.EcrId, req.RegionId = "http", "tr-fx1", "ecr-fx1", "cn-hangzhou"
	for i := 1; i <= 2; i++ {
		_, err := c.CreateTransitRouterEcrAttachment(req)
		var se *sdkerrors.ServerError
		if !errors.As(err, &se) || (se.ErrorCode() != "IncorrectStatus.TransitRouter" && se.ErrorCode() != "IncorrectStatus.EcrResource") {
			t.Fatalf("attach %d: got %v; want an IncorrectStatus code", i, err)
		}
	}
	id := attach(t, c)
	srv.Advance(time.Minute)
	del := cbn.CreateDeleteTransitRouterEcrAttachmentRequest()
	del.Scheme, del.TransitRouterAttachmentId = "http", id
	_, err := c.DeleteTransitRouterEcrAttachment(del)
	sdktest.WantErr(t, err, "IncorrectStatus.EcrResource", 400)
	_, err = c.DeleteTransitRouterEcrAttachment(del)
	sdktest.Must(t, err)
}

func TestScenarioSlowProvisioning(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Clock: "manual", Strict: true, Scenarios: []string{"slow-provisioning"}})
	c := clientA(t, srv)
	resp, err := createPC(t, c)
	sdktest.Must(t, err)
	id := resp.PhysicalConnectionId
	srv.Advance(15 * time.Minute) // realistic: review 10m, then 5m to Allocating
	if got := describePC(t, c, id); got != "Allocating" {
		t.Fatalf("after 15m: got %s; want Allocating", got)
	}
	srv.Advance(119 * time.Minute)
	if got := describePC(t, c, id); got != "Allocating" {
		t.Fatalf("after 1h59m of Allocating: got %s; want Allocating (the scenario says 2h)", got)
	}
	srv.Advance(time.Minute)
	if got := describePC(t, c, id); got != "Allocated" {
		t.Fatalf("after 2h of Allocating: got %s; want Allocated", got)
	}
	// The attachment takes ten minutes.
	if _, err := srv.ApplyScenarioYAML("name: world\n" + attachmentFixtures); err != nil {
		t.Fatal(err)
	}
	cc := sdktest.CBN(t, srv, srv.AccountA())
	att := attach(t, cc)
	srv.Advance(9 * time.Minute)
	if got := attachmentStatus(t, cc, att); got != "Attaching" {
		t.Fatalf("after 9m: got %s; want Attaching", got)
	}
	srv.Advance(time.Minute)
	if got := attachmentStatus(t, cc, att); got != "Attached" {
		t.Fatalf("after 10m: got %s; want Attached", got)
	}
}

func TestScenarioThrottlingStorm(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Clock: "manual", Strict: true, Scenarios: []string{"throttling-storm"}})
	c := clientA(t, srv)
	for i := 1; i <= 5; i++ {
		sdktest.Must(t, describeErr(c))
	}
	sdktest.WantErr(t, describeErr(c), "Throttling.User", 400)
	_, err := createPC(t, c) // another action has its own bucket
	sdktest.Must(t, err)
	srv.Advance(time.Second)
	sdktest.Must(t, describeErr(c))
	sdktest.Must(t, describeErr(c))
	sdktest.WantErr(t, describeErr(c), "Throttling.User", 400)
}

func TestScenarioFlakyNetwork(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Clock: "manual", Strict: true, Scenarios: []string{"flaky-network"}})
	c := clientA(t, srv)
	netErrs := 0
	const n = 80
	for i := 0; i < n; i++ {
		err := describeErr(c)
		var se *sdkerrors.ServerError
		switch {
		case err == nil:
		case errors.As(err, &se):
			t.Fatalf("call %d: got API error %v; flaky-network breaks connections only", i, err)
		default:
			netErrs++
		}
	}
	kinds := map[string]int{}
	delayed := 0
	for _, e := range srv.Journal("DescribePhysicalConnections") {
		if e.Network != "" {
			kinds[e.Network]++
		}
		if e.Rule == "flaky-latency" {
			delayed++
		}
	}
	broken := kinds["reset"] + kinds["truncate"] + kinds["drop"]
	if broken != netErrs || broken == 0 || broken > n/4 {
		t.Fatalf("journal shows %v broken connections, the SDK saw %d network errors in %d calls; want equal, a few", kinds, netErrs, n)
	}
	if delayed == 0 {
		t.Fatal("no call was delayed")
	}
}

func TestScenarioStagingBaseline(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Clock: "manual", Strict: true, Scenarios: []string{"staging-baseline"}})
	c := clientA(t, srv)
	const n = 300
	failed := 0
	for i := 0; i < n; i++ {
		if err := describeErr(c); err != nil {
			var se *sdkerrors.ServerError
			if !errors.As(err, &se) {
				t.Fatalf("call %d: %v; want API errors only", i, err)
			}
			switch se.ErrorCode() {
			case "ServiceUnavailable", "Throttling.User", "InternalError":
			default:
				t.Fatalf("call %d: got %s; want a transient code documented for DescribePhysicalConnections", i, se.ErrorCode())
			}
			failed++
		}
	}
	if failed == 0 || failed > n/10 {
		t.Fatalf("%d of %d calls failed; want a small rate (about 2%%)", failed, n)
	}
}

func TestScenarioErrorsLocatedAndNothingApplied(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Clock: "manual", Strict: true})
	before := srv.AccountA().Quotas["EcrCountPerUser"]
	text := `name: broken
accounts:
  - {accessKeyId: LTAIecmockAccountA, quotas: {EcrCountPerUser: 0}}
faults:
  - name: a
    match: {action: CreateExpressConectRouter}
    do: {error: Conflict.Lock}
  - name: b
    match: {action: CreatePhysicalConnection}
    when: {from: soon}
    do: {error: Conflict.Lock}
    bogus: 1
fixtures:
  - {type: Spaceship, id: ss-1, status: Flying}
`
	p := filepath.Join(t.TempDir(), "broken.yaml")
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	err := srv.ApplyScenario(p)
	if err == nil {
		t.Fatal("a broken scenario was accepted")
	}
	msg := err.Error()
	for _, want := range []string{
		p + ":6: faults[0].match.action: unknown action \"CreateExpressConectRouter\"", "did you mean CreateExpressConnectRouter?",
		p + ":10: faults[1].when.from: bad duration \"soon\"",
		p + ":11: faults[1].do.error: Vpc CreatePhysicalConnection does not document \"Conflict.Lock\"",
		p + ":12: faults[1].bogus: unknown field \"bogus\"",
		p + ":14: fixtures[0].type: unknown resource type \"Spaceship\"",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q:\n%s", want, msg)
		}
	}
	if n := len(srv.Faults()); n != 0 {
		t.Fatalf("%d rules applied from a broken scenario; want none", n)
	}
	if got := srv.AccountA().Quotas["EcrCountPerUser"]; got != before {
		t.Fatalf("quota changed to %d by a broken scenario", got)
	}
	if _, ok := srv.Resource("ss-1"); ok {
		t.Fatal("a fixture of a broken scenario exists")
	}
}

func TestScenarioAccountsFixturesTimingAndSeed(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Clock: "manual", Strict: true})
	res, err := srv.ApplyScenarioYAML(`
name: setup
seed: 77
timing:
  profile: instant
  transitions:
    - {type: PhysicalConnection, from: Allocated, to: Confirmed, after: 1m}
accounts:
  - {accessKeyId: LTAIecmockAccountA, quotas: {EcrCountPerUser: 1}}
  - {uid: "1000000000000099", accessKeyId: LTAIscenarioC, accessKeySecret: secret-c, whitelisted: false}
fixtures:
  - {type: PhysicalConnection, id: pc-fixture1, account: LTAIecmockAccountA, region: cn-hangzhou, status: Enabled, attrs: {Name: from-fixture}}
  - {type: PhysicalConnection, id: pc-fixture2, account: "1000000000000099", status: Allocating}
faults: []
`)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Fixtures) != 2 || len(res.Accounts) != 2 || res.Timing != "instant" {
		t.Fatalf("got %+v", res)
	}
	c := clientA(t, srv)
	if got := describePC(t, c, "pc-fixture1"); got != "Enabled" {
		t.Fatalf("fixture: got %s; want Enabled", got)
	}
	// Quota from the scenario: one ECR, then the handler's own QuotaExceeded.
	_, err = createECR(srv, c, nil)
	sdktest.Must(t, err)
	_, err = createECR(srv, c, nil)
	sdktest.WantErr(t, err, "QuotaExceeded.EcrCountPerUser", 400)
	// The new account signs its calls and sees its fixture; the timing
	// transition makes Allocated → Confirmed automatic after a minute.
	cc := sdktest.VPC(t, srv, mock.Account{AccessKeyID: "LTAIscenarioC", AccessKeySecret: "secret-c"})
	if got := describePC(t, cc, "pc-fixture2"); got != "Allocated" {
		t.Fatalf("instant timing: got %s; want Allocated", got)
	}
	srv.Advance(time.Minute)
	if got := describePC(t, cc, "pc-fixture2"); got != "Confirmed" {
		t.Fatalf("timing transition: got %s; want Confirmed", got)
	}
	// The scenario's seed makes generated IDs repeatable, whatever the
	// server's seed.
	seeded := func(o mock.Options, scenario string) string {
		s := mock.StartTest(t, o)
		if scenario != "" {
			if _, err := s.ApplyScenarioYAML(scenario); err != nil {
				t.Fatal(err)
			}
		}
		return createID(t, s)
	}
	id1 := seeded(mock.Options{Clock: "manual", Seed: 5}, "name: s\nseed: 77\n")
	id2 := seeded(mock.Options{Clock: "manual", Seed: 6}, "name: s\nseed: 77\n")
	id3 := seeded(mock.Options{Clock: "manual", Seed: 5}, "")
	if id1 != id2 || id1 == id3 {
		t.Fatalf("IDs %s and %s (seed 77), %s (seed 5); want the first two equal, the third different", id1, id2, id3)
	}
	// Reset forgets all of it.
	srv.Reset()
	if len(srv.Faults()) != 0 || srv.Core().Timing() != "fast" {
		t.Fatal("reset kept scenario state")
	}
	if _, ok := srv.Resource("pc-fixture1"); ok {
		t.Fatal("reset kept a fixture")
	}
}

func createID(t *testing.T, srv *mock.Server) string {
	t.Helper()
	resp, err := createPC(t, clientA(t, srv))
	sdktest.Must(t, err)
	return resp.PhysicalConnectionId
}

func TestControlAPIFaultsAndScenarios(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Clock: "manual", AdminToken: "tok"})
	base := srv.URL() + "/_ecmock"
	if st, _ := ctl(t, "GET", base+"/faults", "", ""); st != http.StatusUnauthorized {
		t.Fatalf("faults without token: got %d; want 401", st)
	}
	if st, _ := ctl(t, "POST", base+"/scenarios/throttling-storm", "", ""); st != http.StatusUnauthorized {
		t.Fatalf("scenario without token: got %d; want 401", st)
	}
	st, m := ctl(t, "POST", base+"/faults", "tok", `{"name": "lock", "match": {"action": "CreatePhysicalConnection"}, "when": {"calls": "1"}, "do": {"error": "QuotaExceeded.pConnPerAP"}}`)
	if st != http.StatusCreated || m["name"] != "lock" {
		t.Fatalf("add: got %d %v", st, m)
	}
	if st, m := ctl(t, "POST", base+"/faults", "tok", `{"name": "lock", "do": {"error": "ServiceUnavailable"}}`); st != http.StatusConflict {
		t.Fatalf("duplicate: got %d %v; want 409", st, m)
	}
	st, m = ctl(t, "POST", base+"/faults", "tok", "name: bad\nmatch: {action: CreatePhysicalConnection}\ndo:\n  error: Conflict.Lock\n")
	if e, _ := m["error"].(string); st != http.StatusBadRequest || !strings.Contains(e, "request body:4: rule bad: do.error:") {
		t.Fatalf("undocumented code (YAML body): got %d %v; want 400 located at line 4", st, m)
	}
	_, err := createPC(t, clientA(t, srv))
	sdktest.WantErr(t, err, "QuotaExceeded.pConnPerAP", 400)
	_, m = ctl(t, "GET", base+"/faults", "tok", "")
	faults, _ := m["faults"].([]any)
	if len(faults) != 1 || faults[0].(map[string]any)["hits"].(float64) != 1 {
		t.Fatalf("list: got %v; want one rule with one hit", m)
	}
	st, m = ctl(t, "GET", base+"/journal?rule=lock", "tok", "")
	if entries, _ := m["entries"].([]any); st != 200 || len(entries) != 1 {
		t.Fatalf("journal by rule: got %d %v", st, m)
	}
	if st, _ := ctl(t, "DELETE", base+"/faults/nope", "tok", ""); st != http.StatusNotFound {
		t.Fatalf("remove unknown: got %d; want 404", st)
	}
	if st, m := ctl(t, "DELETE", base+"/faults/lock", "tok", ""); st != 200 || m["removed"] != "lock" {
		t.Fatalf("remove: got %d %v", st, m)
	}
	st, m = ctl(t, "GET", base+"/scenarios", "tok", "")
	if l, _ := m["scenarios"].([]any); st != 200 || len(l) < 9 {
		t.Fatalf("scenarios: got %d %v", st, m)
	}
	if st, m := ctl(t, "POST", base+"/scenarios/throttling-storm", "tok", ""); st != 200 || m["scenario"] != "throttling-storm" {
		t.Fatalf("apply shipped: got %d %v", st, m)
	}
	if st, _ := ctl(t, "POST", base+"/scenarios/nope", "tok", ""); st != http.StatusNotFound {
		t.Fatalf("unknown shipped scenario: got %d; want 404", st)
	}
	jsonBody := "{\n  \"name\": \"j\",\n  \"faults\": [\n    {\"name\": \"x\",\n     \"mtach\": {}}\n  ]\n}"
	st, m = ctl(t, "POST", base+"/scenarios", "tok", jsonBody)
	if e, _ := m["error"].(string); st != 400 || !strings.Contains(e, "request body:5: faults[0].mtach: unknown field") {
		t.Fatalf("JSON scenario error: got %d %v; want line 5", st, m)
	}
	st, m = ctl(t, "POST", base+"/scenarios", "tok", "name: y\nfaults:\n  - {name: y1, match: {action: DescribePhysicalConnections}, do: {delay: 1ms}}\n")
	if st != 200 || len(m["faults"].([]any)) != 1 {
		t.Fatalf("apply YAML scenario: got %d %v", st, m)
	}
	if st, m := ctl(t, "DELETE", base+"/faults", "tok", ""); st != 200 || m["removed"].(float64) != 2 {
		t.Fatalf("clear: got %d %v; want 2 removed", st, m)
	}
}

// Every resource type a product registers can be a fixture, in any status.
func TestFixturesOfEveryType(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Clock: "manual"})
	types := srv.Core().Registry().FixtureTypes()
	if len(types) < 5 {
		t.Fatalf("only %d fixture types registered: %v", len(types), types)
	}
	var b strings.Builder
	b.WriteString("name: every-type\nfixtures:\n")
	for i, typ := range types {
		b.WriteString("  - {type: " + typ + ", id: fx-" + strings.ToLower(typ) + ", status: Custom" + string(rune('A'+i)) + "}\n")
	}
	res, err := srv.ApplyScenarioYAML(b.String())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Fixtures) != len(types) {
		t.Fatalf("applied %v; want one fixture per type %v", res.Fixtures, types)
	}
	for i, typ := range types {
		r, ok := srv.Resource("fx-" + strings.ToLower(typ))
		if !ok || r.Type != typ || r.Status != "Custom"+string(rune('A'+i)) || r.CreatedBy != "fixture" || r.Owner != srv.AccountA().UID {
			t.Errorf("%s: got %+v, %v; want the fixture as given, owned by account A", typ, r, ok)
		}
	}
	// An unknown type names the known ones.
	_, err = srv.ApplyScenarioYAML("fixtures:\n  - {type: Ufo, id: u-1, status: Hovering}\n")
	if err == nil || !strings.Contains(err.Error(), "scenario:2: fixtures[0].type") || !strings.Contains(err.Error(), types[0]) {
		t.Fatalf("got %v; want a located error listing %v", err, types)
	}
	// An ID in use is refused, and nothing of that scenario is applied.
	_, err = srv.ApplyScenarioYAML("faults:\n  - {name: z, do: {delay: 1ms}}\nfixtures:\n  - {type: " + types[0] + ", id: fx-" + strings.ToLower(types[0]) + "}\n")
	if err == nil || !strings.Contains(err.Error(), "exists already") || len(srv.Faults()) != 0 {
		t.Fatalf("got %v and %d rules; want a refusal and no rule", err, len(srv.Faults()))
	}
}
