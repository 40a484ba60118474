package client_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ecmock/ecmock/contracts/client"
	"github.com/ecmock/ecmock/mock"
)

// clockSleeper replaces the client's sleeping by advancing ecmock's manual
// clock, and records every pause the client asked for.
type clockSleeper struct {
	srv *mock.Server
	mu  sync.Mutex
	got []time.Duration
	// before runs before the clock moves (a test's hook into the wait).
	before func(n int)
}

func (s *clockSleeper) sleep(_ context.Context, d time.Duration) error {
	s.mu.Lock()
	s.got = append(s.got, d)
	n := len(s.got)
	s.mu.Unlock()
	if s.before != nil {
		s.before(n)
	}
	s.srv.Advance(d)
	return nil
}

func (s *clockSleeper) pauses() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.got...)
}

// newClient aims a reference client at srv as account A, sleeping on srv's
// manual clock.
func newClient(t *testing.T, srv *mock.Server, endpoint string) (*client.Client, *clockSleeper) {
	t.Helper()
	a := srv.AccountA()
	c, err := client.New(client.Config{Endpoint: endpoint, AccessKeyID: a.AccessKeyID,
		AccessKeySecret: a.AccessKeySecret, RegionID: "cn-hangzhou"})
	if err != nil {
		t.Fatal(err)
	}
	sl := &clockSleeper{srv: srv}
	c.Sleep = sl.sleep
	c.Now = srv.Now
	return c, sl
}

func pcSpec(name string) client.PhysicalConnectionSpec {
	return client.PhysicalConnectionSpec{AccessPointID: "ap-cn-hangzhou-yh-B", LineOperator: "CT",
		PeerLocation: "Hangzhou DC 3", PortType: "1000Base-LX", Bandwidth: 100, Name: name}
}

func TestWaitFollowsPollPolicyUntilAllocated(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Clock: "manual", Timing: "realistic", Strict: true})
	c, sl := newClient(t, srv, srv.Endpoint())
	c.Poll.Timeout = 2 * time.Hour
	ctx := context.Background()
	start := srv.Now()

	id, err := c.CreatePhysicalConnection(ctx, pcSpec("wait"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(id, "pc-") {
		t.Fatalf("got ID %q; want pc-...", id)
	}
	pc, err := c.WaitPhysicalConnection(ctx, id, client.PCAllocated)
	if err != nil {
		t.Fatal(err)
	}
	if pc.Status != client.PCAllocated || pc.ID != id || pc.AccessPointID != "ap-cn-hangzhou-yh-B" {
		t.Fatalf("got %+v; want %s Allocated at ap-cn-hangzhou-yh-B", pc, id)
	}
	// Realistic timing: 10m review + 5m approval + 30m allocation.
	if waited := srv.Now().Sub(start); waited < 45*time.Minute || waited > 45*time.Minute+10*time.Second {
		t.Fatalf("waited %s of ecmock time; want 45m plus at most one interval", waited)
	}
	got := sl.pauses()
	want := []time.Duration{3 * time.Second, 3 * time.Second, 6 * time.Second, 10 * time.Second, 10 * time.Second}
	for i, w := range want {
		if got[i] != w {
			t.Fatalf("pause %d: got %s; want %s (all: %v)", i+1, got[i], w, got[:len(want)])
		}
	}
	for i, d := range got[len(want):] {
		if d != 10*time.Second {
			t.Fatalf("pause %d: got %s; want 10s", len(want)+i+1, d)
		}
	}
	reads := len(srv.Journal("DescribePhysicalConnections"))
	if reads != len(got) {
		t.Fatalf("got %d reads for %d pauses; want one read after each pause", reads, len(got))
	}
}

func TestWaitGivesUpAtTheDeadline(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Clock: "manual", Timing: "realistic", Strict: true})
	c, _ := newClient(t, srv, srv.Endpoint())
	c.Poll = client.PollPolicy{Delay: time.Second, Intervals: []time.Duration{30 * time.Second}, Timeout: 5 * time.Minute}
	ctx := context.Background()
	id, err := c.CreatePhysicalConnection(ctx, pcSpec("deadline"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.WaitPhysicalConnection(ctx, id, client.PCAllocated)
	var we *client.WaitError
	if !errors.As(err, &we) {
		t.Fatalf("got %v; want a *WaitError", err)
	}
	if !strings.Contains(we.Reason, "deadline of 5m0s exceeded") || we.Last != client.PCInitial || we.ID != id {
		t.Fatalf("got %+v; want the 5m deadline exceeded while Initial", we)
	}
	// 1s, then 30s pauses: the read at 5m01s is the first past the deadline.
	if we.Polls != 11 || we.Waited != 5*time.Minute+time.Second {
		t.Fatalf("got %d polls in %s; want 11 polls in 5m1s", we.Polls, we.Waited)
	}
	if !strings.Contains(err.Error(), "waiting for Allocated physical connection "+id) {
		t.Fatalf("message %q does not say what was waited for", err)
	}
}

func TestWaitFailsOnAllocationFailed(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Clock: "manual", Timing: "realistic", Strict: true})
	c, sl := newClient(t, srv, srv.Endpoint())
	ctx := context.Background()
	id, err := c.CreatePhysicalConnection(ctx, pcSpec("fails"))
	if err != nil {
		t.Fatal(err)
	}
	sl.before = func(n int) {
		if n == 3 {
			if err := srv.SetStatus(id, client.PCAllocationFailed); err != nil {
				t.Error(err)
			}
		}
	}
	_, err = c.WaitPhysicalConnection(ctx, id, client.PCAllocated)
	var we *client.WaitError
	if !errors.As(err, &we) || we.Last != client.PCAllocationFailed || we.Polls != 3 {
		t.Fatalf("got %v; want a *WaitError on the third read, last status Allocation Failed", err)
	}
	if !strings.Contains(err.Error(), `failure status "Allocation Failed"`) {
		t.Fatalf("message %q does not name the failure status", err)
	}
}

