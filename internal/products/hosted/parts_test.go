package hosted

import (
	"errors"
	"testing"
	"time"

	"github.com/ecmock/ecmock/internal/api"
	"github.com/ecmock/ecmock/internal/clock"
	"github.com/ecmock/ecmock/internal/store"
)

func TestSpecMbps(t *testing.T) {
	cases := map[string]int64{"50M": 50, "500M": 500, "1G": 1000, "2G": 2000, "10G": 10000, "": 0, "M": 0, "5T": 0, "xG": 0, "-1G": 0}
	for in, want := range cases {
		if got := specMbps(in); got != want {
			t.Errorf("specMbps(%q): got %d; want %d", in, got, want)
		}
	}
}

func TestPortCapacityMbps(t *testing.T) {
	cases := map[string]int64{"100Base-T": 100, "1000Base-T": 1000, "1000Base-LX": 1000, "10GBase-T": 10000,
		"10GBase-LR": 10000, "40GBase-LR": 40000, "100GBase-LR": 100000, "": 1000}
	for in, want := range cases {
		if got := portCapacityMbps(in); got != want {
			t.Errorf("portCapacityMbps(%q): got %d; want %d", in, got, want)
		}
	}
}

func code(err error) string {
	var ae *api.Error
	if errors.As(err, &ae) {
		return ae.Code
	}
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestCheckVlan(t *testing.T) {
	s := store.New(clock.NewManual(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)), 1)
	add := func(id, typ string, attrs map[string]any) {
		s.Add(&store.Resource{ID: id, Type: typ, Owner: "1", Region: "cn-hangzhou", Status: "active", Attrs: attrs})
	}
	hosted := func(parent string, vlan any, vstatus string) map[string]any {
		return map[string]any{"ProductType": ProductTypeHosted, "ParentPhysicalConnectionId": parent, "VlanId": vlan,
			"VirtualPhysicalConnectionStatus": vstatus}
	}
	add("vbr-a", store.TypeVBR, map[string]any{"PhysicalConnectionId": "pc-1", "VlanId": 100})
	add("vbr-novlan", store.TypeVBR, map[string]any{"PhysicalConnectionId": "pc-4"})
	add("pc-h1", store.TypePhysicalConnection, hosted("pc-2", "10", "UnConfirmed"))
	add("pc-h2", store.TypePhysicalConnection, hosted("pc-2", float64(20), "Confirmed")) // as after a JSON import
	add("pc-gone", store.TypePhysicalConnection, hosted("pc-2", "30", "Deleted"))
	add("pc-h0", store.TypePhysicalConnection, hosted("pc-3", "0", "UnConfirmed"))

	cases := []struct {
		name, parent string
		vlan         int64
		except, want string
	}{
		{"free VLAN beside a VBR", "pc-1", 101, "", ""},
		{"VBR's VLAN", "pc-1", 100, "", "VLAN_ID_HAS_BEEN_USED_IN_PHYSICAL_CONNECTION"},
		{"VLAN 0 beside a VBR", "pc-1", 0, "", "OperationFailed.VbrBindedPconn"},
		{"hosted VLAN (string)", "pc-2", 10, "", "VLAN_ID_HAS_BEEN_USED_IN_PHYSICAL_CONNECTION"},
		{"hosted VLAN (number)", "pc-2", 20, "", "VLAN_ID_HAS_BEEN_USED_IN_PHYSICAL_CONNECTION"},
		{"VLAN of a Deleted hosted connection", "pc-2", 30, "", ""},
		{"its own VLAN", "pc-2", 10, "pc-h1", ""},
		{"VLAN 0 beside hosted connections", "pc-2", 0, "", "OperationFailed.VPconnCreated"},
		{"VLAN 0 taken", "pc-3", 7, "", "OperationFailed.PconnAllocateVlan0"},
		{"VLAN 0 taken, moving the holder", "pc-3", 7, "pc-h0", ""},
		{"VBR without a VLAN attribute is not VLAN 0", "pc-4", 7, "", ""},
		{"empty circuit, VLAN 0", "pc-9", 0, "", ""},
	}
	for _, c := range cases {
		if got := code(checkVlan(s, c.parent, c.vlan, c.except)); got != c.want {
			t.Errorf("%s: got %q; want %q", c.name, got, c.want)
		}
	}
}

func TestCheckBandwidth(t *testing.T) {
	s := store.New(clock.NewManual(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)), 1)
	parent := s.Add(&store.Resource{ID: "pc-p", Type: store.TypePhysicalConnection, Owner: "1", Status: "Enabled",
		Attrs: map[string]any{"PortType": "100Base-T"}})
	s.Add(&store.Resource{ID: "pc-h", Type: store.TypePhysicalConnection, Owner: "2", Status: "Confirmed",
		Attrs: map[string]any{"ProductType": ProductTypeHosted, "ParentPhysicalConnectionId": "pc-p", "Spec": "50M"}})
	if got := code(checkBandwidth(s, parent, "pc-p", 50, "")); got != "" {
		t.Errorf("50+50 of 100: got %q; want success", got)
	}
	if got := code(checkBandwidth(s, parent, "pc-p", 100, "")); got != "ResourceNotEnough.Bandwidth" {
		t.Errorf("50+100 of 100: got %q; want ResourceNotEnough.Bandwidth", got)
	}
	if got := code(checkBandwidth(s, parent, "pc-p", 100, "pc-h")); got != "" {
		t.Errorf("resizing the only one to 100: got %q; want success", got)
	}
}

func TestECCFixtureDefaults(t *testing.T) {
	r := &store.Resource{ID: "ecc-fixture1", Type: store.TypeECC, Owner: "1", Region: "cn-hangzhou",
		Created: time.Date(2026, 2, 3, 4, 5, 6, 0, time.UTC), Attrs: map[string]any{"Name": "kept", "Bandwidth": float64(20)}}
	reg := api.NewRegistry()
	Register(reg)
	if !reg.CompleteFixture(r) {
		t.Fatalf("CompleteFixture(%s): got false; want the ECC defaults registered", store.TypeECC)
	}
	checks := map[string]string{"Name": "kept", "InstanceId": "ecc-fixture1", "PortType": "1000Base-T",
		"BusinessStatus": "Normal", "ApplicationType": "Create", "ApplicationBandwidth": "20", "GmtCreate": "2026-02-03T04:05Z"}
	for k, want := range checks {
		if got := r.Str(k); got != want {
			t.Errorf("%s: got %q; want %q", k, got, want)
		}
	}
	if r.Status != "Initial" || r.Int("Bandwidth") != 20 {
		t.Errorf("got Status %q Bandwidth %d; want Initial and 20", r.Status, r.Int("Bandwidth"))
	}
	v := eccView(r)
	if v["ApplicationStatus"] != "Initial" || v["Bandwidth"] != int64(20) {
		t.Errorf("view: got %v / %v; want Initial / 20", v["ApplicationStatus"], v["Bandwidth"])
	}
}
