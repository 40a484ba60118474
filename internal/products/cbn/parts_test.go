package cbn

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/ecmock/ecmock/internal/api"
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
