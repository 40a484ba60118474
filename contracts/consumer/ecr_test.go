//go:build pact

package consumer_test

import (
	"context"
	"errors"
	"testing"

	"github.com/pact-foundation/pact-go/v2/consumer"
	"github.com/pact-foundation/pact-go/v2/matchers"

	"github.com/ecmock/ecmock/contracts/client"
)

const (
	ecrVersion = client.VersionECR
	ecrID      = "ecr-pact00000000000000001"
	goneECRID  = "ecr-pact0000000000gone0001"
	assocID    = "ecr-assoc-pact0000000000000001"
	cenID      = "cen-pact00000000000000001"
	trID       = "tr-pact0000000000000000001"
)

var ecrSpec = client.ECRSpec{Name: "edge", AlibabaSideAsn: 64512}

var createECRQuery = q{
	"AlibabaSideAsn": matchers.Regex("64512", `^[0-9]+$`),
	"Name":           matchers.Like("edge"),
	"ClientToken":    clientToken,
}

// retryAtMost makes the client try a call at most n times, by the default
// policy otherwise (the mock server answers the same every time).
func retryAtMost(c *client.Client, n int) {
	c.Retry = func(action, code string, attempt int) bool {
		return attempt < n && client.Retryable(action, code)
	}
}

func TestCreateECR(t *testing.T) {
	p := newPact(t)
	err := p.AddInteraction().
		Given("no resources exist").
		UponReceiving("a request to create an express connect router").
		WithRequest("POST", "/", rpc("CreateExpressConnectRouter", ecrVersion, createECRQuery)).
		WillRespondWith(200, okECR(matchers.Map{"EcrId": id(ecrID, "ecr")})).
		ExecuteTest(t, func(cfg consumer.MockServerConfig) error {
			c, _ := newClient(t, cfg)
			got, err := c.CreateECR(context.Background(), ecrSpec)
			if err != nil {
				return err
			}
			if got != ecrID {
				t.Errorf("got %q; want %q", got, ecrID)
			}
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
}

func TestCreateECRRetriesConflictLock(t *testing.T) {
	p := newPact(t)
	err := p.AddInteraction().
		Given("action CreateExpressConnectRouter fails with Conflict.Lock").
		UponReceiving("a request to create an express connect router while another operation holds the lock").
		WithRequest("POST", "/", rpc("CreateExpressConnectRouter", ecrVersion, createECRQuery)).
		WillRespondWith(400, failECR("Conflict.Lock", 400)).
		ExecuteTest(t, func(cfg consumer.MockServerConfig) error {
			c, rec := newClient(t, cfg)
			retryAtMost(c, 3)
			_, err := c.CreateECR(context.Background(), ecrSpec)
			var e *client.Error
			if !errors.As(err, &e) || e.Code != "Conflict.Lock" || e.Attempts != 3 {
				t.Errorf("got %v; want Conflict.Lock after 3 attempts (it is retried)", err)
			}
			if len(rec.pauses) != 2 {
				t.Errorf("the client paused %v between tries; want 2 pauses", rec.pauses)
			}
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
}

func TestCreateECROverQuotaIsNotRetried(t *testing.T) {
	p := newPact(t)
	err := p.AddInteraction().
		Given("the account has no ECR quota left").
		UponReceiving("a request to create an express connect router beyond the account's quota").
		WithRequest("POST", "/", rpc("CreateExpressConnectRouter", ecrVersion, createECRQuery)).
		WillRespondWith(400, failECR("QuotaExceeded.EcrCountPerUser", 400)).
		ExecuteTest(t, func(cfg consumer.MockServerConfig) error {
			c, _ := newClient(t, cfg)
			_, err := c.CreateECR(context.Background(), ecrSpec)
			var e *client.Error
			if !errors.As(err, &e) || e.Code != "QuotaExceeded.EcrCountPerUser" || e.Attempts != 1 {
				t.Errorf("got %v; want QuotaExceeded.EcrCountPerUser after 1 attempt", err)
			}
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
}

// describeECR reads one ECR; found false is the answer for an ECR that does
// not exist.
func describeECR(i *consumer.V4UnconfiguredInteraction, given, description, ecr string, found bool) *consumer.V4InteractionWithResponse {
	list := matchers.Matcher(matchers.EachLike(matchers.Map{
		"EcrId":          id(ecr, "ecr"),
		"Status":         matchers.S("ACTIVE"),
		"Name":           matchers.Like("edge"),
		"AlibabaSideAsn": matchers.Integer(64512),
		"BizStatus":      matchers.Like("Normal"),
		"OwnerId":        matchers.Integer(1000000000000001),
	}, 1))
	total := 1
	if !found {
		list, total = matchers.Equality([]any{}), 0
	}
	return i.Given(given).
		UponReceiving(description).
		WithRequest("POST", "/", rpc("DescribeExpressConnectRouter", ecrVersion, q{
			"EcrId": id(ecr, "ecr"), "MaxResults": matchers.S("50")})).
		WillRespondWith(200, okECR(matchers.Map{"EcrList": list, "TotalCount": matchers.Integer(total)}))
}

func TestGetECR(t *testing.T) {
	p := newPact(t)
	err := describeECR(p.AddInteraction(), "an ACTIVE express connect router "+ecrID, "a request to read an ACTIVE express connect router", ecrID, true).
		ExecuteTest(t, func(cfg consumer.MockServerConfig) error {
			c, _ := newClient(t, cfg)
			e, err := c.GetECR(context.Background(), ecrID)
			if err != nil {
				return err
			}
			if e == nil || e.Status != client.ECRActive || e.AlibabaSideAsn != "64512" {
				t.Errorf("got %+v; want an ACTIVE ECR with ASN 64512", e)
			}
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
}

func TestDeleteECRThatIsGoneIsDone(t *testing.T) {
	p := newPact(t)
	p.AddInteraction().
		Given("ExpressConnectRouter "+goneECRID+" does not exist").
		UponReceiving("a request to delete an express connect router that does not exist").
		WithRequest("POST", "/", rpc("DeleteExpressConnectRouter", ecrVersion, q{
			"EcrId": id(goneECRID, "ecr"), "ClientToken": clientToken})).
		WillRespondWith(404, failECR("ResourceNotFound.EcrId", 404))
	err := describeECR(p.AddInteraction(), "ExpressConnectRouter "+goneECRID+" does not exist",
		"a request to read an express connect router that does not exist", goneECRID, false).
		ExecuteTest(t, func(cfg consumer.MockServerConfig) error {
			c, rec := newClient(t, cfg)
			if err := c.DeleteECR(context.Background(), goneECRID); err != nil {
				t.Errorf("got %v; want a 404 ResourceNotFound.EcrId on delete to count as deleted", err)
			}
			if len(rec.pauses) != 1 {
				t.Errorf("pauses %v; want one wait before the read that finds it gone", rec.pauses)
			}
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
}

func TestDeleteLockedECRIsRetried(t *testing.T) {
	p := newPact(t)
	err := p.AddInteraction().
		Given("express connect router "+ecrID+" is locked by an operation in progress").
		UponReceiving("a request to delete an express connect router while an association is being created").
		WithRequest("POST", "/", rpc("DeleteExpressConnectRouter", ecrVersion, q{
			"EcrId": id(ecrID, "ecr"), "ClientToken": clientToken})).
		WillRespondWith(400, failECR("Conflict.Lock", 400)).
		ExecuteTest(t, func(cfg consumer.MockServerConfig) error {
			c, _ := newClient(t, cfg)
			retryAtMost(c, 2)
			err := c.DeleteECR(context.Background(), ecrID)
			var e *client.Error
			if !errors.As(err, &e) || e.Code != "Conflict.Lock" || e.Attempts != 2 {
				t.Errorf("got %v; want Conflict.Lock after 2 attempts", err)
			}
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
}

func TestCreateECRAssociationWithTransitRouter(t *testing.T) {
	p := newPact(t)
	p.AddInteraction().
		Given("an ACTIVE express connect router "+ecrID).
		Given("an Active transit router "+trID+" in CEN "+cenID).
		UponReceiving("a request to associate a transit router with an express connect router").
		WithRequest("POST", "/", rpc("CreateExpressConnectRouterAssociation", ecrVersion, q{
			"EcrId":               id(ecrID, "ecr"),
			"AssociationRegionId": regionID,
			"TransitRouterId":     id(trID, "tr"),
			"CenId":               id(cenID, "cen"),
			"ClientToken":         clientToken,
		})).
		WillRespondWith(200, okECR(matchers.Map{"AssociationId": id(assocID, "ecr-assoc")}))
	err := p.AddInteraction().
		Given("an ACTIVE express connect router "+ecrID).
		GivenWithParameter(state("an ExpressConnectRouterAssociation "+assocID+" exists in status ACTIVE", map[string]any{
			"EcrId": ecrID, "AssociationNodeType": "TR", "TransitRouterId": trID, "CenId": cenID,
			"AssociationRegionId": "cn-hangzhou", "RegionId": "cn-hangzhou"})).
		UponReceiving("a request to read an ACTIVE association of an express connect router").
		WithRequest("POST", "/", rpc("DescribeExpressConnectRouterAssociation", ecrVersion, q{
			"EcrId":         id(ecrID, "ecr"),
			"AssociationId": id(assocID, "ecr-assoc"),
			"MaxResults":    matchers.S("50"),
		})).
		WillRespondWith(200, okECR(matchers.Map{
			"AssociationList": matchers.EachLike(matchers.Map{
				"AssociationId":       id(assocID, "ecr-assoc"),
				"EcrId":               id(ecrID, "ecr"),
				"AssociationNodeType": matchers.S("TR"),
				"TransitRouterId":     id(trID, "tr"),
				"Status":              matchers.S("ACTIVE"),
			}, 1),
		})).
		ExecuteTest(t, func(cfg consumer.MockServerConfig) error {
			c, _ := newClient(t, cfg)
			a, err := c.CreateECRAssociation(context.Background(), client.AssociationSpec{EcrID: ecrID,
				AssociationRegionID: "cn-hangzhou", TransitRouterID: trID, CenID: cenID})
			if err != nil {
				return err
			}
			if a.ID != assocID || a.Status != client.AssociationActive || a.AssociationNodeType != "TR" {
				t.Errorf("got %+v; want %s ACTIVE, TR", a, assocID)
			}
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
}
