package ecr_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/ecmock/ecmock/internal/sdktest"
	"github.com/ecmock/ecmock/internal/store"
	"github.com/ecmock/ecmock/mock"
)

func TestGrantAndRevoke(t *testing.T) {
	srv := sdktest.Start(t, mock.Options{})
	a, b := newAPI(t, srv, srv.AccountA()), newAPI(t, srv, srv.AccountB())
	ecr := a.createECR("45104", nil)
	addResource(srv, &store.Resource{ID: "vbr-j6cwxhgg0s5nuephp0001", Type: store.TypeVBR, Owner: b.uid, Region: "cn-hangzhou", Status: "active",
		Attrs: map[string]any{"VbrId": "vbr-j6cwxhgg0s5nuephp0001"}})
	grant := map[string]string{"EcrId": ecr, "EcrOwnerAliUid": a.uid, "InstanceId": "vbr-j6cwxhgg0s5nuephp0001",
		"InstanceType": "VBR", "InstanceRegionId": "cn-hangzhou"}
	with := func(k, v string) map[string]string {
		m := map[string]string{}
		for kk, vv := range grant {
			m[kk] = vv
		}
		if v == "" {
			delete(m, k)
		} else {
			m[k] = v
		}
		return m
	}
	cases := []struct {
		name   string
		params map[string]string
		code   string
		status int
	}{
		{"no owner", with("EcrOwnerAliUid", ""), "MissingParam.EcrOwnerAliUid", 400},
		{"owner not a number", with("EcrOwnerAliUid", "abc"), "IllegalParamFormat.EcrOwnerAliUid", 400},
		{"no instance", with("InstanceId", ""), "MissingParam.InstanceId", 400},
		{"bad type", with("InstanceType", "ECR"), "IllegalParamFormat.InstanceType", 400},
		{"no region", with("InstanceRegionId", ""), "MissingParam.InstanceRegionId", 400},
		{"unknown ecr", with("EcrId", "ecr-nosuch"), "ResourceNotFound.EcrId", 404},
		{"wrong ecr owner", with("EcrOwnerAliUid", b.uid), "ResourceNotFound.EcrId", 404},
		{"unknown vbr", with("InstanceId", "vbr-nosuch"), "ResourceNotFound.InstanceId", 404},
		{"vbr in another region", with("InstanceRegionId", "cn-beijing"), "ResourceNotFound.InstanceId", 404},
		{"bad vpc id", map[string]string{"EcrId": ecr, "EcrOwnerAliUid": a.uid, "InstanceId": "x-1", "InstanceType": "VPC", "InstanceRegionId": "cn-hangzhou"}, "IllegalParamFormat.InstanceId", 400},
		{"dry run", with("DryRun", "true"), "DryRunOperation", 400},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b.t = t
			b.fail("GrantInstanceToExpressConnectRouter", tc.params, tc.code, tc.status)
		})
	}
	b.t = t
	// A's VBR-less account cannot grant B's VBR.
	a.fail("GrantInstanceToExpressConnectRouter", grant, "ResourceNotFound.InstanceId", 404)

	b.ok("GrantInstanceToExpressConnectRouter", grant)
	b.ok("GrantInstanceToExpressConnectRouter", grant) // already granted: no second record
	b.ok("GrantInstanceToExpressConnectRouter", map[string]string{"EcrId": ecr, "EcrOwnerAliUid": a.uid, "InstanceId": "vpc-bp1x",
		"InstanceType": "VPC", "InstanceRegionId": "cn-shanghai"})

	owner := a.ok("DescribeInstanceGrantedToExpressConnectRouter", map[string]string{"EcrId": ecr})
	l := list(owner, "EcrGrantedInstanceList")
	if len(l) != 2 || fmt.Sprint(owner["TotalCount"]) != "2" {
		t.Fatalf("got %v; want two grants to the ECR", owner)
	}
	want := map[string]string{"EcrId": ecr, "EcrOwnerAliUid": a.uid, "NodeId": "vbr-j6cwxhgg0s5nuephp0001", "NodeType": "VBR",
		"NodeRegionId": "cn-hangzhou", "NodeOwnerUid": b.uid, "Status": "ACTIVE", "GmtCreate": "2026-01-01T00:00:00Z"}
	for k, v := range want {
		if got := fmt.Sprint(l[0][k]); got != v {
			t.Errorf("EcrGrantedInstanceList[0].%s: got %q; want %q", k, got, v)
		}
	}
	if id := fmt.Sprint(l[0]["GrantId"]); len(id) < 4 || id[:3] != "gr-" {
		t.Errorf("got GrantId %q; want gr-...", id)
	}
	if n := len(list(a.ok("DescribeInstanceGrantedToExpressConnectRouter", map[string]string{"EcrId": ecr, "InstanceType": "VPC"}), "EcrGrantedInstanceList")); n != 1 {
		t.Fatalf("got %d VPC grants; want 1", n)
	}
	// The grantor sees its grants with CallerType OTHER; without it, B owns no such ECR.
	if n := len(list(b.ok("DescribeInstanceGrantedToExpressConnectRouter", map[string]string{"EcrId": ecr, "CallerType": "OTHER"}), "EcrGrantedInstanceList")); n != 2 {
		t.Fatalf("got %d grants for the grantor; want 2", n)
	}
	b.fail("DescribeInstanceGrantedToExpressConnectRouter", map[string]string{"EcrId": ecr}, "ResourceNotFound.EcrId", 404)

	b.ok("RevokeInstanceFromExpressConnectRouter", grant)
	if n := len(list(a.ok("DescribeInstanceGrantedToExpressConnectRouter", map[string]string{"EcrId": ecr}), "EcrGrantedInstanceList")); n != 1 {
		t.Fatalf("got %d grants after revoking one; want 1", n)
	}
}

