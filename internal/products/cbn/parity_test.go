package cbn_test

import (
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/cbn"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"

	"github.com/ecmock/ecmock/internal/sdktest"
	"github.com/ecmock/ecmock/mock"
)

// TestModifyCenAndTransitRouter: the in-place updates Terraform makes on
// alicloud_cen_instance and alicloud_cen_transit_router.
func TestModifyCenAndTransitRouter(t *testing.T) {
	e := newEnv(t, mock.Options{})
	a := e.actor(e.srv.AccountA())
	cen := a.createCen("before")

	mc := cbn.CreateModifyCenAttributeRequest()
	mc.Scheme, mc.CenId, mc.Name, mc.Description, mc.ProtectionLevel = "http", cen, "after", "renamed", "REDUCED"
	_, err := a.c.ModifyCenAttribute(mc)
	sdktest.WantErr(t, err, "InvalidOperation.CenInstanceStatus", 400) // still Creating
	e.step()
	_, err = a.c.ModifyCenAttribute(mc)
	sdktest.MustOK(t, "ModifyCenAttribute", err)
	mv := cbn.CreateMoveResourceGroupRequest()
	mv.Scheme, mv.ResourceId, mv.ResourceType, mv.NewResourceGroupId = "http", cen, "cen", "rg-new"
	_, err = a.c.MoveResourceGroup(mv)
	sdktest.MustOK(t, "MoveResourceGroup", err)
	dc := cbn.CreateDescribeCensRequest()
	dc.Scheme = "http"
	cens, err := a.c.DescribeCens(dc)
	sdktest.MustOK(t, "DescribeCens", err)
	if c := cens.Cens.Cen[0]; c.Name != "after" || c.Description != "renamed" || c.ResourceGroupId != "rg-new" {
		t.Fatalf("DescribeCens: got %+v; want renamed in rg-new", c)
	}
	mc.CenId = "cen-unknown"
	_, err = a.c.ModifyCenAttribute(mc)
	sdktest.WantErr(t, err, "InvalidCenId.NotFound", 400)
	mc = cbn.CreateModifyCenAttributeRequest()
	mc.Scheme, mc.CenId, mc.ProtectionLevel = "http", cen, "FULL"
	_, err = a.c.ModifyCenAttribute(mc)
	sdktest.WantErr(t, err, "InvalidParameter", 400)
	mv.ResourceId = "cen-unknown"
	_, err = a.c.MoveResourceGroup(mv)
	sdktest.WantErr(t, err, "InvalidCenId.NotFound", 400)

	tr, err := a.createTR(cen, "cn-hangzhou")
	sdktest.Must(t, err)
	ut := cbn.CreateUpdateTransitRouterRequest()
	ut.Scheme, ut.TransitRouterId, ut.TransitRouterName, ut.TransitRouterDescription = "http", tr, "tr-after", "d"
	_, err = a.c.UpdateTransitRouter(ut)
	sdktest.WantErr(t, err, "IncorrectStatus.TransitRouter", 400) // still Creating
	e.step()
	ut.DryRun = requests.NewBoolean(true)
	_, err = a.c.UpdateTransitRouter(ut)
	sdktest.WantErr(t, err, "DryRunOperation", 400)
	ut = cbn.CreateUpdateTransitRouterRequest()
	ut.Scheme, ut.TransitRouterId, ut.TransitRouterName, ut.TransitRouterDescription = "http", tr, "tr-after", "d"
	_, err = a.c.UpdateTransitRouter(ut)
	sdktest.MustOK(t, "UpdateTransitRouter", err)
	if r := a.transitRouter(tr); r.TransitRouterName != "tr-after" || r.TransitRouterDescription != "d" {
		t.Fatalf("ListTransitRouters: got %+v; want renamed", r)
	}
	b := e.actor(e.srv.AccountB())
	_, err = b.c.UpdateTransitRouter(ut)
	sdktest.WantErr(t, err, "InvalidTransitRouterId.NotFound", 400)
}

// TestAssociationDeleteWithAttachment: an association whose transit router
// still has the ECR's attachment cannot be deleted (it would orphan it).
func TestAssociationDeleteWithAttachment(t *testing.T) {
	e := newEnv(t, mock.Options{})
	a := e.actor(e.srv.AccountA())
	_, tr, ecr := a.ready()
	assoc := a.associationID(ecr)
	att, err := a.attach(tr, ecr)
	sdktest.Must(t, err)
	e.step()
	_, err = sdktest.ECRCall(a.c, e.srv, "DeleteExpressConnectRouterAssociation", map[string]string{"EcrId": ecr, "AssociationId": assoc})
	sdktest.WantErr(t, err, "DependencyViolation.Attachment", 400)
	sdktest.Must(t, a.deleteAttachment(att, false))
	e.step()
	a.mustECR("DeleteExpressConnectRouterAssociation", map[string]string{"EcrId": ecr, "AssociationId": assoc})
}

