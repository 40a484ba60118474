package ecr_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/ecmock/ecmock/internal/sdktest"
	"github.com/ecmock/ecmock/internal/store"
	"github.com/ecmock/ecmock/mock"
)

// TestLockFromAssociation: an association being created holds the ECR's
// lock; other mutating calls get Conflict.Lock until the clock settles it.
func TestLockFromAssociation(t *testing.T) {
	srv := sdktest.Start(t, mock.Options{})
	a := newAPI(t, srv, srv.AccountA())
	ecr := a.createECR("45104", nil)
	assoc := a.ok("CreateExpressConnectRouterAssociation", map[string]string{
		"EcrId": ecr, "AssociationRegionId": "cn-hangzhou", "VpcId": "vpc-bp1h37fchc6jmfyln0001",
		"AllowedPrefixes.1": "10.0.0.0/16", "AllowedPrefixes.2": "192.168.0.0/24", "ClientToken": "TF-assoc-1",
	})["AssociationId"].(string)
	if len(assoc) != len("ecr-assoc-")+20 || assoc[:10] != "ecr-assoc-" {
		t.Fatalf("got AssociationId %q; want ecr-assoc- and 20 base-36 characters", assoc)
	}
	if e := a.describeECR(ecr); e["Status"] != "ASSOCIATING" {
		t.Fatalf("got ECR Status %v while the association is CREATING; want ASSOCIATING", e["Status"])
	}
	l := a.associations(ecr)
	if len(l) != 1 || l[0]["Status"] != "CREATING" {
		t.Fatalf("got %v; want one CREATING association", l)
	}
	want := map[string]string{"AssociationId": assoc, "EcrId": ecr, "AssociationNodeType": "VPC", "VpcId": "vpc-bp1h37fchc6jmfyln0001",
		"VpcOwnerId": a.uid, "OwnerId": a.uid, "RegionId": "cn-hangzhou", "AssociationRegionId": "cn-hangzhou",
		"AllowedPrefixes": "[10.0.0.0/16 192.168.0.0/24]", "AllowedPrefixesMode": "MatchMode", "GmtCreate": "2026-01-01T00:00:00Z"}
	for k, v := range want {
		if got := fmt.Sprint(l[0][k]); got != v {
			t.Errorf("AssociationList[0].%s: got %q; want %q", k, got, v)
		}
	}
	if _, ok := l[0]["TransitRouterId"]; ok {
		t.Errorf("a VPC association shows TransitRouterId: %v", l[0])
	}

	second := map[string]string{"EcrId": ecr, "AssociationRegionId": "cn-shanghai", "VpcId": "vpc-second"}
	locked := []struct {
		action string
		params map[string]string
	}{
		{"ModifyExpressConnectRouter", map[string]string{"EcrId": ecr, "Name": "x"}},
		{"CreateExpressConnectRouterAssociation", second},
		{"DeleteExpressConnectRouterAssociation", map[string]string{"EcrId": ecr, "AssociationId": assoc}},
		{"DeleteExpressConnectRouter", map[string]string{"EcrId": ecr}},
	}
	for _, l := range locked {
		body := a.fail(l.action, l.params, "Conflict.Lock", 400)
		if body["Message"] != "There are other unfinished operations." {
			t.Fatalf("%s: got Message %q; want the documented one", l.action, body["Message"])
		}
	}
	// The same ClientToken answers the first result, lock or not.
	again := a.ok("CreateExpressConnectRouterAssociation", map[string]string{
		"EcrId": ecr, "AssociationRegionId": "cn-hangzhou", "VpcId": "vpc-bp1h37fchc6jmfyln0001", "ClientToken": "TF-assoc-1"})
	if again["AssociationId"] != assoc {
		t.Fatalf("got %v for a repeated ClientToken; want %s", again["AssociationId"], assoc)
	}

	srv.Advance(time.Second) // fast timing: one second per automatic step
	if l := a.associations(ecr); l[0]["Status"] != "ACTIVE" {
		t.Fatalf("got association Status %v after the step; want ACTIVE", l[0]["Status"])
	}
	if e := a.describeECR(ecr); e["Status"] != "ACTIVE" {
		t.Fatalf("got ECR Status %v once the association is ACTIVE; want ACTIVE", e["Status"])
	}
	a.ok("ModifyExpressConnectRouter", map[string]string{"EcrId": ecr, "Name": "x"})
	a.ok("CreateExpressConnectRouterAssociation", second)
	a.fail("ModifyExpressConnectRouter", map[string]string{"EcrId": ecr, "Name": "y"}, "Conflict.Lock", 400)
	srv.Advance(time.Second)

	// The same VPC twice is refused; deleting an association locks again.
	a.fail("CreateExpressConnectRouterAssociation", map[string]string{"EcrId": ecr, "AssociationRegionId": "cn-hangzhou",
		"VpcId": "vpc-bp1h37fchc6jmfyln0001"}, "ResourceAlreadyExists.Association", 400)
	a.ok("DeleteExpressConnectRouterAssociation", map[string]string{"EcrId": ecr, "AssociationId": assoc, "DeleteAttachment": "true"})
	if e := a.describeECR(ecr); e["Status"] != "DISSOCIATING" {
		t.Fatalf("got ECR Status %v while an association is DELETING; want DISSOCIATING", e["Status"])
	}
	a.fail("ModifyExpressConnectRouter", map[string]string{"EcrId": ecr, "Name": "z"}, "Conflict.Lock", 400)
	srv.Advance(time.Second)
	if l := a.associations(ecr); len(l) != 1 || l[0]["VpcId"] != "vpc-second" {
		t.Fatalf("got %v after the deletion step; want only vpc-second", l)
	}
	// Terraform treats ResourceNotFound.AssociationId as already deleted.
	a.fail("DeleteExpressConnectRouterAssociation", map[string]string{"EcrId": ecr, "AssociationId": assoc}, "ResourceNotFound.AssociationId", 404)
}

