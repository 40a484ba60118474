package client

import (
	"context"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"
)

// Physical connection statuses (as Terraform's alicloud provider and the official SDKs do).
const (
	PCInitial          = "Initial"
	PCApproved         = "Approved"
	PCAllocating       = "Allocating"
	PCAllocated        = "Allocated"
	PCAllocationFailed = "Allocation Failed"
	PCConfirmed        = "Confirmed"
	PCEnabled          = "Enabled"
	PCRejected         = "Rejected"
	PCCanceled         = "Canceled"
	PCTerminating      = "Terminating"
	PCTerminated       = "Terminated"
)

// pcFailures are the statuses a physical connection never leaves on its own
// towards Allocated/Confirmed/Enabled.
var pcFailures = []string{PCAllocationFailed, PCRejected, PCCanceled, PCTerminated}

// PhysicalConnectionSpec is what CreatePhysicalConnection needs.
type PhysicalConnectionSpec struct {
	AccessPointID                 string // required, ap-<region>-...
	LineOperator                  string // required: CT, CU, CM, CO, Equinix, Other
	PeerLocation                  string // required
	PortType                      string // 1000Base-T when empty
	Bandwidth                     int    // Mbit/s; omitted when 0
	Name, Description             string
	CircuitCode                   string
	RedundantPhysicalConnectionID string
}

// PhysicalConnection is a physical connection as DescribePhysicalConnections
// shows it.
type PhysicalConnection struct {
	ID             string
	Status         string
	Name           string
	Description    string
	AccessPointID  string
	LineOperator   string
	PeerLocation   string
	PortType       string
	Bandwidth      int64
	BusinessStatus string
	ProductType    string
}

// CreatePhysicalConnection applies for a physical connection and returns its
// ID (status Initial). It retries only what RetryPolicy allows.
func (c *Client) CreatePhysicalConnection(ctx context.Context, s PhysicalConnectionSpec) (string, error) {
	const action = "CreatePhysicalConnection"
	token := c.Token(action)
	var id string
	err := c.call(ctx, action, func() error {
		req := vpc.CreateCreatePhysicalConnectionRequest()
		req.RegionId = c.region()
		req.AccessPointId = s.AccessPointID
		req.LineOperator = s.LineOperator
		req.PeerLocation = s.PeerLocation
		req.PortType = s.PortType
		if s.Bandwidth > 0 {
			req.Bandwidth = requests.NewInteger(s.Bandwidth)
		}
		req.Name, req.Description, req.CircuitCode = s.Name, s.Description, s.CircuitCode
		req.RedundantPhysicalConnectionId = s.RedundantPhysicalConnectionID
		req.ClientToken = token
		resp, err := c.vpc.CreatePhysicalConnection(req)
		if err != nil {
			return err
		}
		id = resp.PhysicalConnectionId
		return nil
	})
	return id, err
}

// GetPhysicalConnection reads one physical connection (DescribePhysicalConnections
// with Filter PhysicalConnectionId); nil, nil when it does not exist.
func (c *Client) GetPhysicalConnection(ctx context.Context, id string) (*PhysicalConnection, error) {
	var out *PhysicalConnection
	err := c.call(ctx, "DescribePhysicalConnections", func() error {
		req := vpc.CreateDescribePhysicalConnectionsRequest()
		req.RegionId = c.region()
		req.Filter = &[]vpc.DescribePhysicalConnectionsFilter{{Key: "PhysicalConnectionId", Value: &[]string{id}}}
		resp, err := c.vpc.DescribePhysicalConnections(req)
		if err != nil {
			return err
		}
		out = nil
		for _, p := range resp.PhysicalConnectionSet.PhysicalConnectionType {
			if p.PhysicalConnectionId == id {
				out = &PhysicalConnection{ID: p.PhysicalConnectionId, Status: p.Status, Name: p.Name,
					Description: p.Description, AccessPointID: p.AccessPointId, LineOperator: p.LineOperator,
					PeerLocation: p.PeerLocation, PortType: p.PortType, Bandwidth: p.Bandwidth,
					BusinessStatus: p.BusinessStatus, ProductType: p.ProductType}
			}
		}
		return nil
	})
	return out, err
}

func (c *Client) pcStatus(id string, last **PhysicalConnection) readStatus {
	return func(ctx context.Context) (string, bool, error) {
		p, err := c.GetPhysicalConnection(ctx, id)
		if err != nil || p == nil {
			return "", false, err
		}
		*last = p
		return p.Status, true, nil
	}
}

// WaitPhysicalConnection polls until the physical connection is in one of
// want. It gives up on "Allocation Failed", Rejected, Canceled and
// Terminated (unless wanted), on the deadline, and when it cannot be found.
func (c *Client) WaitPhysicalConnection(ctx context.Context, id string, want ...string) (*PhysicalConnection, error) {
	var pc *PhysicalConnection
	if _, err := c.waitFor(ctx, "physical connection", id, want, without(pcFailures, want...), c.pcStatus(id, &pc)); err != nil {
		return nil, err
	}
	return pc, nil
}

