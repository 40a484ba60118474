package vpc_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"

	"github.com/ecmock/ecmock/internal/sdktest"
)

// TestWholeLife drives a physical connection through its whole life with the
// real SDK: create → Initial → Approved → Allocating → Allocated on ecmock's
// clock → Confirm → Enable → Terminate → Terminating → Terminated → Delete.
func TestWholeLife(t *testing.T) {
	e := newEnv(t)
	id := e.mustCreate(e.a, func(r *vpc.CreatePhysicalConnectionRequest) {
		r.PortType = "10GBase-LR"
		r.Bandwidth = requests.NewInteger(100)
		r.CircuitCode = "longtel001"
		r.Description = "my connection"
	})
	if !strings.HasPrefix(id, "pc-") || len(id) != 23 {
		t.Fatalf("got ID %q; want pc- and 20 base-36 characters", id)
	}
	p := e.get(e.a, id)
	if p == nil {
		t.Fatal("got no connection; want the new one")
	}
	want := map[string]string{
		"Status": "Initial", "AccessPointId": "ap-cn-hangzhou-yh-B", "LineOperator": "CT", "PeerLocation": "Hangzhou DC1",
		"Name": "pc-one", "PortType": "10GBase-LR", "Spec": "10G", "Type": "VPC", "CircuitCode": "longtel001",
		"Description": "my connection", "BusinessStatus": "Normal", "ProductType": "PhysicalConnection",
		"CreationTime": "2026-01-01T00:00:00Z", "PortNumber": "", "EnabledTime": "", "LoaStatus": "",
	}
	got := map[string]string{
		"Status": p.Status, "AccessPointId": p.AccessPointId, "LineOperator": p.LineOperator, "PeerLocation": p.PeerLocation,
		"Name": p.Name, "PortType": p.PortType, "Spec": p.Spec, "Type": p.Type, "CircuitCode": p.CircuitCode,
		"Description": p.Description, "BusinessStatus": p.BusinessStatus, "ProductType": p.ProductType,
		"CreationTime": p.CreationTime, "PortNumber": p.PortNumber, "EnabledTime": p.EnabledTime, "LoaStatus": p.LoaStatus,
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: got %q; want %q", k, got[k], w)
		}
	}
	if p.Bandwidth != 100 {
		t.Errorf("Bandwidth: got %d; want 100", p.Bandwidth)
	}

	// The cloud reviews and allocates on ecmock's clock (fast: 1s a step).
	for _, st := range []string{"Approved", "Allocating", "Allocated"} {
		e.srv.Advance(time.Second)
		e.wantStatus(e.a, id, st)
	}
	p = e.get(e.a, id)
	if !strings.HasPrefix(p.PortNumber, "1/1/") || !strings.HasPrefix(p.AdLocation, "ap-cn-hangzhou-yh-B") {
		t.Fatalf("got PortNumber %q AdLocation %q; want a port once Allocated", p.PortNumber, p.AdLocation)
	}
	// Allocated stays Allocated until the customer confirms.
	e.srv.Advance(time.Hour)
	e.wantStatus(e.a, id, "Allocated")

	sdktest.MustOK(t, "ConfirmPhysicalConnection", e.confirm(e.a, id))
	e.wantStatus(e.a, id, "Confirmed")
	e.srv.Advance(time.Minute)
	sdktest.MustOK(t, "EnablePhysicalConnection", e.enable(e.a, id))
	p = e.get(e.a, id)
	if p.Status != "Enabled" || p.EnabledTime != "2026-01-01T01:01:03Z" {
		t.Fatalf("got %s enabled at %q; want Enabled at 2026-01-01T01:01:03Z", p.Status, p.EnabledTime)
	}

	sdktest.MustOK(t, "TerminatePhysicalConnection", e.terminate(e.a, id))
	e.wantStatus(e.a, id, "Terminating")
	e.srv.Advance(time.Second)
	e.wantStatus(e.a, id, "Terminated")

	sdktest.MustOK(t, "DeletePhysicalConnection", e.del(e.a, id))
	if resp := e.describeAll(e.a, nil); resp.TotalCount != 0 {
		t.Fatalf("got %d connections after delete; want 0", resp.TotalCount)
	}
	sdktest.WantErr(t, e.del(e.a, id), "InvalidPhysicalConnectionId.NotFound", 404)
}

