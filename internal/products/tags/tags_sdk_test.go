package tags_test

import (
	"fmt"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/cbn"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"

	"github.com/ecmock/ecmock/internal/sdktest"
	"github.com/ecmock/ecmock/mock"
)

func start(t *testing.T) *mock.Server {
	return sdktest.Start(t, mock.Options{Timing: "instant"})
}

// enabledPC creates a physical connection of a and forces it Enabled.
func enabledPC(t *testing.T, srv *mock.Server, c *vpc.Client) string {
	t.Helper()
	resp, err := c.CreatePhysicalConnection(sdktest.PCRequest())
	sdktest.MustOK(t, "CreatePhysicalConnection", err)
	if err := srv.SetStatus(resp.PhysicalConnectionId, "Enabled"); err != nil {
		t.Fatal(err)
	}
	return resp.PhysicalConnectionId
}

func vpcTag(c *vpc.Client, typ string, ids []string, kv ...string) error {
	req := vpc.CreateTagResourcesForExpressConnectRequest()
	req.Scheme, req.ResourceType, req.ResourceId = "http", typ, &ids
	var tags []vpc.TagResourcesForExpressConnectTag
	for i := 0; i+1 < len(kv); i += 2 {
		tags = append(tags, vpc.TagResourcesForExpressConnectTag{Key: kv[i], Value: kv[i+1]})
	}
	req.Tag = &tags
	_, err := c.TagResourcesForExpressConnect(req)
	return err
}

func vpcList(t *testing.T, c *vpc.Client, typ string, ids []string, max int, token string) *vpc.ListTagResourcesForExpressConnectResponse {
	t.Helper()
	req := vpc.CreateListTagResourcesForExpressConnectRequest()
	req.Scheme, req.ResourceType, req.ResourceId, req.NextToken = "http", typ, &ids, token
	if max > 0 {
		req.MaxResults = requests.NewInteger(max)
	}
	resp, err := c.ListTagResourcesForExpressConnect(req)
	sdktest.MustOK(t, "ListTagResourcesForExpressConnect", err)
	return resp
}

func pcTags(t *testing.T, c *vpc.Client, id string) map[string]string {
	t.Helper()
	req := vpc.CreateDescribePhysicalConnectionsRequest()
	req.Scheme = "http"
	req.Filter = &[]vpc.DescribePhysicalConnectionsFilter{{Key: "PhysicalConnectionId", Value: &[]string{id}}}
	resp, err := c.DescribePhysicalConnections(req)
	sdktest.MustOK(t, "DescribePhysicalConnections", err)
	if len(resp.PhysicalConnectionSet.PhysicalConnectionType) != 1 {
		t.Fatalf("DescribePhysicalConnections %s: got %d connections", id, len(resp.PhysicalConnectionSet.PhysicalConnectionType))
	}
	out := map[string]string{}
	for _, tg := range resp.PhysicalConnectionSet.PhysicalConnectionType[0].Tags.TagsItem {
		out[tg.Key] = tg.Value
	}
	return out
}

