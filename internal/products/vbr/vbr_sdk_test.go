package vbr_test

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"

	"github.com/ecmock/ecmock/internal/sdktest"
	"github.com/ecmock/ecmock/internal/store"
	"github.com/ecmock/ecmock/mock"
)

// env is one ecmock server with SDK clients for accounts A and B.
type env struct {
	t    *testing.T
	srv  *mock.Server
	a, b *vpc.Client
	uidA string
	uidB string
}

func newEnv(t *testing.T, o mock.Options) *env {
	t.Helper()
	srv := sdktest.Start(t, o)
	accts := srv.Accounts()
	e := &env{t: t, srv: srv, uidA: accts[0].UID, uidB: accts[1].UID}
	e.a = sdktest.VPC(t, srv, accts[0])
	e.b = sdktest.VPC(t, srv, accts[1])
	return e
}

// pc creates a physical connection for c and forces it Enabled.
func (e *env) pc(c *vpc.Client) string {
	e.t.Helper()
	id := e.pcIn(c, "Enabled")
	return id
}

func (e *env) pcIn(c *vpc.Client, status string) string {
	e.t.Helper()
	resp, err := c.CreatePhysicalConnection(sdktest.PCRequest())
	if err != nil {
		e.t.Fatalf("CreatePhysicalConnection: %v", err)
	}
	if status != "" {
		if err := e.srv.SetStatus(resp.PhysicalConnectionId, status); err != nil {
			e.t.Fatal(err)
		}
	}
	return resp.PhysicalConnectionId
}

func createReq(pcID string, vlan int, mods ...func(*vpc.CreateVirtualBorderRouterRequest)) *vpc.CreateVirtualBorderRouterRequest {
	req := vpc.CreateCreateVirtualBorderRouterRequest()
	req.Scheme = "http"
	req.PhysicalConnectionId = pcID
	req.VlanId = requests.NewInteger(vlan)
	req.LocalGatewayIp = "10.0.0.1"
	req.PeerGatewayIp = "10.0.0.2"
	req.PeeringSubnetMask = "255.255.255.252"
	for _, m := range mods {
		m(req)
	}
	return req
}

// forOther turns a create request into one for another account: no owner
// fields.
func forOther(uid string) func(*vpc.CreateVirtualBorderRouterRequest) {
	return func(r *vpc.CreateVirtualBorderRouterRequest) {
		r.VbrOwnerId = requests.Integer(uid)
		r.LocalGatewayIp, r.PeerGatewayIp, r.PeeringSubnetMask = "", "", ""
	}
}

func (e *env) vbr(c *vpc.Client, pcID string, vlan int, mods ...func(*vpc.CreateVirtualBorderRouterRequest)) string {
	e.t.Helper()
	resp, err := c.CreateVirtualBorderRouter(createReq(pcID, vlan, mods...))
	if err != nil {
		e.t.Fatalf("CreateVirtualBorderRouter(VLAN %d): %v", vlan, err)
	}
	if !strings.HasPrefix(resp.VbrId, "vbr-") {
		e.t.Fatalf("VbrId: got %q; want vbr-...", resp.VbrId)
	}
	return resp.VbrId
}

// get returns a VBR as DescribeVirtualBorderRouters shows it to c (nil when
// not shown).
func (e *env) get(c *vpc.Client, id string, cross bool) *vpc.VirtualBorderRouterType {
	e.t.Helper()
	req := vpc.CreateDescribeVirtualBorderRoutersRequest()
	req.Scheme = "http"
	req.Filter = &[]vpc.DescribeVirtualBorderRoutersFilter{{Key: "VbrId", Value: &[]string{id}}}
	if cross {
		req.IncludeCrossAccountVbr = requests.NewBoolean(true)
	}
	resp, err := c.DescribeVirtualBorderRouters(req)
	if err != nil {
		e.t.Fatalf("DescribeVirtualBorderRouters: %v", err)
	}
	l := resp.VirtualBorderRouterSet.VirtualBorderRouterType
	if len(l) == 0 {
		return nil
	}
	return &l[0]
}

func (e *env) status(c *vpc.Client, id string) string {
	e.t.Helper()
	v := e.get(c, id, true)
	if v == nil {
		return "gone"
	}
	return v.Status
}

func (e *env) wantStatus(c *vpc.Client, id, want string) {
	e.t.Helper()
	if got := e.status(c, id); got != want {
		e.t.Fatalf("status of %s: got %s; want %s", id, got, want)
	}
}

// wantErr reports (and goes on) unless err is the API error code with the
// HTTP status.
func wantErr(t *testing.T, what string, err error, code string, status int) {
	t.Helper()
	if msg := sdktest.ErrMismatch(err, code, status); msg != "" {
		t.Errorf("%s: %s", what, msg)
	}
}

func modifyReq(id string, mods ...func(*vpc.ModifyVirtualBorderRouterAttributeRequest)) *vpc.ModifyVirtualBorderRouterAttributeRequest {
	req := vpc.CreateModifyVirtualBorderRouterAttributeRequest()
	req.Scheme = "http"
	req.VbrId = id
	for _, m := range mods {
		m(req)
	}
	return req
}

func terminate(c *vpc.Client, id string) error {
	req := vpc.CreateTerminateVirtualBorderRouterRequest()
	req.Scheme, req.VbrId = "http", id
	_, err := c.TerminateVirtualBorderRouter(req)
	return err
}

func recoverVBR(c *vpc.Client, id string) error {
	req := vpc.CreateRecoverVirtualBorderRouterRequest()
	req.Scheme, req.VbrId = "http", id
	_, err := c.RecoverVirtualBorderRouter(req)
	return err
}

func del(c *vpc.Client, id string) error {
	req := vpc.CreateDeleteVirtualBorderRouterRequest()
	req.Scheme, req.VbrId = "http", id
	_, err := c.DeleteVirtualBorderRouter(req)
	return err
}

func (e *env) setAttr(id, k string, v any) {
	e.t.Helper()
	found := false
	e.srv.Core().WithStore(func(s *store.Store) {
		if r := s.Get(id); r != nil {
			r.Set(k, v)
			found = true
		}
	})
	if !found {
		e.t.Fatalf("no resource %s", id)
	}
}

