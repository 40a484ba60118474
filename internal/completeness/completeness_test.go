// Package completeness_test checks ecmock's answers against the official Go
// SDK's response structs (alibaba-cloud-sdk-go v1.63.107 services/vpc and
// services/cbn) and against the catalogue: a scripted tour calls every
// action of the catalogue through the front door with the real SDK, and for
// every answer
//
//   - Vpc and Cbn: the body decodes into the SDK's response struct with
//     strict decoding (no unknown fields, no type mismatch), and every field
//     the struct declares is present (at every depth, in every array
//     element), so the next field the SDK adds fails this test rather than a
//     user;
//   - every product: every field the catalogue declares for the action is
//     present (for ExpressConnectRouter, which has no Go SDK package, the
//     catalogue's response is transcribed from the public API reference).
//
// The test also fails when a Vpc or Cbn action of the catalogue has no SDK
// struct listed here, or when the tour does not reach an action.
package completeness_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"

	"github.com/ecmock/ecmock/internal/catalog"
	"github.com/ecmock/ecmock/internal/sdktest"
	"github.com/ecmock/ecmock/mock"
)

var versions = map[string]string{
	"Vpc": "2016-04-28", "Cbn": "2017-09-12", "ExpressConnectRouter": "2023-09-01",
	"Sts": "2015-04-01", "Location": "2015-06-12", "BssOpenApi": "2017-12-14",
}

// noSDKStruct are Vpc/Cbn actions of the catalogue that SDK v1.63.107 has
// no response struct for.
var noSDKStruct = map[string]bool{"Vpc.DescribeExpressCloudConnections": true}

// exampleFields are top-level fields some Vpc answers carry besides the
// SDK's, from the API reference's response examples (catalogue notes of the
// LOA and order actions): allowed beside the SDK struct's fields.
var exampleFields = map[string]bool{"code": true, "httpStatusCode": true, "message": true, "requestId": true, "success": true, "data": true}

// ecrEnvelope are the envelope fields of every ExpressConnectRouter answer.
var ecrEnvelope = []string{"RequestId", "Success", "Code", "Message", "HttpStatusCode", "DynamicCode", "DynamicMessage", "AccessDeniedDetail"}

type tour struct {
	t    *testing.T
	srv  *mock.Server
	cat  *catalog.Catalog
	a, b *sdk.Client
	vars map[string]string
	seen map[string]bool
}

// call runs product.action as account a (or b with asB) with params
// ("{name}" is replaced by a captured value), checks the answer, and
// returns its body.
func (tr *tour) call(asB bool, product, action string, params map[string]string) map[string]any {
	tr.t.Helper()
	req := requests.NewCommonRequest()
	req.Product, req.Version, req.ApiName = product, versions[product], action
	req.Domain, req.Scheme, req.Method = tr.srv.Endpoint(), "http", "POST"
	for k, v := range params {
		for name, val := range tr.vars {
			v = strings.ReplaceAll(v, "{"+name+"}", val)
		}
		req.QueryParams[k] = v
	}
	c := tr.a
	if asB {
		c = tr.b
	}
	resp, err := c.ProcessCommonRequest(req)
	if err != nil {
		tr.t.Fatalf("%s.%s %v: %v", product, action, req.QueryParams, err)
	}
	raw := resp.GetHttpContentBytes()
	var body map[string]any
	if err := json.Unmarshal(raw, &body); err != nil {
		tr.t.Fatalf("%s.%s: body is not JSON: %v", product, action, err)
	}
	key := product + "." + action
	tr.seen[key] = true
	tr.checkCatalogue(key, body)
	if mk := sdkResponses[key]; mk != nil {
		tr.checkSDK(key, raw, body, mk())
	}
	return body
}

