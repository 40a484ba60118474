package mock_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/cbn"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"

	"github.com/ecmock/ecmock/internal/sdktest"
	"github.com/ecmock/ecmock/mock"
)

// --- helpers ---

// wantNetworkError checks that a call failed below HTTP (no server answer).
func wantNetworkError(t *testing.T, err error) {
	t.Helper()
	var se *sdkerrors.ServerError
	if err == nil || errors.As(err, &se) {
		t.Fatalf("got %v; want a network error (no API answer)", err)
	}
}

func addFault(t *testing.T, srv *mock.Server, yaml string) {
	t.Helper()
	if _, err := srv.AddFaultYAML(yaml); err != nil {
		t.Fatalf("AddFaultYAML: %v", err)
	}
}

func clientA(t *testing.T, srv *mock.Server) *vpc.Client {
	return sdktest.VPC(t, srv, srv.AccountA())
}

// describePC returns the status of one connection as DescribePhysicalConnections shows it.
func describePC(t *testing.T, c *vpc.Client, id string) string {
	t.Helper()
	req := vpc.CreateDescribePhysicalConnectionsRequest()
	req.Scheme = "http"
	resp, err := c.DescribePhysicalConnections(req)
	sdktest.Must(t, err)
	for _, p := range resp.PhysicalConnectionSet.PhysicalConnectionType {
		if p.PhysicalConnectionId == id {
			return p.Status
		}
	}
	t.Fatalf("connection %s not listed", id)
	return ""
}

func createECR(srv *mock.Server, c *vpc.Client, extra map[string]string) (map[string]any, error) {
	p := map[string]string{"AlibabaSideAsn": "45104", "Name": "ecr-test"}
	for k, v := range extra {
		p[k] = v
	}
	return sdktest.ECRCall(c, srv, "CreateExpressConnectRouter", p)
}

// attachmentWorld applies fixtures for an Active CEN and transit router, an
// ECR and its ACTIVE association, and returns a function attaching the ECR.
const attachmentFixtures = `
fixtures:
  - {type: Cen, id: cen-fx1, status: Active}
  - {type: TransitRouter, id: tr-fx1, status: Active, attrs: {CenId: cen-fx1}}
  - {type: ExpressConnectRouter, id: ecr-fx1, status: ACTIVE, attrs: {AlibabaSideAsn: 45104, Name: fx}}
  - {type: ExpressConnectRouterAssociation, id: ecr-assoc-fx1, status: ACTIVE, attrs: {EcrId: ecr-fx1, TransitRouterId: tr-fx1, CenId: cen-fx1}}
`

func attach(t *testing.T, c *cbn.Client) string {
	t.Helper()
	req := cbn.CreateCreateTransitRouterEcrAttachmentRequest()
	req.Scheme, req.TransitRouterId, req.EcrId, req.RegionId = "http", "tr-fx1", "ecr-fx1", "cn-hangzhou"
	resp, err := c.CreateTransitRouterEcrAttachment(req)
	sdktest.Must(t, err)
	return resp.TransitRouterAttachmentId
}

func attachmentStatus(t *testing.T, c *cbn.Client, id string) string {
	t.Helper()
	req := cbn.CreateListTransitRouterEcrAttachmentsRequest()
	req.Scheme, req.TransitRouterAttachmentId, req.RegionId = "http", id, "cn-hangzhou"
	resp, err := c.ListTransitRouterEcrAttachments(req)
	sdktest.Must(t, err)
	if len(resp.TransitRouterAttachments) != 1 {
		t.Fatalf("got %d attachments for %s; want 1", len(resp.TransitRouterAttachments), id)
	}
	return resp.TransitRouterAttachments[0].Status
}

// --- triggers and errors ---

