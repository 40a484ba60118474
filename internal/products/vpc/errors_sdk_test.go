package vpc_test

import (
	"strings"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"

	"github.com/ecmock/ecmock/internal/sdktest"
)

const unknownPC = "pc-doesnotexist0000000"

// TestCreateErrors: every documented error of CreatePhysicalConnection, by
// name, with the SDK's parsed code and HTTP status.
func TestCreateErrors(t *testing.T) {
	e := newEnv(t)
	own := e.mustCreate(e.a, nil)    // Initial: not a valid redundant connection
	other := e.mustCreate(e.b, nil)  // another account's
	long := strings.Repeat("x", 257) // over PeerLocation's 256
	cases := []struct {
		name string
		mod  func(*vpc.CreatePhysicalConnectionRequest)
		code string
	}{
		{"missing access point", func(r *vpc.CreatePhysicalConnectionRequest) { r.AccessPointId = "" }, "MissingParameter"},
		{"access point", func(r *vpc.CreatePhysicalConnectionRequest) { r.AccessPointId = "cn-hangzhou-yh-B" }, "InvalidAccessPointId.NotEnabled"},
		{"type", func(r *vpc.CreatePhysicalConnectionRequest) { r.Type = "VBR" }, "InvalidType.Malformd"},
		{"peer location", func(r *vpc.CreatePhysicalConnectionRequest) { r.PeerLocation = long }, "InvalidPeerLocation.Malformd"},
		{"line operator", func(r *vpc.CreatePhysicalConnectionRequest) { r.LineOperator = "XX" }, "InvalidLineOperator.Malformd"},
		{"port type", func(r *vpc.CreatePhysicalConnectionRequest) { r.PortType = "E1-2M" }, "InvalidPortType.Malformd"},
		{"description", func(r *vpc.CreatePhysicalConnectionRequest) { r.Description = "1 starts with a digit" }, "InvalidDescription.Malformed"},
		{"name", func(r *vpc.CreatePhysicalConnectionRequest) { r.Name = "http://x" }, "InvalidName.Malformed"},
		{"bandwidth low", func(r *vpc.CreatePhysicalConnectionRequest) { r.Bandwidth = requests.NewInteger(4) }, "InvalidBandwidth"},
		{"bandwidth high", func(r *vpc.CreatePhysicalConnectionRequest) { r.Bandwidth = requests.NewInteger(5001) }, "InvalidBandwidth"},
		{"circuit code", func(r *vpc.CreatePhysicalConnectionRequest) { r.CircuitCode = strings.Repeat("c", 129) }, "InvalidCircuitCode.Malformed"},
		{"client token", func(r *vpc.CreatePhysicalConnectionRequest) { r.ClientToken = strings.Repeat("t", 65) }, "InvalidParameter"},
		{"redundant unknown", func(r *vpc.CreatePhysicalConnectionRequest) { r.RedundantPhysicalConnectionId = unknownPC }, "InvalidRedundantPhysicalConnectionId.NotFound"},
		{"redundant other account", func(r *vpc.CreatePhysicalConnectionRequest) { r.RedundantPhysicalConnectionId = other }, "InvalidRedundantPhysicalConnection"},
		{"redundant status", func(r *vpc.CreatePhysicalConnectionRequest) { r.RedundantPhysicalConnectionId = own }, "InvalidRedundantPhysicalConnectionStatus"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.create(e.a, tc.mod)
			sdktest.WantErr(t, err, tc.code, 400)
		})
	}
	// A valid redundant connection (Allocated) is accepted.
	e.advanceTo(e.a, own, "Allocated")
	e.mustCreate(e.a, func(r *vpc.CreatePhysicalConnectionRequest) { r.RedundantPhysicalConnectionId = own })

	// Quotas: five not Enabled (two exist now), then per access point.
	for i := 0; i < 3; i++ {
		e.mustCreate(e.a, nil)
	}
	_, err := e.create(e.a, nil)
	se := sdktest.WantErr(t, err, "QuotaExceeded.freePconnPerAP", 400)
	if se.Message() != "free physical connections count excceeded." {
		t.Fatalf("got message %q; want the documented one", se.Message())
	}
	if err := e.srv.SetQuota(e.srv.AccountA().AccessKeyID, "PhysicalConnectionsNotEnabled", 100); err != nil {
		t.Fatal(err)
	}
	if err := e.srv.SetQuota(e.srv.AccountA().AccessKeyID, "PhysicalConnectionsPerAccessPoint", 4); err != nil {
		t.Fatal(err)
	}
	_, err = e.create(e.a, nil)
	sdktest.WantErr(t, err, "QuotaExceeded.pConnPerAP", 400)
	e.mustCreate(e.a, func(r *vpc.CreatePhysicalConnectionRequest) { r.AccessPointId = "ap-cn-hangzhou-xd-A" })

	// An overdue payment blocks new applications.
	e.setAttr(own, "BusinessStatus", "FinancialLocked")
	_, err = e.create(e.a, func(r *vpc.CreatePhysicalConnectionRequest) { r.AccessPointId = "ap-cn-hangzhou-xd-A" })
	sdktest.WantErr(t, err, "Forbidden.FinancialLocked", 400)
}