// checkCatalogue: every response field the catalogue declares is present.
func (tr *tour) checkCatalogue(key string, body map[string]any) {
	tr.t.Helper()
	parts := strings.SplitN(key, ".", 2)
	a := tr.cat.Action(parts[0], parts[1])
	if a == nil {
		tr.t.Fatalf("%s: no catalogue entry", key)
	}
	for _, f := range a.Response {
		if _, ok := body[f.Name]; !ok {
			tr.t.Errorf("%s: the catalogue declares %s; the answer lacks it: %v", key, f.Name, body)
		}
	}
	if parts[0] == "ExpressConnectRouter" {
		for _, k := range ecrEnvelope {
			if _, ok := body[k]; !ok {
				tr.t.Errorf("%s: the ECR envelope lacks %s", key, k)
			}
		}
	}
}

// checkSDK decodes strictly into the SDK struct and checks that every field
// it declares is present.
func (tr *tour) checkSDK(key string, raw []byte, body map[string]any, target any) {
	tr.t.Helper()
	for k := range exampleFields {
		delete(body, k)
	}
	clean, _ := json.Marshal(body)
	dec := json.NewDecoder(bytes.NewReader(clean))
	dec.DisallowUnknownFields()
	if err := dec.Decode(target); err != nil {
		tr.t.Errorf("%s: strict decoding into the SDK struct: %v\n%s", key, err, raw)
		return
	}
	for _, miss := range missing(reflect.TypeOf(target).Elem(), body, "") {
		tr.t.Errorf("%s: the SDK declares %s; the answer lacks it", key, miss)
	}
}

// missing lists the json fields of struct type t absent from obj, at every
// depth (objects and every element of arrays).
func missing(t reflect.Type, obj map[string]any, path string) []string {
	var out []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name := strings.Split(f.Tag.Get("json"), ",")[0]
		if f.Anonymous || name == "" || name == "-" {
			continue
		}
		v, ok := obj[name]
		if !ok {
			out = append(out, path+name)
			continue
		}
		ft := f.Type
		switch {
		case ft.Kind() == reflect.Struct:
			if m, ok := v.(map[string]any); ok {
				out = append(out, missing(ft, m, path+name+".")...)
			}
		case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct:
			l, _ := v.([]any)
			for j, e := range l {
				if m, ok := e.(map[string]any); ok {
					out = append(out, missing(ft.Elem(), m, fmt.Sprintf("%s%s[%d].", path, name, j))...)
				}
			}
		}
	}
	return out
}

func (tr *tour) capture(name string, body map[string]any, field string) {
	tr.t.Helper()
	v, ok := body[field].(string)
	if !ok || v == "" {
		tr.t.Fatalf("capture %s: no %s in %v", name, field, body)
	}
	tr.vars[name] = v
}

func (tr *tour) force(id, status string) {
	tr.t.Helper()
	if err := tr.srv.SetStatus(tr.vars[id], status); err != nil {
		tr.t.Fatal(err)
	}
}