func TestFaultCallsRangeWithSDK(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Clock: "manual", Strict: true})
	c := clientA(t, srv)
	addFault(t, srv, `
name: quota-2-3
match: {product: Vpc, action: CreatePhysicalConnection}
when: {calls: "2-3"}
do: {error: QuotaExceeded.freePconnPerAP}
`)
	for i := 1; i <= 4; i++ {
		_, err := createPC(t, c)
		if i == 2 || i == 3 {
			se := sdktest.WantErr(t, err, "QuotaExceeded.freePconnPerAP", 400)
			if se.Message() != "free physical connections count excceeded." {
				t.Fatalf("call %d: message %q; want the catalogue's", i, se.Message())
			}
			continue
		}
		if err != nil {
			t.Fatalf("call %d: got %v; want success", i, err)
		}
	}
	f, _ := srv.Fault("quota-2-3")
	if f.Hits != 2 || f.Matched != 4 {
		t.Fatalf("got hits %d matched %d; want 2 and 4", f.Hits, f.Matched)
	}
	calls := srv.CallsByRule("quota-2-3")
	if len(calls) != 2 || calls[0].Code != "QuotaExceeded.freePconnPerAP" || calls[0].Status != 400 {
		t.Fatalf("journal by rule: got %+v; want two faulted calls", calls)
	}
	if all := srv.Journal("CreatePhysicalConnection"); len(all) != 4 || all[0].Rule != "" || all[1].Rule != "quota-2-3" {
		t.Fatalf("journal: got %+v", all)
	}
}

func TestFaultFamilyAndECRLock(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Clock: "manual", Strict: true})
	c := clientA(t, srv)
	// The example: the second and third CreateExpressConnectRouter
	// get Conflict.Lock and the fourth succeeds.
	if err := srv.ApplyScenario("lock-contention"); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 4; i++ {
		m, err := createECR(srv, c, nil)
		if i == 2 || i == 3 {
			sdktest.WantErr(t, err, "Conflict.Lock", 400)
			continue
		}
		sdktest.Must(t, err)
		if id, _ := m["EcrId"].(string); !strings.HasPrefix(id, "ecr-") {
			t.Fatalf("call %d: got %v; want an ECR", i, m)
		}
	}
	// A family name resolves to the action's documented code.
	srv.ClearFaults()
	addFault(t, srv, `{"name": "quota", "match": {"action": "CreateExpressConnectRouter"}, "do": {"error": "QuotaExceeded"}}`)
	_, err := createECR(srv, c, nil)
	se := sdktest.WantErr(t, err, "QuotaExceeded.EcrCountPerUser", 400)
	if se.Message() != "ECR Quota Exceeded." {
		t.Fatalf("message %q; want the catalogue's", se.Message())
	}
}

func TestFaultUndocumentedCodeRefusedUnlessForced(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Clock: "manual", Strict: true})
	_, err := srv.AddFault(mock.Fault{Name: "bad", Match: mock.Match{Action: "CreatePhysicalConnection"},
		Do: &mock.Effect{Error: "Conflict.Lock"}})
	if err == nil || !strings.Contains(err.Error(), `does not document "Conflict.Lock"`) || !strings.Contains(err.Error(), "force: true") ||
		!strings.Contains(err.Error(), "QuotaExceeded.freePconnPerAP") {
		t.Fatalf("got %v; want a refusal listing the documented codes and force", err)
	}
	if n := len(srv.Faults()); n != 0 {
		t.Fatalf("%d rules after a refusal; want 0", n)
	}
	_, err = srv.AddFault(mock.Fault{Name: "forced", Match: mock.Match{Action: "CreatePhysicalConnection"},
		Do: &mock.Effect{Error: "Teapot.Brewing", Force: true, Status: 418, Message: "short and stout"}})
	sdktest.Must(t, err)
	_, err = createPC(t, clientA(t, srv))
	se := sdktest.WantErr(t, err, "Teapot.Brewing", 418)
	if se.Message() != "short and stout" {
		t.Fatalf("message %q; want the forced one", se.Message())
	}
	// Common codes are allowed for every action.
	srv.ClearFaults()
	_, err = srv.AddFault(mock.Fault{Match: mock.Match{Action: "DescribePhysicalConnections"}, Do: &mock.Effect{Error: "ServiceUnavailable"}})
	sdktest.Must(t, err)
	req := vpc.CreateDescribePhysicalConnectionsRequest()
	req.Scheme = "http"
	_, err = clientA(t, srv).DescribePhysicalConnections(req)
	sdktest.WantErr(t, err, "ServiceUnavailable", 503)
}