func (c *Client) pcAction(ctx context.Context, action, id string, send func(token string) error) error {
	token := c.Token(action)
	return c.call(ctx, action, func() error { return send(token) })
}

// ConfirmPhysicalConnection moves an Allocated physical connection to
// Confirmed (the customer confirms the cable installation).
func (c *Client) ConfirmPhysicalConnection(ctx context.Context, id string) error {
	return c.pcAction(ctx, "ConfirmPhysicalConnection", id, func(token string) error {
		req := vpc.CreateConfirmPhysicalConnectionRequest()
		req.RegionId, req.PhysicalConnectionId, req.ClientToken = c.region(), id, token
		_, err := c.vpc.ConfirmPhysicalConnection(req)
		return err
	})
}

// EnablePhysicalConnection moves a Confirmed physical connection to Enabled.
func (c *Client) EnablePhysicalConnection(ctx context.Context, id string) error {
	return c.pcAction(ctx, "EnablePhysicalConnection", id, func(token string) error {
		req := vpc.CreateEnablePhysicalConnectionRequest()
		req.RegionId, req.PhysicalConnectionId, req.ClientToken = c.region(), id, token
		_, err := c.vpc.EnablePhysicalConnection(req)
		return err
	})
}

// ProvisionPhysicalConnection does what Terraform's physical connection
// resource does: create, wait for Allocated (failing on "Allocation
// Failed"), confirm, wait for Confirmed, enable, wait for Enabled. Steps the
// cloud already made (an automatic confirmation) are skipped.
func (c *Client) ProvisionPhysicalConnection(ctx context.Context, s PhysicalConnectionSpec) (*PhysicalConnection, error) {
	id, err := c.CreatePhysicalConnection(ctx, s)
	if err != nil {
		return nil, err
	}
	pc, err := c.WaitPhysicalConnection(ctx, id, PCAllocated, PCConfirmed, PCEnabled)
	if err != nil {
		return nil, err
	}
	if pc.Status == PCAllocated {
		if err := c.ConfirmPhysicalConnection(ctx, id); err != nil {
			return nil, err
		}
		if pc, err = c.WaitPhysicalConnection(ctx, id, PCConfirmed, PCEnabled); err != nil {
			return nil, err
		}
	}
	if pc.Status == PCConfirmed {
		if err := c.EnablePhysicalConnection(ctx, id); err != nil {
			return nil, err
		}
		if pc, err = c.WaitPhysicalConnection(ctx, id, PCEnabled); err != nil {
			return nil, err
		}
	}
	return pc, nil
}

// DeletePhysicalConnection removes a physical connection the way Terraform
// does: an Enabled one is terminated (wait Terminated), one not yet enabled
// is canceled (wait Canceled), then DeletePhysicalConnection, then wait until
// it is gone. A connection that does not exist is already deleted.
func (c *Client) DeletePhysicalConnection(ctx context.Context, id string) error {
	pc, err := c.GetPhysicalConnection(ctx, id)
	if err != nil {
		return err
	}
	if pc == nil {
		return nil
	}
	switch pc.Status {
	case PCEnabled:
		if err := c.pcAction(ctx, "TerminatePhysicalConnection", id, func(token string) error {
			req := vpc.CreateTerminatePhysicalConnectionRequest()
			req.RegionId, req.PhysicalConnectionId, req.ClientToken = c.region(), id, token
			_, err := c.vpc.TerminatePhysicalConnection(req)
			return err
		}); err != nil {
			return ignoreNotFound(err)
		}
		if _, err := c.WaitPhysicalConnection(ctx, id, PCTerminated); err != nil {
			return ignoreNotFound(err)
		}
	case PCInitial, PCApproved, PCAllocating, PCAllocated, PCConfirmed:
		if err := c.pcAction(ctx, "CancelPhysicalConnection", id, func(token string) error {
			req := vpc.CreateCancelPhysicalConnectionRequest()
			req.RegionId, req.PhysicalConnectionId, req.ClientToken = c.region(), id, token
			_, err := c.vpc.CancelPhysicalConnection(req)
			return err
		}); err != nil {
			return ignoreNotFound(err)
		}
		if _, err := c.WaitPhysicalConnection(ctx, id, PCCanceled); err != nil {
			return ignoreNotFound(err)
		}
	}
	if err := c.pcAction(ctx, "DeletePhysicalConnection", id, func(token string) error {
		req := vpc.CreateDeletePhysicalConnectionRequest()
		req.RegionId, req.PhysicalConnectionId, req.ClientToken = c.region(), id, token
		_, err := c.vpc.DeletePhysicalConnection(req)
		return err
	}); err != nil {
		return ignoreNotFound(err)
	}
	_, err = c.waitFor(ctx, "physical connection", id, nil, nil, c.pcStatus(id, &pc))
	return err
}

// ignoreNotFound turns "it does not exist" into success (deletes).
func ignoreNotFound(err error) error {
	if err == nil || IsNotFound(err) {
		return nil
	}
	return err
}
