package vbr

import (
	"testing"
	"time"

	"github.com/ecmock/ecmock/internal/api"
	"github.com/ecmock/ecmock/internal/catalog"
	"github.com/ecmock/ecmock/internal/clock"
	"github.com/ecmock/ecmock/internal/store"
)

func TestMaskBits(t *testing.T) {
	for _, tc := range []struct {
		mask string
		want int
	}{
		{"255.255.255.0", 24}, {"255.255.255.252", 30}, {"255.255.255.248", 29},
		{"255.255.0.255", -1}, {"not-a-mask", -1}, {"::1", -1}, {"0.0.0.0", 0},
	} {
		if got := maskBits(tc.mask); got != tc.want {
			t.Errorf("maskBits(%q): got %d; want %d", tc.mask, got, tc.want)
		}
	}
}

func TestGatewayProblem(t *testing.T) {
	for _, tc := range []struct {
		local, peer, mask, want string
	}{
		{"192.168.0.17", "192.168.0.18", "255.255.255.248", ""}, // the API reference's example
		{"192.168.0.17", "192.168.0.25", "255.255.255.248", "InvalidIp.NotSameSubnet"},
		{"10.0.0.1", "10.0.0.2", "255.255.255.252", ""},
		{"10.0.0.2", "10.0.0.5", "255.255.255.252", "InvalidIp.NotSameSubnet"},
		{"10.0.0.1", "10.0.0.254", "255.255.255.0", ""},
		{"10.0.0.1", "10.0.1.1", "255.255.255.0", "InvalidIp.NotSameSubnet"},
		{"10.0.0.1", "10.0.0.1", "255.255.255.0", "InvalidParameter"},
		{"bad", "10.0.0.1", "255.255.255.0", ""}, // malformed: the catalogue's job
	} {
		if got, _ := gatewayProblem(tc.local, tc.peer, tc.mask); got != tc.want {
			t.Errorf("gatewayProblem(%s, %s, %s): got %q; want %q", tc.local, tc.peer, tc.mask, got, tc.want)
		}
	}
}

func TestListItems(t *testing.T) {
	for _, tc := range []struct {
		in   any
		want int
	}{
		{nil, 0}, {"", 0}, {"ri-a", 1}, {"ri-a, ri-b", 2}, {[]any{"pc-a", "pc-b"}, 2}, {[]string{"x"}, 1}, {[]any{}, 0}, {42, 0},
	} {
		if got := listLen(tc.in); got != tc.want {
			t.Errorf("listLen(%#v): got %d; want %d", tc.in, got, tc.want)
		}
	}
}

// TestVlanHolder walks the reservation rules on a bare store: a live VBR
// holds its VLAN, a terminated one for seven days from entering terminated,
// a deleted terminated one until the same instant, a hosted connection on
// the physical connection holds its VLAN too.
func TestVlanHolder(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clk := clock.NewManual(start)
	s := store.New(clk, 1)
	add := func(id, status string, vlan int) *store.Resource {
		return s.Add(&store.Resource{ID: id, Type: store.TypeVBR, Owner: "1", Region: "cn-hangzhou", Status: status,
			Attrs: map[string]any{"PhysicalConnectionId": "pc-1", "VlanId": vlan}})
	}
	add("vbr-live", StatusActive, 10)
	term := add("vbr-term", StatusTerminated, 20)
	gone := add("vbr-gone", StatusTerminated, 30)
	s.Add(&store.Resource{ID: "pc-hosted", Type: store.TypePhysicalConnection, Owner: "2", Region: "cn-hangzhou", Status: "Enabled",
		Attrs: map[string]any{"ParentPhysicalConnectionId": "pc-1", "VlanId": 40}})

	reserveAfterDelete(s, gone)
	s.SetStatus(gone, Gone, false)

	check := func(vlan int64, except, want string) {
		t.Helper()
		if got := vlanHolder(s, "pc-1", vlan, clk.Now(), except); got != want {
			t.Errorf("at +%v VLAN %d (except %q): got holder %q; want %q", clk.Now().Sub(start), vlan, except, got, want)
		}
	}
	check(10, "", "vbr-live")
	check(10, "vbr-live", "")
	check(20, "", "vbr-term")
	check(30, "", "vbr-gone")
	check(40, "", "pc-hosted")
	check(50, "", "")
	if got := vlanHolder(s, "pc-2", 10, clk.Now(), ""); got != "" {
		t.Errorf("VLAN 10 on another connection: got holder %q; want none", got)
	}

	clk.Advance(VlanRetention - time.Second)
	check(20, "", "vbr-term")
	check(30, "", "vbr-gone")
	clk.Advance(time.Second) // exactly seven days after termination: free
	check(20, "", "")
	check(30, "", "")
	check(10, "", "vbr-live")
	if _, left := holds(s)["vbr-gone"]; left {
		t.Errorf("the expired reservation of a deleted VBR is still remembered; want it dropped")
	}
	_ = term
}

