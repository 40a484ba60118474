package client

import (
	"context"
	"sort"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/cbn"
)

// Transit router and ECR attachment statuses (as Terraform's alicloud provider and the official SDKs do).
const (
	TRCreating          = "Creating"
	TRActive            = "Active"
	AttachmentAttaching = "Attaching"
	AttachmentAttached  = "Attached"
	AttachmentDetaching = "Detaching"
)

// CreateCen creates a CEN instance, waits until it is Active and returns
// its ID.
func (c *Client) CreateCen(ctx context.Context, name string) (string, error) {
	const action = "CreateCen"
	token := c.Token(action)
	var id string
	err := c.call(ctx, action, func() error {
		req := cbn.CreateCreateCenRequest()
		req.RegionId, req.Name, req.ClientToken = c.region(), name, token
		resp, err := c.cbn.CreateCen(req)
		if err != nil {
			return err
		}
		id = resp.CenId
		return nil
	})
	if err != nil {
		return "", err
	}
	// CreateCen is asynchronous: Terraform waits for Active.
	var cen *Cen
	if _, err := c.waitFor(ctx, "CEN", id, []string{TRActive}, nil, c.cenStatus(id, &cen)); err != nil {
		return "", err
	}
	return id, nil
}

// Cen is a CEN instance as DescribeCens shows it.
type Cen struct {
	ID     string
	Name   string
	Status string
}

// GetCen reads a CEN instance (DescribeCens with Filter CenId); nil, nil
// when it does not exist.
func (c *Client) GetCen(ctx context.Context, id string) (*Cen, error) {
	var out *Cen
	err := c.call(ctx, "DescribeCens", func() error {
		req := cbn.CreateDescribeCensRequest()
		req.RegionId = c.region()
		req.Filter = &[]cbn.DescribeCensFilter{{Key: "CenId", Value: &[]string{id}}}
		resp, err := c.cbn.DescribeCens(req)
		if err != nil {
			return err
		}
		out = nil
		for _, x := range resp.Cens.Cen {
			if x.CenId == id {
				out = &Cen{ID: id, Name: x.Name, Status: x.Status}
			}
		}
		return nil
	})
	return out, err
}

func (c *Client) cenStatus(id string, last **Cen) readStatus {
	return func(ctx context.Context) (string, bool, error) {
		x, err := c.GetCen(ctx, id)
		if err != nil || x == nil {
			return "", false, err
		}
		*last = x
		return x.Status, true, nil
	}
}

// TransitRouter is a transit router as ListTransitRouters shows it.
type TransitRouter struct {
	ID     string
	CenID  string
	Status string
	Type   string
	Name   string
}

// CreateTransitRouter creates a transit router in the client's region and
// waits until it is Active.
func (c *Client) CreateTransitRouter(ctx context.Context, cenID, name string) (*TransitRouter, error) {
	const action = "CreateTransitRouter"
	token := c.Token(action)
	var id string
	err := c.call(ctx, action, func() error {
		req := cbn.CreateCreateTransitRouterRequest()
		req.RegionId, req.CenId, req.TransitRouterName, req.ClientToken = c.region(), cenID, name, token
		resp, err := c.cbn.CreateTransitRouter(req)
		if err != nil {
			return err
		}
		id = resp.TransitRouterId
		return nil
	})
	if err != nil {
		return nil, err
	}
	var tr *TransitRouter
	if _, err := c.waitFor(ctx, "transit router", id, []string{TRActive}, nil, c.trStatus(cenID, id, &tr)); err != nil {
		return nil, err
	}
	return tr, nil
}

// GetTransitRouter reads a transit router; nil, nil when it does not exist.
func (c *Client) GetTransitRouter(ctx context.Context, cenID, id string) (*TransitRouter, error) {
	var out *TransitRouter
	err := c.call(ctx, "ListTransitRouters", func() error {
		req := cbn.CreateListTransitRoutersRequest()
		req.RegionId, req.CenId, req.TransitRouterId = c.region(), cenID, id
		resp, err := c.cbn.ListTransitRouters(req)
		if err != nil {
			return err
		}
		out = nil
		for _, t := range resp.TransitRouters {
			if t.TransitRouterId == id {
				out = &TransitRouter{ID: id, CenID: t.CenId, Status: t.Status, Type: t.Type, Name: t.TransitRouterName}
			}
		}
		return nil
	})
	return out, err
}

func (c *Client) trStatus(cenID, id string, last **TransitRouter) readStatus {
	return func(ctx context.Context) (string, bool, error) {
		t, err := c.GetTransitRouter(ctx, cenID, id)
		if err != nil || t == nil {
			return "", false, err
		}
		*last = t
		return t.Status, true, nil
	}
}