// TestEveryAnswerMatchesTheSDKAndTheCatalogue is the tour.
func TestEveryAnswerMatchesTheSDKAndTheCatalogue(t *testing.T) {
	srv := sdktest.Start(t, mock.Options{Timing: "instant"})
	cat, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	tr := &tour{t: t, srv: srv, cat: cat, a: sdktest.SDK(t, srv.AccountA()), b: sdktest.SDK(t, srv.AccountB()),
		vars: map[string]string{"uidA": srv.AccountA().UID, "uidB": srv.AccountB().UID}, seen: map[string]bool{}}
	rg := map[string]string{"RegionId": "cn-hangzhou"}
	with := func(kv ...string) map[string]string {
		m := map[string]string{"RegionId": "cn-hangzhou"}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}

	// Platform.
	tr.call(false, "Sts", "GetCallerIdentity", nil)
	tr.call(false, "Location", "DescribeEndpoints", map[string]string{"Id": "cn-hangzhou", "ServiceCode": "vpc", "Type": "openAPI"})
	tr.call(false, "BssOpenApi", "QueryAvailableInstances", map[string]string{"PageNum": "1", "PageSize": "50"})
	tr.call(false, "Vpc", "DescribeRegions", rg)
	tr.call(false, "Vpc", "DescribeAccessPoints", rg)

	// Physical connections: the whole lifecycle, LOA and orders.
	pcReq := with("AccessPointId", "ap-cn-hangzhou-ecmock-A", "LineOperator", "CT", "PeerLocation", "DC1", "PortType", "10GBase-LR", "bandwidth", "100")
	tr.capture("pc", tr.call(false, "Vpc", "CreatePhysicalConnection", pcReq), "PhysicalConnectionId")
	tr.call(false, "Vpc", "DescribePhysicalConnections", rg) // settles it to Allocated
	tr.call(false, "Vpc", "ModifyPhysicalConnectionAttribute", with("PhysicalConnectionId", "{pc}", "Name", "pc-one"))
	tr.call(false, "Vpc", "ApplyPhysicalConnectionLOA", with("InstanceId", "{pc}", "CompanyName", "ACME", "ConstructionTime", "2026-12-01T00:00Z",
		"LineType", "MSTP", "PeerLocation", "DC1", "Si", "ACME Networks"))
	tr.call(false, "Vpc", "DescribePhysicalConnectionLOA", with("InstanceId", "{pc}"))
	tr.call(false, "Vpc", "CompletePhysicalConnectionLOA", with("InstanceId", "{pc}", "LineCode", "L1", "LineLabel", "label"))
	tr.call(false, "Vpc", "ConfirmPhysicalConnection", with("PhysicalConnectionId", "{pc}"))
	tr.call(false, "Vpc", "CreatePhysicalConnectionOccupancyOrder", with("PhysicalConnectionId", "{pc}", "AutoPay", "false"))
	tr.call(false, "Vpc", "EnablePhysicalConnection", with("PhysicalConnectionId", "{pc}"))
	tr.call(false, "Vpc", "DescribePhysicalConnections", rg)
	tr.capture("pc2", tr.call(false, "Vpc", "CreatePhysicalConnectionSetupOrder", with("AccessPointId", "ap-cn-hangzhou-ecmock-B", "LineOperator", "CU")), "PhysicalConnectionId")
	tr.call(false, "Vpc", "CancelPhysicalConnection", with("PhysicalConnectionId", "{pc2}"))
	tr.call(false, "Vpc", "DeletePhysicalConnection", with("PhysicalConnectionId", "{pc2}"))
	tr.capture("pc3", tr.call(false, "Vpc", "CreatePhysicalConnection", pcReq), "PhysicalConnectionId")
	tr.force("pc3", "Enabled")

	// VBRs, a further connection, tags, resource group.
	tr.capture("vbr", tr.call(false, "Vpc", "CreateVirtualBorderRouter", with("PhysicalConnectionId", "{pc}", "VlanId", "10",
		"LocalGatewayIp", "10.0.0.1", "PeerGatewayIp", "10.0.0.2", "PeeringSubnetMask", "255.255.255.252", "Tags.1.Key", "env", "Tags.1.Value", "test")), "VbrId")
	tr.call(false, "Vpc", "ModifyVirtualBorderRouterAttribute", with("VbrId", "{vbr}", "Name", "vbr-one"))
	tr.call(false, "Vpc", "AssociatePhysicalConnectionToVirtualBorderRouter", with("VbrId", "{vbr}", "PhysicalConnectionId", "{pc3}", "VlanId", "11",
		"LocalGatewayIp", "10.1.0.1", "PeerGatewayIp", "10.1.0.2", "PeeringSubnetMask", "255.255.255.252"))
	tr.call(false, "Vpc", "DescribeVirtualBorderRouters", rg)
	tr.call(false, "Vpc", "DescribeVirtualBorderRoutersForPhysicalConnection", with("PhysicalConnectionId", "{pc}"))
	tr.call(false, "Vpc", "UnassociatePhysicalConnectionFromVirtualBorderRouter", with("VbrId", "{vbr}", "PhysicalConnectionId", "{pc3}"))
	tr.call(false, "Vpc", "TagResourcesForExpressConnect", with("ResourceType", "VIRTUALBORDERROUTER", "ResourceId.1", "{vbr}", "Tag.1.Key", "team", "Tag.1.Value", "net"))
	tr.call(false, "Vpc", "ListTagResourcesForExpressConnect", with("ResourceType", "VIRTUALBORDERROUTER", "ResourceId.1", "{vbr}"))
	tr.call(false, "Vpc", "ListTagResources", with("ResourceType", "VIRTUALBORDERROUTER", "ResourceId.1", "{vbr}"))
	tr.call(false, "Vpc", "UntagResourcesForExpressConnect", with("ResourceType", "VIRTUALBORDERROUTER", "ResourceId.1", "{vbr}", "TagKey.1", "team"))
	tr.call(false, "Vpc", "UnTagResources", with("ResourceType", "VIRTUALBORDERROUTER", "ResourceId.1", "{vbr}", "All", "true"))
	tr.call(false, "Vpc", "ChangeResourceGroup", with("ResourceType", "VIRTUALBORDERROUTER", "ResourceId", "{vbr}", "NewResourceGroupId", "rg-x"))
	tr.call(false, "Vpc", "TerminateVirtualBorderRouter", with("VbrId", "{vbr}"))
	tr.call(false, "Vpc", "RecoverVirtualBorderRouter", with("VbrId", "{vbr}"))

	// Hosted connection and Express Cloud Connect.
	tr.capture("vpconn", tr.call(false, "Vpc", "CreateVirtualPhysicalConnection", with("PhysicalConnectionId", "{pc}", "Spec", "50M", "VlanId", "20",
		"OrderMode", "PayByPhysicalConnectionOwner", "VpconnAliUid", "{uidB}")), "VirtualPhysicalConnection")
	tr.call(false, "Vpc", "ListVirtualPhysicalConnections", with("PhysicalConnectionId", "{pc}"))
	tr.call(false, "Vpc", "UpdateVirtualPhysicalConnection", with("InstanceId", "{vpconn}", "VlanId", "21"))
	tr.call(false, "Vpc", "CreateExpressCloudConnection", with("Bandwidth", "10", "IdcSP", "ACME", "PeerLocation", "DC1"))
	tr.call(false, "Vpc", "DescribeExpressCloudConnections", rg)

	// CEN, transit router, ECR and the attachment.
	tr.capture("cen", tr.call(false, "Cbn", "CreateCen", map[string]string{"Name": "cen-one", "Tag.1.Key": "env", "Tag.1.Value": "test"}), "CenId")
	tr.call(false, "Cbn", "DescribeCens", nil)
	tr.call(false, "Cbn", "ModifyCenAttribute", map[string]string{"CenId": "{cen}", "Name": "cen-two"})
	tr.call(false, "Cbn", "MoveResourceGroup", map[string]string{"ResourceId": "{cen}", "ResourceType": "cen", "NewResourceGroupId": "rg-x"})
	tr.call(false, "Cbn", "TagResources", map[string]string{"ResourceType": "cen", "ResourceId.1": "{cen}", "Tag.1.Key": "team", "Tag.1.Value": "net"})
	tr.call(false, "Cbn", "ListTagResources", map[string]string{"ResourceType": "cen", "ResourceId.1": "{cen}"})
	tr.call(false, "Cbn", "UntagResources", map[string]string{"ResourceType": "cen", "ResourceId.1": "{cen}", "TagKey.1": "team"})
	tr.capture("tr", tr.call(false, "Cbn", "CreateTransitRouter", map[string]string{"CenId": "{cen}", "RegionId": "cn-hangzhou"}), "TransitRouterId")
	tr.call(false, "Cbn", "ListTransitRouters", map[string]string{"RegionId": "cn-hangzhou"})
	tr.call(false, "Cbn", "UpdateTransitRouter", map[string]string{"TransitRouterId": "{tr}", "RegionId": "cn-hangzhou", "TransitRouterName": "tr-two"})

	e := func(action string, params map[string]string) map[string]any {
		t.Helper()
		return tr.call(false, "ExpressConnectRouter", action, params)
	}
	tr.capture("ecr", e("CreateExpressConnectRouter", map[string]string{"AlibabaSideAsn": "45104", "Name": "ecr-one"}), "EcrId")
	e("DescribeExpressConnectRouter", map[string]string{"EcrId": "{ecr}"})
	e("ModifyExpressConnectRouter", map[string]string{"EcrId": "{ecr}", "Name": "ecr-two"})
	e("MoveResourceGroup", map[string]string{"ResourceId": "{ecr}", "ResourceType": "EXPRESSCONNECTROUTER", "NewResourceGroupId": "rg-x"})
	e("TagResources", map[string]string{"ResourceType": "EXPRESSCONNECTROUTER", "ResourceId.1": "{ecr}", "Tag.1.Key": "k", "Tag.1.Value": "v"})
	e("ListTagResources", map[string]string{"ResourceType": "EXPRESSCONNECTROUTER", "ResourceId.1": "{ecr}"})
	e("UntagResources", map[string]string{"ResourceType": "EXPRESSCONNECTROUTER", "ResourceId.1": "{ecr}", "TagKey.1": "k"})
	tr.capture("assoc", e("CreateExpressConnectRouterAssociation", map[string]string{"EcrId": "{ecr}", "TransitRouterId": "{tr}", "AssociationRegionId": "cn-hangzhou"}), "AssociationId")
	e("DescribeExpressConnectRouterAssociation", map[string]string{"EcrId": "{ecr}"})
	e("ModifyExpressConnectRouterAssociationAllowedPrefix", map[string]string{"EcrId": "{ecr}", "AssociationId": "{assoc}", "AllowedPrefixes.1": "10.0.0.0/8"})
	e("DescribeExpressConnectRouterRegion", map[string]string{"EcrId": "{ecr}"})
	e("ModifyExpressConnectRouterInterRegionTransitMode", map[string]string{"EcrId": "{ecr}", "TransitModeList.1.RegionId": "cn-hangzhou", "TransitModeList.1.Mode": "NearBy"})
	e("DescribeExpressConnectRouterInterRegionTransitMode", map[string]string{"EcrId": "{ecr}"})
	e("DisableExpressConnectRouterRouteEntries", map[string]string{"EcrId": "{ecr}", "DestinationCidrBlock": "192.168.0.0/24", "NexthopInstanceId": "{vbr}"})
	e("DescribeDisabledExpressConnectRouterRouteEntries", map[string]string{"EcrId": "{ecr}"})
	e("EnableExpressConnectRouterRouteEntries", map[string]string{"EcrId": "{ecr}", "DestinationCidrBlock": "192.168.0.0/24", "NexthopInstanceId": "{vbr}"})
	child := map[string]string{"EcrId": "{ecr}", "ChildInstanceId": "{vbr}", "ChildInstanceType": "VBR", "ChildInstanceRegionId": "cn-hangzhou"}
	e("AttachExpressConnectRouterChildInstance", child)
	e("DescribeExpressConnectRouterChildInstance", map[string]string{"EcrId": "{ecr}"})
	e("ModifyExpressConnectRouterChildInstance", map[string]string{"EcrId": "{ecr}", "ChildInstanceId": "{vbr}", "ChildInstanceType": "VBR", "Description": "d"})
	e("DetachExpressConnectRouterChildInstance", map[string]string{"EcrId": "{ecr}", "ChildInstanceId": "{vbr}", "ChildInstanceType": "VBR"})
	tr.call(true, "ExpressConnectRouter", "GrantInstanceToExpressConnectRouter", map[string]string{"EcrId": "{ecr}", "EcrOwnerAliUid": "{uidA}",
		"InstanceId": "vpc-granted", "InstanceType": "VPC", "InstanceRegionId": "cn-hangzhou"})
	e("DescribeInstanceGrantedToExpressConnectRouter", map[string]string{"EcrId": "{ecr}", "InstanceType": "VPC"})
	tr.call(true, "ExpressConnectRouter", "RevokeInstanceFromExpressConnectRouter", map[string]string{"EcrId": "{ecr}", "EcrOwnerAliUid": "{uidA}",
		"InstanceId": "vpc-granted", "InstanceType": "VPC", "InstanceRegionId": "cn-hangzhou"})

	tr.capture("att", tr.call(false, "Cbn", "CreateTransitRouterEcrAttachment", map[string]string{"TransitRouterId": "{tr}", "EcrId": "{ecr}", "RegionId": "cn-hangzhou"}), "TransitRouterAttachmentId")
	tr.call(false, "Cbn", "ListTransitRouterEcrAttachments", map[string]string{"TransitRouterId": "{tr}"})
	tr.call(false, "Cbn", "UpdateTransitRouterEcrAttachmentAttribute", map[string]string{"TransitRouterAttachmentId": "{att}", "TransitRouterAttachmentName": "att-two"})

	// Tear down: every delete.
	tr.call(false, "Cbn", "DeleteTransitRouterEcrAttachment", map[string]string{"TransitRouterAttachmentId": "{att}"})
	tr.call(false, "Cbn", "ListTransitRouterEcrAttachments", map[string]string{"TransitRouterId": "{tr}"}) // settles the detach
	e("DeleteExpressConnectRouterAssociation", map[string]string{"EcrId": "{ecr}", "AssociationId": "{assoc}"})
	e("DescribeExpressConnectRouterAssociation", map[string]string{"EcrId": "{ecr}"})
	e("DeleteExpressConnectRouter", map[string]string{"EcrId": "{ecr}"})
	tr.call(false, "Cbn", "DeleteTransitRouter", map[string]string{"TransitRouterId": "{tr}", "RegionId": "cn-hangzhou"})
	tr.call(false, "Cbn", "ListTransitRouters", map[string]string{"RegionId": "cn-hangzhou"})
	tr.call(false, "Cbn", "DeleteCen", map[string]string{"CenId": "{cen}"})
	tr.call(false, "Vpc", "DeleteVirtualBorderRouter", with("VbrId", "{vbr}"))
	tr.call(false, "Vpc", "TerminatePhysicalConnection", with("PhysicalConnectionId", "{pc3}"))

	// Coverage: every action of the catalogue was reached, and every Vpc/Cbn
	// action has its SDK struct listed.
	var unreached, noStruct []string
	for _, pn := range cat.ProductNames() {
		for _, an := range cat.Products[pn].ActionNames() {
			key := pn + "." + an
			if !tr.seen[key] {
				unreached = append(unreached, key)
			}
			if (pn == "Vpc" || pn == "Cbn") && sdkResponses[key] == nil && !noSDKStruct[key] {
				noStruct = append(noStruct, key)
			}
		}
	}
	sort.Strings(unreached)
	if len(unreached) > 0 {
		t.Errorf("the tour does not reach %d actions: %v", len(unreached), unreached)
	}
	if len(noStruct) > 0 {
		t.Errorf("no SDK response struct listed for %v (sdk_responses_test.go)", noStruct)
	}
	t.Logf("checked %d actions (%d against SDK structs)", len(tr.seen), countSDK(tr.seen))
}

func countSDK(seen map[string]bool) int {
	n := 0
	for k := range seen {
		if sdkResponses[k] != nil {
			n++
		}
	}
	return n
}