const ts = "2006-01-02T15:04:05Z"

func TestLifecycleOwnAccount(t *testing.T) {
	e := newEnv(t, mock.Options{})
	pcID := e.pc(e.a)
	t0 := e.srv.Now()
	id := e.vbr(e.a, pcID, 10, func(r *vpc.CreateVirtualBorderRouterRequest) {
		r.Name, r.Description, r.CircuitCode = "vbr-one", "first VBR", "longtel001"
	})
	v := e.get(e.a, id, false)
	if v == nil {
		t.Fatalf("DescribeVirtualBorderRouters does not show %s; want it", id)
	}
	for _, c := range []struct{ field, got, want string }{
		{"Status", v.Status, "active"},
		{"Name", v.Name, "vbr-one"},
		{"Description", v.Description, "first VBR"},
		{"CircuitCode", v.CircuitCode, "longtel001"},
		{"LocalGatewayIp", v.LocalGatewayIp, "10.0.0.1"},
		{"PeerGatewayIp", v.PeerGatewayIp, "10.0.0.2"},
		{"PeeringSubnetMask", v.PeeringSubnetMask, "255.255.255.252"},
		{"PhysicalConnectionId", v.PhysicalConnectionId, pcID},
		{"PhysicalConnectionOwnerUid", v.PhysicalConnectionOwnerUid, e.uidA},
		{"PhysicalConnectionStatus", v.PhysicalConnectionStatus, "Enabled"},
		{"PhysicalConnectionBusinessStatus", v.PhysicalConnectionBusinessStatus, "Normal"},
		{"AccessPointId", v.AccessPointId, "ap-cn-hangzhou-yh-B"},
		{"CreationTime", v.CreationTime, t0.UTC().Format(ts)},
		{"ActivationTime", v.ActivationTime, t0.UTC().Format(ts)},
		{"TerminationTime", v.TerminationTime, ""},
	} {
		if c.got != c.want {
			t.Errorf("%s: got %q; want %q", c.field, c.got, c.want)
		}
	}
	if v.VlanId != 10 || !strings.HasPrefix(v.RouteTableId, "vtb-") || !strings.HasPrefix(v.VlanInterfaceId, "ri-") || v.DetectMultiplier != 3 {
		t.Errorf("got VlanId %d RouteTableId %q VlanInterfaceId %q DetectMultiplier %d; want 10, vtb-..., ri-..., 3", v.VlanId, v.RouteTableId, v.VlanInterfaceId, v.DetectMultiplier)
	}
	if e.get(e.b, id, true) != nil {
		t.Errorf("account B sees A's own VBR; want it hidden")
	}

	// Modify: the owner of both roles may set everything.
	_, err := e.a.ModifyVirtualBorderRouterAttribute(modifyReq(id, func(r *vpc.ModifyVirtualBorderRouterAttributeRequest) {
		r.Name, r.Description, r.VlanId, r.DetectMultiplier = "renamed", "second text", requests.NewInteger(11), requests.NewInteger(5)
		r.LocalGatewayIp, r.PeerGatewayIp, r.PeeringSubnetMask = "192.168.0.17", "192.168.0.18", "255.255.255.248"
	}))
	sdktest.MustOK(t, "ModifyVirtualBorderRouterAttribute", err)
	v = e.get(e.a, id, false)
	if v.Name != "renamed" || v.Description != "second text" || v.VlanId != 11 || v.DetectMultiplier != 5 || v.LocalGatewayIp != "192.168.0.17" || v.PeeringSubnetMask != "255.255.255.248" {
		t.Errorf("after modify got %+v; want renamed, second text, VLAN 11, multiplier 5, 192.168.0.17/255.255.255.248", *v)
	}

	// Terminate: active → terminating → terminated on the clock.
	sdktest.MustOK(t, "TerminateVirtualBorderRouter", terminate(e.a, id))
	e.wantStatus(e.a, id, "terminating")
	e.srv.Advance(time.Second)
	e.wantStatus(e.a, id, "terminated")
	termAt := t0.Add(time.Second).UTC().Format(ts)
	if v = e.get(e.a, id, false); v.TerminationTime != termAt {
		t.Errorf("TerminationTime: got %q; want %q", v.TerminationTime, termAt)
	}

	// Recover: terminated → recovering → active.
	sdktest.MustOK(t, "RecoverVirtualBorderRouter", recoverVBR(e.a, id))
	e.wantStatus(e.a, id, "recovering")
	e.srv.Advance(time.Second)
	e.wantStatus(e.a, id, "active")
	recAt := t0.Add(2 * time.Second).UTC().Format(ts)
	if v = e.get(e.a, id, false); v.RecoveryTime != recAt || v.ActivationTime != t0.UTC().Format(ts) {
		t.Errorf("RecoveryTime %q ActivationTime %q; want %q and the first activation", v.RecoveryTime, v.ActivationTime, recAt)
	}

	// Delete: → deleting → gone.
	sdktest.MustOK(t, "DeleteVirtualBorderRouter", del(e.a, id))
	e.wantStatus(e.a, id, "deleting")
	wantErr(t, "Delete while deleting", del(e.a, id), "InvalidOperation.OperationNotAllowedInState", 400)
	e.srv.Advance(time.Second)
	e.wantStatus(e.a, id, "gone")
	wantErr(t, "Delete after gone", del(e.a, id), "InvalidVbrId.NotFound", 404)
}