func TestDeleteExpressConnectRouterWithDependents(t *testing.T) {
	srv := sdktest.Start(t, mock.Options{})
	a := newAPI(t, srv, srv.AccountA())
	ecr := a.createECR("45104", nil)
	assoc := a.ok("CreateExpressConnectRouterAssociation", map[string]string{"EcrId": ecr, "AssociationRegionId": "cn-hangzhou", "VpcId": "vpc-a"})["AssociationId"].(string)
	srv.Advance(time.Second)
	body := a.fail("DeleteExpressConnectRouter", map[string]string{"EcrId": ecr}, "DependencyViolation.Association", 400)
	if body["Message"] != "The ECR still has associated VPCs or transit routers." {
		t.Fatalf("got Message %q", body["Message"])
	}
	a.fail("DeleteExpressConnectRouter", map[string]string{"EcrId": ecr, "DryRun": "true"}, "DependencyViolation.Association", 400)
	a.ok("DeleteExpressConnectRouterAssociation", map[string]string{"EcrId": ecr, "AssociationId": assoc})
	srv.Advance(time.Second)
	if l := a.associations(ecr); len(l) != 0 {
		t.Fatalf("got %v after the deletion step; want no association", l)
	}

	// A transit-router ECR attachment (Cbn) attaching locks the ECR and shows
	// LOCKED_ATTACHING; attached, it still blocks deletion.
	att := &store.Resource{ID: "tr-attach-test0000000000001", Type: store.TypeTRECRAttachment, Owner: a.uid, Region: "cn-hangzhou",
		Status: "Attaching", Attrs: map[string]any{"EcrId": ecr, "TransitRouterId": "tr-x"}}
	addResource(srv, att)
	if e := a.describeECR(ecr); e["Status"] != "LOCKED_ATTACHING" {
		t.Fatalf("got ECR Status %v while an attachment is Attaching; want LOCKED_ATTACHING", e["Status"])
	}
	a.fail("ModifyExpressConnectRouter", map[string]string{"EcrId": ecr, "Name": "n"}, "Conflict.Lock", 400)
	srv.Advance(time.Second) // Cbn's lifecycle: Attaching -> Attached
	if e := a.describeECR(ecr); e["Status"] != "ACTIVE" {
		t.Fatalf("got ECR Status %v once the attachment is Attached; want ACTIVE", e["Status"])
	}
	body = a.fail("DeleteExpressConnectRouter", map[string]string{"EcrId": ecr}, "DependencyViolation.Attachment", 400)
	if body["Message"] != "The ECR is still attached to a transit router." {
		t.Fatalf("got Message %q", body["Message"])
	}
	srv.Core().WithStore(func(st *store.Store) { st.Delete(att.ID) })
	a.ok("DeleteExpressConnectRouter", map[string]string{"EcrId": ecr})
	srv.Advance(time.Second)
	if e := a.describeECR(ecr); e != nil {
		t.Fatalf("got %v after the deletion step; want the ECR gone", e)
	}
}

