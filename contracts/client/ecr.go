package client

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
)

// ECR and association statuses (as Terraform's alicloud provider and the official SDKs do).
const (
	ECRActive             = "ACTIVE"
	AssociationCreating   = "CREATING"
	AssociationActive     = "ACTIVE"
	AssociationInactive   = "INACTIVE"
	AssociationDeleting   = "DELETING"
	AssociationNodeVPC    = "VPC"
	AssociationNodeTR     = "TR"
	ecrNotFound           = "ResourceNotFound.EcrId"
	ecrMaxResultsPageSize = "50"
)

// text decodes a JSON string or number as a string (the API is loose about
// numeric IDs such as OwnerId and AlibabaSideAsn).
type text string

func (t *text) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*t = ""
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*t = text(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("want a string or a number, got %s", b)
	}
	*t = text(n.String())
	return nil
}

// ECRSpec is what CreateExpressConnectRouter needs.
type ECRSpec struct {
	Name, Description string
	// AlibabaSideAsn: 45104 (default), 64512-65534, 4200000000-4294967294.
	AlibabaSideAsn  int64
	ResourceGroupID string
	Tags            map[string]string
}

// ExpressConnectRouter is an ECR as DescribeExpressConnectRouter shows it.
type ExpressConnectRouter struct {
	ID             string
	Name           string
	Description    string
	AlibabaSideAsn string
	Status         string
	BizStatus      string
	OwnerID        string
}

type ecrItem struct {
	EcrID          text `json:"EcrId"`
	Name           text `json:"Name"`
	Description    text `json:"Description"`
	AlibabaSideAsn text `json:"AlibabaSideAsn"`
	Status         text `json:"Status"`
	BizStatus      text `json:"BizStatus"`
	OwnerID        text `json:"OwnerId"`
}

// CreateECR creates an Express Connect Router, retrying Conflict.Lock with
// one ClientToken, and returns its ID. An ECR is ACTIVE at once; Terraform
// waits for nothing.
func (c *Client) CreateECR(ctx context.Context, s ECRSpec) (string, error) {
	const action = "CreateExpressConnectRouter"
	asn := s.AlibabaSideAsn
	if asn == 0 {
		asn = 45104
	}
	p := map[string]string{"AlibabaSideAsn": itoa(asn), "ClientToken": c.Token(action)}
	set(p, "Name", s.Name)
	set(p, "Description", s.Description)
	set(p, "ResourceGroupId", s.ResourceGroupID)
	i := 1
	for _, k := range sortedKeys(s.Tags) {
		p[fmt.Sprintf("Tag.%d.Key", i)] = k
		p[fmt.Sprintf("Tag.%d.Value", i)] = s.Tags[k]
		i++
	}
	var out struct {
		EcrID text `json:"EcrId"`
	}
	if err := c.ecr(ctx, action, p, &out); err != nil {
		return "", err
	}
	return string(out.EcrID), nil
}

// GetECR reads one ECR; nil, nil when it does not exist.
func (c *Client) GetECR(ctx context.Context, id string) (*ExpressConnectRouter, error) {
	var out struct {
		EcrList []ecrItem `json:"EcrList"`
	}
	err := c.ecr(ctx, "DescribeExpressConnectRouter", map[string]string{"EcrId": id, "MaxResults": ecrMaxResultsPageSize}, &out)
	if err != nil {
		if IsNotFound(err) {
			return nil, nil
		}
		return nil, err
	}
	for _, e := range out.EcrList {
		if string(e.EcrID) == id {
			return &ExpressConnectRouter{ID: id, Name: string(e.Name), Description: string(e.Description),
				AlibabaSideAsn: string(e.AlibabaSideAsn), Status: string(e.Status), BizStatus: string(e.BizStatus),
				OwnerID: string(e.OwnerID)}, nil
		}
	}
	return nil, nil
}

func (c *Client) ecrStatus(id string, last **ExpressConnectRouter) readStatus {
	return func(ctx context.Context) (string, bool, error) {
		e, err := c.GetECR(ctx, id)
		if err != nil || e == nil {
			return "", false, err
		}
		*last = e
		return e.Status, true, nil
	}
}

// WaitECR polls until the ECR is in one of want.
func (c *Client) WaitECR(ctx context.Context, id string, want ...string) (*ExpressConnectRouter, error) {
	var e *ExpressConnectRouter
	if _, err := c.waitFor(ctx, "express connect router", id, want, nil, c.ecrStatus(id, &e)); err != nil {
		return nil, err
	}
	return e, nil
}

// DeleteECR deletes an ECR (retrying Conflict.Lock; ResourceNotFound.EcrId
// means it is already gone) and waits until it is gone.
func (c *Client) DeleteECR(ctx context.Context, id string) error {
	const action = "DeleteExpressConnectRouter"
	err := c.ecr(ctx, action, map[string]string{"EcrId": id, "ClientToken": c.Token(action)}, nil)
	if err := ignoreNotFound(err); err != nil {
		return err
	}
	var e *ExpressConnectRouter
	_, err = c.waitFor(ctx, "express connect router", id, nil, nil, c.ecrStatus(id, &e))
	return err
}