// TestCancel covers the Cancel path from every cancelable status and the
// ones that are not.
func TestCancel(t *testing.T) {
	e := newEnv(t)
	e.srv.SetQuota(e.srv.AccountA().AccessKeyID, "PhysicalConnectionsNotEnabled", 50)
	for _, st := range []string{"Initial", "Approved", "Allocated", "Confirmed"} {
		id := e.mustCreate(e.a, nil)
		if st != "Initial" {
			e.advanceTo(e.a, id, map[string]string{"Approved": "Approved", "Allocated": "Allocated", "Confirmed": "Allocated"}[st])
		}
		if st == "Confirmed" {
			sdktest.MustOK(t, "ConfirmPhysicalConnection", e.confirm(e.a, id))
		}
		e.wantStatus(e.a, id, st)
		sdktest.MustOK(t, "CancelPhysicalConnection in "+st, e.cancel(e.a, id))
		e.wantStatus(e.a, id, "Canceled")
		e.srv.Advance(time.Hour)
		e.wantStatus(e.a, id, "Canceled")
		sdktest.WantErr(t, e.cancel(e.a, id), "Forbidden.NotAllowedInState", 400)
		sdktest.MustOK(t, "DeletePhysicalConnection of a canceled connection", e.del(e.a, id))
	}
	id := e.mustCreate(e.a, nil)
	e.advanceTo(e.a, id, "Allocating")
	sdktest.WantErr(t, e.cancel(e.a, id), "Forbidden.NotAllowedInState", 400)
	e.advanceTo(e.a, id, "Allocated")
	sdktest.MustOK(t, "confirm", e.confirm(e.a, id))
	sdktest.MustOK(t, "enable", e.enable(e.a, id))
	sdktest.WantErr(t, e.cancel(e.a, id), "Forbidden.NotAllowedInState", 400)
	sdktest.WantErr(t, e.cancel(e.a, "pc-doesnotexist0000000"), "InvalidPhysicalConnectionId.NotFound", 404)
	sdktest.WantErr(t, e.cancel(e.b, id), "InvalidPhysicalConnectionId.NotFound", 404)
}

// TestRejectedAndAllocationFailed: the cloud's diversions, Modify of a
// Rejected connection back to Initial, and Delete of both.
func TestRejectedAndAllocationFailed(t *testing.T) {
	e := newEnv(t)
	id := e.mustCreate(e.a, nil)
	e.force(id, "Rejected")
	e.srv.Advance(time.Hour)
	e.wantStatus(e.a, id, "Rejected")
	sdktest.MustOK(t, "ModifyPhysicalConnectionAttribute", e.modify(e.a, id, func(r *vpc.ModifyPhysicalConnectionAttributeRequest) {
		r.PeerLocation = "Hangzhou DC2"
		r.Name = "renamed"
		r.PortType = "100Base-T"
		r.Bandwidth = requests.NewInteger(2)
		r.LineOperator = "CU"
		r.CircuitCode = "c2"
		r.Description = "changed"
	}))
	p := e.get(e.a, id)
	if p.Status != "Initial" || p.PeerLocation != "Hangzhou DC2" || p.Name != "renamed" || p.PortType != "100Base-T" ||
		p.Spec != "100M" || p.Bandwidth != 2 || p.LineOperator != "CU" || p.CircuitCode != "c2" || p.Description != "changed" {
		t.Fatalf("got %+v; want the modified connection back in Initial", p)
	}
	// Back in review: Initial moves on again.
	e.srv.Advance(time.Second)
	e.wantStatus(e.a, id, "Approved")
	sdktest.WantErr(t, e.modify(e.a, id, func(r *vpc.ModifyPhysicalConnectionAttributeRequest) { r.CircuitCode = "again" }), "InvalidStatus", 400)
	sdktest.MustOK(t, "rename an Approved connection", e.modify(e.a, id, func(r *vpc.ModifyPhysicalConnectionAttributeRequest) { r.Name = "again" }))
	sdktest.WantErr(t, e.del(e.a, id), "Forbidden.NotAllowedInState", 400)
	e.force(id, "Rejected")
	sdktest.MustOK(t, "delete rejected", e.del(e.a, id))

	id = e.mustCreate(e.a, nil)
	e.advanceTo(e.a, id, "Allocating")
	e.force(id, "Allocation Failed")
	e.srv.Advance(time.Hour)
	e.wantStatus(e.a, id, "Allocation Failed")
	sdktest.WantErr(t, e.modify(e.a, id, func(r *vpc.ModifyPhysicalConnectionAttributeRequest) { r.Name = "x1" }), "InvalidStatus", 400)
	sdktest.MustOK(t, "delete allocation failed", e.del(e.a, id))
}