func TestCrossAccount(t *testing.T) {
	e := newEnv(t, mock.Options{})
	pcID := e.pc(e.a)
	own := e.vbr(e.a, pcID, 10)

	// The owner-only fields cannot be given when creating for B.
	for field, mod := range map[string]func(*vpc.CreateVirtualBorderRouterRequest){
		"LocalGatewayIp":    func(r *vpc.CreateVirtualBorderRouterRequest) { r.LocalGatewayIp = "10.0.0.5" },
		"PeerGatewayIp":     func(r *vpc.CreateVirtualBorderRouterRequest) { r.PeerGatewayIp = "10.0.0.6" },
		"PeeringSubnetMask": func(r *vpc.CreateVirtualBorderRouterRequest) { r.PeeringSubnetMask = "255.255.255.252" },
		"Name":              func(r *vpc.CreateVirtualBorderRouterRequest) { r.Name = "for-b" },
		"Description":       func(r *vpc.CreateVirtualBorderRouterRequest) { r.Description = "for b" },
	} {
		_, err := e.a.CreateVirtualBorderRouter(createReq(pcID, 20, forOther(e.uidB), mod))
		wantErr(t, "create for B with "+field, err, "Forbidden."+field+"NotAllowedByCaller", 403)
	}

	id := e.vbr(e.a, pcID, 20, forOther(e.uidB), func(r *vpc.CreateVirtualBorderRouterRequest) { r.CircuitCode = "cc-b" })
	if v := e.get(e.b, id, false); v == nil || v.Status != "unconfirmed" || v.ActivationTime != "" || v.PhysicalConnectionOwnerUid != e.uidA || v.CircuitCode != "cc-b" {
		t.Fatalf("B's view: got %+v; want unconfirmed, no ActivationTime, PhysicalConnectionOwnerUid %s, CircuitCode cc-b", v, e.uidA)
	}
	if e.get(e.a, id, false) != nil {
		t.Errorf("A sees B's VBR without IncludeCrossAccountVbr; want hidden")
	}
	if v := e.get(e.a, id, true); v == nil || v.Status != "unconfirmed" {
		t.Errorf("A with IncludeCrossAccountVbr: got %+v; want B's unconfirmed VBR", v)
	}

	// DescribeVirtualBorderRoutersForPhysicalConnection: all accounts, VbrOwnerUid empty for A's own.
	fr := vpc.CreateDescribeVirtualBorderRoutersForPhysicalConnectionRequest()
	fr.Scheme, fr.PhysicalConnectionId = "http", pcID
	fresp, err := e.a.DescribeVirtualBorderRoutersForPhysicalConnection(fr)
	sdktest.MustOK(t, "DescribeVirtualBorderRoutersForPhysicalConnection", err)
	owners := map[string]int64{}
	for _, it := range fresp.VirtualBorderRouterForPhysicalConnectionSet.VirtualBorderRouterForPhysicalConnectionType {
		owners[it.VbrId] = it.VbrOwnerUid
	}
	if fresp.TotalCount != 2 || owners[own] != 0 || strconv.FormatInt(owners[id], 10) != e.uidB {
		t.Errorf("ForPhysicalConnection: got total %d owners %v; want 2, %s → 0 (empty), %s → %s", fresp.TotalCount, owners, own, id, e.uidB)
	}
	_, err = e.b.DescribeVirtualBorderRoutersForPhysicalConnection(fr)
	wantErr(t, "B lists A's connection", err, "InvalidPhysicalConnectionId.NotFound", 404)

	// Owner-only fields on modify.
	for _, tc := range []struct {
		who  *vpc.Client
		name string
		mod  func(*vpc.ModifyVirtualBorderRouterAttributeRequest)
		code string
	}{
		{e.a, "A sets Name", func(r *vpc.ModifyVirtualBorderRouterAttributeRequest) { r.Name = "mine" }, "Forbidden.NameNotAllowedByCaller"},
		{e.a, "A sets Description", func(r *vpc.ModifyVirtualBorderRouterAttributeRequest) { r.Description = "mine" }, "Forbidden.DescriptionNotAllowedByCaller"},
		{e.a, "A sets LocalGatewayIp", func(r *vpc.ModifyVirtualBorderRouterAttributeRequest) { r.LocalGatewayIp = "10.1.0.1" }, "Forbidden.LocalGatewayIpNotAllowedByCaller"},
		{e.a, "A sets PeerGatewayIp", func(r *vpc.ModifyVirtualBorderRouterAttributeRequest) { r.PeerGatewayIp = "10.1.0.2" }, "Forbidden.PeerGatewayIpNotAllowedByCaller"},
		{e.a, "A sets PeeringSubnetMask", func(r *vpc.ModifyVirtualBorderRouterAttributeRequest) { r.PeeringSubnetMask = "255.255.255.0" }, "Forbidden.PeeringSubnetMaskNotAllowedByCaller"},
		{e.b, "B sets VlanId", func(r *vpc.ModifyVirtualBorderRouterAttributeRequest) { r.VlanId = requests.NewInteger(21) }, "Forbidden.VlanIdNotAllowedByCaller"},
		{e.b, "B sets CircuitCode", func(r *vpc.ModifyVirtualBorderRouterAttributeRequest) { r.CircuitCode = "x1" }, "Forbidden.CircuitCodeNotAllowedByCaller"},
	} {
		_, err := tc.who.ModifyVirtualBorderRouterAttribute(modifyReq(id, tc.mod))
		wantErr(t, tc.name, err, tc.code, 403)
	}

	// Unconfirmed: B cannot terminate yet (state first); the PC owner's VLAN change is fine.
	wantErr(t, "terminate unconfirmed", terminate(e.a, id), "InvalidOperation.OperationNotAllowedInState", 400)
	_, err = e.a.ModifyVirtualBorderRouterAttribute(modifyReq(id, func(r *vpc.ModifyVirtualBorderRouterAttributeRequest) {
		r.VlanId, r.CircuitCode = requests.NewInteger(21), "cc-b2"
	}))
	sdktest.MustOK(t, "A sets VlanId and CircuitCode", err)

	// B confirms by completing its gateway addresses (in two calls).
	_, err = e.b.ModifyVirtualBorderRouterAttribute(modifyReq(id, func(r *vpc.ModifyVirtualBorderRouterAttributeRequest) {
		r.LocalGatewayIp, r.PeerGatewayIp, r.PeeringSubnetMask = "10.1.0.1", "10.1.0.9", "255.255.255.252"
	}))
	wantErr(t, "B gateways in different subnets", err, "InvalidIp.NotSameSubnet", 400)
	_, err = e.b.ModifyVirtualBorderRouterAttribute(modifyReq(id, func(r *vpc.ModifyVirtualBorderRouterAttributeRequest) {
		r.LocalGatewayIp, r.PeerGatewayIp, r.Name = "10.1.0.1", "10.1.0.2", "b-vbr"
	}))
	sdktest.MustOK(t, "B sets two addresses", err)
	e.wantStatus(e.b, id, "unconfirmed")
	e.srv.Advance(time.Minute)
	_, err = e.b.ModifyVirtualBorderRouterAttribute(modifyReq(id, func(r *vpc.ModifyVirtualBorderRouterAttributeRequest) {
		r.PeeringSubnetMask = "255.255.255.252"
	}))
	sdktest.MustOK(t, "B completes the mask", err)
	v := e.get(e.b, id, false)
	if v.Status != "active" || v.ActivationTime != e.srv.Now().UTC().Format(ts) || v.VlanId != 21 || v.CircuitCode != "cc-b2" || v.Name != "b-vbr" {
		t.Fatalf("after confirmation got %+v; want active, ActivationTime now, VLAN 21, cc-b2, b-vbr", *v)
	}

	// Terminate and recover are the PC owner's; B may not.
	wantErr(t, "B terminates", terminate(e.b, id), "Forbidden.OperationNotAllowedByUser", 403)
	wantErr(t, "A deletes B's active VBR", del(e.a, id), "Forbidden.OperationNotAllowedByUser", 403)
	sdktest.MustOK(t, "A terminates", terminate(e.a, id))
	e.srv.Advance(time.Second)
	e.wantStatus(e.b, id, "terminated")
	wantErr(t, "B recovers", recoverVBR(e.b, id), "Forbidden.OperationNotAllowedByUser", 403)
	wantErr(t, "A deletes B's terminated VBR", del(e.a, id), "Forbidden.OperationNotAllowedByUser", 403)
	sdktest.MustOK(t, "B deletes its terminated VBR", del(e.b, id))
	e.srv.Advance(time.Second)
	e.wantStatus(e.b, id, "gone")

	// The PC owner may delete another account's VBR while it is unconfirmed.
	id2 := e.vbr(e.a, pcID, 30, forOther(e.uidB))
	sdktest.MustOK(t, "A deletes B's unconfirmed VBR", del(e.a, id2))
	e.wantStatus(e.b, id2, "deleting")

	// B does not see A's own VBR as anything it can act on.
	_, err = e.b.ModifyVirtualBorderRouterAttribute(modifyReq(own, func(r *vpc.ModifyVirtualBorderRouterAttributeRequest) { r.Name = "x-y" }))
	wantErr(t, "B modifies A's VBR", err, "InvalidVbrId.NotFound", 400)
	wantErr(t, "B terminates A's VBR", terminate(e.b, own), "InvalidVbrId.NotFound", 404)
	wantErr(t, "B recovers A's VBR", recoverVBR(e.b, own), "InvalidVbrId.NotFound", 404)
	wantErr(t, "B deletes A's VBR", del(e.b, own), "InvalidVbrId.NotFound", 404)
}