func (a *actor) associationID(ecr string) string {
	a.t.Helper()
	l, _ := a.mustECR("DescribeExpressConnectRouterAssociation", map[string]string{"EcrId": ecr})["AssociationList"].([]any)
	if len(l) != 1 {
		a.t.Fatalf("got %d associations of %s; want 1", len(l), ecr)
	}
	return l[0].(map[string]any)["AssociationId"].(string)
}

// TestECRArguments: the ECR actions reached from Terraform arguments —
// resource group, allowed prefixes, transit modes, route entries.
func TestECRArguments(t *testing.T) {
	e := newEnv(t, mock.Options{})
	a := e.actor(e.srv.AccountA())
	_, _, ecr := a.ready()
	assoc := a.associationID(ecr)

	a.mustECR("MoveResourceGroup", map[string]string{"ResourceId": ecr, "ResourceType": "EXPRESSCONNECTROUTER", "NewResourceGroupId": "rg-x"})
	l, _ := a.mustECR("DescribeExpressConnectRouter", map[string]string{"EcrId": ecr})["EcrList"].([]any)
	if rg := l[0].(map[string]any)["ResourceGroupId"]; rg != "rg-x" {
		t.Fatalf("ResourceGroupId: got %v; want rg-x", rg)
	}

	a.mustECR("ModifyExpressConnectRouterAssociationAllowedPrefix", map[string]string{"EcrId": ecr, "AssociationId": assoc,
		"AllowedPrefixes.1": "10.0.0.0/16", "AllowedPrefixes.2": "10.1.0.0/16"})
	if s := a.ecrStatus(ecr); s != "UPDATING" {
		t.Fatalf("ECR status while the prefixes change: got %s; want UPDATING", s)
	}
	_, err := sdktest.ECRCall(a.c, e.srv, "ModifyExpressConnectRouter", map[string]string{"EcrId": ecr, "Name": "x"})
	sdktest.WantErr(t, err, "Conflict.Lock", 400)
	e.step()
	al, _ := a.mustECR("DescribeExpressConnectRouterAssociation", map[string]string{"EcrId": ecr})["AssociationList"].([]any)
	if p := al[0].(map[string]any)["AllowedPrefixes"].([]any); len(p) != 2 || al[0].(map[string]any)["Status"] != "ACTIVE" {
		t.Fatalf("association after the change: got %v; want 2 prefixes, ACTIVE", al[0])
	}
	_, err = sdktest.ECRCall(a.c, e.srv, "ModifyExpressConnectRouterAssociationAllowedPrefix", map[string]string{"EcrId": ecr, "AssociationId": "ecr-assoc-unknown"})
	sdktest.WantErr(t, err, "ResourceNotFound.AssociationId", 404)

	a.mustECR("ModifyExpressConnectRouterInterRegionTransitMode", map[string]string{"EcrId": ecr,
		"TransitModeList.1.RegionId": "cn-hangzhou", "TransitModeList.1.Mode": "NearBy"})
	modes, _ := a.mustECR("DescribeExpressConnectRouterInterRegionTransitMode", map[string]string{"EcrId": ecr})["InterRegionTransitModeList"].([]any)
	if len(modes) != 1 || modes[0].(map[string]any)["Mode"] != "NearBy" {
		t.Fatalf("transit modes: got %v; want cn-hangzhou NearBy", modes)
	}
	_, err = sdktest.ECRCall(a.c, e.srv, "ModifyExpressConnectRouterInterRegionTransitMode", map[string]string{"EcrId": ecr,
		"TransitModeList.1.RegionId": "not_a_region", "TransitModeList.1.Mode": "ECMP"})
	sdktest.WantErr(t, err, "IllegalParam.RegionId", 400)
	_, err = sdktest.ECRCall(a.c, e.srv, "ModifyExpressConnectRouterInterRegionTransitMode", map[string]string{"EcrId": ecr,
		"TransitModeList.1.RegionId": "cn-hangzhou", "TransitModeList.1.Mode": "Fastest"})
	sdktest.WantErr(t, err, "IllegalParamFormat.TransitModeList.1.Mode", 400)

	entry := map[string]string{"EcrId": ecr, "DestinationCidrBlock": "192.168.0.0/24", "NexthopInstanceId": "vbr-x"}
	a.mustECR("DisableExpressConnectRouterRouteEntries", entry)
	d, _ := a.mustECR("DescribeDisabledExpressConnectRouterRouteEntries", map[string]string{"EcrId": ecr})["DisabledRouteEntryList"].([]any)
	if len(d) != 1 || d[0].(map[string]any)["DestinationCidrBlock"] != "192.168.0.0/24" {
		t.Fatalf("disabled entries: got %v; want the one disabled", d)
	}
	a.mustECR("EnableExpressConnectRouterRouteEntries", entry)
	d, _ = a.mustECR("DescribeDisabledExpressConnectRouterRouteEntries", map[string]string{"EcrId": ecr})["DisabledRouteEntryList"].([]any)
	if len(d) != 0 {
		t.Fatalf("disabled entries after enabling: got %v; want none", d)
	}
}