// TestVpcTags: tags of physical connections and VBRs set by the Express
// Connect tag actions show in Describe answers, ListTagResources pages them,
// the removals work, and the limits hold.
func TestVpcTags(t *testing.T) {
	srv := start(t)
	a := sdktest.VPC(t, srv, srv.AccountA())
	b := sdktest.VPC(t, srv, srv.AccountB())
	pc := enabledPC(t, srv, a)

	sdktest.MustOK(t, "tag a PC", vpcTag(a, "PHYSICALCONNECTION", []string{pc}, "env", "test", "team", "net"))
	sdktest.MustOK(t, "retag a PC", vpcTag(a, "PHYSICALCONNECTION", []string{pc}, "env", "prod"))
	if got := pcTags(t, a, pc); len(got) != 2 || got["env"] != "prod" || got["team"] != "net" {
		t.Fatalf("DescribePhysicalConnections tags: got %v; want env=prod team=net", got)
	}
	for _, tc := range []struct {
		tags []vpc.DescribePhysicalConnectionsTags
		want int
	}{
		{[]vpc.DescribePhysicalConnectionsTags{{Key: "env", Value: "prod"}}, 1},
		{[]vpc.DescribePhysicalConnectionsTags{{Key: "team"}}, 1},
		{[]vpc.DescribePhysicalConnectionsTags{{Key: "env", Value: "test"}}, 0},
	} {
		req := vpc.CreateDescribePhysicalConnectionsRequest()
		req.Scheme, req.Tags = "http", &tc.tags
		resp, err := a.DescribePhysicalConnections(req)
		sdktest.MustOK(t, "DescribePhysicalConnections by tags", err)
		if n := len(resp.PhysicalConnectionSet.PhysicalConnectionType); n != tc.want {
			t.Fatalf("DescribePhysicalConnections Tags %+v: got %d connections; want %d", tc.tags, n, tc.want)
		}
	}

	// Paged listing: one row per (resource, tag), NextToken until the end.
	first := vpcList(t, a, "PHYSICALCONNECTION", []string{pc}, 1, "")
	if len(first.TagResources.TagResource) != 1 || first.NextToken == "" {
		t.Fatalf("page 1: got %+v next %q; want one row and a NextToken", first.TagResources.TagResource, first.NextToken)
	}
	second := vpcList(t, a, "PHYSICALCONNECTION", []string{pc}, 1, first.NextToken)
	if len(second.TagResources.TagResource) != 1 || second.NextToken != "" {
		t.Fatalf("page 2: got %+v next %q; want the last row", second.TagResources.TagResource, second.NextToken)
	}
	if r := second.TagResources.TagResource[0]; r.ResourceId != pc || r.ResourceType != "PHYSICALCONNECTION" || r.TagKey == first.TagResources.TagResource[0].TagKey {
		t.Fatalf("page 2 row: got %+v", r)
	}
	bad := vpc.CreateListTagResourcesForExpressConnectRequest()
	bad.Scheme, bad.ResourceType, bad.ResourceId, bad.NextToken = "http", "PHYSICALCONNECTION", &[]string{pc}, "not-a-token"
	_, err := a.ListTagResourcesForExpressConnect(bad)
	sdktest.WantErr(t, err, "InvalidParameter", 400)

	// Removals: one key, then all (the VPC-wide UnTagResources).
	un := vpc.CreateUntagResourcesForExpressConnectRequest()
	un.Scheme, un.ResourceType, un.ResourceId, un.TagKey = "http", "PHYSICALCONNECTION", &[]string{pc}, &[]string{"team"}
	_, err = a.UntagResourcesForExpressConnect(un)
	sdktest.MustOK(t, "UntagResourcesForExpressConnect", err)
	if got := pcTags(t, a, pc); len(got) != 1 || got["env"] != "prod" {
		t.Fatalf("after untag team: got %v; want env=prod", got)
	}
	all := vpc.CreateUnTagResourcesRequest()
	all.Scheme, all.ResourceType, all.ResourceId, all.All = "http", "PHYSICALCONNECTION", &[]string{pc}, requests.NewBoolean(true)
	_, err = a.UnTagResources(all)
	sdktest.MustOK(t, "UnTagResources All", err)
	if got := pcTags(t, a, pc); len(got) != 0 {
		t.Fatalf("after UnTagResources All: got %v; want none", got)
	}

	// Limits and refusals.
	var many []string
	for i := 0; i < 21; i++ {
		many = append(many, fmt.Sprintf("k%d", i), "v")
	}
	sdktest.WantErr(t, vpcTag(a, "PHYSICALCONNECTION", []string{pc}, many...), "InvalidParameter", 400) // 21 in one request: maxItems
	sdktest.MustOK(t, "20 tags", vpcTag(a, "PHYSICALCONNECTION", []string{pc}, many[:40]...))
	sdktest.WantErr(t, vpcTag(a, "PHYSICALCONNECTION", []string{pc}, "one-more", "v"), "SizeLimitExceeded.TagNum", 400)
	sdktest.WantErr(t, vpcTag(a, "PHYSICALCONNECTION", []string{pc}, "aliyun-x", "v"), "InvalidParameter", 400)
	sdktest.WantErr(t, vpcTag(a, "PHYSICALCONNECTION", []string{pc}, "acs:x", "v"), "InvalidParameter", 400)
	sdktest.WantErr(t, vpcTag(a, "PHYSICALCONNECTION", []string{pc}, "k", "acs:v"), "InvalidParameter", 400)
	sdktest.WantErr(t, vpcTag(a, "PHYSICALCONNECTION", []string{pc}, "dup", "1", "dup", "2"), "InvalidParameter", 400)
	sdktest.WantErr(t, vpcTag(a, "PHYSICALCONNECTION", []string{"pc-unknown"}, "k", "v"), "InvalidInstanceIds.NotFound", 404)
	sdktest.WantErr(t, vpcTag(b, "PHYSICALCONNECTION", []string{pc}, "k", "v"), "InvalidInstanceIds.NotFound", 404)
	sdktest.WantErr(t, vpcTag(a, "VPC", []string{pc}, "k", "v"), "InvalidParameter", 400)

	// VBR: Tags.N at creation, tag actions, Describe and its Tags.N filter.
	cr := vpc.CreateCreateVirtualBorderRouterRequest()
	cr.Scheme, cr.PhysicalConnectionId, cr.VlanId = "http", pc, requests.NewInteger(10)
	cr.LocalGatewayIp, cr.PeerGatewayIp, cr.PeeringSubnetMask = "10.0.0.1", "10.0.0.2", "255.255.255.252"
	cr.Tags = &[]vpc.CreateVirtualBorderRouterTags{{Key: "created", Value: "yes"}}
	vr, err := a.CreateVirtualBorderRouter(cr)
	sdktest.MustOK(t, "CreateVirtualBorderRouter", err)
	sdktest.MustOK(t, "tag a VBR", vpcTag(a, "VIRTUALBORDERROUTER", []string{vr.VbrId}, "role", "edge"))
	dr := vpc.CreateDescribeVirtualBorderRoutersRequest()
	dr.Scheme = "http"
	dr.Tags = &[]vpc.DescribeVirtualBorderRoutersTags{{Key: "role", Value: "edge"}, {Key: "created"}}
	vbrs, err := a.DescribeVirtualBorderRouters(dr)
	sdktest.MustOK(t, "DescribeVirtualBorderRouters", err)
	if n := len(vbrs.VirtualBorderRouterSet.VirtualBorderRouterType); n != 1 {
		t.Fatalf("DescribeVirtualBorderRouters by tags: got %d VBRs; want 1", n)
	}
	got := map[string]string{}
	for _, tg := range vbrs.VirtualBorderRouterSet.VirtualBorderRouterType[0].Tags.TagsItem {
		got[tg.Key] = tg.Value
	}
	if len(got) != 2 || got["created"] != "yes" || got["role"] != "edge" {
		t.Fatalf("VBR tags: got %v; want created=yes role=edge", got)
	}
	dr = vpc.CreateDescribeVirtualBorderRoutersRequest()
	dr.Scheme = "http"
	dr.Tags = &[]vpc.DescribeVirtualBorderRoutersTags{{Key: "role", Value: "core"}}
	vbrs, err = a.DescribeVirtualBorderRouters(dr)
	sdktest.MustOK(t, "DescribeVirtualBorderRouters", err)
	if n := len(vbrs.VirtualBorderRouterSet.VirtualBorderRouterType); n != 0 {
		t.Fatalf("DescribeVirtualBorderRouters by another value: got %d VBRs; want 0", n)
	}
	lr := vpc.CreateListTagResourcesRequest()
	lr.Scheme, lr.ResourceType = "http", "VIRTUALBORDERROUTER"
	lr.Tag = &[]vpc.ListTagResourcesTag{{Key: "role"}}
	lt, err := a.ListTagResources(lr)
	sdktest.MustOK(t, "ListTagResources by tag", err)
	if n := len(lt.TagResources.TagResource); n != 2 || lt.TagResources.TagResource[0].ResourceId != vr.VbrId {
		t.Fatalf("ListTagResources by tag: got %+v; want the VBR's two tags", lt.TagResources.TagResource)
	}
	lr = vpc.CreateListTagResourcesRequest()
	lr.Scheme, lr.ResourceType = "http", "VIRTUALBORDERROUTER"
	_, err = a.ListTagResources(lr)
	sdktest.WantErr(t, err, "InvalidParameter", 400) // neither ResourceId.N nor Tag.N
}

