package vpc_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"

	"github.com/ecmock/ecmock/internal/sdktest"
	"github.com/ecmock/ecmock/internal/store"
	"github.com/ecmock/ecmock/mock"
)

// env is one ecmock server with SDK clients for its two accounts.
type env struct {
	t          *testing.T
	srv        *mock.Server
	a, b       *vpc.Client
	aUID, bUID string
}

func newEnv(t *testing.T) *env {
	t.Helper()
	srv := sdktest.Start(t, mock.Options{})
	e := &env{t: t, srv: srv, aUID: srv.AccountA().UID, bUID: srv.AccountB().UID}
	e.a = sdktest.VPC(t, srv, srv.AccountA())
	e.b = sdktest.VPC(t, srv, srv.AccountB())
	return e
}

func createReq(mod func(*vpc.CreatePhysicalConnectionRequest)) *vpc.CreatePhysicalConnectionRequest {
	req := sdktest.PCRequest()
	req.Name = "pc-one"
	if mod != nil {
		mod(req)
	}
	return req
}

func (e *env) create(c *vpc.Client, mod func(*vpc.CreatePhysicalConnectionRequest)) (string, error) {
	resp, err := c.CreatePhysicalConnection(createReq(mod))
	if err != nil {
		return "", err
	}
	return resp.PhysicalConnectionId, nil
}

func (e *env) mustCreate(c *vpc.Client, mod func(*vpc.CreatePhysicalConnectionRequest)) string {
	e.t.Helper()
	id, err := e.create(c, mod)
	sdktest.MustOK(e.t, "CreatePhysicalConnection", err)
	return id
}

func (e *env) describeAll(c *vpc.Client, mod func(*vpc.DescribePhysicalConnectionsRequest)) *vpc.DescribePhysicalConnectionsResponse {
	e.t.Helper()
	req := vpc.CreateDescribePhysicalConnectionsRequest()
	req.Scheme = "http"
	if mod != nil {
		mod(req)
	}
	resp, err := c.DescribePhysicalConnections(req)
	sdktest.MustOK(e.t, "DescribePhysicalConnections", err)
	return resp
}

func byID(id string) func(*vpc.DescribePhysicalConnectionsRequest) {
	return func(r *vpc.DescribePhysicalConnectionsRequest) {
		r.Filter = &[]vpc.DescribePhysicalConnectionsFilter{{Key: "PhysicalConnectionId", Value: &[]string{id}}}
	}
}

// get describes one connection by ID (nil when the list does not show it).
func (e *env) get(c *vpc.Client, id string) *vpc.PhysicalConnectionType {
	e.t.Helper()
	resp := e.describeAll(c, byID(id))
	for i := range resp.PhysicalConnectionSet.PhysicalConnectionType {
		if p := &resp.PhysicalConnectionSet.PhysicalConnectionType[i]; p.PhysicalConnectionId == id {
			return p
		}
	}
	return nil
}

func (e *env) status(c *vpc.Client, id string) string {
	e.t.Helper()
	p := e.get(c, id)
	if p == nil {
		return "<gone>"
	}
	return p.Status
}

func (e *env) wantStatus(c *vpc.Client, id, want string) {
	e.t.Helper()
	if got := e.status(c, id); got != want {
		e.t.Fatalf("%s: got status %q; want %q", id, got, want)
	}
}

// advanceTo moves the clock a second at a time (the fast profile's step)
// until the connection shows status want.
func (e *env) advanceTo(c *vpc.Client, id, want string) {
	e.t.Helper()
	for i := 0; i < 10; i++ {
		if e.status(c, id) == want {
			return
		}
		e.srv.Advance(time.Second)
	}
	e.t.Fatalf("%s: got status %q after 10s; want %q", id, e.status(c, id), want)
}

// force puts a resource in a status as the cloud would.
func (e *env) force(id, status string) {
	e.t.Helper()
	if err := e.srv.SetStatus(id, status); err != nil {
		e.t.Fatal(err)
	}
}

// allocated creates a connection of c and waits until it is Allocated.
func (e *env) allocated(c *vpc.Client) string {
	e.t.Helper()
	id := e.mustCreate(c, nil)
	e.advanceTo(c, id, "Allocated")
	return id
}

// enabled creates a connection and takes it to Enabled.
func (e *env) enabled(c *vpc.Client) string {
	e.t.Helper()
	id := e.allocated(c)
	sdktest.MustOK(e.t, "ConfirmPhysicalConnection", e.confirm(c, id))
	sdktest.MustOK(e.t, "EnablePhysicalConnection", e.enable(c, id))
	return id
}

func (e *env) confirm(c *vpc.Client, id string) error {
	req := vpc.CreateConfirmPhysicalConnectionRequest()
	req.Scheme, req.PhysicalConnectionId = "http", id
	_, err := c.ConfirmPhysicalConnection(req)
	return err
}

func (e *env) enable(c *vpc.Client, id string) error {
	req := vpc.CreateEnablePhysicalConnectionRequest()
	req.Scheme, req.PhysicalConnectionId = "http", id
	_, err := c.EnablePhysicalConnection(req)
	return err
}