func TestFaultEveryLimitWindowAccount(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Clock: "manual", Strict: true})
	c := clientA(t, srv)
	b := srv.AccountB()
	cb := sdktest.VPC(t, srv, b)
	describe := func(c *vpc.Client) error {
		req := vpc.CreateDescribePhysicalConnectionsRequest()
		req.Scheme = "http"
		_, err := c.DescribePhysicalConnections(req)
		return err
	}
	outcome := func(c *vpc.Client, n int) string {
		var s []string
		for i := 0; i < n; i++ {
			if err := describe(c); err != nil {
				s = append(s, "E")
			} else {
				s = append(s, ".")
			}
		}
		return strings.Join(s, "")
	}
	// every 2nd call, at most twice, only for account A (by access key).
	_, err := srv.AddFault(mock.Fault{Name: "every", Match: mock.Match{Action: "DescribePhysicalConnections", Account: srv.AccountA().AccessKeyID},
		When: mock.When{Every: 2, Limit: 2}, Do: &mock.Effect{Error: "ServiceUnavailable"}})
	sdktest.Must(t, err)
	if got := outcome(c, 7); got != ".E.E..." {
		t.Fatalf("every 2, limit 2: got %s; want .E.E...", got)
	}
	if got := outcome(cb, 3); got != "..." {
		t.Fatalf("account B: got %s; want ... (the rule matches account A)", got)
	}
	// A window of ecmock time since the rule was added; account by UID.
	srv.ClearFaults()
	_, err = srv.AddFault(mock.Fault{Name: "window", Match: mock.Match{Account: b.UID},
		When: mock.When{From: 10 * time.Second, Until: time.Minute}, Do: &mock.Effect{Error: "InternalError"}})
	sdktest.Must(t, err)
	if got := outcome(cb, 1); got != "." {
		t.Fatalf("before the window: got %s", got)
	}
	srv.Advance(10 * time.Second)
	sdktest.WantErr(t, describe(cb), "InternalError", 500)
	srv.Advance(50 * time.Second)
	if got := outcome(cb, 1); got != "." {
		t.Fatalf("after the window: got %s", got)
	}
}

func TestFaultMatchersParamsJSONResource(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Clock: "manual", Strict: true})
	c := clientA(t, srv)
	addFault(t, srv, `
name: prod-tag
match:
  action: CreateExpressConnectRouter
  json: {'Tag.#(Key=="env").Value': prod}
do: {error: Conflict.Lock}
`)
	addFault(t, srv, `
name: asn
match: {action: CreateExpressConnectRouter, params: {AlibabaSideAsn: "64512"}}
do: {error: IllegalParam.AlibabaSideAsn}
`)
	_, err := createECR(srv, c, map[string]string{"Tag.1.Key": "team", "Tag.1.Value": "net", "Tag.2.Key": "env", "Tag.2.Value": "prod"})
	sdktest.WantErr(t, err, "Conflict.Lock", 400)
	m, err := createECR(srv, c, map[string]string{"Tag.1.Key": "env", "Tag.1.Value": "dev"})
	sdktest.Must(t, err)
	_, err = createECR(srv, c, map[string]string{"AlibabaSideAsn": "64512"})
	sdktest.WantErr(t, err, "IllegalParam.AlibabaSideAsn", 400)

	// resource: any *Id parameter naming it.
	id := m["EcrId"].(string)
	addFault(t, srv, fmt.Sprintf(`{"name": "one-ecr", "match": {"resource": %q}, "do": {"error": "ServiceUnavailable"}}`, id))
	_, err = sdktest.ECRCall(c, srv, "DescribeExpressConnectRouter", map[string]string{"EcrId": id})
	sdktest.WantErr(t, err, "ServiceUnavailable", 503)
	_, err = sdktest.ECRCall(c, srv, "DescribeExpressConnectRouter", map[string]string{"EcrId": "ecr-other"})
	sdktest.Must(t, err)
}

// --- lifecycle ---

func TestLifecycleReadsFiveWithSDK(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Clock: "manual", Strict: true, Timing: "instant"})
	c := clientA(t, srv)
	addFault(t, srv, `{name: five-reads, lifecycle: {type: PhysicalConnection, from: Allocating, to: Allocated, reads: 5}}`)
	resp, err := createPC(t, c)
	sdktest.Must(t, err)
	for i := 1; i <= 5; i++ {
		if got := describePC(t, c, resp.PhysicalConnectionId); got != "Allocating" {
			t.Fatalf("read %d: got %s; want Allocating", i, got)
		}
	}
	if got := describePC(t, c, resp.PhysicalConnectionId); got != "Allocated" {
		t.Fatalf("read 6: got %s; want Allocated", got)
	}
	if f, _ := srv.Fault("five-reads"); f.Hits != 1 {
		t.Fatalf("hits %d; want 1 (one resource shaped)", f.Hits)
	}
}