// TestVlanRetention: a terminated VBR keeps its VLAN for seven days from
// entering terminated; exactly then the VLAN is free.
func TestVlanRetention(t *testing.T) {
	e := newEnv(t, mock.Options{})
	pcID := e.pc(e.a)
	first := e.vbr(e.a, pcID, 100)
	other := e.vbr(e.a, pcID, 101)
	_, err := e.a.CreateVirtualBorderRouter(createReq(pcID, 100))
	wantErr(t, "VLAN of an active VBR", err, "InvalidVlanId.Used", 400)

	// A VLAN on another physical connection is independent.
	e.vbr(e.a, e.pc(e.a), 100)

	sdktest.MustOK(t, "terminate", terminate(e.a, first))
	_, err = e.a.CreateVirtualBorderRouter(createReq(pcID, 100))
	wantErr(t, "VLAN of a terminating VBR", err, "InvalidVlanId.Used", 400)
	e.srv.Advance(time.Second) // terminated at t0+1s
	e.wantStatus(e.a, first, "terminated")
	e.srv.Advance(7*24*time.Hour - time.Second) // one second before the seven days end
	_, err = e.a.CreateVirtualBorderRouter(createReq(pcID, 100))
	wantErr(t, "VLAN within seven days of termination", err, "InvalidVlanId.Used", 400)
	_, err = e.a.ModifyVirtualBorderRouterAttribute(modifyReq(other, func(r *vpc.ModifyVirtualBorderRouterAttributeRequest) { r.VlanId = requests.NewInteger(100) }))
	wantErr(t, "modify to a reserved VLAN", err, "InvalidVlanId.Used", 400)

	e.srv.Advance(time.Second) // 7×24h after termination (7×24h+1s after the call)
	third := e.vbr(e.a, pcID, 100)
	wantErr(t, "recover after the VLAN was taken", recoverVBR(e.a, first), "OperationFailed.VlanIdAlreadyInUse", 400)
	sdktest.MustOK(t, "delete the new holder", del(e.a, third))
	e.srv.Advance(time.Second)
	sdktest.MustOK(t, "recover once the VLAN is free", recoverVBR(e.a, first))

	// Deleting a terminated VBR does not end its reservation early.
	fourth := e.vbr(e.a, pcID, 200)
	sdktest.MustOK(t, "terminate fourth", terminate(e.a, fourth))
	e.srv.Advance(time.Second)
	sdktest.MustOK(t, "delete terminated fourth", del(e.a, fourth))
	e.srv.Advance(time.Second)
	e.wantStatus(e.a, fourth, "gone")
	_, err = e.a.CreateVirtualBorderRouter(createReq(pcID, 200))
	wantErr(t, "VLAN of a deleted terminated VBR within seven days", err, "InvalidVlanId.Used", 400)
	e.srv.Advance(7*24*time.Hour - time.Second)
	e.vbr(e.a, pcID, 200)

	// A deleted active VBR frees its VLAN once gone.
	fifth := e.vbr(e.a, pcID, 300)
	sdktest.MustOK(t, "delete active fifth", del(e.a, fifth))
	_, err = e.a.CreateVirtualBorderRouter(createReq(pcID, 300))
	wantErr(t, "VLAN of a deleting VBR", err, "InvalidVlanId.Used", 400)
	e.srv.Advance(time.Second)
	e.vbr(e.a, pcID, 300)
}

