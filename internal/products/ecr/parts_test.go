package ecr

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/ecmock/ecmock/internal/api"
	"github.com/ecmock/ecmock/internal/store"
)

func TestASNRules(t *testing.T) {
	cases := []struct {
		asn            int64
		valid, private bool
	}{
		{45104, true, false},
		{45103, false, false},
		{45105, false, false},
		{64511, false, false},
		{64512, true, true},
		{65025, false, false},
		{65024, true, true},
		{65026, true, true},
		{65534, true, true},
		{65535, false, false},
		{4199999999, false, false},
		{4200000000, true, true},
		{4294967294, true, true},
		{4294967295, false, false},
		{0, false, false},
		{-64512, false, false},
	}
	for _, tc := range cases {
		if got := validASN(tc.asn); got != tc.valid {
			t.Errorf("validASN(%d): got %v; want %v", tc.asn, got, tc.valid)
		}
		if got := privateASN(tc.asn); got != tc.private {
			t.Errorf("privateASN(%d): got %v; want %v", tc.asn, got, tc.private)
		}
	}
}

func TestTagsSurviveExportImport(t *testing.T) {
	r := &store.Resource{Attrs: map[string]any{"Tags": storeTags([]api.Tag{{Key: "env", Value: "prod"}, {Key: "team", Value: ""}, {Key: "env", Value: "dev"}})}}
	want := "[{env dev} {team }]"
	if got := fmt.Sprint(tagsOf(r)); got != want {
		t.Fatalf("stored tags: got %s; want %s (a repeated key keeps its last value)", got, want)
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var back store.Resource
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(tagsOf(&back)); got != want {
		t.Fatalf("after a JSON round trip: got %s; want %s", got, want)
	}
	// Fixtures may write TagKey/TagValue.
	fx := &store.Resource{Attrs: map[string]any{"Tags": []any{map[string]any{"TagKey": "k", "TagValue": "v"}}}}
	if got := fmt.Sprint(tagsOf(fx)); got != "[{k v}]" {
		t.Fatalf("fixture tags: got %s; want [{k v}]", got)
	}
}

func TestFixtureDefaults(t *testing.T) {
	reg := api.NewRegistry()
	Register(reg)
	for _, typ := range []string{store.TypeECR, store.TypeECRAssociation, store.TypeECRGrant} {
		found := false
		for _, ft := range reg.FixtureTypes() {
			found = found || ft == typ
		}
		if !found {
			t.Fatalf("fixture types %v lack %s", reg.FixtureTypes(), typ)
		}
	}

	ecr := &store.Resource{ID: "ecr-fixture", Type: store.TypeECR, Owner: "1000000000000001", Attrs: map[string]any{"Name": "kept"}}
	reg.CompleteFixture(ecr)
	got := fmt.Sprint(ecr.Status, " ", ecr.Attrs["EcrId"], " ", ecr.Attrs["Name"], " ", ecr.Attrs["AlibabaSideAsn"], " ", ecr.Attrs["BizStatus"], " ", ecr.Attrs["ResourceGroupId"])
	if want := "ACTIVE ecr-fixture kept 45104 Normal rg-acfm1000000000000001"; got != want {
		t.Fatalf("ECR fixture: got %q; want %q", got, want)
	}

	tr := &store.Resource{ID: "ecr-assoc-f", Type: store.TypeECRAssociation, Owner: "1", Region: "cn-shanghai", Status: "CREATING",
		Attrs: map[string]any{"EcrId": "ecr-fixture", "TransitRouterId": "tr-f"}}
	reg.CompleteFixture(tr)
	got = fmt.Sprint(tr.Status, " ", tr.Attrs["AssociationNodeType"], " ", tr.Attrs["AssociationRegionId"], " ", tr.Attrs["TransitRouterOwnerId"], " ", tr.Attrs["AllowedPrefixesMode"])
	if want := "CREATING TR cn-shanghai 1 MatchMode"; got != want {
		t.Fatalf("association fixture: got %q; want %q", got, want)
	}
	vpc := &store.Resource{ID: "ecr-assoc-v", Type: store.TypeECRAssociation, Owner: "1", Region: "cn-hangzhou", Attrs: map[string]any{"VpcId": "vpc-f"}}
	reg.CompleteFixture(vpc)
	if vpc.Status != "ACTIVE" || vpc.Attrs["AssociationNodeType"] != "VPC" || vpc.Attrs["VpcOwnerId"] != "1" {
		t.Fatalf("VPC association fixture: got %s %v; want ACTIVE VPC owned by 1", vpc.Status, vpc.Attrs)
	}

	for id, typ := range map[string]string{"vbr-f": "VBR", "tr-f": "TR", "vpc-f": "VPC"} {
		g := &store.Resource{ID: "gr-f", Type: store.TypeECRGrant, Owner: "2", Region: "cn-hangzhou", Attrs: map[string]any{"InstanceId": id, "EcrId": "ecr-fixture"}}
		reg.CompleteFixture(g)
		if g.Status != "ACTIVE" || g.Attrs["InstanceType"] != typ || g.Attrs["InstanceRegionId"] != "cn-hangzhou" {
			t.Errorf("grant fixture of %s: got %s %v; want ACTIVE %s in cn-hangzhou", id, g.Status, g.Attrs, typ)
		}
	}
}

func TestUIDNumber(t *testing.T) {
	if got := uidNumber("1000000000000001"); got != int64(1000000000000001) {
		t.Fatalf("got %#v; want int64 1000000000000001", got)
	}
	if got := uidNumber("not-a-number"); got != "not-a-number" {
		t.Fatalf("got %#v; want the string back", got)
	}
}