func TestLifecycleAttachingFiveReadsAndStuck(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Clock: "manual", Strict: true})
	if _, err := srv.ApplyScenarioYAML("name: world\n" + attachmentFixtures); err != nil {
		t.Fatal(err)
	}
	c := sdktest.CBN(t, srv, srv.AccountA())
	// Attachments stay Attaching for exactly five reads.
	addFault(t, srv, `{name: attach-5, match: {action: CreateTransitRouterEcrAttachment}, lifecycle: {from: Attaching, to: Attached, reads: 5}}`)
	id := attach(t, c)
	srv.Advance(time.Hour) // time does not matter to a reads rule
	for i := 1; i <= 5; i++ {
		if got := attachmentStatus(t, c, id); got != "Attaching" {
			t.Fatalf("read %d: got %s; want Attaching", i, got)
		}
	}
	if got := attachmentStatus(t, c, id); got != "Attached" {
		t.Fatalf("read 6: got %s; want Attached", got)
	}
	// Detach, then an attachment stuck forever (shipped scenario).
	del := cbn.CreateDeleteTransitRouterEcrAttachmentRequest()
	del.Scheme, del.TransitRouterAttachmentId = "http", id
	_, err := c.DeleteTransitRouterEcrAttachment(del)
	sdktest.Must(t, err)
	srv.Advance(time.Hour)
	srv.ClearFaults()
	if err := srv.ApplyScenario("stuck-attaching"); err != nil {
		t.Fatal(err)
	}
	id2 := attach(t, c)
	for i := 0; i < 30; i++ {
		srv.Advance(24 * time.Hour)
		if got := attachmentStatus(t, c, id2); got != "Attaching" {
			t.Fatalf("after %d days: got %s; want Attaching forever", i+1, got)
		}
	}
	// Removing the rule lets the profile finish the transition.
	srv.ClearFaults()
	if got := attachmentStatus(t, c, id2); got != "Attached" {
		t.Fatalf("after the rule is gone: got %s; want Attached", got)
	}
}

func TestLifecycleDiversions(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Clock: "manual", Strict: true})
	c := clientA(t, srv)
	// Initial → Rejected at once (application-rejected scenario).
	if err := srv.ApplyScenario("application-rejected"); err != nil {
		t.Fatal(err)
	}
	r1, err := createPC(t, c)
	sdktest.Must(t, err)
	if got := describePC(t, c, r1.PhysicalConnectionId); got != "Rejected" {
		t.Fatalf("got %s; want Rejected", got)
	}
	srv.Advance(time.Hour)
	if got := describePC(t, c, r1.PhysicalConnectionId); got != "Rejected" {
		t.Fatalf("an hour later: got %s; want Rejected to stay", got)
	}
	// Allocating → "Allocation Failed" after 30s, for one resource only,
	// added after the resource exists.
	srv.ClearFaults()
	r2, err := createPC(t, c)
	sdktest.Must(t, err)
	r3, err := createPC(t, c)
	sdktest.Must(t, err)
	addFault(t, srv, fmt.Sprintf(`{name: alloc-fail, match: {resource: %s}, lifecycle: {from: Allocating, to: "Allocation Failed", after: 30s}}`, r2.PhysicalConnectionId))
	srv.Advance(2 * time.Second) // fast profile: Initial → Approved → Allocating
	if got := describePC(t, c, r2.PhysicalConnectionId); got != "Allocating" {
		t.Fatalf("got %s; want Allocating", got)
	}
	srv.Advance(31 * time.Second)
	if got := describePC(t, c, r2.PhysicalConnectionId); got != "Allocation Failed" {
		t.Fatalf("got %s; want Allocation Failed", got)
	}
	if got := describePC(t, c, r3.PhysicalConnectionId); got != "Allocated" {
		t.Fatalf("other connection: got %s; want Allocated", got)
	}
	// A diversion from a status the profile never leaves (Enabled).
	if err := srv.SetStatus(r3.PhysicalConnectionId, "Enabled"); err != nil {
		t.Fatal(err)
	}
	addFault(t, srv, `{name: enabled-terminating, lifecycle: {type: PhysicalConnection, from: Enabled, to: Terminating, after: 5s}}`)
	srv.Advance(5 * time.Second)
	if got := describePC(t, c, r3.PhysicalConnectionId); got != "Terminating" {
		t.Fatalf("got %s; want Terminating (diverted from Enabled)", got)
	}
}