// TestVlanOfHostedConnections: a hosted connection (the API reference) holds its VLAN
// on the partner's circuit, and one on VLAN 0 makes the circuit's port a
// Layer 3 router interface that carries it alone ("each Express Connect
// circuit corresponds to a VBR"): no VBR of any VLAN may join it.
func TestVlanOfHostedConnections(t *testing.T) {
	e := newEnv(t, mock.Options{})
	hosted := func(pcID, vlan string) string {
		t.Helper()
		req := vpc.CreateCreateVirtualPhysicalConnectionRequest()
		req.Scheme = "http"
		req.PhysicalConnectionId, req.VlanId, req.Spec = pcID, requests.Integer(vlan), "50M"
		req.OrderMode, req.VpconnAliUid = "PayByPhysicalConnectionOwner", requests.Integer(e.uidB)
		resp, err := e.a.CreateVirtualPhysicalConnection(req)
		if err != nil {
			t.Fatalf("CreateVirtualPhysicalConnection(VLAN %s): %v", vlan, err)
		}
		return resp.VirtualPhysicalConnection
	}

	tagged := e.pc(e.a)
	hosted(tagged, "20")
	_, err := e.a.CreateVirtualBorderRouter(createReq(tagged, 20))
	wantErr(t, "VLAN of a hosted connection", err, "InvalidVlanId.Used", 400)
	e.vbr(e.a, tagged, 21)

	whole := e.pc(e.a)
	hosted(whole, "0")
	for _, vlan := range []int{1, 10, 2999} {
		_, err := e.a.CreateVirtualBorderRouter(createReq(whole, vlan))
		wantErr(t, "VBR on a circuit whose VLAN 0 is a hosted connection's", err, "InvalidVlanId.Used", 400)
	}
}

func TestCreateErrors(t *testing.T) {
	e := newEnv(t, mock.Options{})
	pcID := e.pc(e.a)
	pcB := e.pc(e.b)
	initial := e.pcIn(e.a, "")
	type mod = func(*vpc.CreateVirtualBorderRouterRequest)
	for _, tc := range []struct {
		name   string
		pc     string
		vlan   int
		mod    mod
		code   string
		status int
	}{
		{"no PhysicalConnectionId", "", 10, nil, "MissingParameter", 400},
		{"bad region", pcID, 10, func(r *vpc.CreateVirtualBorderRouterRequest) { r.RegionId = "Not_A_Region" }, "InvalidRegionId.NotFound", 404},
		{"VLAN 0", pcID, 0, nil, "InvalidVlanId.Malformed", 400},
		{"VLAN 3000", pcID, 3000, nil, "InvalidVlanId.Malformed", 400},
		{"long CircuitCode", pcID, 10, func(r *vpc.CreateVirtualBorderRouterRequest) { r.CircuitCode = strings.Repeat("c", 129) }, "InvalidCircuitCode.Malformed", 400},
		{"Description starting with a digit", pcID, 10, func(r *vpc.CreateVirtualBorderRouterRequest) { r.Description = "1st" }, "InvalidDescription.Malformed", 400},
		{"bad LocalGatewayIp", pcID, 10, func(r *vpc.CreateVirtualBorderRouterRequest) { r.LocalGatewayIp = "300.0.0.1" }, "InvalidLocalGatewayIp.Malformed", 400},
		{"Name with http://", pcID, 10, func(r *vpc.CreateVirtualBorderRouterRequest) { r.Name = "http://x" }, "InvalidName.Malformed", 400},
		{"Name of one character", pcID, 10, func(r *vpc.CreateVirtualBorderRouterRequest) { r.Name = "a" }, "InvalidName.Malformed", 400},
		{"bad PeerGatewayIp", pcID, 10, func(r *vpc.CreateVirtualBorderRouterRequest) { r.PeerGatewayIp = "10.0.0" }, "InvalidParameter", 400},
		{"mask /16", pcID, 10, func(r *vpc.CreateVirtualBorderRouterRequest) { r.PeeringSubnetMask = "255.255.0.0" }, "InvalidPeeringSubnetMask.Malformed", 400},
		{"mask /31", pcID, 10, func(r *vpc.CreateVirtualBorderRouterRequest) { r.PeeringSubnetMask = "255.255.255.254" }, "InvalidPeeringSubnetMask.Malformed", 400},
		{"VbrOwnerId not a number", pcID, 10, forOther("abc"), "InvalidVbrOwnerId.NotFound", 404},
		{"VbrOwnerId unknown", pcID, 10, forOther("999"), "InvalidVbrOwnerId.NotFound", 404},
		{"own VBR without LocalGatewayIp", pcID, 10, func(r *vpc.CreateVirtualBorderRouterRequest) { r.LocalGatewayIp = "" }, "MissingParameter", 400},
		{"own VBR without PeerGatewayIp", pcID, 10, func(r *vpc.CreateVirtualBorderRouterRequest) { r.PeerGatewayIp = "" }, "MissingParameter", 400},
		{"own VBR without PeeringSubnetMask", pcID, 10, func(r *vpc.CreateVirtualBorderRouterRequest) { r.PeeringSubnetMask = "" }, "MissingParameter", 400},
		{"gateways in different subnets", pcID, 10, func(r *vpc.CreateVirtualBorderRouterRequest) { r.PeerGatewayIp = "10.0.0.6" }, "InvalidIp.NotSameSubnet", 400},
		{"equal gateways", pcID, 10, func(r *vpc.CreateVirtualBorderRouterRequest) { r.PeerGatewayIp = "10.0.0.1" }, "InvalidParameter", 400},
		{"unknown connection", "pc-nosuchconnection00", 10, nil, "InvalidPhysicalConnectionId.NotFound", 400},
		{"B's connection", pcB, 10, nil, "InvalidPhysicalConnectionId.NotFound", 400},
		{"connection of another region", pcID, 10, func(r *vpc.CreateVirtualBorderRouterRequest) { r.RegionId = "cn-shanghai" }, "InvalidPhysicalConnectionId.NotFound", 400},
		{"connection not Enabled", initial, 10, nil, "InvalidPhysicalConnectionId.NotEnabled", 400},
	} {
		req := createReq(tc.pc, tc.vlan)
		if tc.mod != nil {
			tc.mod(req)
		}
		_, err := e.a.CreateVirtualBorderRouter(req)
		wantErr(t, tc.name, err, tc.code, tc.status)
	}
	var se *sdkerrors.ServerError
	_, err := e.a.CreateVirtualBorderRouter(createReq(pcID, 10, func(r *vpc.CreateVirtualBorderRouterRequest) { r.PeeringSubnetMask = "" }))
	if errors.As(err, &se) && !strings.Contains(se.Message(), "'PeeringSubnetMask'") {
		t.Errorf("MissingParameter message: got %q; want it to name PeeringSubnetMask", se.Message())
	}

	// Idempotency: the same ClientToken returns the first VBR.
	tok := func(r *vpc.CreateVirtualBorderRouterRequest) { r.ClientToken = "token-1" }
	id1 := e.vbr(e.a, pcID, 10, tok)
	id2 := e.vbr(e.a, pcID, 10, tok)
	if id1 != id2 {
		t.Errorf("same ClientToken: got %s then %s; want the same VBR", id1, id2)
	}

	// Quotas.
	if err := e.srv.SetQuota(e.uidA, "VbrsPerPhysicalConnection", 1); err != nil {
		t.Fatal(err)
	}
	_, err = e.a.CreateVirtualBorderRouter(createReq(pcID, 11))
	wantErr(t, "second VBR on the connection", err, "QuotaExceeded.vbrPerpConn", 400)
	if err := e.srv.SetQuota(e.uidA, "FreeVbrsPerAccount", 1); err != nil {
		t.Fatal(err)
	}
	_, err = e.a.CreateVirtualBorderRouter(createReq(e.pc(e.a), 11))
	wantErr(t, "second VBR of the account", err, "QuotaExceeded.freevbr", 400)
}