func (e *env) cancel(c *vpc.Client, id string) error {
	req := vpc.CreateCancelPhysicalConnectionRequest()
	req.Scheme, req.PhysicalConnectionId = "http", id
	_, err := c.CancelPhysicalConnection(req)
	return err
}

func (e *env) terminate(c *vpc.Client, id string) error {
	req := vpc.CreateTerminatePhysicalConnectionRequest()
	req.Scheme, req.PhysicalConnectionId = "http", id
	_, err := c.TerminatePhysicalConnection(req)
	return err
}

func (e *env) del(c *vpc.Client, id string) error {
	req := vpc.CreateDeletePhysicalConnectionRequest()
	req.Scheme, req.PhysicalConnectionId = "http", id
	_, err := c.DeletePhysicalConnection(req)
	return err
}

func (e *env) modify(c *vpc.Client, id string, mod func(*vpc.ModifyPhysicalConnectionAttributeRequest)) error {
	req := vpc.CreateModifyPhysicalConnectionAttributeRequest()
	req.Scheme, req.PhysicalConnectionId = "http", id
	if mod != nil {
		mod(req)
	}
	_, err := c.ModifyPhysicalConnectionAttribute(req)
	return err
}

func applyLOAReq(id string) *vpc.ApplyPhysicalConnectionLOARequest {
	req := vpc.CreateApplyPhysicalConnectionLOARequest()
	req.Scheme = "http"
	req.InstanceId = id
	req.CompanyName = "Example Co"
	req.ConstructionTime = "2026-02-28T16:00:00.000Z"
	req.LineType = "SDH"
	req.PeerLocation = "Hangzhou"
	req.Si = "Example Installer"
	req.Bandwidth = requests.NewInteger(100)
	req.PMInfo = &[]vpc.ApplyPhysicalConnectionLOAPMInfo{{PMName: "Mike", PMGender: "Male", PMCertificateType: "IDCard", PMCertificateNo: "3210", PMContactInfo: "13200000000"}}
	return req
}

func (e *env) completeLOA(c *vpc.Client, id string) error {
	req := vpc.CreateCompletePhysicalConnectionLOARequest()
	req.Scheme, req.InstanceId, req.LineCode, req.LineLabel = "http", id, "aaa111", "bbb222"
	_, err := c.CompletePhysicalConnectionLOA(req)
	return err
}

func (e *env) describeLOA(c *vpc.Client, id string) (*vpc.DescribePhysicalConnectionLOAResponse, error) {
	req := vpc.CreateDescribePhysicalConnectionLOARequest()
	req.Scheme, req.InstanceId = "http", id
	return c.DescribePhysicalConnectionLOA(req)
}

func (e *env) occupancy(c *vpc.Client, id string, mod func(*vpc.CreatePhysicalConnectionOccupancyOrderRequest)) (*vpc.CreatePhysicalConnectionOccupancyOrderResponse, error) {
	req := vpc.CreateCreatePhysicalConnectionOccupancyOrderRequest()
	req.Scheme, req.PhysicalConnectionId = "http", id
	if mod != nil {
		mod(req)
	}
	return c.CreatePhysicalConnectionOccupancyOrder(req)
}

// addVBR stores a VBR of account owner on a connection, as package vbr
// would.
func (e *env) addVBR(owner, pcID string) string {
	e.t.Helper()
	var id string
	e.srv.Core().WithStore(func(st *store.Store) {
		id = st.NewID("vbr")
		st.Add(&store.Resource{ID: id, Type: store.TypeVBR, Owner: owner, Region: "cn-hangzhou", Status: "active",
			Attrs: map[string]any{"PhysicalConnectionId": pcID, "VbrId": id}})
	})
	return id
}

func (e *env) drop(id string) {
	e.srv.Core().WithStore(func(st *store.Store) { st.Delete(id) })
}

// addHosted stores a hosted connection as package hosted creates it: owned
// by the tenant, ParentOwner the partner, unconfirmed.
func (e *env) addHosted(partner, tenant, parent string, vlan int) string {
	e.t.Helper()
	var id string
	e.srv.Core().WithStore(func(st *store.Store) {
		id = st.NewID("pc")
		st.Add(&store.Resource{ID: id, Type: store.TypePhysicalConnection, Owner: tenant, Region: "cn-hangzhou", Status: "Confirmed",
			Attrs: map[string]any{
				"ProductType": "VirtualPhysicalConnection", "ParentPhysicalConnectionId": parent,
				"VirtualPhysicalConnectionStatus": "UnConfirmed", "VlanId": fmt.Sprint(vlan), "AliUid": tenant,
				"ParentOwner": partner, "Spec": "50M", "OrderMode": "PayByPhysicalConnectionOwner",
				"Name": "hosted", "BusinessStatus": "Normal",
			}})
	})
	return id
}

func (e *env) setAttr(id, k string, v any) {
	e.srv.Core().WithStore(func(st *store.Store) { st.Get(id).Set(k, v) })
}
