package features_test

import (
	"context"
	"fmt"
	"strconv"

	"github.com/ecmock/ecmock/contracts/client"
	"github.com/ecmock/ecmock/features/steps"
)

// referenceClient plugs the reference client (contracts/client) into the
// steps' Client hook: its Sleep advances ecmock's manual clock through the
// steps (which record every interval) and its deadlines read ecmock time.
// tweak may change its policies (the wrong clients of the tests do).
func referenceClient(tweak func(*client.Client)) steps.ClientFactory {
	return func(env steps.ClientEnv) (steps.Client, error) {
		c, err := client.New(client.Config{Endpoint: env.Endpoint, Scheme: env.Scheme,
			AccessKeyID: env.Account.AccessKeyID, AccessKeySecret: env.Account.AccessKeySecret, RegionID: env.Region})
		if err != nil {
			return nil, err
		}
		c.Sleep = env.Sleep
		c.Now = env.Now
		if tweak != nil {
			tweak(c)
		}
		return &refAdapter{c: c, ecrOf: map[string]string{}}, nil
	}
}

// refAdapter maps the features' resource kinds onto the reference client's
// typed operations.
type refAdapter struct {
	c     *client.Client
	ecrOf map[string]string // association ID → ECR ID
}

func (a *refAdapter) Create(ctx context.Context, kind string, p map[string]string) (string, error) {
	switch kind {
	case "ECR":
		asn := int64(45104)
		if v := p["AlibabaSideAsn"]; v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return "", fmt.Errorf("AlibabaSideAsn %q: %v", v, err)
			}
			asn = n
		}
		return a.c.CreateECR(ctx, client.ECRSpec{Name: p["Name"], Description: p["Description"], AlibabaSideAsn: asn})
	case "ECR association":
		as, err := a.c.CreateECRAssociation(ctx, client.AssociationSpec{EcrID: p["EcrId"], AssociationRegionID: p["AssociationRegionId"],
			VpcID: p["VpcId"], TransitRouterID: p["TransitRouterId"], CenID: p["CenId"]})
		if err != nil {
			return "", err
		}
		a.ecrOf[as.ID] = p["EcrId"]
		return as.ID, nil
	case "transit router ECR attachment", "ECR attachment":
		at, err := a.c.CreateTransitRouterEcrAttachment(ctx, client.AttachmentSpec{CenID: p["CenId"], TransitRouterID: p["TransitRouterId"],
			EcrID: p["EcrId"], EcrOwnerID: p["EcrOwnerId"], Name: p["TransitRouterAttachmentName"]})
		if err != nil {
			return "", err
		}
		return at.ID, nil
	case "physical connection":
		return a.c.CreatePhysicalConnection(ctx, client.PhysicalConnectionSpec{AccessPointID: p["AccessPointId"],
			LineOperator: p["LineOperator"], PeerLocation: p["PeerLocation"]})
	}
	return "", fmt.Errorf("the reference client adapter does not create %q", kind)
}

func (a *refAdapter) WaitFor(ctx context.Context, kind, id, status string) error {
	var err error
	switch kind {
	case "ECR":
		_, err = a.c.WaitECR(ctx, id, status)
	case "ECR association":
		_, err = a.c.WaitECRAssociation(ctx, a.ecrOf[id], id, status)
	case "transit router ECR attachment", "ECR attachment":
		_, err = a.c.WaitTransitRouterEcrAttachment(ctx, id, status)
	case "physical connection":
		_, err = a.c.WaitPhysicalConnection(ctx, id, status)
	default:
		err = fmt.Errorf("the reference client adapter does not wait for %q", kind)
	}
	return err
}

func (a *refAdapter) Delete(ctx context.Context, kind, id string) error {
	switch kind {
	case "ECR":
		return a.c.DeleteECR(ctx, id)
	case "ECR association":
		return a.c.DeleteECRAssociation(ctx, a.ecrOf[id], id)
	case "transit router ECR attachment", "ECR attachment":
		return a.c.DeleteTransitRouterEcrAttachment(ctx, id)
	case "physical connection":
		return a.c.DeletePhysicalConnection(ctx, id)
	}
	return fmt.Errorf("the reference client adapter does not delete %q", kind)
}

// WaitForChild waits for a resource read through its parent: an ECR
// association through its ECR.
func (a *refAdapter) WaitForChild(ctx context.Context, kind, parentID, id, status string) error {
	if kind != "ECR association" {
		return fmt.Errorf("the reference client adapter does not wait for %q through a parent", kind)
	}
	_, err := a.c.WaitECRAssociation(ctx, parentID, id, status)
	return err
}

// Modify renames an ECR.
func (a *refAdapter) Modify(ctx context.Context, kind, id string, p map[string]string) error {
	if kind != "ECR" {
		return fmt.Errorf("the reference client adapter does not modify %q", kind)
	}
	return a.c.ModifyECR(ctx, id, p["Name"], p["Description"])
}

// Call sends any ExpressConnectRouter action through the reference client.
func (a *refAdapter) Call(ctx context.Context, action string, p map[string]string) (map[string]any, error) {
	return a.c.CallECR(ctx, action, p)
}