func TestWaitGivesUpWhenNotFound(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Clock: "manual", Strict: true})
	c, _ := newClient(t, srv, srv.Endpoint())
	c.Poll.NotFoundLimit = 4
	_, err := c.WaitPhysicalConnection(context.Background(), "pc-doesnotexist000000000", client.PCEnabled)
	var we *client.WaitError
	if !errors.As(err, &we) || we.Polls != 4 || !strings.Contains(we.Reason, "not found in 4 reads in a row") {
		t.Fatalf("got %v; want a *WaitError after 4 reads that found nothing", err)
	}
}

func TestQuotaExceededIsNotRetried(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Clock: "manual", Strict: true})
	if err := srv.SetQuota(srv.AccountA().AccessKeyID, "PhysicalConnectionsNotEnabled", 1); err != nil {
		t.Fatal(err)
	}
	c, sl := newClient(t, srv, srv.Endpoint())
	ctx := context.Background()
	if _, err := c.CreatePhysicalConnection(ctx, pcSpec("first")); err != nil {
		t.Fatal(err)
	}
	_, err := c.CreatePhysicalConnection(ctx, pcSpec("second"))
	var e *client.Error
	if !errors.As(err, &e) {
		t.Fatalf("got %v; want a *client.Error", err)
	}
	if e.Code != "QuotaExceeded.freePconnPerAP" || e.HTTPStatus != 400 || e.Attempts != 1 ||
		e.Action != "CreatePhysicalConnection" || e.RequestID == "" {
		t.Fatalf("got %+v; want QuotaExceeded.freePconnPerAP, HTTP 400, 1 attempt, a request ID", e)
	}
	if n := len(srv.Journal("CreatePhysicalConnection")); n != 2 {
		t.Fatalf("ecmock received %d CreatePhysicalConnection calls; want 2 (no retry)", n)
	}
	if p := sl.pauses(); len(p) != 0 {
		t.Fatalf("client paused %v; want no pause", p)
	}
}

func TestValidationErrorIsNotRetried(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Clock: "manual", Strict: true})
	c, _ := newClient(t, srv, srv.Endpoint())
	s := pcSpec("bad")
	s.LineOperator = "XX"
	_, err := c.CreatePhysicalConnection(context.Background(), s)
	if code := client.ErrorCode(err); code != "InvalidLineOperator.Malformd" {
		t.Fatalf("got %v; want InvalidLineOperator.Malformd", err)
	}
	var e *client.Error
	errors.As(err, &e)
	if e.Attempts != 1 || len(srv.Journal("CreatePhysicalConnection")) != 1 {
		t.Fatalf("got %d attempts, %d calls; want 1", e.Attempts, len(srv.Journal("CreatePhysicalConnection")))
	}
}