func TestRevokeWaitsForTheLock(t *testing.T) {
	srv := sdktest.Start(t, mock.Options{})
	a, b := newAPI(t, srv, srv.AccountA()), newAPI(t, srv, srv.AccountB())
	ecr := a.createECR("45104", nil)
	grant := map[string]string{"EcrId": ecr, "EcrOwnerAliUid": a.uid, "InstanceId": "vpc-granted",
		"InstanceType": "VPC", "InstanceRegionId": "cn-hangzhou"}
	b.ok("GrantInstanceToExpressConnectRouter", grant)
	// A associates B's granted VPC; while CREATING the ECR is locked.
	a.ok("CreateExpressConnectRouterAssociation", map[string]string{"EcrId": ecr, "AssociationRegionId": "cn-hangzhou",
		"VpcId": "vpc-granted", "VpcOwnerId": b.uid})
	b.fail("RevokeInstanceFromExpressConnectRouter", grant, "Conflict.Lock", 400)
	b.fail("GrantInstanceToExpressConnectRouter", grant, "Conflict.Lock", 400)
	srv.Advance(time.Second)
	b.fail("RevokeInstanceFromExpressConnectRouter", map[string]string{"EcrId": ecr, "EcrOwnerAliUid": a.uid, "InstanceId": "vpc-granted",
		"InstanceType": "VPC", "InstanceRegionId": "cn-hangzhou", "DryRun": "true"}, "DryRunOperation", 400)
	b.ok("RevokeInstanceFromExpressConnectRouter", grant)
	if n := len(list(a.ok("DescribeInstanceGrantedToExpressConnectRouter", map[string]string{"EcrId": ecr}), "EcrGrantedInstanceList")); n != 0 {
		t.Fatalf("got %d grants after revoking; want 0", n)
	}
	// Terraform treats a NotFound revoke as done.
	b.fail("RevokeInstanceFromExpressConnectRouter", grant, "ResourceNotFound.InstanceId", 404)
	// Without the grant, another VPC of B cannot be associated.
	a.fail("CreateExpressConnectRouterAssociation", map[string]string{"EcrId": ecr, "AssociationRegionId": "cn-hangzhou",
		"VpcId": "vpc-other", "VpcOwnerId": b.uid}, "Forbidden.InstanceNotGranted", 403)
}