// TestCbnTags: CEN and transit-router tags through Cbn TagResources /
// UntagResources / ListTagResources, shown in DescribeCens and
// ListTransitRouters.
func TestCbnTags(t *testing.T) {
	srv := start(t)
	a := sdktest.CBN(t, srv, srv.AccountA())
	cr := cbn.CreateCreateCenRequest()
	cr.Scheme = "http"
	cr.Tag = &[]cbn.CreateCenTag{{Key: "at", Value: "create"}}
	cen, err := a.CreateCen(cr)
	sdktest.MustOK(t, "CreateCen", err)

	tag := func(typ, id string, kv ...string) error {
		req := cbn.CreateTagResourcesRequest()
		req.Scheme, req.ResourceType, req.ResourceId = "http", typ, &[]string{id}
		var tags []cbn.TagResourcesTag
		for i := 0; i+1 < len(kv); i += 2 {
			tags = append(tags, cbn.TagResourcesTag{Key: kv[i], Value: kv[i+1]})
		}
		req.Tag = &tags
		_, err := a.TagResources(req)
		return err
	}
	sdktest.MustOK(t, "TagResources cen", tag("cen", cen.CenId, "env", "test"))
	dc := cbn.CreateDescribeCensRequest()
	dc.Scheme = "http"
	dc.Tag = &[]cbn.DescribeCensTag{{Key: "env", Value: "test"}}
	cens, err := a.DescribeCens(dc)
	sdktest.MustOK(t, "DescribeCens", err)
	if len(cens.Cens.Cen) != 1 || len(cens.Cens.Cen[0].Tags.Tag) != 2 {
		t.Fatalf("DescribeCens by tag: got %+v; want the CEN with 2 tags", cens.Cens.Cen)
	}
	un := cbn.CreateUntagResourcesRequest()
	un.Scheme, un.ResourceType, un.ResourceId, un.TagKey = "http", "cen", &[]string{cen.CenId}, &[]string{"at"}
	_, err = a.UntagResources(un)
	sdktest.MustOK(t, "UntagResources", err)
	lr := cbn.CreateListTagResourcesRequest()
	lr.Scheme, lr.ResourceType, lr.ResourceId = "http", "cen", &[]string{cen.CenId}
	lt, err := a.ListTagResources(lr)
	sdktest.MustOK(t, "ListTagResources", err)
	if rows := lt.TagResources.TagResource; len(rows) != 1 || rows[0].TagKey != "env" || rows[0].TagValue != "test" || rows[0].ResourceId != cen.CenId {
		t.Fatalf("ListTagResources: got %+v; want env=test only", rows)
	}
	sdktest.WantErr(t, tag("cen", "cen-unknown", "k", "v"), "InvalidResourceId.NotFound", 400)
	sdktest.WantErr(t, tag("cen", cen.CenId, "aliyun", "v"), "InvalidParameter", 400)

	// A transit router (regional): the tag shows in ListTransitRouters.
	trq := cbn.CreateCreateTransitRouterRequest()
	trq.Scheme, trq.CenId = "http", cen.CenId
	tr, err := a.CreateTransitRouter(trq)
	sdktest.MustOK(t, "CreateTransitRouter", err)
	sdktest.MustOK(t, "TagResources TransitRouter", tag("TransitRouter", tr.TransitRouterId, "tier", "core"))
	lq := cbn.CreateListTransitRoutersRequest()
	lq.Scheme, lq.TransitRouterId = "http", tr.TransitRouterId
	trs, err := a.ListTransitRouters(lq)
	sdktest.MustOK(t, "ListTransitRouters", err)
	if len(trs.TransitRouters) != 1 || len(trs.TransitRouters[0].Tags) != 1 || trs.TransitRouters[0].Tags[0].Key != "tier" {
		t.Fatalf("ListTransitRouters: got %+v; want the router tagged tier=core", trs.TransitRouters)
	}
}