// AttachmentSpec is what CreateTransitRouterEcrAttachment needs.
type AttachmentSpec struct {
	CenID           string
	TransitRouterID string
	EcrID           string
	EcrOwnerID      string // the ECR owner's UID when it is another account's
	Name            string
	Description     string
}

// Attachment is a transit-router ECR attachment as
// ListTransitRouterEcrAttachments shows it.
type Attachment struct {
	ID              string
	Status          string
	TransitRouterID string
	EcrID           string
	CenID           string
	ResourceType    string
}

// CreateTransitRouterEcrAttachment attaches an ECR to a transit router,
// retrying Operation.Blocking, IncorrectStatus.TransitRouter,
// InvalidStatus.ResourceStatus, IncorrectStatus.EcrResource and
// Throttling.User with one ClientToken, and waits until it is Attached.
func (c *Client) CreateTransitRouterEcrAttachment(ctx context.Context, s AttachmentSpec) (*Attachment, error) {
	const action = "CreateTransitRouterEcrAttachment"
	token := c.Token(action)
	var id string
	err := c.call(ctx, action, func() error {
		req := cbn.CreateCreateTransitRouterEcrAttachmentRequest()
		req.RegionId = c.region()
		req.CenId, req.TransitRouterId, req.EcrId = s.CenID, s.TransitRouterID, s.EcrID
		if s.EcrOwnerID != "" {
			req.EcrOwnerId = requests.Integer(s.EcrOwnerID)
		}
		req.TransitRouterAttachmentName = s.Name
		req.TransitRouterAttachmentDescription = s.Description
		req.ClientToken = token
		resp, err := c.cbn.CreateTransitRouterEcrAttachment(req)
		if err != nil {
			return err
		}
		id = resp.TransitRouterAttachmentId
		return nil
	})
	if err != nil {
		return nil, err
	}
	return c.WaitTransitRouterEcrAttachment(ctx, id, AttachmentAttached)
}

// GetTransitRouterEcrAttachment reads an attachment (List by
// TransitRouterAttachmentId, ResourceType ECR); nil, nil when absent.
func (c *Client) GetTransitRouterEcrAttachment(ctx context.Context, id string) (*Attachment, error) {
	var out *Attachment
	err := c.call(ctx, "ListTransitRouterEcrAttachments", func() error {
		req := cbn.CreateListTransitRouterEcrAttachmentsRequest()
		req.RegionId, req.TransitRouterAttachmentId, req.ResourceType = c.region(), id, "ECR"
		resp, err := c.cbn.ListTransitRouterEcrAttachments(req)
		if err != nil {
			return err
		}
		out = nil
		for _, a := range resp.TransitRouterAttachments {
			if a.TransitRouterAttachmentId == id {
				out = &Attachment{ID: id, Status: a.Status, TransitRouterID: a.TransitRouterId, EcrID: a.EcrId,
					CenID: a.CenId, ResourceType: a.ResourceType}
			}
		}
		return nil
	})
	return out, err
}

func (c *Client) attachmentStatus(id string, last **Attachment) readStatus {
	return func(ctx context.Context) (string, bool, error) {
		a, err := c.GetTransitRouterEcrAttachment(ctx, id)
		if err != nil || a == nil {
			return "", false, err
		}
		*last = a
		return a.Status, true, nil
	}
}

// WaitTransitRouterEcrAttachment polls until the attachment is in one of want.
func (c *Client) WaitTransitRouterEcrAttachment(ctx context.Context, id string, want ...string) (*Attachment, error) {
	var a *Attachment
	if _, err := c.waitFor(ctx, "transit router ECR attachment", id, want, nil, c.attachmentStatus(id, &a)); err != nil {
		return nil, err
	}
	return a, nil
}

// DeleteTransitRouterEcrAttachment detaches (retrying Operation.Blocking and
// IncorrectStatus.EcrResource; not found means done) and waits until gone.
func (c *Client) DeleteTransitRouterEcrAttachment(ctx context.Context, id string) error {
	const action = "DeleteTransitRouterEcrAttachment"
	token := c.Token(action)
	err := c.call(ctx, action, func() error {
		req := cbn.CreateDeleteTransitRouterEcrAttachmentRequest()
		req.RegionId, req.TransitRouterAttachmentId, req.ResourceType, req.ClientToken = c.region(), id, "ECR", token
		_, err := c.cbn.DeleteTransitRouterEcrAttachment(req)
		return err
	})
	if err := ignoreNotFound(err); err != nil {
		return err
	}
	var a *Attachment
	_, err = c.waitFor(ctx, "transit router ECR attachment", id, nil, nil, c.attachmentStatus(id, &a))
	return err
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
