package vbr_test

import (
	"strconv"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"

	"github.com/ecmock/ecmock/internal/sdktest"
	"github.com/ecmock/ecmock/mock"
)

func associateReq(vbr, pc string, vlan int) *vpc.AssociatePhysicalConnectionToVirtualBorderRouterRequest {
	req := vpc.CreateAssociatePhysicalConnectionToVirtualBorderRouterRequest()
	req.Scheme, req.VbrId, req.PhysicalConnectionId, req.VlanId = "http", vbr, pc, strconv.Itoa(vlan)
	req.LocalGatewayIp, req.PeerGatewayIp, req.PeeringSubnetMask = "10.9.0.1", "10.9.0.2", "255.255.255.252"
	return req
}

// TestPconnAssociation: a further physical connection associated with a VBR
// (alicloud_express_connect_vbr_pconn_association) shows in
// AssociatedPhysicalConnections as Associated, blocks the VBR's deletion and
// its VLAN, and goes away on Unassociate.
func TestPconnAssociation(t *testing.T) {
	e := newEnv(t, mock.Options{Timing: "instant"})
	pc1, pc2 := e.pc(e.a), e.pc(e.a)
	vbr := e.vbr(e.a, pc1, 10)

	_, err := e.a.AssociatePhysicalConnectionToVirtualBorderRouter(associateReq(vbr, pc2, 20))
	sdktest.MustOK(t, "AssociatePhysicalConnectionToVirtualBorderRouter", err)
	v := e.get(e.a, vbr, false)
	l := v.AssociatedPhysicalConnections.AssociatedPhysicalConnection
	if len(l) != 1 || l[0].PhysicalConnectionId != pc2 || l[0].Status != "Associated" || l[0].VlanId != "20" || l[0].LocalGatewayIp != "10.9.0.1" {
		t.Fatalf("AssociatedPhysicalConnections: got %+v; want %s Associated on VLAN 20", l, pc2)
	}
	_, err = e.a.AssociatePhysicalConnectionToVirtualBorderRouter(associateReq(vbr, pc2, 21))
	wantErr(t, "again", err, "InvalidPhysicalConnectionId.AlreadyAssociated", 400)
	_, err = e.a.AssociatePhysicalConnectionToVirtualBorderRouter(associateReq(vbr, pc1, 21))
	wantErr(t, "its own connection", err, "InvalidPhysicalConnectionId.AlreadyAssociated", 400)
	other := e.vbr(e.a, pc1, 11)
	_, err = e.a.AssociatePhysicalConnectionToVirtualBorderRouter(associateReq(other, pc2, 20))
	wantErr(t, "VLAN held by the association", err, "InvalidVlanId.Used", 400)
	_, err = e.b.AssociatePhysicalConnectionToVirtualBorderRouter(associateReq(vbr, pc2, 30))
	wantErr(t, "other account", err, "InvalidVbrId.NotFound", 404)
	initial := e.pcIn(e.a, "Initial")
	_, err = e.a.AssociatePhysicalConnectionToVirtualBorderRouter(associateReq(other, initial, 30))
	wantErr(t, "not enabled", err, "InvalidPhysicalConnectionId.NotEnabled", 400)

	wantErr(t, "delete with association", del(e.a, vbr), "InvalidStatus.NotAllowed", 400)
	un := vpc.CreateUnassociatePhysicalConnectionFromVirtualBorderRouterRequest()
	un.Scheme, un.VbrId, un.PhysicalConnectionId = "http", vbr, pc2
	_, err = e.a.UnassociatePhysicalConnectionFromVirtualBorderRouter(un)
	sdktest.MustOK(t, "UnassociatePhysicalConnectionFromVirtualBorderRouter", err)
	if l := e.get(e.a, vbr, false).AssociatedPhysicalConnections.AssociatedPhysicalConnection; len(l) != 0 {
		t.Fatalf("after Unassociate: got %+v; want none", l)
	}
	_, err = e.a.UnassociatePhysicalConnectionFromVirtualBorderRouter(un)
	wantErr(t, "unassociate twice", err, "InvalidPhysicalConnectionId.NotFound", 400)
}

func TestChangeResourceGroup(t *testing.T) {
	e := newEnv(t, mock.Options{Timing: "instant"})
	vbr := e.vbr(e.a, e.pc(e.a), 10)
	req := vpc.CreateChangeResourceGroupRequest()
	req.Scheme, req.ResourceId, req.ResourceType, req.NewResourceGroupId = "http", vbr, "VIRTUALBORDERROUTER", "rg-moved"
	_, err := e.a.ChangeResourceGroup(req)
	sdktest.MustOK(t, "ChangeResourceGroup", err)
	if rg := e.get(e.a, vbr, false).ResourceGroupId; rg != "rg-moved" {
		t.Fatalf("ResourceGroupId: got %q; want rg-moved", rg)
	}
	_, err = e.b.ChangeResourceGroup(req)
	wantErr(t, "other account", err, "ResourceNotFound", 404)
	req = vpc.CreateChangeResourceGroupRequest()
	req.Scheme, req.ResourceId, req.ResourceType, req.NewResourceGroupId = "http", vbr, "VPC", "rg-moved"
	_, err = e.a.ChangeResourceGroup(req)
	wantErr(t, "unsupported type", err, "InvalidParameter", 400)
}

// TestDescribeFilterKeysEccIdAndType: the SDK-documented filter keys eccId
// and type of DescribeVirtualBorderRouters.
func TestDescribeFilterKeysEccIdAndType(t *testing.T) {
	e := newEnv(t, mock.Options{Timing: "instant"})
	vbr := e.vbr(e.a, e.pc(e.a), 10)
	count := func(key, value string) int {
		t.Helper()
		req := vpc.CreateDescribeVirtualBorderRoutersRequest()
		req.Scheme = "http"
		req.Filter = &[]vpc.DescribeVirtualBorderRoutersFilter{{Key: key, Value: &[]string{value}}}
		resp, err := e.a.DescribeVirtualBorderRouters(req)
		sdktest.MustOK(t, "DescribeVirtualBorderRouters "+key, err)
		return len(resp.VirtualBorderRouterSet.VirtualBorderRouterType)
	}
	if n := count("type", "pconnVBR"); n != 1 {
		t.Fatalf("type pconnVBR: got %d VBRs; want %s", n, vbr)
	}
	if n := count("type", "eccVBR"); n != 0 {
		t.Fatalf("type eccVBR: got %d VBRs; want none", n)
	}
	if n := count("eccId", "ecc-none"); n != 0 {
		t.Fatalf("eccId: got %d VBRs; want none", n)
	}
}