// TestLOAAndOrders: LOA applied, available, completed; occupancy order
// enables; setup order creates a connection.
func TestLOAAndOrders(t *testing.T) {
	e := newEnv(t)
	id := e.allocated(e.a)

	loa, err := e.describeLOA(e.a, id)
	sdktest.MustOK(t, "DescribePhysicalConnectionLOA", err)
	if loa.PhysicalConnectionLOAType.InstanceId != id || loa.PhysicalConnectionLOAType.Status != "" {
		t.Fatalf("got %+v; want an empty LOA of %s", loa.PhysicalConnectionLOAType, id)
	}

	_, err = e.a.ApplyPhysicalConnectionLOA(applyLOAReq(id))
	sdktest.MustOK(t, "ApplyPhysicalConnectionLOA", err)
	loa, err = e.describeLOA(e.a, id)
	sdktest.MustOK(t, "DescribePhysicalConnectionLOA", err)
	l := loa.PhysicalConnectionLOAType
	if l.Status != "Applying" || l.CompanyName != "Example Co" || l.CompanyLocalizedName != "Example Co" ||
		l.ConstructionTime != "2026-02-28T16:00:00Z" || l.LineType != "SDH" || l.SI != "Example Installer" || l.LoaUrl != "" {
		t.Fatalf("got %+v; want the applied LOA in Applying", l)
	}
	if len(l.PMInfo.PMInfoItem) != 1 || l.PMInfo.PMInfoItem[0].PMName != "Mike" || l.PMInfo.PMInfoItem[0].PMContactInfo != "13200000000" {
		t.Fatalf("got PMInfo %+v; want Mike", l.PMInfo)
	}
	if p := e.get(e.a, id); p.LoaStatus != "Applying" {
		t.Fatalf("got LoaStatus %q; want Applying", p.LoaStatus)
	}
	sdktest.WantErr(t, e.completeLOA(e.a, id), "Forbidden.NotAllowedInState", 400)

	e.srv.Advance(time.Second)
	loa, _ = e.describeLOA(e.a, id)
	if loa.PhysicalConnectionLOAType.Status != "Available" || !strings.Contains(loa.PhysicalConnectionLOAType.LoaUrl, id) {
		t.Fatalf("got %+v; want an Available LOA with a URL", loa.PhysicalConnectionLOAType)
	}
	sdktest.MustOK(t, "CompletePhysicalConnectionLOA", e.completeLOA(e.a, id))
	loa, _ = e.describeLOA(e.a, id)
	if l := loa.PhysicalConnectionLOAType; l.Status != "Completing" || l.LineCode != "aaa111" || l.LineLabel != "bbb222" {
		t.Fatalf("got %+v; want Completing with the line code and label", l)
	}
	e.srv.Advance(time.Second)
	if p := e.get(e.a, id); p.LoaStatus != "Complete" {
		t.Fatalf("got LoaStatus %q; want Complete", p.LoaStatus)
	}
	_, err = e.a.ApplyPhysicalConnectionLOA(applyLOAReq(id))
	sdktest.WantErr(t, err, "Forbidden.NotAllowedInState", 400)

	// Occupancy order: only Confirmed; AutoPay enables.
	_, err = e.occupancy(e.a, id, nil)
	sdktest.WantErr(t, err, "Forbidden.NotAllowedInState", 400)
	sdktest.MustOK(t, "confirm", e.confirm(e.a, id))
	resp, err := e.occupancy(e.a, id, func(r *vpc.CreatePhysicalConnectionOccupancyOrderRequest) {
		r.InstanceChargeType = "PrePaid"
		r.Period = requests.NewInteger(2)
		r.PricingCycle = "Year"
	})
	sdktest.MustOK(t, "CreatePhysicalConnectionOccupancyOrder", err)
	if len(resp.Data.OrderId) != 15 {
		t.Fatalf("got order %q; want a 15-digit order ID", resp.Data.OrderId)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(resp.GetHttpContentBytes(), &raw); err != nil {
		t.Fatal(err)
	}
	if string(raw["code"]) != `"200"` || string(raw["success"]) != "true" || string(raw["message"]) != `"successful"` ||
		string(raw["httpStatusCode"]) != "200" || raw["data"] != nil {
		t.Fatalf("got %s; want the example's code, success, message, httpStatusCode and no lower-case data", resp.GetHttpContentString())
	}
	// Go's case-insensitive encoding/json decodes the answer into an
	// SDK-shaped struct (the lower-case data would break it).
	var sdkShaped struct{ Data struct{ OrderId string } }
	if err := json.Unmarshal(resp.GetHttpContentBytes(), &sdkShaped); err != nil || sdkShaped.Data.OrderId != resp.Data.OrderId {
		t.Fatalf("encoding/json into the SDK shape: %v, %+v", err, sdkShaped)
	}
	p := e.get(e.a, id)
	if p.Status != "Enabled" || p.ChargeType != "Prepaid" || !strings.HasPrefix(p.EndTime, "2028-01-01T") {
		t.Fatalf("got %s %s until %s; want Enabled Prepaid for two years", p.Status, p.ChargeType, p.EndTime)
	}

	// AutoPay=false leaves the connection Confirmed.
	id2 := e.allocated(e.a)
	sdktest.MustOK(t, "confirm", e.confirm(e.a, id2))
	_, err = e.occupancy(e.a, id2, func(r *vpc.CreatePhysicalConnectionOccupancyOrderRequest) { r.AutoPay = requests.NewBoolean(false) })
	sdktest.MustOK(t, "unpaid occupancy order", err)
	e.wantStatus(e.a, id2, "Confirmed")

	// Setup order: a new connection in Initial.
	sreq := vpc.CreateCreatePhysicalConnectionSetupOrderRequest()
	sreq.Scheme, sreq.AccessPointId, sreq.LineOperator, sreq.PortType = "http", "ap-cn-hangzhou-xd-A", "CM", "1000Base-LX"
	sresp, err := e.a.CreatePhysicalConnectionSetupOrder(sreq)
	sdktest.MustOK(t, "CreatePhysicalConnectionSetupOrder", err)
	if len(sresp.OrderId) != 15 || !strings.HasPrefix(sresp.PhysicalConnectionId, "pc-") {
		t.Fatalf("got %+v; want an order and a connection", sresp)
	}
	if p := e.get(e.a, sresp.PhysicalConnectionId); p == nil || p.Status != "Initial" || p.AccessPointId != "ap-cn-hangzhou-xd-A" || p.PortType != "1000Base-LX" || p.LineOperator != "CM" {
		t.Fatalf("got %+v; want the setup order's connection in Initial", p)
	}
	sreq.AccessPointId = "cn-nowhere"
	_, err = e.a.CreatePhysicalConnectionSetupOrder(sreq)
	sdktest.WantErr(t, err, "InvalidAccessPointId.NotEnabled", 400)
	sreq.AccessPointId, sreq.RedundantPhysicalConnectionId = "ap-cn-hangzhou-xd-A", "pc-doesnotexist0000000"
	_, err = e.a.CreatePhysicalConnectionSetupOrder(sreq)
	sdktest.WantErr(t, err, "InvalidRedundantPhysicalConnectionId.NotFound", 400)
	sreq.RedundantPhysicalConnectionId, sreq.LineOperator = "", "XX"
	_, err = e.a.CreatePhysicalConnectionSetupOrder(sreq)
	sdktest.WantErr(t, err, "InvalidLineOperator.Malformd", 400)
	sreq.LineOperator, sreq.PortType = "CT", "E1-2M"
	_, err = e.a.CreatePhysicalConnectionSetupOrder(sreq)
	sdktest.WantErr(t, err, "InvalidPortType.Malformd", 400)
}

// TestHostedConnections: the tenant sees and confirms a hosted connection,
// the partner deletes it; the quota ignores it.
func TestHostedConnections(t *testing.T) {
	e := newEnv(t)
	parent := e.enabled(e.a)
	h := e.addHosted(e.aUID, e.bUID, parent, 10)

	p := e.get(e.b, h)
	if p == nil || p.ProductType != "VirtualPhysicalConnection" || p.Status != "Confirmed" || p.VpconnStatus != "UnConfirmed" ||
		p.ParentPhysicalConnectionId != parent || p.VlanId != "10" || p.ParentPhysicalConnectionAliUid == 0 {
		t.Fatalf("got %+v; want the tenant's unconfirmed hosted connection", p)
	}
	if pp := e.get(e.a, parent); pp.VirtualPhysicalConnectionCount != 1 {
		t.Fatalf("got VirtualPhysicalConnectionCount %d; want 1", pp.VirtualPhysicalConnectionCount)
	}
	if e.get(e.a, h) != nil {
		t.Fatal("the partner's list shows the tenant's hosted connection; want only the tenant's")
	}
	// The partner cannot confirm; the tenant cannot enable, cancel,
	// terminate, modify or delete it.
	sdktest.WantErr(t, e.confirm(e.a, h), "InvalidPhysicalConnectionId.NotFound", 404)
	sdktest.WantErr(t, e.enable(e.b, h), "Forbidden.NotAllowedInState", 400)
	sdktest.WantErr(t, e.cancel(e.b, h), "Forbidden.NotAllowedInState", 400)
	sdktest.WantErr(t, e.terminate(e.b, h), "Forbidden.NotAllowedInState", 400)
	sdktest.WantErr(t, e.modify(e.b, h, func(r *vpc.ModifyPhysicalConnectionAttributeRequest) { r.Name = "mine" }), "InvalidStatus", 400)
	sdktest.WantErr(t, e.del(e.b, h), "Forbidden.NotAllowedInState", 400)

	sdktest.MustOK(t, "tenant ConfirmPhysicalConnection", e.confirm(e.b, h))
	p = e.get(e.b, h)
	if p.Status != "Enabled" || p.VpconnStatus != "Confirmed" || p.EnabledTime == "" {
		t.Fatalf("got %s / %s enabled %q; want Enabled / Confirmed", p.Status, p.VpconnStatus, p.EnabledTime)
	}
	sdktest.WantErr(t, e.confirm(e.b, h), "Forbidden.NotAllowedInState", 400)

	// Hosted connections never count against the five not Enabled.
	for i := 0; i < 5; i++ {
		e.addHosted(e.aUID, e.bUID, parent, 20+i)
	}
	for i := 0; i < 5; i++ {
		e.mustCreate(e.b, nil)
	}
	_, err := e.create(e.b, nil)
	sdktest.WantErr(t, err, "QuotaExceeded.freePconnPerAP", 400)

	// The partner deletes it, once no VBR remains on it.
	vbr := e.addVBR(e.bUID, h)
	sdktest.WantErr(t, e.del(e.a, h), "Forbidden.AssociateToVBR", 400)
	e.drop(vbr)
	sdktest.MustOK(t, "partner DeletePhysicalConnection", e.del(e.a, h))
	if e.get(e.b, h) != nil {
		t.Fatal("the hosted connection is still listed after the partner deleted it")
	}
}

// TestIdempotentCreate: the same ClientToken returns the first connection.
func TestIdempotentCreate(t *testing.T) {
	e := newEnv(t)
	mod := func(r *vpc.CreatePhysicalConnectionRequest) { r.ClientToken = "tok-1" }
	a := e.mustCreate(e.a, mod)
	b := e.mustCreate(e.a, mod)
	if a != b {
		t.Fatalf("got %s then %s; want the same ID for the same ClientToken", a, b)
	}
	if n := e.describeAll(e.a, nil).TotalCount; n != 1 {
		t.Fatalf("got %d connections; want 1", n)
	}
}

// TestDescribeFiltersAndPages: filters (OR within a key, AND across keys),
// pagination, reservation fields, region scoping.
func TestDescribeFiltersAndPages(t *testing.T) {
	e := newEnv(t)
	var ids []string
	for i, op := range []string{"CT", "CU", "CM", "CT", "Equinix"} {
		name := []string{"alpha", "beta", "gamma", "delta", "eps"}[i]
		ids = append(ids, e.mustCreate(e.a, func(r *vpc.CreatePhysicalConnectionRequest) { r.LineOperator = op; r.Name = name }))
	}
	e.advanceTo(e.a, ids[0], "Approved")
	e.force(ids[1], "Initial")

	filter := func(kv ...any) func(*vpc.DescribePhysicalConnectionsRequest) {
		return func(r *vpc.DescribePhysicalConnectionsRequest) {
			var fs []vpc.DescribePhysicalConnectionsFilter
			for i := 0; i < len(kv); i += 2 {
				vals := kv[i+1].([]string)
				fs = append(fs, vpc.DescribePhysicalConnectionsFilter{Key: kv[i].(string), Value: &vals})
			}
			r.Filter = &fs
		}
	}
	cases := []struct {
		name string
		mod  func(*vpc.DescribePhysicalConnectionsRequest)
		want int
	}{
		{"no filter", nil, 5},
		{"operator CT", filter("LineOperator", []string{"CT"}), 2},
		{"operator CT or CU", filter("LineOperator", []string{"CT", "CU"}), 3},
		{"CT and Initial", filter("LineOperator", []string{"CT"}, "Status", []string{"Initial"}), 0},
		{"Initial", filter("Status", []string{"Initial"}), 1},
		{"Approved", filter("Status", []string{"Approved"}), 4},
		{"name", filter("Name", []string{"gamma"}), 1},
		{"access point", filter("AccessPointId", []string{"ap-cn-hangzhou-yh-B"}), 5},
		{"type", filter("Type", []string{"VPC"}), 5},
		{"spec", filter("Spec", []string{"1G"}), 5},
		{"id", filter("PhysicalConnectionId", []string{ids[3], ids[4]}), 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp := e.describeAll(e.a, tc.mod)
			if resp.TotalCount != tc.want || len(resp.PhysicalConnectionSet.PhysicalConnectionType) != tc.want {
				t.Fatalf("got %d (%d listed); want %d", resp.TotalCount, len(resp.PhysicalConnectionSet.PhysicalConnectionType), tc.want)
			}
		})
	}

	page := e.describeAll(e.a, func(r *vpc.DescribePhysicalConnectionsRequest) {
		r.PageSize, r.PageNumber = requests.NewInteger(2), requests.NewInteger(3)
	})
	if page.TotalCount != 5 || page.PageNumber != 3 || page.PageSize != 2 || len(page.PhysicalConnectionSet.PhysicalConnectionType) != 1 ||
		page.PhysicalConnectionSet.PhysicalConnectionType[0].PhysicalConnectionId != ids[4] {
		t.Fatalf("got %+v; want page 3 of size 2 holding the fifth connection", page)
	}
	if d := e.describeAll(e.a, nil); d.PageNumber != 1 || d.PageSize != 10 {
		t.Fatalf("got page %d size %d; want the defaults 1 and 10", d.PageNumber, d.PageSize)
	}

	// Reservation fields only on request.
	e.setAttr(ids[0], "ReservationOrderType", "RENEW")
	raw := e.describeAll(e.a, byID(ids[0])).GetHttpContentString()
	if !strings.Contains(raw, `"HasReservationData":"false"`) || strings.Contains(raw, "RENEW") {
		t.Fatalf("got %s; want empty reservation fields without IncludeReservationData", raw)
	}
	resv := e.describeAll(e.a, func(r *vpc.DescribePhysicalConnectionsRequest) {
		byID(ids[0])(r)
		r.IncludeReservationData = requests.NewBoolean(true)
	})
	if p := resv.PhysicalConnectionSet.PhysicalConnectionType[0]; p.HasReservationData != "true" || p.ReservationOrderType != "RENEW" {
		t.Fatalf("got %+v; want HasReservationData true with RENEW", p)
	}

	// Another region shows nothing.
	req := vpc.CreateDescribePhysicalConnectionsRequest()
	req.Scheme, req.RegionId = "http", "cn-shanghai"
	resp, err := e.a.DescribePhysicalConnections(req)
	sdktest.MustOK(t, "describe cn-shanghai", err)
	if resp.TotalCount != 0 {
		t.Fatalf("got %d connections in cn-shanghai; want 0", resp.TotalCount)
	}
}