// TestModifyErrors: every documented error of ModifyPhysicalConnectionAttribute.
func TestModifyErrors(t *testing.T) {
	e := newEnv(t)
	id := e.mustCreate(e.a, nil)
	initial := e.mustCreate(e.a, nil)
	other := e.allocated(e.b)
	good := e.allocated(e.a)
	e.force(id, "Initial")
	e.force(initial, "Initial")
	type mod = func(*vpc.ModifyPhysicalConnectionAttributeRequest)
	cases := []struct {
		name   string
		id     string
		mod    mod
		code   string
		status int
	}{
		{"not found", unknownPC, nil, "InvalidPhysicalConnectionId.NotFound", 404},
		{"other account's", other, nil, "InvalidPhysicalConnectionId.NotFound", 404},
		{"line operator", id, func(r *vpc.ModifyPhysicalConnectionAttributeRequest) { r.LineOperator = "XX" }, "InvalidLineOperator.Malformd", 400},
		{"peer location", id, func(r *vpc.ModifyPhysicalConnectionAttributeRequest) { r.PeerLocation = strings.Repeat("p", 257) }, "InvalidPeerLocation.Malformd", 400},
		{"port type", id, func(r *vpc.ModifyPhysicalConnectionAttributeRequest) { r.PortType = "E1-2M" }, "InvalidPortType.Malformd", 400},
		{"description", id, func(r *vpc.ModifyPhysicalConnectionAttributeRequest) { r.Description = "x" }, "InvalidDescription.Malformed", 400},
		{"name", id, func(r *vpc.ModifyPhysicalConnectionAttributeRequest) { r.Name = "-bad" }, "InvalidName.Malformed", 400},
		{"bandwidth", id, func(r *vpc.ModifyPhysicalConnectionAttributeRequest) { r.Bandwidth = requests.NewInteger(10241) }, "InvalidBandwidth", 400},
		{"circuit code", id, func(r *vpc.ModifyPhysicalConnectionAttributeRequest) { r.CircuitCode = strings.Repeat("c", 129) }, "InvalidCircuitCode.Malformed", 400},
		{"redundant other account", id, func(r *vpc.ModifyPhysicalConnectionAttributeRequest) { r.RedundantPhysicalConnectionId = other }, "InvalidRedundantPhysicalConnection", 400},
		{"redundant unknown", id, func(r *vpc.ModifyPhysicalConnectionAttributeRequest) { r.RedundantPhysicalConnectionId = unknownPC }, "InvalidRedundantPhysicalConnection", 400},
		{"redundant status", id, func(r *vpc.ModifyPhysicalConnectionAttributeRequest) { r.RedundantPhysicalConnectionId = initial }, "InvalidRedundantPhysicalConnectionStatus", 400},
		{"configuration after Initial", good, func(r *vpc.ModifyPhysicalConnectionAttributeRequest) { r.PeerLocation = "elsewhere" }, "InvalidStatus", 400},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sdktest.WantErr(t, e.modify(e.a, tc.id, tc.mod), tc.code, tc.status)
		})
	}
	sdktest.MustOK(t, "modify with a valid redundant connection", e.modify(e.a, id, func(r *vpc.ModifyPhysicalConnectionAttributeRequest) {
		r.RedundantPhysicalConnectionId = good
	}))
	if p := e.get(e.a, id); p.RedundantPhysicalConnectionId != good {
		t.Fatalf("got redundant %q; want %q", p.RedundantPhysicalConnectionId, good)
	}
}

