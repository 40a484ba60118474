package mock_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"

	"github.com/ecmock/ecmock/internal/sdktest"
	"github.com/ecmock/ecmock/mock"
)

const adminToken = "admin-token-0123456789"

var tenantTokens = map[string]string{"team-a": "team-a-token-0123456789", "team-b": "team-b-token-0123456789"}

// ctlE is ctl for goroutines: errors instead of t.Fatal.
func ctlE(method, url, token, body string) (int, map[string]any, error) {
	r, _ := http.NewRequest(method, url, strings.NewReader(body))
	if token != "" {
		r.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(r)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return res.StatusCode, nil, fmt.Errorf("%s %s answered non-JSON %q", method, url, b)
	}
	return res.StatusCode, m, nil
}

func startTenants(t *testing.T) *mock.Server {
	return sdktest.Start(t, mock.Options{Timing: "instant", AdminToken: adminToken, Tenants: []mock.Tenant{
		{Name: "team-a", Token: tenantTokens["team-a"]},
		{Name: "team-b", Token: tenantTokens["team-b"], Accounts: []mock.Account{{UID: "1000000000000002"}}},
	}})
}

// tenantRun is one team's pipeline run: its own accounts, resources, a fault
// rule without an account (confined to the team), journal and state checks,
// and a reset — repeated. It returns how many DescribeVirtualBorderRouters
// calls it made.
func tenantRun(t *testing.T, srv *mock.Server, team string, rounds int) (int, error) {
	tok := tenantTokens[team]
	base := srv.URL() + "/_ecmock"
	vbrCalls := 0
	for round := 0; round < rounds; round++ {
		st, m, err := ctlE("POST", base+"/accounts", tok, `{}`)
		if err != nil || st != 201 {
			return 0, fmt.Errorf("%s: create account: %d %v %v", team, st, m, err)
		}
		acct := mock.Account{UID: m["uid"].(string), AccessKeyID: m["accessKeyId"].(string), AccessKeySecret: m["accessKeySecret"].(string)}
		c := sdktest.VPC(t, srv, acct)
		var ids []string
		for i := 0; i < 2; i++ {
			res, err := c.CreatePhysicalConnection(sdktest.PCRequest())
			if err != nil {
				return 0, fmt.Errorf("%s: create: %v", team, err)
			}
			ids = append(ids, res.PhysicalConnectionId)
		}
		st, m, err = ctlE("POST", base+"/faults", tok, `{"name":"vbr-down","match":{"action":"DescribeVirtualBorderRouters"},"do":{"error":"Throttling"}}`)
		if err != nil || st != 201 || m["name"] != "vbr-down" {
			return 0, fmt.Errorf("%s: add fault: %d %v %v", team, st, m, err)
		}
		req := vpc.CreateDescribeVirtualBorderRoutersRequest()
		req.Scheme = "http"
		vbrCalls++
		if _, err := c.DescribeVirtualBorderRouters(req); sdktest.ErrMismatch(err, "Throttling", 400) != "" && sdktest.ErrMismatch(err, "Throttling", 503) != "" {
			return 0, fmt.Errorf("%s: own rule: got %v; want Throttling", team, err)
		}
		// Its resources are all there, whatever the other team resets.
		dreq := vpc.CreateDescribePhysicalConnectionsRequest()
		dreq.Scheme = "http"
		dres, err := c.DescribePhysicalConnections(dreq)
		if err != nil || dres.TotalCount != 2 {
			return 0, fmt.Errorf("%s: describe: %v, %d connections; want 2", team, err, dres.TotalCount)
		}
		st, m, err = ctlE("GET", base+"/state", tok, "")
		if err != nil || st != 200 {
			return 0, fmt.Errorf("%s: state: %d %v", team, st, err)
		}
		for _, r := range m["resources"].([]any) {
			if owner := r.(map[string]any)["owner"]; owner != acct.UID && !ownedBy(srv, team, owner.(string)) {
				return 0, fmt.Errorf("%s: state shows %v of account %v", team, r.(map[string]any)["id"], owner)
			}
		}
		st, m, err = ctlE("GET", base+"/journal", tok, "")
		if err != nil || st != 200 {
			return 0, fmt.Errorf("%s: journal: %d %v", team, st, err)
		}
		for _, e := range m["entries"].([]any) {
			if a := e.(map[string]any)["account"].(string); !ownedBy(srv, team, a) {
				return 0, fmt.Errorf("%s: journal shows a call of account %s", team, a)
			}
		}
		if st, m, err = ctlE("POST", base+"/reset", tok, ""); err != nil || st != 200 {
			return 0, fmt.Errorf("%s: reset: %d %v %v", team, st, m, err)
		}
		for _, id := range ids {
			if _, ok := srv.Resource(id); ok {
				return 0, fmt.Errorf("%s: %s survived its tenant's reset", team, id)
			}
		}
	}
	return vbrCalls, nil
}