// TestCatalogue checks the catalogue entries of every action this package
// serves: present, every parameter rule compiles, the lifecycle is declared.
func TestCatalogue(t *testing.T) {
	cat, err := catalog.Load()
	if err != nil {
		t.Fatalf("catalogue: %v", err)
	}
	reg := api.NewRegistry()
	Register(reg)
	acts := reg.Actions()
	if len(acts) != 10 {
		t.Fatalf("registered %d actions; want 10", len(acts))
	}
	for _, pa := range acts {
		a := cat.Action(pa[0], pa[1])
		if a == nil {
			t.Errorf("%s.%s: got no catalogue entry; want one", pa[0], pa[1])
			continue
		}
		if a.Param("RegionId") == nil || !a.Param("RegionId").Required {
			t.Errorf("%s: RegionId is not a required parameter; want required", pa[1])
		}
	}
	want := map[string]string{StatusTerminating: StatusTerminated, StatusRecovering: StatusActive, StatusDeleting: Gone}
	got := map[string]string{}
	for _, tr := range cat.Products["Vpc"].Lifecycles[store.TypeVBR] {
		got[tr.From] = tr.To
	}
	for from, to := range want {
		if got[from] != to {
			t.Errorf("lifecycle from %s: got %q; want %q", from, got[from], to)
		}
	}
	// Per-action statuses of the same code differ, as the seed documents.
	for _, tc := range []struct {
		action, code string
		status       int
	}{
		{"DeleteVirtualBorderRouter", "InvalidVbrId.NotFound", 404},
		{"ModifyVirtualBorderRouterAttribute", "InvalidVbrId.NotFound", 400},
		{"CreateVirtualBorderRouter", "InvalidPhysicalConnectionId.NotFound", 400},
		{"DescribeVirtualBorderRoutersForPhysicalConnection", "InvalidPhysicalConnectionId.NotFound", 404},
		{"CreateVirtualBorderRouter", "CROSS_BID.FORBIDDEN", 404},
		{"DescribeVirtualBorderRouters", "InvalidFilterKey.ValueNotSupported", 404},
	} {
		res, ok := cat.Action("Vpc", tc.action).Error(tc.code)
		if !ok || res.Status != tc.status {
			t.Errorf("%s %s: got status %d (documented %v); want %d", tc.action, tc.code, res.Status, ok, tc.status)
		}
	}
}

func TestFixtureDefaults(t *testing.T) {
	r := &store.Resource{ID: "vbr-abc", Type: store.TypeVBR, Owner: "1", Status: StatusTerminated,
		Attrs: map[string]any{"VlanId": 7, "Name": "kept"}}
	fixtureDefaults(r)
	for k, want := range map[string]any{"VlanId": 7, "Name": "kept", "VbrId": "vbr-abc", "RouteTableId": "vtb-abc",
		"VlanInterfaceId": "ri-abc", "PhysicalConnectionOwnerUid": "1"} {
		if r.Attrs[k] != want {
			t.Errorf("fixture %s: got %v; want %v", k, r.Attrs[k], want)
		}
	}
	// Times come from when the store added the fixture.
	clk := clock.NewManual(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
	st := store.New(clk, 1)
	st.Add(r)
	for k, want := range map[string]string{"CreationTime": "2026-03-01T00:00:00Z", "ActivationTime": "2026-03-01T00:00:00Z",
		"TerminationTime": "2026-03-01T00:00:00Z", "RecoveryTime": ""} {
		if got := timeField(r, k); got != want {
			t.Errorf("fixture %s: got %q; want %q", k, got, want)
		}
	}
	r2 := &store.Resource{ID: "vbr-x", Type: store.TypeVBR, Owner: "1", Attrs: map[string]any{}}
	fixtureDefaults(r2)
	if r2.Status != StatusActive {
		t.Errorf("fixture status: got %q; want %q", r2.Status, StatusActive)
	}
}

const Gone = store.Gone