// TestVBRChildInstance: a VBR attached to an ECR (the
// alicloud_express_connect_router_vbr_child_instance resource), shown on
// both sides, detached, and the ECR deletion rule.
func TestVBRChildInstance(t *testing.T) {
	e := newEnv(t, mock.Options{})
	a := e.actor(e.srv.AccountA())
	v := sdktest.VPC(t, e.srv, e.srv.AccountA())
	pcr, err := v.CreatePhysicalConnection(sdktest.PCRequest())
	sdktest.Must(t, err)
	if err := e.srv.SetStatus(pcr.PhysicalConnectionId, "Enabled"); err != nil {
		t.Fatal(err)
	}
	cr := vpc.CreateCreateVirtualBorderRouterRequest()
	cr.Scheme, cr.PhysicalConnectionId, cr.VlanId = "http", pcr.PhysicalConnectionId, requests.NewInteger(7)
	cr.LocalGatewayIp, cr.PeerGatewayIp, cr.PeeringSubnetMask = "10.0.0.1", "10.0.0.2", "255.255.255.252"
	vbr, err := v.CreateVirtualBorderRouter(cr)
	sdktest.Must(t, err)
	ecr := a.createECR()
	child := map[string]string{"EcrId": ecr, "ChildInstanceId": vbr.VbrId, "ChildInstanceType": "VBR", "ChildInstanceRegionId": "cn-hangzhou"}

	a.mustECR("AttachExpressConnectRouterChildInstance", child)
	list := func() []any {
		l, _ := a.mustECR("DescribeExpressConnectRouterChildInstance", map[string]string{"EcrId": ecr})["ChildInstanceList"].([]any)
		return l
	}
	if l := list(); len(l) != 1 || l[0].(map[string]any)["Status"] != "ATTACHING" {
		t.Fatalf("child instances: got %v; want the VBR ATTACHING", l)
	}
	_, err = sdktest.ECRCall(a.c, e.srv, "AttachExpressConnectRouterChildInstance", child)
	sdktest.WantErr(t, err, "ResourceAlreadyExists.ChildInstance", 400)
	e.step()
	if l := list(); len(l) != 1 || l[0].(map[string]any)["Status"] != "ACTIVE" {
		t.Fatalf("child instances: got %v; want the VBR ACTIVE", l)
	}
	dr := vpc.CreateDescribeVirtualBorderRoutersRequest()
	dr.Scheme = "http"
	vbrs, err := v.DescribeVirtualBorderRouters(dr)
	sdktest.Must(t, err)
	if got := vbrs.VirtualBorderRouterSet.VirtualBorderRouterType[0]; got.EcrId != ecr || got.EcrAttatchStatus != "ACTIVE" || got.EcrOwnerId != e.srv.AccountA().UID {
		t.Fatalf("VBR's ECR fields: got %q %q %q; want %s ACTIVE %s", got.EcrId, got.EcrAttatchStatus, got.EcrOwnerId, ecr, e.srv.AccountA().UID)
	}
	a.mustECR("ModifyExpressConnectRouterChildInstance", map[string]string{"EcrId": ecr, "ChildInstanceId": vbr.VbrId, "ChildInstanceType": "VBR", "Description": "edge"})
	if d := list()[0].(map[string]any)["Description"]; d != "edge" {
		t.Fatalf("child description: got %v; want edge", d)
	}
	_, err = sdktest.ECRCall(a.c, e.srv, "DeleteExpressConnectRouter", map[string]string{"EcrId": ecr})
	sdktest.WantErr(t, err, "DependencyViolation.ChildInstance", 400)

	detach := map[string]string{"EcrId": ecr, "ChildInstanceId": vbr.VbrId, "ChildInstanceType": "VBR"}
	a.mustECR("DetachExpressConnectRouterChildInstance", detach)
	e.step()
	if l := list(); len(l) != 0 {
		t.Fatalf("child instances after detach: got %v; want none", l)
	}
	_, err = sdktest.ECRCall(a.c, e.srv, "DetachExpressConnectRouterChildInstance", detach)
	sdktest.WantErr(t, err, "ResourceNotFound.ChildInstanceId", 404)

	// Another account's VBR needs a grant.
	b := e.actor(e.srv.AccountB())
	_, err = sdktest.ECRCall(b.c, e.srv, "AttachExpressConnectRouterChildInstance", map[string]string{"EcrId": b.createECR(),
		"ChildInstanceId": vbr.VbrId, "ChildInstanceType": "VBR", "ChildInstanceRegionId": "cn-hangzhou", "ChildInstanceOwnerId": e.srv.AccountA().UID})
	sdktest.WantErr(t, err, "Forbidden.InstanceNotGranted", 403)
	_, err = sdktest.ECRCall(a.c, e.srv, "AttachExpressConnectRouterChildInstance", map[string]string{"EcrId": ecr,
		"ChildInstanceId": "vbr-unknown", "ChildInstanceType": "VBR", "ChildInstanceRegionId": "cn-hangzhou"})
	sdktest.WantErr(t, err, "ResourceNotFound.ChildInstanceId", 404)
}
