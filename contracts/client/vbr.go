package client

import (
	"context"
	"strconv"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"
)

// VBR statuses (as Terraform's alicloud provider and the official SDKs do).
const (
	VBRUnconfirmed = "unconfirmed"
	VBRActive      = "active"
	VBRTerminating = "terminating"
	VBRTerminated  = "terminated"
	VBRRecovering  = "recovering"
	VBRDeleting    = "deleting"
)

// VBRSpec is what CreateVirtualBorderRouter needs.
type VBRSpec struct {
	PhysicalConnectionID string // required
	VlanID               int    // required, 0-2999
	LocalGatewayIP       string
	PeerGatewayIP        string
	PeeringSubnetMask    string
	Name, Description    string
	// VbrOwnerID is the UID of the account the VBR is for (another
	// account's VBR starts unconfirmed); empty for the caller's own.
	VbrOwnerID string
	Bandwidth  int
}

// VBR is a virtual border router as DescribeVirtualBorderRouters shows it.
type VBR struct {
	ID                   string
	Status               string
	Name                 string
	PhysicalConnectionID string
	VlanID               int
	LocalGatewayIP       string
	PeerGatewayIP        string
	PeeringSubnetMask    string
}

// CreateVBR creates a virtual border router (retrying TaskConflict as
// Terraform does) and waits until it is active or unconfirmed.
func (c *Client) CreateVBR(ctx context.Context, s VBRSpec) (*VBR, error) {
	const action = "CreateVirtualBorderRouter"
	token := c.Token(action)
	var id string
	err := c.call(ctx, action, func() error {
		req := vpc.CreateCreateVirtualBorderRouterRequest()
		req.RegionId = c.region()
		req.PhysicalConnectionId = s.PhysicalConnectionID
		req.VlanId = requests.NewInteger(s.VlanID)
		req.LocalGatewayIp, req.PeerGatewayIp, req.PeeringSubnetMask = s.LocalGatewayIP, s.PeerGatewayIP, s.PeeringSubnetMask
		req.Name, req.Description = s.Name, s.Description
		if s.VbrOwnerID != "" {
			req.VbrOwnerId = requests.Integer(s.VbrOwnerID)
		}
		if s.Bandwidth > 0 {
			req.Bandwidth = requests.NewInteger(s.Bandwidth)
		}
		req.ClientToken = token
		resp, err := c.vpc.CreateVirtualBorderRouter(req)
		if err != nil {
			return err
		}
		id = resp.VbrId
		return nil
	})
	if err != nil {
		return nil, err
	}
	return c.WaitVBR(ctx, id, VBRActive, VBRUnconfirmed)
}

// GetVBR reads one VBR (Filter VbrId, IncludeCrossAccountVbr=true); nil, nil
// when it does not exist.
func (c *Client) GetVBR(ctx context.Context, id string) (*VBR, error) {
	var out *VBR
	err := c.call(ctx, "DescribeVirtualBorderRouters", func() error {
		req := vpc.CreateDescribeVirtualBorderRoutersRequest()
		req.RegionId = c.region()
		req.IncludeCrossAccountVbr = requests.NewBoolean(true)
		req.Filter = &[]vpc.DescribeVirtualBorderRoutersFilter{{Key: "VbrId", Value: &[]string{id}}}
		resp, err := c.vpc.DescribeVirtualBorderRouters(req)
		if err != nil {
			return err
		}
		out = nil
		for _, v := range resp.VirtualBorderRouterSet.VirtualBorderRouterType {
			if v.VbrId == id {
				out = &VBR{ID: v.VbrId, Status: v.Status, Name: v.Name, PhysicalConnectionID: v.PhysicalConnectionId,
					VlanID: v.VlanId, LocalGatewayIP: v.LocalGatewayIp, PeerGatewayIP: v.PeerGatewayIp,
					PeeringSubnetMask: v.PeeringSubnetMask}
			}
		}
		return nil
	})
	return out, err
}

func (c *Client) vbrStatus(id string, last **VBR) readStatus {
	return func(ctx context.Context) (string, bool, error) {
		v, err := c.GetVBR(ctx, id)
		if err != nil || v == nil {
			return "", false, err
		}
		*last = v
		return v.Status, true, nil
	}
}

// WaitVBR polls until the VBR is in one of want.
func (c *Client) WaitVBR(ctx context.Context, id string, want ...string) (*VBR, error) {
	fail := without([]string{VBRTerminated, VBRDeleting}, want...)
	var v *VBR
	if _, err := c.waitFor(ctx, "VBR", id, want, fail, c.vbrStatus(id, &v)); err != nil {
		return nil, err
	}
	return v, nil
}

// DeleteVBR deletes a VBR and waits until it is gone; a VBR that does not
// exist is already deleted.
func (c *Client) DeleteVBR(ctx context.Context, id string) error {
	const action = "DeleteVirtualBorderRouter"
	token := c.Token(action)
	err := c.call(ctx, action, func() error {
		req := vpc.CreateDeleteVirtualBorderRouterRequest()
		req.RegionId, req.VbrId, req.ClientToken = c.region(), id, token
		_, err := c.vpc.DeleteVirtualBorderRouter(req)
		return err
	})
	if err := ignoreNotFound(err); err != nil {
		return err
	}
	var v *VBR
	_, err = c.waitFor(ctx, "VBR", id, nil, nil, c.vbrStatus(id, &v))
	return err
}