// AssociationSpec is what CreateExpressConnectRouterAssociation needs: a VPC
// (VpcID) or a transit router (TransitRouterID, CenID) in a region.
type AssociationSpec struct {
	EcrID               string
	AssociationRegionID string
	VpcID               string
	VpcOwnerID          string
	TransitRouterID     string
	TransitRouterOwner  string
	CenID               string
	AllowedPrefixes     []string
}

// Association is an ECR association as DescribeExpressConnectRouterAssociation
// shows it.
type Association struct {
	ID                  string
	EcrID               string
	AssociationNodeType string
	TransitRouterID     string
	VpcID               string
	CenID               string
	AssociationRegionID string
	Status              string
	OwnerID             string
}

type associationItem struct {
	AssociationID       text `json:"AssociationId"`
	EcrID               text `json:"EcrId"`
	AssociationNodeType text `json:"AssociationNodeType"`
	TransitRouterID     text `json:"TransitRouterId"`
	VpcID               text `json:"VpcId"`
	CenID               text `json:"CenId"`
	AssociationRegionID text `json:"AssociationRegionId"`
	Status              text `json:"Status"`
	OwnerID             text `json:"OwnerId"`
}

// CreateECRAssociation associates a VPC or a transit router with an ECR,
// retrying Conflict.Lock, and waits until the association is ACTIVE (a
// transit router's may also settle INACTIVE).
func (c *Client) CreateECRAssociation(ctx context.Context, s AssociationSpec) (*Association, error) {
	const action = "CreateExpressConnectRouterAssociation"
	p := map[string]string{"EcrId": s.EcrID, "AssociationRegionId": s.AssociationRegionID, "ClientToken": c.Token(action)}
	set(p, "VpcId", s.VpcID)
	set(p, "VpcOwnerId", s.VpcOwnerID)
	set(p, "TransitRouterId", s.TransitRouterID)
	set(p, "TransitRouterOwnerId", s.TransitRouterOwner)
	set(p, "CenId", s.CenID)
	for i, pfx := range s.AllowedPrefixes {
		p["AllowedPrefixes."+strconv.Itoa(i+1)] = pfx
	}
	var out struct {
		AssociationID text `json:"AssociationId"`
	}
	if err := c.ecr(ctx, action, p, &out); err != nil {
		return nil, err
	}
	want := []string{AssociationActive}
	if s.TransitRouterID != "" {
		want = append(want, AssociationInactive)
	}
	return c.WaitECRAssociation(ctx, s.EcrID, string(out.AssociationID), want...)
}

// GetECRAssociation reads one association of an ECR; nil, nil when it does
// not exist.
func (c *Client) GetECRAssociation(ctx context.Context, ecrID, id string) (*Association, error) {
	var out struct {
		AssociationList []associationItem `json:"AssociationList"`
	}
	err := c.ecr(ctx, "DescribeExpressConnectRouterAssociation",
		map[string]string{"EcrId": ecrID, "AssociationId": id, "MaxResults": ecrMaxResultsPageSize}, &out)
	if err != nil {
		if IsNotFound(err) {
			return nil, nil
		}
		return nil, err
	}
	for _, a := range out.AssociationList {
		if string(a.AssociationID) == id {
			return &Association{ID: id, EcrID: string(a.EcrID), AssociationNodeType: string(a.AssociationNodeType),
				TransitRouterID: string(a.TransitRouterID), VpcID: string(a.VpcID), CenID: string(a.CenID),
				AssociationRegionID: string(a.AssociationRegionID), Status: string(a.Status), OwnerID: string(a.OwnerID)}, nil
		}
	}
	return nil, nil
}

func (c *Client) associationStatus(ecrID, id string, last **Association) readStatus {
	return func(ctx context.Context) (string, bool, error) {
		a, err := c.GetECRAssociation(ctx, ecrID, id)
		if err != nil || a == nil {
			return "", false, err
		}
		*last = a
		return a.Status, true, nil
	}
}

// WaitECRAssociation polls until the association is in one of want.
func (c *Client) WaitECRAssociation(ctx context.Context, ecrID, id string, want ...string) (*Association, error) {
	var a *Association
	if _, err := c.waitFor(ctx, "ECR association", id, want, nil, c.associationStatus(ecrID, id, &a)); err != nil {
		return nil, err
	}
	return a, nil
}

// DeleteECRAssociation removes an association (retrying Conflict.Lock; not
// found means done) and waits until it is gone.
func (c *Client) DeleteECRAssociation(ctx context.Context, ecrID, id string) error {
	const action = "DeleteExpressConnectRouterAssociation"
	err := c.ecr(ctx, action, map[string]string{"EcrId": ecrID, "AssociationId": id, "ClientToken": c.Token(action)}, nil)
	if err := ignoreNotFound(err); err != nil {
		return err
	}
	var a *Association
	_, err = c.waitFor(ctx, "ECR association", id, nil, nil, c.associationStatus(ecrID, id, &a))
	return err
}

func set(p map[string]string, k, v string) {
	if v != "" {
		p[k] = v
	}
}