func TestCrossSite(t *testing.T) {
	file := sdktest.CredentialsFile(t, `accounts:
  - {uid: "1000000000000011", accessKeyId: keyA, accessKeySecret: secretA}
  - {uid: "1000000000000012", accessKeyId: keyB, accessKeySecret: secretB}
  - {uid: "1000000000000013", accessKeyId: keyI, accessKeySecret: secretI, flags: {international: true}}
`)
	e := newEnv(t, mock.Options{CredentialsFile: file})
	pcID := e.pc(e.a)
	_, err := e.a.CreateVirtualBorderRouter(createReq(pcID, 10, forOther("1000000000000013")))
	wantErr(t, "VBR for an international account", err, "CROSS_BID.FORBIDDEN", 404)
	e.vbr(e.a, pcID, 10, forOther("1000000000000012"))
}

func TestModifyErrors(t *testing.T) {
	e := newEnv(t, mock.Options{})
	pcID := e.pc(e.a)
	id := e.vbr(e.a, pcID, 10)
	e.vbr(e.a, pcID, 11)
	type mod = func(*vpc.ModifyVirtualBorderRouterAttributeRequest)
	for _, tc := range []struct {
		name   string
		id     string
		mod    mod
		code   string
		status int
	}{
		{"no VbrId", "", nil, "MissingParameter", 400},
		{"bad region", id, func(r *vpc.ModifyVirtualBorderRouterAttributeRequest) { r.RegionId = "x" }, "InvalidRegionId.NotFound", 404},
		{"unknown VBR", "vbr-nosuchvbr000000000", nil, "InvalidVbrId.NotFound", 400},
		{"VBR of another region", id, func(r *vpc.ModifyVirtualBorderRouterAttributeRequest) { r.RegionId = "cn-shanghai" }, "InvalidVbrId.NotFound", 400},
		{"VLAN in use", id, func(r *vpc.ModifyVirtualBorderRouterAttributeRequest) { r.VlanId = requests.NewInteger(11) }, "InvalidVlanId.Used", 400},
		{"VLAN 3000", id, func(r *vpc.ModifyVirtualBorderRouterAttributeRequest) { r.VlanId = requests.NewInteger(3000) }, "InvalidVlanId.Malformed", 400},
		{"long CircuitCode", id, func(r *vpc.ModifyVirtualBorderRouterAttributeRequest) { r.CircuitCode = strings.Repeat("c", 129) }, "InvalidCircuitCode.Malformed", 400},
		{"bad LocalGatewayIp", id, func(r *vpc.ModifyVirtualBorderRouterAttributeRequest) { r.LocalGatewayIp = "a.b.c.d" }, "InvalidIp.Malformed", 400},
		{"bad PeerGatewayIp", id, func(r *vpc.ModifyVirtualBorderRouterAttributeRequest) { r.PeerGatewayIp = "10.0.0.256" }, "InvalidIp.Malformed", 400},
		{"bad mask", id, func(r *vpc.ModifyVirtualBorderRouterAttributeRequest) { r.PeeringSubnetMask = "255.255.128.0" }, "InvalidPeeringSubnetMask.Malformed", 400},
		{"peer outside the current subnet", id, func(r *vpc.ModifyVirtualBorderRouterAttributeRequest) { r.PeerGatewayIp = "10.0.0.9" }, "InvalidIp.NotSameSubnet", 400},
		{"narrower mask splits them", id, func(r *vpc.ModifyVirtualBorderRouterAttributeRequest) {
			r.LocalGatewayIp, r.PeerGatewayIp = "10.0.0.1", "10.0.0.200"
		}, "InvalidIp.NotSameSubnet", 400},
		{"bad Name", id, func(r *vpc.ModifyVirtualBorderRouterAttributeRequest) { r.Name = "-x" }, "InvalidParameter", 400},
		{"DetectMultiplier 11", id, func(r *vpc.ModifyVirtualBorderRouterAttributeRequest) { r.DetectMultiplier = requests.NewInteger(11) }, "InvalidParameter", 400},
		{"MinRxInterval 100", id, func(r *vpc.ModifyVirtualBorderRouterAttributeRequest) { r.MinRxInterval = requests.NewInteger(100) }, "InvalidParameter", 400},
	} {
		req := modifyReq(tc.id)
		if tc.mod != nil {
			tc.mod(req)
		}
		_, err := e.a.ModifyVirtualBorderRouterAttribute(req)
		wantErr(t, tc.name, err, tc.code, tc.status)
	}
	// Nothing of the refused calls stuck.
	if v := e.get(e.a, id, false); v.VlanId != 10 || v.PeerGatewayIp != "10.0.0.2" || v.Name != "" {
		t.Errorf("after refused modifies got VLAN %d peer %s name %q; want 10, 10.0.0.2, empty", v.VlanId, v.PeerGatewayIp, v.Name)
	}
	// The same VLAN (unchanged) is not "in use" by the VBR itself.
	_, err := e.a.ModifyVirtualBorderRouterAttribute(modifyReq(id, func(r *vpc.ModifyVirtualBorderRouterAttributeRequest) { r.VlanId = requests.NewInteger(10) }))
	sdktest.MustOK(t, "modify to its own VLAN", err)
}