// HostedConnectionSpec is what CreateVirtualPhysicalConnection needs: a
// partner's hosted connection on its physical connection, for a tenant.
type HostedConnectionSpec struct {
	PhysicalConnectionID string // the partner's (parent) physical connection
	VlanID               int
	Spec                 string // e.g. 50M
	OrderMode            string // PayByPhysicalConnectionOwner or PayByVirtualPhysicalConnectionOwner
	TenantUID            string // VpconnAliUid
	Name, Description    string
}

// HostedConnection is a hosted (virtual physical) connection as
// ListVirtualPhysicalConnections shows it.
type HostedConnection struct {
	ID                              string
	Status                          string
	VirtualPhysicalConnectionStatus string
	BusinessStatus                  string
	ParentPhysicalConnectionID      string
	VlanID                          string
	Spec                            string
	AliUID                          string
}

// CreateHostedConnection creates a hosted connection (its ID comes in the
// VirtualPhysicalConnection field) and reads it back. Terraform waits for
// nothing here: the tenant must confirm it.
func (c *Client) CreateHostedConnection(ctx context.Context, s HostedConnectionSpec) (*HostedConnection, error) {
	const action = "CreateVirtualPhysicalConnection"
	token := c.Token(action)
	var id string
	err := c.call(ctx, action, func() error {
		req := vpc.CreateCreateVirtualPhysicalConnectionRequest()
		req.RegionId = c.region()
		req.PhysicalConnectionId = s.PhysicalConnectionID
		req.VlanId = requests.NewInteger(s.VlanID)
		req.Spec, req.OrderMode, req.Name, req.Description = s.Spec, s.OrderMode, s.Name, s.Description
		if s.TenantUID != "" {
			req.VpconnAliUid = requests.Integer(s.TenantUID)
		}
		req.Token = token
		resp, err := c.vpc.CreateVirtualPhysicalConnection(req)
		if err != nil {
			return err
		}
		id = resp.VirtualPhysicalConnection
		return nil
	})
	if err != nil {
		return nil, err
	}
	h, err := c.GetHostedConnection(ctx, s.PhysicalConnectionID, id)
	if err != nil {
		return nil, err
	}
	if h == nil {
		return nil, &WaitError{Resource: "hosted connection", ID: id, Polls: 1,
			Reason: "ListVirtualPhysicalConnections does not show it after it was created"}
	}
	return h, nil
}

// GetHostedConnection reads a hosted connection of a parent physical
// connection (ListVirtualPhysicalConnections with VirtualPhysicalConnectionIds.1);
// nil, nil when it does not exist.
func (c *Client) GetHostedConnection(ctx context.Context, parentID, id string) (*HostedConnection, error) {
	var out *HostedConnection
	err := c.call(ctx, "ListVirtualPhysicalConnections", func() error {
		req := vpc.CreateListVirtualPhysicalConnectionsRequest()
		req.RegionId = c.region()
		req.PhysicalConnectionId = parentID
		req.VirtualPhysicalConnectionIds = &[]string{id}
		resp, err := c.vpc.ListVirtualPhysicalConnections(req)
		if err != nil {
			return err
		}
		out = nil
		for _, v := range resp.VirtualPhysicalConnections {
			if v.PhysicalConnectionId == id {
				out = &HostedConnection{ID: v.PhysicalConnectionId, Status: v.Status,
					VirtualPhysicalConnectionStatus: v.VirtualPhysicalConnectionStatus,
					BusinessStatus:                  v.BusinessStatus, ParentPhysicalConnectionID: v.ParentPhysicalConnectionId,
					VlanID: v.VlanId, Spec: v.Spec, AliUID: v.AliUid}
			}
		}
		return nil
	})
	return out, err
}

// itoa formats an int parameter.
func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// DeleteHostedConnection deletes a hosted connection as its partner (the
// owner of the parent physical connection) does: DeletePhysicalConnection
// with the hosted connection's ID, then waits until
// ListVirtualPhysicalConnections no longer shows it. One that does not exist
// is already deleted. (DeletePhysicalConnection cannot do it: the partner's
// DescribePhysicalConnections does not show a tenant's hosted connection.)
func (c *Client) DeleteHostedConnection(ctx context.Context, parentID, id string) error {
	err := c.pcAction(ctx, "DeletePhysicalConnection", id, func(token string) error {
		req := vpc.CreateDeletePhysicalConnectionRequest()
		req.RegionId, req.PhysicalConnectionId, req.ClientToken = c.region(), id, token
		_, err := c.vpc.DeletePhysicalConnection(req)
		return err
	})
	if err := ignoreNotFound(err); err != nil {
		return err
	}
	_, err = c.waitFor(ctx, "hosted connection", id, nil, nil, func(ctx context.Context) (string, bool, error) {
		h, err := c.GetHostedConnection(ctx, parentID, id)
		if err != nil || h == nil {
			return "", false, err
		}
		return h.Status, true, nil
	})
	return err
}
