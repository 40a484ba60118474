package cbn

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/ecmock/ecmock/internal/api"
	"github.com/ecmock/ecmock/internal/catalog"
	"github.com/ecmock/ecmock/internal/store"
)

func TestParseCidrList(t *testing.T) {
	cases := []struct {
		name string
		raw  string
		want string // JSON of the stored list, or the error's parameter
	}{
		{"empty", "", `[]`},
		{"null, as the SDK sends an unset list", "null", `[]`},
		{"one, masked, publish by default", `[{"Cidr":"10.1.2.0/16","Name":"a"}]`,
			`[{"Cidr":"10.1.0.0/16","Description":"","Name":"a","PublishCidrRoute":true,"TransitRouterCidrId":"cidr-1"}]`},
		{"publish false as the SDK sends it", `[{"Cidr":"192.168.0.0/24","PublishCidrRoute":"false"}]`,
			`[{"Cidr":"192.168.0.0/24","Description":"","Name":"","PublishCidrRoute":false,"TransitRouterCidrId":"cidr-1"}]`},
		{"prefix too short", `[{"Cidr":"10.0.0.0/15"}]`, "error"},
		{"prefix too long", `[{"Cidr":"10.0.0.0/25"}]`, "error"},
		{"IPv6", `[{"Cidr":"fd00::/16"}]`, "error"},
		{"not JSON", `{`, "error"},
		{"six blocks", `[{"Cidr":"10.0.0.0/16"},{"Cidr":"10.1.0.0/16"},{"Cidr":"10.2.0.0/16"},{"Cidr":"10.3.0.0/16"},{"Cidr":"10.4.0.0/16"},{"Cidr":"10.5.0.0/16"}]`, "error"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseCidrList(tc.raw)
			if tc.want == "error" {
				var ae *api.Error
				if !errors.As(err, &ae) || ae.Code != "InvalidParameter" || len(ae.Args) != 1 || ae.Args[0] != "TransitRouterCidrList" {
					t.Fatalf("got %v; want InvalidParameter for TransitRouterCidrList", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("got %v; want no error", err)
			}
			b, _ := json.Marshal(got)
			if string(b) != tc.want {
				t.Fatalf("got %s; want %s", b, tc.want)
			}
		})
	}
}

func TestHasTags(t *testing.T) {
	r := &store.Resource{Attrs: map[string]any{"Tags": storedTags([]api.Tag{{Key: "env", Value: "prod"}, {Key: "team", Value: ""}})}}
	cases := []struct {
		want []api.Tag
		ok   bool
	}{
		{nil, true},
		{[]api.Tag{{Key: "env", Value: "prod"}}, true},
		{[]api.Tag{{Key: "env"}}, true},
		{[]api.Tag{{Key: "env", Value: "dev"}}, false},
		{[]api.Tag{{Key: "env", Value: "prod"}, {Key: "team"}}, true},
		{[]api.Tag{{Key: "owner"}}, false},
	}
	for _, tc := range cases {
		if got := hasTags(r, tc.want); got != tc.ok {
			t.Errorf("hasTags(%v): got %v; want %v", tc.want, got, tc.ok)
		}
	}
	// After an export/import round trip the tags are plain JSON values.
	b, _ := json.Marshal(r.Attrs)
	var back map[string]any
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !hasTags(&store.Resource{Attrs: back}, []api.Tag{{Key: "env", Value: "prod"}}) {
		t.Fatalf("got no match after a JSON round trip; want env=prod")
	}
}

func TestFixtureDefaults(t *testing.T) {
	reg := api.NewRegistry()
	Register(reg)
	cases := []struct {
		res    *store.Resource
		status string
		attrs  map[string]any
	}{
		{&store.Resource{ID: "cen-f", Type: store.TypeCEN, Owner: "1"}, "Active",
			map[string]any{"CenId": "cen-f", "ProtectionLevel": "REDUCED", "Ipv6Level": "DISABLED"}},
		{&store.Resource{ID: "cen-g", Type: store.TypeCEN, Owner: "1", Status: "Creating", Attrs: map[string]any{"ProtectionLevel": "FULL"}}, "Creating",
			map[string]any{"ProtectionLevel": "FULL"}},
		{&store.Resource{ID: "tr-f", Type: store.TypeTransitRouter, Owner: "1", Attrs: map[string]any{"CenId": "cen-f"}}, "Active",
			map[string]any{"TransitRouterId": "tr-f", "Type": "Enterprise", "CenId": "cen-f"}},
		{&store.Resource{ID: "tr-b", Type: store.TypeTransitRouter, Owner: "1", Attrs: map[string]any{"Type": "Basic"}}, "Active",
			map[string]any{"Type": "Basic"}},
		{&store.Resource{ID: "tr-attach-f", Type: store.TypeTRECRAttachment, Owner: "7", Attrs: map[string]any{"EcrId": "ecr-f"}}, "Attached",
			map[string]any{"TransitRouterAttachmentId": "tr-attach-f", "ResourceType": "ECR", "EcrOwnerId": "7", "EcrId": "ecr-f"}},
	}
	for _, tc := range cases {
		if !reg.CompleteFixture(tc.res) {
			t.Fatalf("%s: no fixture defaults", tc.res.Type)
		}
		if tc.res.Status != tc.status {
			t.Errorf("%s: got status %q; want %q", tc.res.ID, tc.res.Status, tc.status)
		}
		for k, v := range tc.attrs {
			if tc.res.Attrs[k] != v {
				t.Errorf("%s.%s: got %v; want %v", tc.res.ID, k, tc.res.Attrs[k], v)
			}
		}
	}
}

func TestRegions(t *testing.T) {
	for r := range noEcrAttachmentRegions {
		if !knownRegions[r] {
			t.Errorf("%s does not support ECR attachments but is not a known region", r)
		}
	}
	if knownRegions["xx-nowhere-1"] || !knownRegions["cn-hangzhou"] {
		t.Fatalf("got known regions %v; want cn-hangzhou and not xx-nowhere-1", knownRegions)
	}
}

// seedCodes is the API reference's error table for CreateTransitRouterEcrAttachment:
// code → message, exactly as documented (all HTTP 400).
var seedCodes = map[string]string{
	"NoPermission.AliyunServiceRolePolicyForCEN":         "You are not authorized to create the service linked role. Role Name: AliyunServiceRolePolicyForCEN. Service Name: Make sure that the user has been granted the ram:CreateServiceLinkedRole permission.",
	"OperationUnsupported.TransitRouterRegionId":         "The specified TransitRouterRegion does not support the operation.",
	"InvalidCenId.NotFound":                              "CenId is not found.",
	"InvalidStatus.ResourceStatus":                       "The resource is not in a valid state for the attachment operation.",
	"InvalidTransitRouterId.NotFound":                    "TransitRouterId is not found.",
	"Forbbiden.TransitRouterServiceNotOpen":              "The user has not open transit router service.",
	"OperationUnsupported.TransitRouterType":             "The specified TransitRouterType does not support the operation.",
	"MissingParam.CenIdOrRegionId":                       "Either CenId or RegionId must be specified.",
	"IllegalParam.AssociateRouteTableId":                 "The specified AssociateRouteTableId is illegal.",
	"Forbbiden.AttachChildInstanceAcrossBid":             "Operation is invalid, please apply for cross-bid attaching.",
	"IllegalParam.RegionId":                              "RegionId is illegal.",
	"OperationUnsupported.CenFullLevel":                  "CEN full level does not support TransitRouter",
	"InvalidOperation.CenInstanceStatus":                 "The CEN instance is not in a valid state for the operation. ",
	"IncorrectStatus.TransitRouter":                      "The status of TransitRouter is incorrect.",
	"QuotaFull.ChildInstanceRelatedCen":                  "The childinstance has exceed the quota of the times that a childinstance can be attached as an attachment.",
	"Forbidden.ResourceOwnerTransitRouterServiceNotOpen": "The resource owner user has not opened transit router service.",
	"OperationUnsupported.BandwidthType":                 "The specified BandwidthType does not support the operation.",
	"IllegalParam.BandwidthType":                         "BandwidthType is illegal.",
	"IncorrectStatus.EcrResource":                        "The ECR resource is not in a valid state for the attachment operation.",
	"QuotaExceeded.CenQuotaEcrAttachPerTransitRouter":    "The maximum number of ECR attachment per Transit Router is exceeded.",
	"OperationUnsupported.ECRAttachment":                 "ECR Attachment is not supported.",
	"InvalidTransitRouterMode.NeedUpgrade":               "TransitRouter need to upgrade.",
	"ResourceNotFound":                                   "The resource does not found.",
	"InvalidParameter":                                   "Invalid parameter.",
	"Unauthorized":                                       "The AccessKeyId is unauthorized.",
}

// TestCatalogueCarriesTheSeedTable: every code of the API reference's table is
// documented for the action with its status and message; the only other code
// is the dry run's.
func TestCatalogueCarriesTheSeedTable(t *testing.T) {
	a := catalog.MustLoad().Action("Cbn", "CreateTransitRouterEcrAttachment")
	if a == nil {
		t.Fatal("got no CreateTransitRouterEcrAttachment in the catalogue; want it")
	}
	for code, msg := range seedCodes {
		r, ok := a.Error(code)
		if !ok || r.Status != 400 || r.Message != msg {
			t.Errorf("%s: got %+v (documented %v); want HTTP 400 %q", code, r, ok, msg)
		}
	}
	for _, e := range a.Errors {
		if _, ok := seedCodes[e.Code]; !ok && e.Code != "DryRunOperation" {
			t.Errorf("got undocumented code %s; want only the API reference's codes and DryRunOperation", e.Code)
		}
	}
	if a.Idempotency != "ClientToken" || a.DryRun != "DryRunOperation" {
		t.Fatalf("got idempotency %q dryRun %q; want ClientToken and DryRunOperation", a.Idempotency, a.DryRun)
	}
}