// TestRetriesServerErrorsWithOneClientToken puts a proxy in front of ecmock
// that answers the first two calls with a documented 503 envelope.
func TestRetriesServerErrorsWithOneClientToken(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Clock: "manual", Strict: true})
	var calls atomic.Int32
	var mu sync.Mutex
	var tokens []string
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		tokens = append(tokens, r.URL.Query().Get("ClientToken"))
		mu.Unlock()
		if calls.Add(1) <= 2 {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte(`{"RequestId":"6FABF516-FED3-5697-BDA2-B18C5D9A0001","HostId":"vpc.aliyuncs.com","Code":"ServiceUnavailable","Message":"The request has failed due to a temporary failure of the server."}`))
			return
		}
		srv.Handler().ServeHTTP(w, r)
	}))
	t.Cleanup(proxy.Close)
	c, sl := newClient(t, srv, strings.TrimPrefix(proxy.URL, "http://"))
	id, err := c.CreatePhysicalConnection(context.Background(), pcSpec("retried"))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := srv.Resource(id); !ok {
		t.Fatalf("ecmock has no %s", id)
	}
	if len(tokens) != 3 || tokens[0] == "" || tokens[0] != tokens[1] || tokens[1] != tokens[2] {
		t.Fatalf("ClientTokens %q; want 3 identical non-empty tokens", tokens)
	}
	if got, want := sl.pauses(), []time.Duration{time.Second, 2 * time.Second}; len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("backoff %v; want %v", got, want)
	}
}

func TestNetworkErrorsAreRetriedThenReported(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Clock: "manual"})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := ln.Addr().String()
	ln.Close()
	c, sl := newClient(t, srv, dead)
	c.Retry = func(action, code string, attempt int) bool { return attempt < 3 && client.Retryable(action, code) }
	_, err = c.CreatePhysicalConnection(context.Background(), pcSpec("net"))
	var e *client.Error
	if !errors.As(err, &e) || e.Code != "" || e.HTTPStatus != 0 || e.Attempts != 3 {
		t.Fatalf("got %v; want a network *client.Error after 3 attempts", err)
	}
	if !strings.Contains(e.Error(), "no HTTP answer") {
		t.Fatalf("message %q does not say there was no answer", e)
	}
	if n := len(sl.pauses()); n != 2 {
		t.Fatalf("got %d pauses; want 2", n)
	}
}

func TestContextCancelStopsAWait(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Clock: "manual", Timing: "realistic"})
	c, _ := newClient(t, srv, srv.Endpoint())
	ctx, cancel := context.WithCancel(context.Background())
	id, err := c.CreatePhysicalConnection(ctx, pcSpec("cancel"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	c.Sleep = func(ctx context.Context, d time.Duration) error {
		if n++; n == 2 {
			cancel()
		}
		return client.RealSleep(ctx, 0)
	}
	_, err = c.WaitPhysicalConnection(ctx, id, client.PCAllocated)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v; want context.Canceled", err)
	}
}

func TestRetryable(t *testing.T) {
	tests := []struct {
		action, code string
		want         bool
	}{
		{"CreateExpressConnectRouter", "Conflict.Lock", true},
		{"CreateExpressConnectRouter", "QuotaExceeded.EcrCountPerUser", false},
		{"CreateExpressConnectRouter", "IllegalParamFormat.Name", false},
		{"DeleteExpressConnectRouter", "Conflict.Lock", true},
		{"CreateExpressConnectRouterAssociation", "Conflict.Lock", true},
		{"CreateTransitRouterEcrAttachment", "Operation.Blocking", true},
		{"CreateTransitRouterEcrAttachment", "IncorrectStatus.TransitRouter", true},
		{"CreateTransitRouterEcrAttachment", "InvalidStatus.ResourceStatus", true},
		{"CreateTransitRouterEcrAttachment", "IncorrectStatus.EcrResource", true},
		{"CreateTransitRouterEcrAttachment", "Throttling.User", true},
		{"CreateTransitRouterEcrAttachment", "QuotaExceeded.TransitRouterAttachment", false},
		{"DeleteTransitRouterEcrAttachment", "IncorrectStatus.EcrResource", true},
		{"DeleteTransitRouterEcrAttachment", "IncorrectStatus.TransitRouter", false},
		{"CreateVirtualBorderRouter", "TaskConflict", true},
		{"CreatePhysicalConnection", "Conflict.Lock", false},
		{"CreatePhysicalConnection", "QuotaExceeded.freePconnPerAP", false},
		{"CreatePhysicalConnection", "Throttling", true},
		{"CreatePhysicalConnection", "ServiceUnavailable", true},
		{"CreatePhysicalConnection", "InternalError", true},
		{"CreatePhysicalConnection", "", true},
	}
	for _, tt := range tests {
		if got := client.Retryable(tt.action, tt.code); got != tt.want {
			t.Errorf("Retryable(%s, %q) = %v; want %v", tt.action, tt.code, got, tt.want)
		}
	}
	if client.DefaultRetry("CreateExpressConnectRouter", "Conflict.Lock", client.DefaultMaxAttempts) {
		t.Errorf("DefaultRetry retries after %d attempts; want it to stop", client.DefaultMaxAttempts)
	}
}

