//go:build pact

package consumer_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/pact-foundation/pact-go/v2/consumer"
	"github.com/pact-foundation/pact-go/v2/matchers"

	"github.com/ecmock/ecmock/contracts/client"
)

const (
	cbnVersion = client.VersionCbn
	attachID   = "tr-attach-pact00000000000001"
)

var attachSpec = client.AttachmentSpec{CenID: cenID, TransitRouterID: trID, EcrID: ecrID, Name: "att-1"}

var createAttachmentQuery = q{
	"CenId":                       id(cenID, "cen"),
	"TransitRouterId":             id(trID, "tr"),
	"EcrId":                       id(ecrID, "ecr"),
	"TransitRouterAttachmentName": matchers.Like("att-1"),
	"ClientToken":                 clientToken,
}

// routerAndECR is the state of an attachment's prerequisites: an Active
// transit router in its CEN, an ACTIVE ECR, and their association.
func routerAndECR(i *consumer.V4UnconfiguredInteraction) *consumer.V4UnconfiguredInteraction {
	return i.Given("express connect router " + ecrID + " is associated with transit router " + trID + " in CEN " + cenID)
}

// listAttachment reads one attachment in a status.
func listAttachment(i *consumer.V4UnconfiguredInteraction, description, status string) *consumer.V4InteractionWithResponse {
	return i.UponReceiving(description).
		WithRequest("POST", "/", rpc("ListTransitRouterEcrAttachments", cbnVersion, q{
			"TransitRouterAttachmentId": id(attachID, "tr-attach"),
			"ResourceType":              matchers.S("ECR"),
		})).
		WillRespondWith(200, ok(matchers.Map{
			"TransitRouterAttachments": matchers.EachLike(matchers.Map{
				"TransitRouterAttachmentId": id(attachID, "tr-attach"),
				"Status":                    matchers.S(status),
				"TransitRouterId":           id(trID, "tr"),
				"EcrId":                     id(ecrID, "ecr"),
				"CenId":                     id(cenID, "cen"),
				"ResourceType":              matchers.S("ECR"),
			}, 1),
			"TotalCount": matchers.Integer(1),
		}))
}