// TestStateErrors: NotFound and Forbidden.NotAllowedInState of Terminate,
// Enable, Confirm and Delete, reached from state.
func TestStateErrors(t *testing.T) {
	e := newEnv(t)
	id := e.mustCreate(e.a, nil)
	sdktest.WantErr(t, e.terminate(e.a, unknownPC), "InvalidPhysicalConnectionId.NotFound", 404)
	sdktest.WantErr(t, e.terminate(e.a, id), "Forbidden.NotAllowedInState", 400)
	sdktest.WantErr(t, e.enable(e.a, unknownPC), "InvalidPhysicalConnectionId.NotFound", 404)
	sdktest.WantErr(t, e.confirm(e.a, unknownPC), "InvalidPhysicalConnectionId.NotFound", 404)
	sdktest.WantErr(t, e.del(e.a, unknownPC), "InvalidPhysicalConnectionId.NotFound", 404)
	for _, st := range []string{"Initial", "Approved", "Allocating"} {
		e.wantStatus(e.a, id, st)
		sdktest.WantErr(t, e.enable(e.a, id), "Forbidden.NotAllowedInState", 400)
		sdktest.WantErr(t, e.confirm(e.a, id), "Forbidden.NotAllowedInState", 400)
		sdktest.WantErr(t, e.del(e.a, id), "Forbidden.NotAllowedInState", 400)
		e.srv.Advance(time.Second)
	}
	e.wantStatus(e.a, id, "Allocated")
	sdktest.WantErr(t, e.enable(e.a, id), "Forbidden.NotAllowedInState", 400)
	sdktest.MustOK(t, "confirm", e.confirm(e.a, id))
	sdktest.WantErr(t, e.confirm(e.a, id), "Forbidden.NotAllowedInState", 400)
	sdktest.WantErr(t, e.terminate(e.a, id), "Forbidden.NotAllowedInState", 400)
	sdktest.MustOK(t, "enable", e.enable(e.a, id))
	sdktest.WantErr(t, e.enable(e.a, id), "Forbidden.NotAllowedInState", 400)
	sdktest.WantErr(t, e.del(e.a, id), "Forbidden.NotAllowedInState", 400)

	// Another account's connection is not found.
	sdktest.WantErr(t, e.terminate(e.b, id), "InvalidPhysicalConnectionId.NotFound", 404)
	sdktest.WantErr(t, e.del(e.b, id), "InvalidPhysicalConnectionId.NotFound", 404)

	// Terminate waits for the VBRs to go.
	vbr := e.addVBR(e.aUID, id)
	sdktest.WantErr(t, e.terminate(e.a, id), "Forbidden.NotAllowedInState", 400)
	e.drop(vbr)
	sdktest.MustOK(t, "terminate", e.terminate(e.a, id))
	sdktest.WantErr(t, e.terminate(e.a, id), "Forbidden.NotAllowedInState", 400)
	sdktest.WantErr(t, e.del(e.a, id), "Forbidden.NotAllowedInState", 400) // Terminating
	e.srv.Advance(time.Second)
	e.wantStatus(e.a, id, "Terminated")

	// Delete: the owner's VBR, then another account's VBR, each by message.
	own := e.addVBR(e.aUID, id)
	se := sdktest.WantErr(t, e.del(e.a, id), "Forbidden.VBRExists", 400)
	if se.Message() != "physical connection owner's vbr still exists." {
		t.Fatalf("got %q; want the owner's VBR message", se.Message())
	}
	e.drop(own)
	e.addVBR(e.bUID, id)
	se = sdktest.WantErr(t, e.del(e.a, id), "Forbidden.VBRExists", 400)
	if se.Message() != "vbr owner's vbr still exists." {
		t.Fatalf("got %q; want the VBR owner's message", se.Message())
	}

	// Delete's parameter rules.
	sdktest.WantErr(t, e.del(e.a, "vbr-123"), "InvalidPhysicalConnectionId.NotMatched", 400)
	req := vpc.CreateDeletePhysicalConnectionRequest()
	req.Scheme, req.PhysicalConnectionId = "http", id
	for _, cidr := range []string{"10.0.0.0/8,10.1.0.0/16,10.2.0.0/16,10.3.0.0/16", "not-a-cidr"} {
		req.QueryParams["UserCidr"] = cidr
		_, err := e.a.DeletePhysicalConnection(req)
		sdktest.WantErr(t, err, "InvalidParameter", 400)
	}
}