func TestPollPolicyIntervals(t *testing.T) {
	p := client.DefaultPollPolicy()
	want := []time.Duration{3 * time.Second, 6 * time.Second, 10 * time.Second, 10 * time.Second, 10 * time.Second}
	for i, w := range want {
		if got := p.Interval(i + 1); got != w {
			t.Errorf("Interval(%d) = %s; want %s", i+1, got, w)
		}
	}
	if got := p.MinInterval(); got != 3*time.Second {
		t.Errorf("MinInterval() = %s; want 3s", got)
	}
	if got := client.DefaultBackoff("X", 1); got != time.Second {
		t.Errorf("DefaultBackoff(1) = %s; want 1s", got)
	}
	if got := client.DefaultBackoff("X", 9); got != 10*time.Second {
		t.Errorf("DefaultBackoff(9) = %s; want 10s", got)
	}
}

func TestProvisionAndDeletePhysicalConnection(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Clock: "manual", Timing: "fast", Strict: true})
	c, sl := newClient(t, srv, srv.Endpoint())
	ctx := context.Background()
	pc, err := c.ProvisionPhysicalConnection(ctx, pcSpec("provisioned"))
	if err != nil {
		t.Fatal(err)
	}
	if pc.Status != client.PCEnabled {
		t.Fatalf("got status %q; want Enabled", pc.Status)
	}
	for _, action := range []string{"CreatePhysicalConnection", "ConfirmPhysicalConnection", "EnablePhysicalConnection"} {
		if n := len(srv.Journal(action)); n != 1 {
			t.Fatalf("ecmock received %d %s calls; want 1", n, action)
		}
	}
	if min := c.Poll.MinInterval(); len(sl.pauses()) == 0 {
		t.Fatal("the client never paused while waiting")
	} else {
		for _, d := range sl.pauses() {
			if d < min {
				t.Fatalf("paused %s; the policy never asks for less than %s", d, min)
			}
		}
	}
	if err := c.DeletePhysicalConnection(ctx, pc.ID); err != nil {
		t.Fatal(err)
	}
	if _, ok := srv.Resource(pc.ID); ok {
		t.Fatalf("%s still exists after DeletePhysicalConnection", pc.ID)
	}
	if n := len(srv.Journal("TerminatePhysicalConnection")); n != 1 {
		t.Fatalf("ecmock received %d TerminatePhysicalConnection calls; want 1", n)
	}
	// Deleting what is gone is done at once.
	if err := c.DeletePhysicalConnection(ctx, pc.ID); err != nil {
		t.Fatalf("second delete: %v", err)
	}
}