func TestCreateAttachmentAndWaitAttached(t *testing.T) {
	p := newPact(t)
	routerAndECR(p.AddInteraction()).
		UponReceiving("a request to attach an express connect router to a transit router").
		WithRequest("POST", "/", rpc("CreateTransitRouterEcrAttachment", cbnVersion, createAttachmentQuery)).
		WillRespondWith(200, ok(matchers.Map{"TransitRouterAttachmentId": id(attachID, "tr-attach")}))
	err := listAttachment(p.AddInteraction().Given("an Attached transit router ECR attachment "+attachID+
		" of express connect router "+ecrID+" on transit router "+trID+" in CEN "+cenID),
		"a request to read an Attached transit router ECR attachment", "Attached").
		ExecuteTest(t, func(cfg consumer.MockServerConfig) error {
			c, _ := newClient(t, cfg)
			a, err := c.CreateTransitRouterEcrAttachment(context.Background(), attachSpec)
			if err != nil {
				return err
			}
			if a.ID != attachID || a.Status != client.AttachmentAttached {
				t.Errorf("got %+v; want %s Attached", a, attachID)
			}
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
}

// TestAttachingKeepsTheClientPolling: while the attachment is Attaching the
// client keeps reading it at its policy's pace and, if it never becomes
// Attached, gives up at its deadline.
func TestAttachingKeepsTheClientPolling(t *testing.T) {
	p := newPact(t)
	err := listAttachment(p.AddInteraction().
		Given("an Attaching transit router ECR attachment "+attachID+" of express connect router "+ecrID+
			" on transit router "+trID+" in CEN "+cenID).
		Given("TransitRouterEcrAttachment "+attachID+" stays Attaching for 5 reads"),
		"a request to read a transit router ECR attachment that is still Attaching", "Attaching").
		ExecuteTest(t, func(cfg consumer.MockServerConfig) error {
			c, rec := newClient(t, cfg)
			c.Poll = client.PollPolicy{Delay: 2 * time.Second, Intervals: []time.Duration{5 * time.Second}, Timeout: time.Minute}
			_, err := c.WaitTransitRouterEcrAttachment(context.Background(), attachID, client.AttachmentAttached)
			var we *client.WaitError
			if !errors.As(err, &we) || we.Last != client.AttachmentAttaching || we.Polls != 13 {
				t.Errorf("got %v; want a WaitError at the 1m deadline after 13 reads, last status Attaching", err)
			}
			for i, d := range rec.pauses[1:] {
				if d != 5*time.Second {
					t.Errorf("pause %d is %s; want 5s", i+2, d)
				}
			}
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
}

func TestCreateAttachmentRetriesIncorrectStatus(t *testing.T) {
	p := newPact(t)
	err := p.AddInteraction().
		Given("an ACTIVE express connect router "+ecrID).
		GivenWithParameter(state("TransitRouter "+trID+" stays Creating", map[string]any{"CenId": cenID})).
		Given("a Cen "+cenID+" exists").
		UponReceiving("a request to attach an express connect router to a transit router that is still Creating").
		WithRequest("POST", "/", rpc("CreateTransitRouterEcrAttachment", cbnVersion, createAttachmentQuery)).
		WillRespondWith(400, fail("IncorrectStatus.TransitRouter")).
		ExecuteTest(t, func(cfg consumer.MockServerConfig) error {
			c, _ := newClient(t, cfg)
			retryAtMost(c, 3)
			_, err := c.CreateTransitRouterEcrAttachment(context.Background(), attachSpec)
			var e *client.Error
			if !errors.As(err, &e) || e.Code != "IncorrectStatus.TransitRouter" || e.Attempts != 3 {
				t.Errorf("got %v; want IncorrectStatus.TransitRouter after 3 attempts (it is retried)", err)
			}
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
}

func TestCreateAttachmentWhileECRIsBusyIsRetried(t *testing.T) {
	p := newPact(t)
	err := p.AddInteraction().
		Given("an Active transit router "+trID+" in CEN "+cenID).
		Given("express connect router "+ecrID+" is locked by an operation in progress").
		UponReceiving("a request to attach an express connect router that another operation holds").
		WithRequest("POST", "/", rpc("CreateTransitRouterEcrAttachment", cbnVersion, createAttachmentQuery)).
		WillRespondWith(400, fail("IncorrectStatus.EcrResource")).
		ExecuteTest(t, func(cfg consumer.MockServerConfig) error {
			c, _ := newClient(t, cfg)
			retryAtMost(c, 2)
			_, err := c.CreateTransitRouterEcrAttachment(context.Background(), attachSpec)
			if e := (*client.Error)(nil); !errors.As(err, &e) || e.Code != "IncorrectStatus.EcrResource" || e.Attempts != 2 {
				t.Errorf("got %v; want IncorrectStatus.EcrResource after 2 attempts", err)
			}
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
}

func TestCreateAttachmentThrottledIsRetried(t *testing.T) {
	p := newPact(t)
	err := routerAndECR(p.AddInteraction()).
		Given("action CreateTransitRouterEcrAttachment fails with Throttling.User").
		UponReceiving("a request to attach an express connect router while the account is throttled").
		WithRequest("POST", "/", rpc("CreateTransitRouterEcrAttachment", cbnVersion, createAttachmentQuery)).
		WillRespondWith(400, fail("Throttling.User")).
		ExecuteTest(t, func(cfg consumer.MockServerConfig) error {
			c, _ := newClient(t, cfg)
			retryAtMost(c, 2)
			_, err := c.CreateTransitRouterEcrAttachment(context.Background(), attachSpec)
			if e := (*client.Error)(nil); !errors.As(err, &e) || e.Code != "Throttling.User" || e.Attempts != 2 {
				t.Errorf("got %v; want Throttling.User after 2 attempts", err)
			}
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
}

func TestCreateAttachmentOverQuotaIsNotRetried(t *testing.T) {
	p := newPact(t)
	err := routerAndECR(p.AddInteraction()).
		Given("the account has no ECR attachment quota left").
		UponReceiving("a request to attach an express connect router beyond the transit router's quota").
		WithRequest("POST", "/", rpc("CreateTransitRouterEcrAttachment", cbnVersion, createAttachmentQuery)).
		WillRespondWith(400, fail("QuotaExceeded.CenQuotaEcrAttachPerTransitRouter")).
		ExecuteTest(t, func(cfg consumer.MockServerConfig) error {
			c, _ := newClient(t, cfg)
			_, err := c.CreateTransitRouterEcrAttachment(context.Background(), attachSpec)
			if e := (*client.Error)(nil); !errors.As(err, &e) || e.Code != "QuotaExceeded.CenQuotaEcrAttachPerTransitRouter" || e.Attempts != 1 {
				t.Errorf("got %v; want QuotaExceeded.CenQuotaEcrAttachPerTransitRouter after 1 attempt", err)
			}
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
}

func TestDeleteAttachmentThatIsGoneIsDone(t *testing.T) {
	p := newPact(t)
	p.AddInteraction().
		Given("TransitRouterEcrAttachment "+attachID+" does not exist").
		UponReceiving("a request to delete a transit router ECR attachment that does not exist").
		WithRequest("POST", "/", rpc("DeleteTransitRouterEcrAttachment", cbnVersion, q{
			"TransitRouterAttachmentId": id(attachID, "tr-attach"),
			"ResourceType":              matchers.S("ECR"),
			"ClientToken":               clientToken,
		})).
		WillRespondWith(400, fail("InvalidTransitRouterAttachmentId.NotFound"))
	err := p.AddInteraction().
		Given("TransitRouterEcrAttachment "+attachID+" does not exist").
		UponReceiving("a request to read a transit router ECR attachment that does not exist").
		WithRequest("POST", "/", rpc("ListTransitRouterEcrAttachments", cbnVersion, q{
			"TransitRouterAttachmentId": id(attachID, "tr-attach"),
			"ResourceType":              matchers.S("ECR"),
		})).
		WillRespondWith(200, ok(matchers.Map{"TransitRouterAttachments": matchers.Equality([]any{}), "TotalCount": matchers.Integer(0)})).
		ExecuteTest(t, func(cfg consumer.MockServerConfig) error {
			c, _ := newClient(t, cfg)
			if err := c.DeleteTransitRouterEcrAttachment(context.Background(), attachID); err != nil {
				t.Errorf("got %v; want a NotFound on delete to count as deleted", err)
			}
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
}