// --- network effects ---

func TestNetworkFaultsSeenBySDK(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Clock: "manual", Strict: true})
	c := clientA(t, srv)
	for _, kind := range []string{"reset", "drop", "truncate"} {
		t.Run(kind, func(t *testing.T) {
			srv.ClearFaults()
			addFault(t, srv, fmt.Sprintf(`{name: net-%s, match: {action: CreatePhysicalConnection}, when: {calls: "1"}, do: {network: %s}}`, kind, kind))
			_, err := createPC(t, c)
			wantNetworkError(t, err)
			if kind == "reset" && !strings.Contains(err.Error(), "reset") && !strings.Contains(err.Error(), "EOF") {
				t.Fatalf("reset: got %v; want connection reset", err)
			}
			// the next call is not faulted
			_, err = createPC(t, c)
			sdktest.Must(t, err)
			calls := srv.CallsByRule("net-" + kind)
			if len(calls) != 1 || calls[0].Network != kind {
				t.Fatalf("journal: got %+v; want one %s call", calls, kind)
			}
		})
	}
	t.Run("slow", func(t *testing.T) {
		srv.ClearFaults()
		addFault(t, srv, `{name: net-slow, match: {action: CreatePhysicalConnection}, do: {network: slow, chunk: 8, pause: 1ms}}`)
		resp, err := createPC(t, c)
		sdktest.Must(t, err)
		if !strings.HasPrefix(resp.PhysicalConnectionId, "pc-") {
			t.Fatalf("got %+v; want the whole answer, slowly", resp)
		}
		if calls := srv.CallsByRule("net-slow"); len(calls) != 1 || calls[0].Network != "slow" || calls[0].Status != 200 {
			t.Fatalf("journal: got %+v", calls)
		}
	})
	t.Run("slow beyond the read timeout", func(t *testing.T) {
		srv.ClearFaults()
		addFault(t, srv, `{name: net-slower, match: {action: CreatePhysicalConnection}, do: {network: slow, chunk: 4, pause: 2s}}`)
		c2 := clientA(t, srv)
		c2.SetReadTimeout(200 * time.Millisecond)
		_, err := createPC(t, c2)
		wantNetworkError(t, err)
	})
}

func TestDelayHonoursCancelledRequest(t *testing.T) {
	srv, err := mock.Start(mock.Options{Clock: "manual"})
	if err != nil {
		t.Fatal(err)
	}
	c := clientA(t, srv)
	c.SetReadTimeout(100 * time.Millisecond)
	addFault(t, srv, `{name: slow-answer, match: {action: CreatePhysicalConnection}, do: {delay: 30s}}`)
	start := time.Now()
	_, err = createPC(t, c)
	wantNetworkError(t, err)
	if el := time.Since(start); el > 10*time.Second {
		t.Fatalf("the client waited %v; want its own timeout", el)
	}
	// Close waits for calls in flight: the delayed handler must end when the
	// client goes, not after 30 s.
	start = time.Now()
	if err := srv.Close(); err != nil {
		t.Fatalf("close: %v (the delayed call did not end with its client)", err)
	}
	if el := time.Since(start); el > 4*time.Second {
		t.Fatalf("close took %v; the delayed call ignored the cancelled request", el)
	}
	calls := srv.CallsByRule("slow-answer")
	if len(calls) != 1 || calls[0].Code != "ServiceUnavailable" {
		t.Fatalf("journal: got %+v; want the abandoned call recorded", calls)
	}
}

// --- throttling ---