func TestTerminateRecoverErrors(t *testing.T) {
	e := newEnv(t, mock.Options{})
	pcID := e.pc(e.a)
	id := e.vbr(e.a, pcID, 10)
	wantErr(t, "terminate unknown", terminate(e.a, "vbr-nosuchvbr000000000"), "InvalidVbrId.NotFound", 404)
	wantErr(t, "recover unknown", recoverVBR(e.a, "vbr-nosuchvbr000000000"), "InvalidVbrId.NotFound", 404)
	wantErr(t, "recover active", recoverVBR(e.a, id), "InvalidOperation.OperationNotAllowedInState", 400)
	sdktest.MustOK(t, "terminate", terminate(e.a, id))
	wantErr(t, "terminate terminating", terminate(e.a, id), "InvalidOperation.OperationNotAllowedInState", 400)
	wantErr(t, "recover terminating", recoverVBR(e.a, id), "InvalidOperation.OperationNotAllowedInState", 400)
	e.srv.Advance(time.Second)
	wantErr(t, "terminate terminated", terminate(e.a, id), "InvalidOperation.OperationNotAllowedInState", 400)
	if err := e.srv.SetStatus(pcID, "Terminated"); err != nil {
		t.Fatal(err)
	}
	wantErr(t, "recover on a connection not Enabled", recoverVBR(e.a, id), "InvalidOperation.OperationNotAllowedInState", 400)
	if err := e.srv.SetStatus(pcID, "Enabled"); err != nil {
		t.Fatal(err)
	}
	sdktest.MustOK(t, "recover", recoverVBR(e.a, id))
	wantErr(t, "delete recovering", del(e.a, id), "InvalidOperation.OperationNotAllowedInState", 400)
}

func TestDeleteStateErrors(t *testing.T) {
	e := newEnv(t, mock.Options{})
	pcID := e.pc(e.a)
	for i, tc := range []struct {
		attr   string
		value  any
		code   string
		status int
	}{
		{"AssociatedPhysicalConnections", []any{"pc-another"}, "InvalidStatus.NotAllowed", 400},
		{"RouterInterfaceIds", []any{"ri-tovpc"}, "InvalidOperation.RouterInterfaceNotDeleted", 400},
		{"VlanInterfaceCount", 0, "Forbidden.NoRiFound", 403},
		{"VlanInterfaceCount", 2, "Forbidden.MultiVlanRi", 403},
	} {
		id := e.vbr(e.a, pcID, 50+i)
		e.setAttr(id, tc.attr, tc.value)
		wantErr(t, "delete with "+tc.attr, del(e.a, id), tc.code, tc.status)
		e.wantStatus(e.a, id, "active")
	}
	// DescribeVirtualBorderRouters shows the associated connection.
	id := e.vbr(e.a, pcID, 99)
	other := e.pc(e.a)
	e.setAttr(id, "AssociatedPhysicalConnections", []any{other})
	v := e.get(e.a, id, false)
	if l := v.AssociatedPhysicalConnections.AssociatedPhysicalConnection; len(l) != 1 || l[0].PhysicalConnectionId != other || l[0].PhysicalConnectionStatus != "Enabled" {
		t.Errorf("AssociatedPhysicalConnections: got %+v; want %s Enabled", l, other)
	}
}

