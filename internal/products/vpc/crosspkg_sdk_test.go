package vpc_test

import (
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"

	"github.com/ecmock/ecmock/internal/sdktest"
)

// TestWithRealVBRAndHostedPackages: the rules that depend on other packages'
// resources, with VBRs and hosted connections made through their own
// actions (packages vbr and hosted) rather than injected.
func TestWithRealVBRAndHostedPackages(t *testing.T) {
	e := newEnv(t)
	id := e.enabled(e.a)

	vreq := vpc.CreateCreateVirtualBorderRouterRequest()
	vreq.Scheme, vreq.PhysicalConnectionId, vreq.VlanId = "http", id, requests.NewInteger(100)
	vreq.LocalGatewayIp, vreq.PeerGatewayIp, vreq.PeeringSubnetMask = "10.0.0.1", "10.0.0.2", "255.255.255.252"
	vresp, err := e.a.CreateVirtualBorderRouter(vreq)
	sdktest.MustOK(t, "CreateVirtualBorderRouter", err)
	sdktest.WantErr(t, e.terminate(e.a, id), "Forbidden.NotAllowedInState", 400)

	dreq := vpc.CreateDeleteVirtualBorderRouterRequest()
	dreq.Scheme, dreq.VbrId = "http", vresp.VbrId
	_, err = e.a.DeleteVirtualBorderRouter(dreq)
	sdktest.MustOK(t, "DeleteVirtualBorderRouter", err)
	// A VBR still deleting is still there.
	if _, ok := e.srv.Resource(vresp.VbrId); ok {
		sdktest.WantErr(t, e.terminate(e.a, id), "Forbidden.NotAllowedInState", 400)
	}
	e.srv.Advance(time.Minute)
	if _, ok := e.srv.Resource(vresp.VbrId); ok {
		t.Fatalf("VBR %s still exists a minute after deletion", vresp.VbrId)
	}

	// A hosted connection made by the partner (A) for the tenant (B).
	hreq := vpc.CreateCreateVirtualPhysicalConnectionRequest()
	hreq.Scheme, hreq.PhysicalConnectionId, hreq.VlanId = "http", id, requests.NewInteger(200)
	hreq.VpconnAliUid, hreq.Spec, hreq.OrderMode, hreq.Name = requests.Integer(e.bUID), "50M", "PayByVirtualPhysicalConnectionOwner", "hosted"
	hresp, err := e.a.CreateVirtualPhysicalConnection(hreq)
	sdktest.MustOK(t, "CreateVirtualPhysicalConnection", err)
	h := hresp.VirtualPhysicalConnection
	p := e.get(e.b, h)
	if p == nil || p.Status != "Confirmed" || p.VpconnStatus != "UnConfirmed" || p.ProductType != "VirtualPhysicalConnection" || p.Spec != "50M" {
		t.Fatalf("got %+v; want the tenant's unconfirmed hosted connection", p)
	}
	sdktest.MustOK(t, "tenant ConfirmPhysicalConnection", e.confirm(e.b, h))
	if p = e.get(e.b, h); p.Status != "Enabled" || p.VpconnStatus != "Confirmed" {
		t.Fatalf("got %s / %s; want Enabled / Confirmed", p.Status, p.VpconnStatus)
	}
	lreq := vpc.CreateListVirtualPhysicalConnectionsRequest()
	lreq.Scheme, lreq.PhysicalConnectionId = "http", id
	lresp, err := e.a.ListVirtualPhysicalConnections(lreq)
	sdktest.MustOK(t, "ListVirtualPhysicalConnections", err)
	if len(lresp.VirtualPhysicalConnections) != 1 || lresp.VirtualPhysicalConnections[0].VirtualPhysicalConnectionStatus != "Confirmed" {
		t.Fatalf("got %+v; want the partner to see it Confirmed", lresp.VirtualPhysicalConnections)
	}
	sdktest.MustOK(t, "partner DeletePhysicalConnection", e.del(e.a, h))
	if e.get(e.b, h) != nil {
		t.Fatal("the tenant still lists the deleted hosted connection")
	}

	sdktest.MustOK(t, "terminate", e.terminate(e.a, id))
	e.advanceTo(e.a, id, "Terminated")
	sdktest.MustOK(t, "delete", e.del(e.a, id))
}
