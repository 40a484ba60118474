package vpc

import (
	"testing"
	"time"

	"github.com/ecmock/ecmock/internal/api"
	"github.com/ecmock/ecmock/internal/store"
)

func TestSpecOf(t *testing.T) {
	cases := map[string]string{
		"100Base-T": "100M", "1000Base-T": "1G", "1000Base-LX": "1G", "10GBase-T": "10G",
		"10GBase-LR": "10G", "40GBase-LR": "40G", "100GBase-LR": "100G", "E1-2M": "",
	}
	for in, want := range cases {
		if got := specOf(in); got != want {
			t.Errorf("specOf(%q): got %q; want %q", in, got, want)
		}
	}
}

func TestCheckUserCidr(t *testing.T) {
	cases := []struct {
		in string
		ok bool
	}{
		{"", true},
		{"30.100.0.0/16", true},
		{"10.0.0.0/8, 172.16.0.0/12,192.168.0.0/16", true},
		{"10.0.0.0/8,10.1.0.0/16,10.2.0.0/16,10.3.0.0/16", false},
		{"30.100.0.0", false},
		{"2001:db8::/32", false},
		{"10.0.0.0/8,", false},
	}
	for _, tc := range cases {
		err := checkUserCidr(tc.in)
		if (err == nil) != tc.ok {
			t.Errorf("checkUserCidr(%q): got %v; want ok=%v", tc.in, err, tc.ok)
		}
		if err != nil {
			if e, _ := err.(*api.Error); e == nil || e.Code != "InvalidParameter" || len(e.Args) != 1 || e.Args[0] != "UserCidr" {
				t.Errorf("checkUserCidr(%q): got %#v; want InvalidParameter on UserCidr", tc.in, err)
			}
		}
	}
}

func TestNormalizeTime(t *testing.T) {
	cases := map[string]string{
		"2019-02-28T16:00:00.000Z": "2019-02-28T16:00:00Z",
		"2019-02-28T16:00:00.5Z":   "2019-02-28T16:00:00Z",
		"2019-02-28T16:00:00Z":     "2019-02-28T16:00:00Z",
		"2019-02-28T16:00Z":        "2019-02-28T16:00:00Z",
	}
	for in, want := range cases {
		if got := normalizeTime(in); got != want {
			t.Errorf("normalizeTime(%q): got %q; want %q", in, got, want)
		}
	}
}

func TestFixtureDefaults(t *testing.T) {
	reg := api.NewRegistry()
	Register(reg)
	created := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	r := &store.Resource{ID: "pc-fixture1", Type: store.TypePhysicalConnection, Owner: "1", Region: "cn-shanghai",
		Status: "Enabled", Created: created, Attrs: map[string]any{"Name": "given", "PortType": "10GBase-LR"}}
	if !reg.CompleteFixture(r) {
		t.Fatal("got no fixture defaults for PhysicalConnection; want them registered")
	}
	want := map[string]string{
		"Name": "given", "PortType": "10GBase-LR", "Spec": "10G", "AccessPointId": "ap-cn-shanghai-fixture-A",
		"LineOperator": "CT", "Type": "VPC", "BusinessStatus": "Normal", "ChargeType": "PostPaid",
		"ProductType": "PhysicalConnection",
	}
	for k, w := range want {
		if got := r.Str(k); got != w {
			t.Errorf("%s: got %q; want %q", k, got, w)
		}
	}
	if got := (&viewer{}).view(r)["CreationTime"]; got != "2026-01-02T03:04:05Z" {
		t.Errorf("CreationTime shown: got %v; want 2026-01-02T03:04:05Z (from Created)", got)
	}
	// PortType given: the shared defaults do not apply (Spec follows it).
	if _, own := r.Attrs["LineOperator"]; !own {
		t.Errorf("got LineOperator shared; want it in the fixture's own map when the fixture overrides a shared default")
	}

	// The usual fixture keeps the shared defaults once, and shows them all.
	plain := &store.Resource{ID: "pc-fixture2", Type: store.TypePhysicalConnection, Owner: "1", Region: "cn-shanghai",
		Status: "Enabled", Created: created, Since: created, Attrs: map[string]any{}}
	reg.CompleteFixture(plain)
	if _, own := plain.Attrs["LineOperator"]; own || len(plain.Attrs) > 8 {
		t.Errorf("got own attributes %v; want the shared defaults out of the fixture's map (at most 8 of its own)", plain.Attrs)
	}
	view := (&viewer{}).view(plain)
	for k, w := range map[string]any{"LineOperator": "CT", "PortType": "1000Base-T", "Spec": "1G", "Bandwidth": int64(0),
		"ProductType": "PhysicalConnection", "EnabledTime": "2026-01-02T03:04:05Z", "AccessPointId": "ap-cn-shanghai-fixture-A"} {
		if view[k] != w {
			t.Errorf("shown %s: got %v; want %v", k, view[k], w)
		}
	}
	if r.Str("PortNumber") == "" || r.Str("AdLocation") == "" {
		t.Errorf("got PortNumber %q AdLocation %q; want a port for an Enabled fixture", r.Str("PortNumber"), r.Str("AdLocation"))
	}

	h := &store.Resource{ID: "pc-hosted1", Type: store.TypePhysicalConnection, Owner: "2", Region: "cn-hangzhou", Status: "Confirmed",
		Attrs: map[string]any{"ProductType": "VirtualPhysicalConnection", "Spec": "50M"}}
	reg.CompleteFixture(h)
	if h.Str("Spec") != "50M" || h.Str("AccessPointId") != "" || h.Str("PortNumber") != "" || h.Str("BusinessStatus") != "Normal" {
		t.Errorf("got %v; want a hosted fixture kept as given, without a port or access point", h.Attrs)
	}
}

func TestViewHostedAndDedicated(t *testing.T) {
	v := &viewer{loa: map[string]string{"pc-a": "Available"}, children: map[string]int{"pc-a": 2}}
	d := &store.Resource{ID: "pc-a", Status: "Enabled", Since: time.Date(2026, 1, 1, 0, 0, 9, 0, time.UTC),
		Attrs: map[string]any{"Bandwidth": float64(50), "Name": "d"}}
	out := v.view(d)
	if out["LoaStatus"] != "Available" || out["VirtualPhysicalConnectionCount"] != 2 || out["Bandwidth"] != int64(50) ||
		out["EnabledTime"] != "2026-01-01T00:00:09Z" || out["ProductType"] != "PhysicalConnection" {
		t.Fatalf("got %v; want the dedicated view", out)
	}
	if out["HasReservationData"] != "false" || out["ReservationOrderType"] != "" {
		t.Fatalf("got reservation %v %v; want empty reservation fields without IncludeReservationData", out["HasReservationData"], out["ReservationOrderType"])
	}
	h := &store.Resource{ID: "pc-h", Status: "Confirmed", Attrs: map[string]any{"ProductType": "VirtualPhysicalConnection",
		"ParentOwner": "1234567890123456", "VirtualPhysicalConnectionStatus": "UnConfirmed", "VlanId": "7", "AliUid": "x"}}
	out = v.view(h)
	if out["ParentPhysicalConnectionAliUid"] != int64(1234567890123456) || out["VpconnStatus"] != "UnConfirmed" || out["VlanId"] != "7" {
		t.Fatalf("got %v; want the hosted view", out)
	}
	if _, ok := out["AliUid"]; ok {
		t.Fatal("got the internal AliUid attribute; want only documented fields")
	}
}