// TestECRTags: ECR tags through the ExpressConnectRouter tag actions, shown
// by DescribeExpressConnectRouter.
func TestECRTags(t *testing.T) {
	srv := start(t)
	call := sdktest.ECR(t, srv, srv.AccountA())
	created, err := call("CreateExpressConnectRouter", map[string]string{"AlibabaSideAsn": "45104", "Tag.1.Key": "at", "Tag.1.Value": "create"})
	sdktest.MustOK(t, "CreateExpressConnectRouter", err)
	ecr := created["EcrId"].(string)
	_, err = call("TagResources", map[string]string{"ResourceType": "EXPRESSCONNECTROUTER", "ResourceId.1": ecr, "Tag.1.Key": "env", "Tag.1.Value": "prod"})
	sdktest.MustOK(t, "TagResources", err)
	d, err := call("DescribeExpressConnectRouter", map[string]string{"EcrId": ecr})
	sdktest.MustOK(t, "DescribeExpressConnectRouter", err)
	tags := d["EcrList"].([]any)[0].(map[string]any)["Tags"].([]any)
	if len(tags) != 2 {
		t.Fatalf("DescribeExpressConnectRouter Tags: got %v; want 2 tags", tags)
	}
	l, err := call("ListTagResources", map[string]string{"ResourceType": "EXPRESSCONNECTROUTER", "ResourceId.1": ecr, "MaxResults": "1"})
	sdktest.MustOK(t, "ListTagResources", err)
	if rows := l["TagResources"].([]any); len(rows) != 1 || l["NextToken"] == "" || l["TotalCount"] != float64(2) || l["Success"] != true {
		t.Fatalf("ListTagResources page 1: got %v", l)
	}
	for _, k := range []string{"DynamicCode", "DynamicMessage", "AccessDeniedDetail", "Code", "Message", "HttpStatusCode"} {
		if _, ok := l[k]; !ok {
			t.Fatalf("ListTagResources: the success envelope lacks %s: %v", k, l)
		}
	}
	_, err = call("UntagResources", map[string]string{"ResourceType": "EXPRESSCONNECTROUTER", "ResourceId.1": ecr, "All": "true"})
	sdktest.MustOK(t, "UntagResources All", err)
	d, _ = call("DescribeExpressConnectRouter", map[string]string{"EcrId": ecr})
	if tags := d["EcrList"].([]any)[0].(map[string]any)["Tags"].([]any); len(tags) != 0 {
		t.Fatalf("after UntagResources All: got %v; want none", tags)
	}
	_, err = call("TagResources", map[string]string{"ResourceType": "EXPRESSCONNECTROUTER", "ResourceId.1": "ecr-unknown", "Tag.1.Key": "k"})
	sdktest.WantErr(t, err, "ResourceNotFound.EcrId", 404)
	_, err = call("TagResources", map[string]string{"ResourceType": "EXPRESSCONNECTROUTER", "ResourceId.1": ecr, "Tag.1.Key": "acs:k"})
	sdktest.WantErr(t, err, "IllegalParamFormat.Tag.1.Key", 400)
}