func TestAssociationParametersAndNotFound(t *testing.T) {
	srv := sdktest.Start(t, mock.Options{})
	a, b := newAPI(t, srv, srv.AccountA()), newAPI(t, srv, srv.AccountB())
	ecr := a.createECR("45104", nil)
	cases := []struct {
		name   string
		params map[string]string
		code   string
		status int
	}{
		{"no ecr id", map[string]string{"AssociationRegionId": "cn-hangzhou", "VpcId": "vpc-a"}, "MissingParam.EcrId", 400},
		{"no region", map[string]string{"EcrId": ecr, "VpcId": "vpc-a"}, "MissingParam.AssociationRegionId", 400},
		{"bad region", map[string]string{"EcrId": ecr, "AssociationRegionId": "Hangzhou", "VpcId": "vpc-a"}, "IllegalParamFormat.AssociationRegionId", 400},
		{"bad vpc id", map[string]string{"EcrId": ecr, "AssociationRegionId": "cn-hangzhou", "VpcId": "v-a"}, "IllegalParamFormat.VpcId", 400},
		{"bad prefix", map[string]string{"EcrId": ecr, "AssociationRegionId": "cn-hangzhou", "VpcId": "vpc-a", "AllowedPrefixes.1": "10.0.0.0"}, "IllegalParamFormat.AllowedPrefixes.1", 400},
		{"bad prefix mode", map[string]string{"EcrId": ecr, "AssociationRegionId": "cn-hangzhou", "VpcId": "vpc-a", "AllowedPrefixesMode": "Any"}, "IllegalParamFormat.AllowedPrefixesMode", 400},
		{"neither vpc nor tr", map[string]string{"EcrId": ecr, "AssociationRegionId": "cn-hangzhou"}, "IllegalParam.AssociationNodeType", 400},
		{"both vpc and tr", map[string]string{"EcrId": ecr, "AssociationRegionId": "cn-hangzhou", "VpcId": "vpc-a", "TransitRouterId": "tr-a"}, "IllegalParam.AssociationNodeType", 400},
		{"node type mismatch", map[string]string{"EcrId": ecr, "AssociationRegionId": "cn-hangzhou", "VpcId": "vpc-a", "AssociationNodeType": "TR"}, "IllegalParam.AssociationNodeType", 400},
		{"unknown ecr", map[string]string{"EcrId": "ecr-nosuch", "AssociationRegionId": "cn-hangzhou", "VpcId": "vpc-a"}, "ResourceNotFound.EcrId", 404},
		{"dry run", map[string]string{"EcrId": ecr, "AssociationRegionId": "cn-hangzhou", "VpcId": "vpc-a", "DryRun": "true"}, "DryRunOperation", 400},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a.t = t
			a.fail("CreateExpressConnectRouterAssociation", tc.params, tc.code, tc.status)
		})
	}
	a.t = t
	if l := a.associations(ecr); len(l) != 0 {
		t.Fatalf("got %v after refused creates; want none", l)
	}
	// Another account sees none of A's ECR.
	b.fail("CreateExpressConnectRouterAssociation", map[string]string{"EcrId": ecr, "AssociationRegionId": "cn-hangzhou", "VpcId": "vpc-a"}, "ResourceNotFound.EcrId", 404)
	b.fail("DescribeExpressConnectRouterAssociation", map[string]string{"EcrId": ecr}, "ResourceNotFound.EcrId", 404)
	a.fail("DescribeExpressConnectRouterAssociation", nil, "MissingParam.EcrId", 400)
	a.fail("DeleteExpressConnectRouterAssociation", map[string]string{"EcrId": ecr}, "MissingParam.AssociationId", 400)
	a.fail("DeleteExpressConnectRouterAssociation", map[string]string{"EcrId": ecr, "AssociationId": "ecr-assoc-nosuch"}, "ResourceNotFound.AssociationId", 404)
	a.fail("DeleteExpressConnectRouterAssociation", map[string]string{"EcrId": "ecr-nosuch", "AssociationId": "ecr-assoc-nosuch"}, "ResourceNotFound.EcrId", 404)

	// An association of one ECR cannot be deleted through another.
	other := a.createECR("45104", nil)
	assoc := a.ok("CreateExpressConnectRouterAssociation", map[string]string{"EcrId": ecr, "AssociationRegionId": "cn-hangzhou", "VpcId": "vpc-a"})["AssociationId"].(string)
	a.fail("DeleteExpressConnectRouterAssociation", map[string]string{"EcrId": other, "AssociationId": assoc}, "ResourceNotFound.AssociationId", 404)

	// Filters.
	srv.Advance(time.Second)
	a.ok("CreateExpressConnectRouterAssociation", map[string]string{"EcrId": ecr, "AssociationRegionId": "cn-beijing", "VpcId": "vpc-b"})
	srv.Advance(time.Second)
	for _, f := range []struct {
		params map[string]string
		want   int
	}{
		{map[string]string{"VpcId": "vpc-b"}, 1},
		{map[string]string{"AssociationRegionId": "cn-hangzhou"}, 1},
		{map[string]string{"AssociationId": assoc}, 1},
		{map[string]string{"AssociationNodeType": "TR"}, 0},
		{map[string]string{"AssociationNodeType": "VPC"}, 2},
		{map[string]string{"MaxResults": "1"}, 1},
	} {
		f.params["EcrId"] = ecr
		if got := len(list(a.ok("DescribeExpressConnectRouterAssociation", f.params), "AssociationList")); got != f.want {
			t.Errorf("filter %v: got %d associations; want %d", f.params, got, f.want)
		}
	}
	a.fail("DescribeExpressConnectRouterAssociation", map[string]string{"EcrId": ecr, "AssociationNodeType": "VBR"}, "IllegalParamFormat.AssociationNodeType", 400)
	a.fail("DescribeExpressConnectRouterAssociation", map[string]string{"EcrId": ecr, "NextToken": "x"}, "IllegalParamFormat.NextToken", 400)
}