func ownedBy(srv *mock.Server, team, uid string) bool {
	for _, a := range srv.Core().Accounts().List() {
		if a.UID == uid {
			return a.Tenant == team
		}
	}
	return false
}

func TestTwoTenantsConcurrentRunsNeverDisturbEachOther(t *testing.T) {
	srv := startTenants(t)
	base := srv.URL() + "/_ecmock"
	// The admin's own resource and rule live beside the tenants'.
	admin := sdktest.VPC(t, srv, srv.AccountA())
	adminPC, err := admin.CreatePhysicalConnection(sdktest.PCRequest())
	sdktest.MustOK(t, "admin create", err)

	vpc.GetEndpointMap() // the SDK fills its endpoint map lazily, racing clients made concurrently
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	calls := map[string]int{}
	var mu sync.Mutex
	for team := range tenantTokens {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, err := tenantRun(t, srv, team, 4)
			if err != nil {
				errs <- err
			}
			mu.Lock()
			calls[team] = n
			mu.Unlock()
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if _, ok := srv.Resource(adminPC.PhysicalConnectionId); !ok {
		t.Fatal("a tenant's reset removed the admin's resource")
	}
	// Each tenant sees only its rule; the admin sees both, prefixed.
	for team, tok := range tenantTokens {
		st, m := ctl(t, "GET", base+"/faults", tok, "")
		fs := m["faults"].([]any)
		if st != 200 || len(fs) != 0 {
			t.Errorf("%s faults after its reset: %d %v; want none", team, st, fs)
		}
	}
	// Rules confined to a tenant never match another's calls.
	for team, tok := range tenantTokens {
		ctl(t, "POST", base+"/faults", tok, `{"name":"vbr-down","match":{"action":"DescribeVirtualBorderRouters"},"do":{"error":"Throttling"}}`)
		_ = team
	}
	req := vpc.CreateDescribeVirtualBorderRoutersRequest()
	req.Scheme = "http"
	if _, err := admin.DescribeVirtualBorderRouters(req); err != nil {
		t.Fatalf("admin account's call hit a tenant's rule: %v", err)
	}
	st, m := ctl(t, "GET", base+"/faults", adminToken, "")
	var names []string
	for _, f := range m["faults"].([]any) {
		names = append(names, fmt.Sprint(f.(map[string]any)["name"], "/", f.(map[string]any)["matched"]))
	}
	if st != 200 || strings.Join(names, ",") != "team-a.vbr-down/0,team-b.vbr-down/0" && strings.Join(names, ",") != "team-b.vbr-down/0,team-a.vbr-down/0" {
		t.Fatalf("admin's fault list: %d %v; want both tenants' rules, prefixed, matching nothing", st, names)
	}
	t.Logf("DescribeVirtualBorderRouters calls per tenant: %v", calls)
}

func TestTenantTokenScope(t *testing.T) {
	srv := startTenants(t)
	base := srv.URL() + "/_ecmock"
	a, b := tenantTokens["team-a"], tenantTokens["team-b"]
	// team-b owns built-in account B from the tenants file.
	cb := sdktest.VPC(t, srv, srv.AccountB())
	pcB, err := cb.CreatePhysicalConnection(sdktest.PCRequest())
	sdktest.MustOK(t, "B create", err)

	for _, tc := range []struct {
		method, path, body string
		status             int
		mention            string
	}{
		{"POST", "/clock/advance", `{"by":"1h"}`, 403, "admin token"},
		{"POST", "/scenarios", `{"timing":{"profile":"instant"}}`, 403, ""},
		{"POST", "/resources/" + pcB.PhysicalConnectionId + "/status", `{"status":"Enabled"}`, 404, "no resource"},
		{"GET", "/accounts/1000000000000002", "", 404, "no account"},
		{"DELETE", "/accounts/1000000000000002", "", 404, "no account"},
		{"PUT", "/state", `{"resources":[{"id":"pc-x","type":"PhysicalConnection","owner":"1000000000000002","status":"Enabled"}]}`, 400, "resources[0].owner"},
		{"POST", "/faults", `{"match":{"account":"1000000000000002"},"do":{"error":"Throttling"}}`, 400, "match.account"},
		{"POST", "/faults", `{"match":{"account":"LTAIecmockAccountA"},"do":{"error":"Throttling"}}`, 400, "match.account"},
	} {
		st, m := ctl(t, tc.method, base+tc.path, a, tc.body)
		if st != tc.status || !strings.Contains(fmt.Sprint(m), tc.mention) {
			t.Errorf("team-a %s %s: got %d %v; want %d mentioning %q", tc.method, tc.path, st, m, tc.status, tc.mention)
		}
	}
	if st, m := ctl(t, "GET", base+"/state", a, ""); st != 200 || len(m["resources"].([]any)) != 0 {
		t.Fatalf("team-a state: %d %v; want empty", st, m)
	}
	if st, m := ctl(t, "GET", base+"/state", b, ""); st != 200 || len(m["resources"].([]any)) != 1 {
		t.Fatalf("team-b state: %d %v; want its connection", st, m)
	}
	if st, m := ctl(t, "GET", base+"/accounts", b, ""); st != 200 || len(m["accounts"].([]any)) != 1 {
		t.Fatalf("team-b accounts: %d %v; want account B only", st, m)
	}
	if st, _ := ctl(t, "GET", base+"/faults", "not-a-token-at-all", ""); st != 401 {
		t.Fatalf("unknown token: %d; want 401", st)
	}
	if st, m := ctl(t, "POST", base+"/clock/advance", adminToken, `{"by":"1h"}`); st != 200 {
		t.Fatalf("admin clock: %d %v", st, m)
	}
	// team-b's export imports back into team-b only.
	_, snap := ctl(t, "GET", base+"/state", b, "")
	js, _ := json.Marshal(snap)
	if st, m := ctl(t, "PUT", base+"/state", b, string(js)); st != 200 || m["resources"] != float64(1) {
		t.Fatalf("team-b re-import: %d %v", st, m)
	}
	if st, m := ctl(t, "GET", base+"/state", adminToken, ""); st != 200 || len(m["resources"].([]any)) != 1 {
		t.Fatalf("admin state after team-b's import: %d %v", st, m)
	}
}

func TestTenantPactStatesAndScenariosStayInItsWorld(t *testing.T) {
	srv := startTenants(t)
	base := srv.URL() + "/_ecmock"
	b := tenantTokens["team-b"]
	st, m := ctl(t, "POST", base+"/pact/states", b, `{"state":"an ACTIVE express connect router ecr-pact00000000000000001","action":"setup"}`)
	if st != 200 {
		t.Fatalf("team-b pact state: %d %v", st, m)
	}
	r, ok := srv.Resource("ecr-pact00000000000000001")
	if !ok || r.Owner != "1000000000000002" {
		t.Fatalf("the state's ECR: %+v %v; want it owned by team-b's account", r, ok)
	}
	st, m = ctl(t, "POST", base+"/pact/states", b, `{"state":"action DeleteExpressConnectRouter fails with Conflict.Lock","action":"setup"}`)
	if st != 200 {
		t.Fatalf("team-b fault state: %d %v", st, m)
	}
	if _, m := ctl(t, "GET", base+"/faults", adminToken, ""); !strings.Contains(fmt.Sprint(m), "team-b.") {
		t.Fatalf("admin's view of the state's rule: %v; want it confined to team-b", m)
	}
	// team-a has no account yet.
	if st, m := ctl(t, "POST", base+"/pact/states", tenantTokens["team-a"], `{"state":"an ACTIVE express connect router ecr-pact00000000000000002","action":"setup"}`); st != 400 || !strings.Contains(fmt.Sprint(m), "no account") {
		t.Fatalf("team-a without accounts: %d %v; want 400", st, m)
	}
	// A scenario's fixtures default to the tenant's account; another's is unknown.
	st, m = ctl(t, "POST", base+"/scenarios", b, `{"name":"s","fixtures":[{"type":"PhysicalConnection","id":"pc-fixture-b","status":"Enabled"}]}`)
	if st != 200 {
		t.Fatalf("team-b scenario: %d %v", st, m)
	}
	if r, _ := srv.Resource("pc-fixture-b"); r.Owner != "1000000000000002" {
		t.Fatalf("fixture owner %s; want team-b's account", r.Owner)
	}
	st, m = ctl(t, "POST", base+"/scenarios", b, `{"name":"s2","fixtures":[{"type":"PhysicalConnection","id":"pc-fixture-x","status":"Enabled","account":"LTAIecmockAccountA"}]}`)
	if st != 400 || !strings.Contains(fmt.Sprint(m), "unknown account") {
		t.Fatalf("fixture for another's account: %d %v; want 400 unknown account", st, m)
	}
}

func TestTenantsFileAndOptions(t *testing.T) {
	dir := t.TempDir()
	write := func(s string) string {
		p := dir + "/tenants.yaml"
		if err := os.WriteFile(p, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, tc := range []struct{ file, want string }{
		{"tenants:\n  - {name: a, token: aaaaaaaaaaaaaaaaaaaa, colour: red}\n", "colour"},
		{"tenants:\n  - {name: A!, token: aaaaaaaaaaaaaaaaaaaa}\n", "name"},
		{"tenants:\n  - {name: a, token: short}\n", "token"},
		{"tenants:\n  - {name: a, token: aaaaaaaaaaaaaaaaaaaa}\n  - {name: b, token: aaaaaaaaaaaaaaaaaaaa}\n", "same token"},
		{"tenants:\n  - {name: a, token: aaaaaaaaaaaaaaaaaaaa, accounts: [{uid: \"5\"}]}\n", "accessKeyId"},
		{"tenants: []\n", "no tenants"},
	} {
		_, err := mock.New(mock.Options{AdminToken: adminToken, TenantsFile: write(tc.file)})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: got %v; want an error mentioning %q", tc.file, err, tc.want)
		}
	}
	_, err := mock.New(mock.Options{TenantsFile: write("tenants:\n  - {name: a, token: aaaaaaaaaaaaaaaaaaaa}\n")})
	if err == nil || !strings.Contains(err.Error(), "--admin-token") {
		t.Fatalf("tenants without an admin token: %v; want a refusal", err)
	}
	srv, err := mock.New(mock.Options{AdminToken: adminToken, TenantsFile: write(
		"tenants:\n  - name: a\n    token: aaaaaaaaaaaaaaaaaaaa\n    accounts:\n      - {uid: \"1000000000000001\"}\n      - {uid: \"3000000000000009\", accessKeyId: LTAIteamA2, accessKeySecret: team-a-secret-2}\n")})
	if err != nil {
		t.Fatal(err)
	}
	if a, ok := srv.Account("LTAIteamA2"); !ok || a.UID != "3000000000000009" {
		t.Fatalf("the file's new account: %+v %v", a, ok)
	}
}

// A tenant's accounts and resources survive a restart on the same state
// directory and stay the tenant's: after the restart its token still sees
// them, the other tenant's does not.
func TestTenantWorldSurvivesRestartWithStateDir(t *testing.T) {
	dir := t.TempDir()
	opts := mock.Options{Timing: "instant", AdminToken: adminToken, StateDir: dir, Tenants: []mock.Tenant{
		{Name: "team-a", Token: tenantTokens["team-a"]},
		{Name: "team-b", Token: tenantTokens["team-b"]},
	}}
	srv, err := mock.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	tokA, tokB := tenantTokens["team-a"], tenantTokens["team-b"]
	st, m, err := ctlE("POST", srv.URL()+"/_ecmock/accounts", tokA, `{"quotas":{"EcrCountPerUser":3}}`)
	if err != nil || st != 201 {
		t.Fatalf("team-a creates an account: %d %v %v", st, m, err)
	}
	uid, _ := m["uid"].(string)
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}

	srv, err = mock.Start(opts)
	if err != nil {
		t.Fatalf("restart on the same state directory: %v", err)
	}
	defer srv.Close()
	if st, m, _ := ctlE("GET", srv.URL()+"/_ecmock/accounts/"+uid, tokA, ""); st != 200 || m["tenant"] != "team-a" {
		t.Fatalf("after the restart team-a's account %s: %d %v; want it, still team-a's", uid, st, m)
	} else if q, _ := m["quotas"].(map[string]any); q["EcrCountPerUser"] != float64(3) {
		t.Errorf("after the restart its quotas are %v; want EcrCountPerUser 3", m["quotas"])
	}
	if st, _, _ := ctlE("GET", srv.URL()+"/_ecmock/accounts/"+uid, tokB, ""); st != 404 {
		t.Errorf("team-b sees team-a's account after the restart: %d; want 404", st)
	}
}