func TestDescribeFiltersAndPages(t *testing.T) {
	e := newEnv(t, mock.Options{})
	pc1, pc2 := e.pc(e.a), e.pc(e.a)
	a := e.vbr(e.a, pc1, 10, func(r *vpc.CreateVirtualBorderRouterRequest) { r.Name = "alpha" })
	b := e.vbr(e.a, pc1, 11, func(r *vpc.CreateVirtualBorderRouterRequest) { r.Name = "beta" })
	c := e.vbr(e.a, pc2, 10, func(r *vpc.CreateVirtualBorderRouterRequest) { r.Name = "gamma" })
	sdktest.MustOK(t, "terminate b", terminate(e.a, b))

	list := func(fs []vpc.DescribeVirtualBorderRoutersFilter, page, size int) (*vpc.DescribeVirtualBorderRoutersResponse, error) {
		req := vpc.CreateDescribeVirtualBorderRoutersRequest()
		req.Scheme = "http"
		if fs != nil {
			req.Filter = &fs
		}
		if page > 0 {
			req.PageNumber = requests.NewInteger(page)
		}
		if size > 0 {
			req.PageSize = requests.NewInteger(size)
		}
		return e.a.DescribeVirtualBorderRouters(req)
	}
	ids := func(r *vpc.DescribeVirtualBorderRoutersResponse) string {
		var out []string
		for _, v := range r.VirtualBorderRouterSet.VirtualBorderRouterType {
			out = append(out, v.VbrId)
		}
		return strings.Join(out, ",")
	}
	f := func(k string, v ...string) vpc.DescribeVirtualBorderRoutersFilter {
		return vpc.DescribeVirtualBorderRoutersFilter{Key: k, Value: &v}
	}
	for _, tc := range []struct {
		name string
		fs   []vpc.DescribeVirtualBorderRoutersFilter
		want string
	}{
		{"all", nil, a + "," + b + "," + c},
		{"PhysicalConnectionId", []vpc.DescribeVirtualBorderRoutersFilter{f("PhysicalConnectionId", pc1)}, a + "," + b},
		{"Status", []vpc.DescribeVirtualBorderRoutersFilter{f("Status", "terminating")}, b},
		{"Name ORed", []vpc.DescribeVirtualBorderRoutersFilter{f("Name", "alpha", "gamma")}, a + "," + c},
		{"keys ANDed", []vpc.DescribeVirtualBorderRoutersFilter{f("Name", "alpha", "gamma"), f("PhysicalConnectionId", pc2)}, c},
		{"AccessPointId", []vpc.DescribeVirtualBorderRoutersFilter{f("AccessPointId", "ap-other")}, ""},
	} {
		resp, err := list(tc.fs, 0, 0)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := ids(resp); got != tc.want {
			t.Errorf("filter %s: got [%s]; want [%s]", tc.name, got, tc.want)
		}
	}
	_, err := list([]vpc.DescribeVirtualBorderRoutersFilter{f("VlanId", "10")}, 0, 0)
	wantErr(t, "unsupported filter key", err, "InvalidFilterKey.ValueNotSupported", 404)
	_, err = list([]vpc.DescribeVirtualBorderRoutersFilter{f("Name", "1", "2", "3", "4", "5", "6")}, 0, 0)
	wantErr(t, "six filter values", err, "InvalidParameter", 400)
	_, err = list([]vpc.DescribeVirtualBorderRoutersFilter{f("Name"), f("Name"), f("Name"), f("Name"), f("Name"), f("Name")}, 0, 0)
	wantErr(t, "six filters", err, "InvalidParameter", 400)

	resp, err := list(nil, 2, 2)
	sdktest.MustOK(t, "page 2", err)
	if resp.TotalCount != 3 || resp.PageNumber != 2 || resp.PageSize != 2 || ids(resp) != c {
		t.Errorf("page 2 of 2: got total %d page %d size %d [%s]; want 3, 2, 2 [%s]", resp.TotalCount, resp.PageNumber, resp.PageSize, ids(resp), c)
	}
	resp, err = list(nil, 0, 0)
	sdktest.MustOK(t, "default page", err)
	if resp.PageNumber != 1 || resp.PageSize != 10 {
		t.Errorf("defaults: got page %d size %d; want 1, 10", resp.PageNumber, resp.PageSize)
	}
	_, err = list(nil, 1, 51)
	wantErr(t, "PageSize 51", err, "InvalidParameter", 400)

	// ForPhysicalConnection: filters and errors.
	fl := func(pcID string, fs ...vpc.DescribeVirtualBorderRoutersForPhysicalConnectionFilter) (*vpc.DescribeVirtualBorderRoutersForPhysicalConnectionResponse, error) {
		req := vpc.CreateDescribeVirtualBorderRoutersForPhysicalConnectionRequest()
		req.Scheme, req.PhysicalConnectionId = "http", pcID
		if fs != nil {
			req.Filter = &fs
		}
		return e.a.DescribeVirtualBorderRoutersForPhysicalConnection(req)
	}
	ff := func(k string, v ...string) vpc.DescribeVirtualBorderRoutersForPhysicalConnectionFilter {
		return vpc.DescribeVirtualBorderRoutersForPhysicalConnectionFilter{Key: k, Value: &v}
	}
	fresp, err := fl(pc1, ff("VlanId", "11"))
	sdktest.MustOK(t, "ForPhysicalConnection VlanId filter", err)
	if l := fresp.VirtualBorderRouterForPhysicalConnectionSet.VirtualBorderRouterForPhysicalConnectionType; fresp.TotalCount != 1 || len(l) != 1 || l[0].VbrId != b || l[0].Status != "terminating" || l[0].VlanId != 11 {
		t.Errorf("ForPhysicalConnection VlanId 11: got %+v; want only %s (terminating, VLAN 11)", l, b)
	}
	_, err = fl(pc1, ff("Name", "alpha"))
	wantErr(t, "ForPhysicalConnection unsupported key", err, "InvalidParameter", 400)
	_, err = fl("pc-nosuchconnection00")
	wantErr(t, "ForPhysicalConnection unknown", err, "InvalidPhysicalConnectionId.NotFound", 404)
	_, err = fl("")
	wantErr(t, "ForPhysicalConnection without ID", err, "MissingParameter", 400)
}

// TestScenarioFixture: a VBR given as a scenario fixture is completed with
// the documented fields and takes part in the VLAN rules.
func TestScenarioFixture(t *testing.T) {
	file := filepath.Join(t.TempDir(), "vbr.yaml")
	err := os.WriteFile(file, []byte(`name: vbr-fixture
fixtures:
  - {type: PhysicalConnection, id: pc-fixture1, status: Enabled, attrs: {AccessPointId: ap-cn-hangzhou-yh-B}}
  - {type: VirtualBorderRouter, id: vbr-fixture1, status: terminated, attrs: {PhysicalConnectionId: pc-fixture1, VlanId: 5, Name: fixed}}
`), 0o600)
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, mock.Options{Scenarios: []string{file}})
	v := e.get(e.a, "vbr-fixture1", false)
	now := e.srv.Now().UTC().Format(ts)
	if v == nil || v.Status != "terminated" || v.VlanId != 5 || v.Name != "fixed" || v.PhysicalConnectionOwnerUid != e.uidA ||
		v.CreationTime != now || v.TerminationTime != now || v.RouteTableId != "vtb-fixture1" || v.PhysicalConnectionStatus != "Enabled" {
		t.Fatalf("fixture VBR: got %+v; want terminated, VLAN 5, fixed, owner %s, times %s, vtb-fixture1, connection Enabled", v, e.uidA, now)
	}
	_, err = e.a.CreateVirtualBorderRouter(createReq("pc-fixture1", 5))
	wantErr(t, "VLAN of the terminated fixture", err, "InvalidVlanId.Used", 400)
	e.srv.Advance(7 * 24 * time.Hour)
	e.vbr(e.a, "pc-fixture1", 5)
}