// transitRouter puts a Cbn transit router into the store.
func transitRouter(srv *mock.Server, id, owner, region, status, typ string) {
	addResource(srv, &store.Resource{ID: id, Type: store.TypeTransitRouter, Owner: owner, Region: region, Status: status,
		Attrs: map[string]any{"TransitRouterId": id, "CenId": "cen-of3o1the3i4gwb0001", "Type": typ}})
}

func TestTransitRouterAssociation(t *testing.T) {
	srv := sdktest.Start(t, mock.Options{})
	a, b := newAPI(t, srv, srv.AccountA()), newAPI(t, srv, srv.AccountB())
	ecr := a.createECR("45104", nil)
	transitRouter(srv, "tr-active", a.uid, "cn-hangzhou", "Active", "Enterprise")
	transitRouter(srv, "tr-creating", a.uid, "cn-hangzhou", "Creating", "Enterprise")
	transitRouter(srv, "tr-basic", a.uid, "cn-hangzhou", "Active", "Basic")
	transitRouter(srv, "tr-ofb", b.uid, "cn-hangzhou", "Active", "Enterprise")
	p := func(kv ...string) map[string]string {
		m := map[string]string{"EcrId": ecr, "AssociationRegionId": "cn-hangzhou"}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	a.fail("CreateExpressConnectRouterAssociation", p("TransitRouterId", "tr-nosuch"), "ResourceNotFound.TransitRouterId", 404)
	a.fail("CreateExpressConnectRouterAssociation", p("TransitRouterId", "tr-active", "AssociationRegionId", "cn-beijing"), "ResourceNotFound.TransitRouterId", 404)
	a.fail("CreateExpressConnectRouterAssociation", p("TransitRouterId", "tr-ofb"), "ResourceNotFound.TransitRouterId", 404)
	a.fail("CreateExpressConnectRouterAssociation", p("TransitRouterId", "tr-creating"), "IncorrectStatus.TransitRouter", 400)
	a.fail("CreateExpressConnectRouterAssociation", p("TransitRouterId", "tr-basic"), "OperationUnsupported.TransitRouterType", 400)
	a.fail("CreateExpressConnectRouterAssociation", p("TransitRouterId", "tr-active", "CenId", "cen-other"), "IllegalParam.CenId", 400)

	// Another account's transit router needs its owner's grant.
	cross := p("TransitRouterId", "tr-ofb", "TransitRouterOwnerId", b.uid)
	a.fail("CreateExpressConnectRouterAssociation", cross, "Forbidden.InstanceNotGranted", 403)
	b.ok("GrantInstanceToExpressConnectRouter", map[string]string{"EcrId": ecr, "EcrOwnerAliUid": a.uid,
		"InstanceId": "tr-ofb", "InstanceType": "TR", "InstanceRegionId": "cn-hangzhou", "CallerType": "OTHER"})
	crossID := a.ok("CreateExpressConnectRouterAssociation", cross)["AssociationId"]
	srv.Advance(time.Second)

	own := a.ok("CreateExpressConnectRouterAssociation", p("TransitRouterId", "tr-active", "CreateAttachment", "true"))["AssociationId"]
	l := list(a.ok("DescribeExpressConnectRouterAssociation", map[string]string{"EcrId": ecr, "AssociationId": fmt.Sprint(own)}), "AssociationList")
	want := map[string]string{"AssociationNodeType": "TR", "TransitRouterId": "tr-active", "TransitRouterOwnerId": a.uid,
		"CenId": "cen-of3o1the3i4gwb0001", "Status": "CREATING", "RegionId": "cn-hangzhou"}
	for k, v := range want {
		if got := fmt.Sprint(l[0][k]); got != v {
			t.Errorf("AssociationList[0].%s: got %q; want %q", k, got, v)
		}
	}
	srv.Advance(time.Second)
	l = list(a.ok("DescribeExpressConnectRouterAssociation", map[string]string{"EcrId": ecr, "AssociationNodeType": "TR"}), "AssociationList")
	if len(l) != 2 || l[0]["AssociationId"] != crossID || fmt.Sprint(l[0]["TransitRouterOwnerId"]) != b.uid || l[1]["Status"] != "ACTIVE" {
		t.Fatalf("got %v; want the granted cross-account association and the ACTIVE own one", l)
	}
	a.fail("CreateExpressConnectRouterAssociation", p("TransitRouterId", "tr-active"), "ResourceAlreadyExists.Association", 400)
}

// TestRegionsOfAnECR: Terraform's ECR resource reads the regions and their
// transit modes after every change.
func TestRegionsOfAnECR(t *testing.T) {
	srv := sdktest.Start(t, mock.Options{Timing: "instant"})
	a := newAPI(t, srv, srv.AccountA())
	ecr := a.createECR("45104", nil)
	if got := fmt.Sprint(a.ok("DescribeExpressConnectRouterRegion", map[string]string{"EcrId": ecr})["RegionIdList"]); got != "[]" {
		t.Fatalf("got RegionIdList %s for a new ECR; want []", got)
	}
	for _, p := range []map[string]string{
		{"AssociationRegionId": "cn-shanghai", "VpcId": "vpc-1"},
		{"AssociationRegionId": "cn-hangzhou", "VpcId": "vpc-2"},
		{"AssociationRegionId": "cn-shanghai", "VpcId": "vpc-3"},
	} {
		p["EcrId"] = ecr
		a.ok("CreateExpressConnectRouterAssociation", p)
	}
	if got := fmt.Sprint(a.ok("DescribeExpressConnectRouterRegion", map[string]string{"EcrId": ecr})["RegionIdList"]); got != "[cn-hangzhou cn-shanghai]" {
		t.Fatalf("got RegionIdList %s; want [cn-hangzhou cn-shanghai]", got)
	}
	modes := list(a.ok("DescribeExpressConnectRouterInterRegionTransitMode", map[string]string{"EcrId": ecr}), "InterRegionTransitModeList")
	if fmt.Sprint(modes) != "[map[Mode:ECMP RegionId:cn-hangzhou] map[Mode:ECMP RegionId:cn-shanghai]]" {
		t.Fatalf("got %v; want ECMP for both regions", modes)
	}
	for _, action := range []string{"DescribeExpressConnectRouterRegion", "DescribeExpressConnectRouterInterRegionTransitMode"} {
		a.fail(action, map[string]string{"EcrId": "ecr-nosuch"}, "ResourceNotFound.EcrId", 404)
		a.fail(action, nil, "MissingParam.EcrId", 400)
		a.fail(action, map[string]string{"EcrId": ecr, "DryRun": "true"}, "DryRunOperation", 400)
	}
}