func TestExpressConnectRouterToTransitRouter(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Clock: "manual", Timing: "fast", Strict: true})
	c, _ := newClient(t, srv, srv.Endpoint())
	ctx := context.Background()
	cen, err := c.CreateCen(ctx, "pact-cen")
	if err != nil {
		t.Fatal(err)
	}
	tr, err := c.CreateTransitRouter(ctx, cen, "pact-tr")
	if err != nil {
		t.Fatal(err)
	}
	if tr.Status != client.TRActive || tr.CenID != cen {
		t.Fatalf("got %+v; want an Active transit router in %s", tr, cen)
	}
	ecrID, err := c.CreateECR(ctx, client.ECRSpec{Name: "edge", AlibabaSideAsn: 64512, Tags: map[string]string{"env": "test"}})
	if err != nil {
		t.Fatal(err)
	}
	ecr, err := c.GetECR(ctx, ecrID)
	if err != nil || ecr == nil || ecr.Status != client.ECRActive || ecr.AlibabaSideAsn != "64512" {
		t.Fatalf("GetECR: %+v, %v; want ACTIVE with ASN 64512", ecr, err)
	}
	assoc, err := c.CreateECRAssociation(ctx, client.AssociationSpec{EcrID: ecrID, AssociationRegionID: "cn-hangzhou",
		TransitRouterID: tr.ID, CenID: cen})
	if err != nil {
		t.Fatal(err)
	}
	if assoc.Status != client.AssociationActive && assoc.Status != client.AssociationInactive {
		t.Fatalf("association %+v; want ACTIVE or INACTIVE", assoc)
	}
	att, err := c.CreateTransitRouterEcrAttachment(ctx, client.AttachmentSpec{CenID: cen, TransitRouterID: tr.ID, EcrID: ecrID, Name: "att"})
	if err != nil {
		t.Fatal(err)
	}
	if att.Status != client.AttachmentAttached || att.EcrID != ecrID {
		t.Fatalf("attachment %+v; want Attached to %s", att, ecrID)
	}
	if err := c.DeleteTransitRouterEcrAttachment(ctx, att.ID); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteECRAssociation(ctx, ecrID, assoc.ID); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteECR(ctx, ecrID); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{att.ID, assoc.ID, ecrID} {
		if _, ok := srv.Resource(id); ok {
			t.Fatalf("%s still exists", id)
		}
	}
	// ResourceNotFound.EcrId on delete means done.
	if err := c.DeleteECR(ctx, ecrID); err != nil {
		t.Fatalf("deleting a deleted ECR: %v", err)
	}
	if codes := journalCodes(srv, "DeleteExpressConnectRouter"); len(codes) != 2 || codes[1] != "ResourceNotFound.EcrId" {
		t.Fatalf("DeleteExpressConnectRouter answers %q; want the second to be ResourceNotFound.EcrId", codes)
	}
}

func TestECRQuotaExceededIsNotRetried(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Clock: "manual", Strict: true})
	if err := srv.SetQuota(srv.AccountA().AccessKeyID, "EcrCountPerUser", 0); err != nil {
		t.Fatal(err)
	}
	c, sl := newClient(t, srv, srv.Endpoint())
	_, err := c.CreateECR(context.Background(), client.ECRSpec{Name: "over"})
	var e *client.Error
	if !errors.As(err, &e) || e.Code != "QuotaExceeded.EcrCountPerUser" || e.HTTPStatus != 400 || e.Attempts != 1 {
		t.Fatalf("got %v; want QuotaExceeded.EcrCountPerUser (400) after 1 attempt", err)
	}
	if len(sl.pauses()) != 0 || len(srv.Journal("CreateExpressConnectRouter")) != 1 {
		t.Fatal("the client retried a QuotaExceeded answer")
	}
}

func TestHostedConnection(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Clock: "manual", Timing: "fast", Strict: true})
	c, _ := newClient(t, srv, srv.Endpoint())
	ctx := context.Background()
	pc, err := c.ProvisionPhysicalConnection(ctx, pcSpec("partner"))
	if err != nil {
		t.Fatal(err)
	}
	h, err := c.CreateHostedConnection(ctx, client.HostedConnectionSpec{PhysicalConnectionID: pc.ID, VlanID: 202,
		Spec: "50M", OrderMode: "PayByPhysicalConnectionOwner", TenantUID: srv.AccountB().UID, Name: "hosted"})
	if err != nil {
		t.Fatal(err)
	}
	if h.ParentPhysicalConnectionID != pc.ID || h.VirtualPhysicalConnectionStatus != "UnConfirmed" || h.VlanID != "202" {
		t.Fatalf("got %+v; want an UnConfirmed hosted connection on %s, VLAN 202", h, pc.ID)
	}
}

func journalCodes(srv *mock.Server, action string) []string {
	var out []string
	for _, e := range srv.Journal(action) {
		out = append(out, e.Code)
	}
	return out
}