// TestModifyByStatus pins the status rule of ModifyPhysicalConnectionAttribute
// (catalogue note): Name and Description change in any status but the four
// the reference forbids; other parameters only in Initial/Rejected unless
// sent with their current value (Terraform sends LineOperator every time).
func TestModifyByStatus(t *testing.T) {
	e := newEnv(t)
	id := e.allocated(e.a)
	for _, st := range []string{"Confirmed", "Enabled", "Terminating"} {
		e.force(id, st)
		sdktest.MustOK(t, "rename in "+st, e.modify(e.a, id, func(r *vpc.ModifyPhysicalConnectionAttributeRequest) {
			r.Name, r.Description = "n-"+st, "d-"+st
			r.LineOperator = e.get(e.a, id).LineOperator
		}))
		if p := e.get(e.a, id); p.Name != "n-"+st || p.Description != "d-"+st || p.Status != st {
			t.Fatalf("in %s: got %+v; want renamed, status kept", st, p)
		}
		sdktest.WantErr(t, e.modify(e.a, id, func(r *vpc.ModifyPhysicalConnectionAttributeRequest) { r.PortType = "10GBase-LR" }), "InvalidStatus", 400)
	}
	for _, st := range []string{"Canceled", "Allocating", "Allocation Failed", "Terminated"} {
		e.force(id, st)
		sdktest.WantErr(t, e.modify(e.a, id, func(r *vpc.ModifyPhysicalConnectionAttributeRequest) { r.Name = "late" }), "InvalidStatus", 400)
	}
}
