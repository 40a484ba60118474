package mock_test

import (
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/cbn"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"

	"github.com/ecmock/ecmock/internal/sdktest"
	"github.com/ecmock/ecmock/mock"
)

// TestProvisioningPath runs the path a real team automates, on two accounts,
// with the official SDK: partner A's physical connection → a hosted
// connection for tenant B → B's Express Connect Router → association with B's
// transit router → ECR attachment; every state it passes through is asserted.
func TestProvisioningPath(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Clock: "manual", Strict: true})
	A, B := srv.AccountA(), srv.AccountB()
	va, vb := sdktest.VPC(t, srv, A), sdktest.VPC(t, srv, B)
	pcStatus := func(c *vpc.Client, id string) string {
		t.Helper()
		r := vpc.CreateDescribePhysicalConnectionsRequest()
		r.Scheme = "http"
		r.Filter = &[]vpc.DescribePhysicalConnectionsFilter{{Key: "PhysicalConnectionId", Value: &[]string{id}}}
		resp, err := c.DescribePhysicalConnections(r)
		if err != nil || len(resp.PhysicalConnectionSet.PhysicalConnectionType) != 1 {
			t.Fatalf("DescribePhysicalConnections %s: %v, %+v", id, err, resp)
		}
		return resp.PhysicalConnectionSet.PhysicalConnectionType[0].Status
	}
	step := func() { srv.Advance(time.Second) } // fast timing: one second per cloud-side step

	// 1. Partner A: physical connection Initial → Approved → Allocating → Allocated → Confirmed → Enabled.
	created, err := createPC(t, va)
	if err != nil {
		t.Fatal(err)
	}
	pc := created.PhysicalConnectionId
	for _, want := range []string{"Initial", "Approved", "Allocating", "Allocated"} {
		if got := pcStatus(va, pc); got != want {
			t.Fatalf("physical connection: got %s; want %s", got, want)
		}
		step()
	}
	confirm := vpc.CreateConfirmPhysicalConnectionRequest()
	confirm.Scheme, confirm.PhysicalConnectionId = "http", pc
	if _, err := va.ConfirmPhysicalConnection(confirm); err != nil {
		t.Fatal(err)
	}
	if got := pcStatus(va, pc); got != "Confirmed" {
		t.Fatalf("got %s; want Confirmed", got)
	}
	enable := vpc.CreateEnablePhysicalConnectionRequest()
	enable.Scheme, enable.PhysicalConnectionId = "http", pc
	if _, err := va.EnablePhysicalConnection(enable); err != nil {
		t.Fatal(err)
	}
	if got := pcStatus(va, pc); got != "Enabled" {
		t.Fatalf("got %s; want Enabled", got)
	}

	// 2. A hosted connection for tenant B: UnConfirmed until B confirms, seen by both.
	hreq := vpc.CreateCreateVirtualPhysicalConnectionRequest()
	hreq.Scheme, hreq.PhysicalConnectionId, hreq.VpconnAliUid = "http", pc, requests.Integer(B.UID)
	hreq.VlanId, hreq.Spec, hreq.OrderMode = requests.Integer("100"), "50M", "PayByVirtualPhysicalConnectionOwner"
	hresp, err := va.CreateVirtualPhysicalConnection(hreq)
	if err != nil {
		t.Fatal(err)
	}
	hosted := hresp.VirtualPhysicalConnection
	list := func() vpc.VirtualPhysicalConnection {
		t.Helper()
		r := vpc.CreateListVirtualPhysicalConnectionsRequest()
		r.Scheme, r.VirtualPhysicalConnectionIds = "http", &[]string{hosted}
		l, err := va.ListVirtualPhysicalConnections(r)
		if err != nil || len(l.VirtualPhysicalConnections) != 1 {
			t.Fatalf("ListVirtualPhysicalConnections: %v %+v", err, l)
		}
		return l.VirtualPhysicalConnections[0]
	}
	if got := list(); got.VirtualPhysicalConnectionStatus != "UnConfirmed" || got.AliUid != B.UID {
		t.Fatalf("partner sees %s for %s; want UnConfirmed for %s", got.VirtualPhysicalConnectionStatus, got.AliUid, B.UID)
	}
	confirm.PhysicalConnectionId = hosted
	if _, err := vb.ConfirmPhysicalConnection(confirm); err != nil {
		t.Fatalf("tenant's confirmation: %v", err)
	}
	if got := list(); got.VirtualPhysicalConnectionStatus != "Confirmed" || got.Status != "Enabled" {
		t.Fatalf("partner sees %s/%s; want Confirmed/Enabled", got.VirtualPhysicalConnectionStatus, got.Status)
	}
	if got := pcStatus(vb, hosted); got != "Enabled" {
		t.Fatalf("tenant sees %s; want Enabled", got)
	}

	// 3. Tenant B: CEN and transit router (Creating → Active), ECR (ACTIVE at once).
	cb := sdktest.CBN(t, srv, B)
	cenReq := cbn.CreateCreateCenRequest()
	cenReq.Scheme, cenReq.Name = "http", "tenant-cen"
	cen, err := cb.CreateCen(cenReq)
	if err != nil {
		t.Fatal(err)
	}
	step()
	trReq := cbn.CreateCreateTransitRouterRequest()
	trReq.Scheme, trReq.CenId, trReq.RegionId = "http", cen.CenId, "cn-hangzhou"
	tr, err := cb.CreateTransitRouter(trReq)
	if err != nil {
		t.Fatal(err)
	}
	trStatus := func() string {
		r := cbn.CreateListTransitRoutersRequest()
		r.Scheme, r.TransitRouterId, r.RegionId = "http", tr.TransitRouterId, "cn-hangzhou"
		l, err := cb.ListTransitRouters(r)
		if err != nil || len(l.TransitRouters) != 1 {
			t.Fatalf("ListTransitRouters: %v %+v", err, l)
		}
		return l.TransitRouters[0].Status
	}
	if got := trStatus(); got != "Creating" {
		t.Fatalf("transit router: got %s; want Creating", got)
	}
	ecrB := sdktest.ECR(t, srv, B)
	ecrCall := func(action string, p map[string]string) map[string]any {
		t.Helper()
		m, err := ecrB(action, p)
		if err != nil {
			t.Fatalf("%s: %v", action, err)
		}
		return m
	}
	ecr := ecrCall("CreateExpressConnectRouter", map[string]string{"AlibabaSideAsn": "64512", "Name": "tenant-ecr"})["EcrId"].(string)
	ecrStatus := func() string {
		l := ecrCall("DescribeExpressConnectRouter", map[string]string{"EcrId": ecr})["EcrList"].([]any)
		return l[0].(map[string]any)["Status"].(string)
	}
	if got := ecrStatus(); got != "ACTIVE" {
		t.Fatalf("ECR: got %s; want ACTIVE", got)
	}
	step()
	if got := trStatus(); got != "Active" {
		t.Fatalf("transit router: got %s; want Active", got)
	}

	// 4. Association with the transit router: the ECR shows ASSOCIATING, then ACTIVE.
	ecrCall("CreateExpressConnectRouterAssociation", map[string]string{"EcrId": ecr, "TransitRouterId": tr.TransitRouterId,
		"TransitRouterOwnerId": B.UID, "AssociationRegionId": "cn-hangzhou"})
	if got := ecrStatus(); got != "ASSOCIATING" {
		t.Fatalf("ECR: got %s; want ASSOCIATING", got)
	}
	step()
	if got := ecrStatus(); got != "ACTIVE" {
		t.Fatalf("ECR: got %s; want ACTIVE once associated", got)
	}

	// 5. The attachment: Attaching (ECR LOCKED_ATTACHING) → Attached.
	areq := cbn.CreateCreateTransitRouterEcrAttachmentRequest()
	areq.Scheme, areq.TransitRouterId, areq.EcrId, areq.CenId, areq.RegionId = "http", tr.TransitRouterId, ecr, cen.CenId, "cn-hangzhou"
	att, err := cb.CreateTransitRouterEcrAttachment(areq)
	if err != nil {
		t.Fatal(err)
	}
	attStatus := func() string {
		r := cbn.CreateListTransitRouterEcrAttachmentsRequest()
		r.Scheme, r.TransitRouterAttachmentId, r.RegionId = "http", att.TransitRouterAttachmentId, "cn-hangzhou"
		l, err := cb.ListTransitRouterEcrAttachments(r)
		if err != nil || len(l.TransitRouterAttachments) != 1 {
			t.Fatalf("ListTransitRouterEcrAttachments: %v %+v", err, l)
		}
		return l.TransitRouterAttachments[0].Status
	}
	if got, ecrGot := attStatus(), ecrStatus(); got != "Attaching" || ecrGot != "LOCKED_ATTACHING" {
		t.Fatalf("got attachment %s, ECR %s; want Attaching, LOCKED_ATTACHING", got, ecrGot)
	}
	step()
	if got, ecrGot := attStatus(), ecrStatus(); got != "Attached" || ecrGot != "ACTIVE" {
		t.Fatalf("got attachment %s, ECR %s; want Attached, ACTIVE", got, ecrGot)
	}

	// The journal saw both accounts.
	if n := len(srv.Journal("ConfirmPhysicalConnection")); n != 2 {
		t.Fatalf("journal has %d ConfirmPhysicalConnection calls; want 2 (partner and tenant)", n)
	}
}