func TestCreateECRRetriesInjectedConflictLock(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Clock: "manual", Strict: true})
	if _, err := srv.AddFault(mock.Fault{Name: "lock", Match: mock.Match{Action: "CreateExpressConnectRouter"},
		When: mock.When{Calls: "1-2"}, Do: &mock.Effect{Error: "Conflict.Lock"}}); err != nil {
		t.Fatal(err)
	}
	c, sl := newClient(t, srv, srv.Endpoint())
	id, err := c.CreateECR(context.Background(), client.ECRSpec{Name: "locked"})
	if err != nil {
		t.Fatal(err)
	}
	if codes := journalCodes(srv, "CreateExpressConnectRouter"); len(codes) != 3 || codes[0] != "Conflict.Lock" || codes[2] != "" {
		t.Fatalf("CreateExpressConnectRouter answers %q; want Conflict.Lock twice, then success", codes)
	}
	if got := sl.pauses(); len(got) != 2 || got[0] != time.Second || got[1] != 2*time.Second {
		t.Fatalf("backoff %v; want [1s 2s]", got)
	}
	if _, ok := srv.Resource(id); !ok {
		t.Fatalf("%s was not created", id)
	}
}

func TestAttachmentWaitsThroughAttaching(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Clock: "manual", Timing: "fast", Strict: true})
	c, sl := newClient(t, srv, srv.Endpoint())
	ctx := context.Background()
	cen, err := c.CreateCen(ctx, "cen")
	if err != nil {
		t.Fatal(err)
	}
	tr, err := c.CreateTransitRouter(ctx, cen, "tr")
	if err != nil {
		t.Fatal(err)
	}
	ecrID, err := c.CreateECR(ctx, client.ECRSpec{Name: "edge"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateECRAssociation(ctx, client.AssociationSpec{EcrID: ecrID, AssociationRegionID: "cn-hangzhou",
		TransitRouterID: tr.ID, CenID: cen}); err != nil {
		t.Fatal(err)
	}
	// Attachments stay Attaching for 4 reads, whatever the clock says.
	if _, err := srv.AddFault(mock.Fault{Name: "slow-attach", Lifecycle: &mock.Lifecycle{Type: "TransitRouterEcrAttachment",
		From: "Attaching", Reads: 4}}); err != nil {
		t.Fatal(err)
	}
	before := len(srv.Journal("ListTransitRouterEcrAttachments"))
	paused := len(sl.pauses())
	att, err := c.CreateTransitRouterEcrAttachment(ctx, client.AttachmentSpec{CenID: cen, TransitRouterID: tr.ID, EcrID: ecrID})
	if err != nil {
		t.Fatal(err)
	}
	if att.Status != client.AttachmentAttached {
		t.Fatalf("got %+v; want Attached", att)
	}
	reads := len(srv.Journal("ListTransitRouterEcrAttachments")) - before
	if reads != 5 {
		t.Fatalf("the client read the attachment %d times; want 4 reads finding it Attaching, then the one finding it Attached", reads)
	}
	want := []time.Duration{3 * time.Second, 3 * time.Second, 6 * time.Second, 10 * time.Second, 10 * time.Second}
	got := sl.pauses()[paused:]
	for i, w := range want {
		if i >= len(got) || got[i] != w {
			t.Fatalf("pauses %v; want %v", got, want)
		}
	}
}

func TestVBRCreateAndDelete(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Clock: "manual", Timing: "fast", Strict: true})
	c, _ := newClient(t, srv, srv.Endpoint())
	ctx := context.Background()
	pc, err := c.ProvisionPhysicalConnection(ctx, pcSpec("for-vbr"))
	if err != nil {
		t.Fatal(err)
	}
	vbr, err := c.CreateVBR(ctx, client.VBRSpec{PhysicalConnectionID: pc.ID, VlanID: 101, LocalGatewayIP: "10.0.0.1",
		PeerGatewayIP: "10.0.0.2", PeeringSubnetMask: "255.255.255.252", Name: "vbr"})
	if err != nil {
		t.Fatal(err)
	}
	if vbr.Status != client.VBRActive || vbr.PhysicalConnectionID != pc.ID || vbr.VlanID != 101 {
		t.Fatalf("got %+v; want an active VBR on %s, VLAN 101", vbr, pc.ID)
	}
	if err := c.DeleteVBR(ctx, vbr.ID); err != nil {
		t.Fatal(err)
	}
	if _, ok := srv.Resource(vbr.ID); ok {
		t.Fatalf("%s still exists", vbr.ID)
	}
	if err := c.DeleteVBR(ctx, vbr.ID); err != nil {
		t.Fatalf("deleting a deleted VBR: %v", err)
	}
}