func TestThrottleRecoversWhenBucketRefills(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Clock: "manual", Strict: true})
	c := clientA(t, srv)
	b := srv.AccountB()
	cb := sdktest.VPC(t, srv, b)
	addFault(t, srv, `{name: bucket, match: {action: DescribePhysicalConnections}, do: {throttle: {rate: 2/s, burst: 5}}}`)
	describe := func(c *vpc.Client) error {
		req := vpc.CreateDescribePhysicalConnectionsRequest()
		req.Scheme = "http"
		_, err := c.DescribePhysicalConnections(req)
		return err
	}
	for i := 1; i <= 5; i++ {
		if err := describe(c); err != nil {
			t.Fatalf("call %d within the burst: %v", i, err)
		}
	}
	sdktest.WantErr(t, describe(c), "Throttling.User", 400)
	sdktest.WantErr(t, describe(c), "Throttling.User", 400)
	// Another account has its own bucket.
	sdktest.Must(t, describe(cb))
	// Half a second refills one token; a second two.
	srv.Advance(500 * time.Millisecond)
	sdktest.Must(t, describe(c))
	sdktest.WantErr(t, describe(c), "Throttling.User", 400)
	srv.Advance(time.Second)
	sdktest.Must(t, describe(c))
	sdktest.Must(t, describe(c))
	sdktest.WantErr(t, describe(c), "Throttling.User", 400)
	// Another action is not throttled.
	_, err := createPC(t, c)
	sdktest.Must(t, err)
	if f, _ := srv.Fault("bucket"); f.Hits != 4 {
		t.Fatalf("hits %d; want 4 throttled calls", f.Hits)
	}
}

// --- determinism ---

const seededScenario = `
name: seeded-chaos
seed: 99
faults:
  - name: coin
    match: {product: Vpc}
    when: {probability: 0.4}
    do:
      error: [ServiceUnavailable, InternalError, Throttling.User]
  - name: quota-sometimes
    match: {action: CreatePhysicalConnection}
    when: {probability: 0.3}
    do: {error: QuotaExceeded}
`

// runSeeded applies the seeded scenario on a fresh server, makes the same
// calls, and returns the journal without wall-clock latency.
func runSeeded(t *testing.T, scenario string) []byte {
	t.Helper()
	srv := mock.StartTest(t, mock.Options{Clock: "manual", Strict: true})
	if _, err := srv.ApplyScenarioYAML(scenario); err != nil {
		t.Fatal(err)
	}
	c := clientA(t, srv)
	for i := 0; i < 40; i++ {
		if i%2 == 0 {
			_, _ = createPC(t, c)
		} else {
			req := vpc.CreateDescribePhysicalConnectionsRequest()
			req.Scheme = "http"
			_, _ = c.DescribePhysicalConnections(req)
		}
		srv.Advance(time.Second)
	}
	calls := srv.Journal("")
	for i := range calls {
		calls[i].LatencyMs = 0 // wall time, the one thing a run may not repeat
	}
	b, err := json.Marshal(calls)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestSeededScenarioJournalsIdentical(t *testing.T) {
	a := runSeeded(t, seededScenario)
	b := runSeeded(t, seededScenario)
	if !bytes.Equal(a, b) {
		t.Fatalf("two runs of the same seeded scenario differ:\n%s\n%s", a, b)
	}
	var calls []mock.Call
	_ = json.Unmarshal(a, &calls)
	faulted, rules := 0, map[string]bool{}
	for _, c := range calls {
		if c.Rule != "" {
			faulted++
			rules[c.Rule] = true
		}
	}
	if faulted < 5 || faulted > 35 || !rules["coin"] || !rules["quota-sometimes"] {
		t.Fatalf("%d of %d calls faulted by %v; want a seeded mix of both rules", faulted, len(calls), rules)
	}
	other := runSeeded(t, strings.Replace(seededScenario, "seed: 99", "seed: 100", 1))
	if bytes.Equal(a, other) {
		t.Fatal("another seed gave the same journal")
	}
}

// A refused rule's mistakes are readable through the mock package's own
// types: a user needs no internal package.
func TestRefusedRuleErrorsThroughMockTypes(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Clock: "manual"})
	_, err := srv.AddFault(mock.Fault{Name: "bad", Match: mock.Match{Action: "NoSuchAction"}, Do: &mock.Effect{Error: "Conflict.Lock"}})
	var errs mock.Errors
	if !errors.As(err, &errs) || len(errs) == 0 {
		t.Fatalf("AddFault error %v (%T); want mock.Errors", err, err)
	}
	if errs[0].Field == "" || errs[0].Msg == "" {
		t.Errorf("first mistake %+v; want its field and message", errs[0])
	}
}