// TestLOAAndOrderErrors: the decided NotFound / NotAllowedInState of the
// LOA and order actions, and their parameter rules.
func TestLOAAndOrderErrors(t *testing.T) {
	e := newEnv(t)
	id := e.mustCreate(e.a, nil)

	_, err := e.a.ApplyPhysicalConnectionLOA(applyLOAReq(unknownPC))
	sdktest.WantErr(t, err, "InvalidPhysicalConnectionId.NotFound", 404)
	_, err = e.a.ApplyPhysicalConnectionLOA(applyLOAReq(id))
	sdktest.WantErr(t, err, "Forbidden.NotAllowedInState", 400)
	bad := applyLOAReq(id)
	bad.LineType = "Copper"
	_, err = e.a.ApplyPhysicalConnectionLOA(bad)
	sdktest.WantErr(t, err, "InvalidParameter", 400)
	bad = applyLOAReq(id)
	bad.ConstructionTime = "tomorrow"
	_, err = e.a.ApplyPhysicalConnectionLOA(bad)
	sdktest.WantErr(t, err, "InvalidParameter", 400)
	bad = applyLOAReq(id)
	bad.CompanyName = ""
	_, err = e.a.ApplyPhysicalConnectionLOA(bad)
	sdktest.WantErr(t, err, "MissingParameter", 400)

	sdktest.WantErr(t, e.completeLOA(e.a, unknownPC), "InvalidPhysicalConnectionId.NotFound", 404)
	sdktest.WantErr(t, e.completeLOA(e.a, id), "Forbidden.NotAllowedInState", 400)
	_, err = e.describeLOA(e.a, unknownPC)
	sdktest.WantErr(t, err, "InvalidPhysicalConnectionId.NotFound", 404)
	_, err = e.describeLOA(e.b, id)
	sdktest.WantErr(t, err, "InvalidPhysicalConnectionId.NotFound", 404)

	_, err = e.occupancy(e.a, unknownPC, nil)
	sdktest.WantErr(t, err, "InvalidPhysicalConnectionId.NotFound", 404)
	_, err = e.occupancy(e.a, id, nil)
	sdktest.WantErr(t, err, "Forbidden.NotAllowedInState", 400)
	_, err = e.occupancy(e.a, id, func(r *vpc.CreatePhysicalConnectionOccupancyOrderRequest) { r.InstanceChargeType = "Free" })
	sdktest.WantErr(t, err, "InvalidParameter", 400)
	_, err = e.occupancy(e.a, id, func(r *vpc.CreatePhysicalConnectionOccupancyOrderRequest) { r.PricingCycle = "Week" })
	sdktest.WantErr(t, err, "InvalidParameter", 400)
}

// TestDescribeErrors: the filter key rule (404 as documented) and paging
// bounds.
func TestDescribeErrors(t *testing.T) {
	e := newEnv(t)
	req := vpc.CreateDescribePhysicalConnectionsRequest()
	req.Scheme = "http"
	req.Filter = &[]vpc.DescribePhysicalConnectionsFilter{{Key: "Bandwidth", Value: &[]string{"10"}}}
	_, err := e.a.DescribePhysicalConnections(req)
	se := sdktest.WantErr(t, err, "InvalidFilterKey.ValueNotSupported", 404)
	if se.Message() != "Specified filter key is not supported: Filter.X.key" {
		t.Fatalf("got %q; want the documented message", se.Message())
	}
	req.Filter = &[]vpc.DescribePhysicalConnectionsFilter{{Key: "Status", Value: &[]string{"a", "b", "c", "d", "e", "f"}}}
	_, err = e.a.DescribePhysicalConnections(req)
	sdktest.WantErr(t, err, "InvalidParameter", 400)
	six := make([]vpc.DescribePhysicalConnectionsFilter, 6)
	for i := range six {
		six[i] = vpc.DescribePhysicalConnectionsFilter{Key: "Status", Value: &[]string{"Initial"}}
	}
	req.Filter = &six
	_, err = e.a.DescribePhysicalConnections(req)
	sdktest.WantErr(t, err, "InvalidParameter", 400)
	req.Filter = nil
	req.PageSize = requests.NewInteger(51)
	_, err = e.a.DescribePhysicalConnections(req)
	sdktest.WantErr(t, err, "InvalidParameter", 400)
	req.PageSize, req.PageNumber = "", requests.NewInteger(0)
	_, err = e.a.DescribePhysicalConnections(req)
	sdktest.WantErr(t, err, "InvalidParameter", 400)
}
