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
	vpcVersion = client.VersionVpc
	pcID       = "pc-pact000000000000000001"
	vbrID      = "vbr-pact00000000000000001"
	hostedID   = "pc-pact00000000000hosted1"
)

var pcSpec = client.PhysicalConnectionSpec{AccessPointID: "ap-cn-hangzhou-yh-B", LineOperator: "CT",
	PeerLocation: "Hangzhou DC 3", PortType: "1000Base-LX", Bandwidth: 100, Name: "edge-1"}

// createPCQuery is what the client sends for pcSpec.
var createPCQuery = q{
	"AccessPointId": matchers.Regex("ap-cn-hangzhou-yh-B", `^ap-[a-z0-9-]+-[A-Za-z0-9-]+$`),
	"LineOperator":  matchers.Regex("CT", `^(CT|CU|CM|CO|Equinix|Other)$`),
	"PeerLocation":  matchers.Like("Hangzhou DC 3"),
	"PortType":      matchers.Regex("1000Base-LX", `^(100Base-T|1000Base-T|1000Base-LX|10GBase-T|10GBase-LR|40GBase-LR|100GBase-LR)$`),
	"bandwidth":     matchers.Regex("100", `^[0-9]+$`),
	"Name":          matchers.Like("edge-1"),
	"ClientToken":   clientToken,
}

func TestCreatePhysicalConnection(t *testing.T) {
	p := newPact(t)
	err := p.AddInteraction().
		Given("no resources exist").
		UponReceiving("a request to apply for a physical connection").
		WithRequest("POST", "/", rpc("CreatePhysicalConnection", vpcVersion, createPCQuery)).
		WillRespondWith(200, ok(matchers.Map{"PhysicalConnectionId": id(pcID, "pc")})).
		ExecuteTest(t, func(cfg consumer.MockServerConfig) error {
			c, _ := newClient(t, cfg)
			got, err := c.CreatePhysicalConnection(context.Background(), pcSpec)
			if err != nil {
				return err
			}
			if got != pcID {
				t.Errorf("got ID %q; want %q", got, pcID)
			}
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
}

func TestCreatePhysicalConnectionOverQuotaIsNotRetried(t *testing.T) {
	p := newPact(t)
	err := p.AddInteraction().
		Given("the account has no physical connection quota left").
		UponReceiving("a request to apply for a physical connection beyond the account's quota").
		WithRequest("POST", "/", rpc("CreatePhysicalConnection", vpcVersion, createPCQuery)).
		WillRespondWith(400, fail("QuotaExceeded.freePconnPerAP")).
		ExecuteTest(t, func(cfg consumer.MockServerConfig) error {
			c, rec := newClient(t, cfg)
			_, err := c.CreatePhysicalConnection(context.Background(), pcSpec)
			var e *client.Error
			if !errors.As(err, &e) || e.Code != "QuotaExceeded.freePconnPerAP" || e.HTTPStatus != 400 {
				t.Errorf("got %v; want QuotaExceeded.freePconnPerAP (400)", err)
			} else if e.Attempts != 1 || len(rec.pauses) != 0 {
				t.Errorf("the client tried %d times; want 1 (QuotaExceeded is not retried)", e.Attempts)
			}
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
}

// describePC is a read of one physical connection by ID.
func describePC(given, status string) func(*consumer.V4UnconfiguredInteraction) *consumer.V4InteractionWithResponse {
	return func(i *consumer.V4UnconfiguredInteraction) *consumer.V4InteractionWithResponse {
		return i.Given(given).
			UponReceiving("a request to read a physical connection that is "+status).
			WithRequest("POST", "/", rpc("DescribePhysicalConnections", vpcVersion, q{
				"Filter.1.Key":     matchers.S("PhysicalConnectionId"),
				"Filter.1.Value.1": id(pcID, "pc"),
			})).
			WillRespondWith(200, ok(matchers.Map{
				"PhysicalConnectionSet": matchers.StructMatcher{
					"PhysicalConnectionType": matchers.EachLike(matchers.Map{
						"PhysicalConnectionId": id(pcID, "pc"),
						"Status":               matchers.S(status),
						"AccessPointId":        matchers.Like("ap-cn-hangzhou-fixture-A"),
						"LineOperator":         matchers.Like("CT"),
						"PortType":             matchers.Like("1000Base-T"),
						"BusinessStatus":       matchers.Like("Normal"),
					}, 1),
				},
				"TotalCount": matchers.Integer(1),
				"PageNumber": matchers.Integer(1),
				"PageSize":   matchers.Integer(10),
			}))
	}
}

func TestWaitForAllocated(t *testing.T) {
	p := newPact(t)
	err := describePC("an Allocated physical connection "+pcID, "Allocated")(p.AddInteraction()).
		ExecuteTest(t, func(cfg consumer.MockServerConfig) error {
			c, rec := newClient(t, cfg)
			pc, err := c.WaitPhysicalConnection(context.Background(), pcID, client.PCAllocated)
			if err != nil {
				return err
			}
			if pc.Status != client.PCAllocated || len(rec.pauses) != 1 || rec.pauses[0] != c.Poll.Delay {
				t.Errorf("got %+v after pauses %v; want Allocated after the first delay", pc, rec.pauses)
			}
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
}

func TestWaitStopsOnAllocationFailed(t *testing.T) {
	p := newPact(t)
	err := describePC("a PhysicalConnection "+pcID+" exists in status Allocation Failed", "Allocation Failed")(p.AddInteraction()).
		ExecuteTest(t, func(cfg consumer.MockServerConfig) error {
			c, _ := newClient(t, cfg)
			_, err := c.WaitPhysicalConnection(context.Background(), pcID, client.PCAllocated)
			var we *client.WaitError
			if !errors.As(err, &we) || we.Last != client.PCAllocationFailed || we.Polls != 1 {
				t.Errorf("got %v; want a WaitError on the first read, last status Allocation Failed", err)
			}
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
}

func TestConfirmAndEnablePhysicalConnection(t *testing.T) {
	p := newPact(t)
	p.AddInteraction().
		Given("an Allocated physical connection "+pcID).
		UponReceiving("a request to confirm an Allocated physical connection").
		WithRequest("POST", "/", rpc("ConfirmPhysicalConnection", vpcVersion, q{
			"PhysicalConnectionId": id(pcID, "pc"), "ClientToken": clientToken})).
		WillRespondWith(200, ok(nil))
	err := p.AddInteraction().
		Given("a Confirmed physical connection "+pcID).
		UponReceiving("a request to enable a Confirmed physical connection").
		WithRequest("POST", "/", rpc("EnablePhysicalConnection", vpcVersion, q{
			"PhysicalConnectionId": id(pcID, "pc"), "ClientToken": clientToken})).
		WillRespondWith(200, ok(nil)).
		ExecuteTest(t, func(cfg consumer.MockServerConfig) error {
			c, _ := newClient(t, cfg)
			if err := c.ConfirmPhysicalConnection(context.Background(), pcID); err != nil {
				return err
			}
			return c.EnablePhysicalConnection(context.Background(), pcID)
		})
	if err != nil {
		t.Fatal(err)
	}
}

func TestCreateVBRAndWaitActive(t *testing.T) {
	p := newPact(t)
	p.AddInteraction().
		Given("an Enabled physical connection "+pcID).
		UponReceiving("a request to create a VBR on an Enabled physical connection").
		WithRequest("POST", "/", rpc("CreateVirtualBorderRouter", vpcVersion, q{
			"PhysicalConnectionId": id(pcID, "pc"),
			"VlanId":               matchers.Regex("101", `^[0-9]+$`),
			"LocalGatewayIp":       matchers.Regex("10.0.0.1", `^[0-9.]+$`),
			"PeerGatewayIp":        matchers.Regex("10.0.0.2", `^[0-9.]+$`),
			"PeeringSubnetMask":    matchers.Regex("255.255.255.252", `^[0-9.]+$`),
			"Name":                 matchers.Like("vbr-1"),
			"ClientToken":          clientToken,
		})).
		WillRespondWith(200, ok(matchers.Map{"VbrId": id(vbrID, "vbr")}))
	err := p.AddInteraction().
		Given("an active VBR "+vbrID+" on physical connection "+pcID).
		UponReceiving("a request to read an active VBR").
		WithRequest("POST", "/", rpc("DescribeVirtualBorderRouters", vpcVersion, q{
			"Filter.1.Key":           matchers.S("VbrId"),
			"Filter.1.Value.1":       id(vbrID, "vbr"),
			"IncludeCrossAccountVbr": matchers.S("true"),
		})).
		WillRespondWith(200, ok(matchers.Map{
			"VirtualBorderRouterSet": matchers.StructMatcher{
				"VirtualBorderRouterType": matchers.EachLike(matchers.Map{
					"VbrId":                id(vbrID, "vbr"),
					"Status":               matchers.S("active"),
					"PhysicalConnectionId": id(pcID, "pc"),
					"VlanId":               matchers.Integer(101),
				}, 1),
			},
			"TotalCount": matchers.Integer(1),
		})).
		ExecuteTest(t, func(cfg consumer.MockServerConfig) error {
			c, _ := newClient(t, cfg)
			v, err := c.CreateVBR(context.Background(), client.VBRSpec{PhysicalConnectionID: pcID, VlanID: 101,
				LocalGatewayIP: "10.0.0.1", PeerGatewayIP: "10.0.0.2", PeeringSubnetMask: "255.255.255.252", Name: "vbr-1"})
			if err != nil {
				return err
			}
			if v.ID != vbrID || v.Status != client.VBRActive {
				t.Errorf("got %+v; want %s active", v, vbrID)
			}
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
}

func TestCreateHostedConnection(t *testing.T) {
	p := newPact(t)
	p.AddInteraction().
		Given("an Enabled physical connection "+pcID).
		UponReceiving("a request to create a hosted connection for a tenant").
		WithRequest("POST", "/", rpc("CreateVirtualPhysicalConnection", vpcVersion, q{
			"PhysicalConnectionId": id(pcID, "pc"),
			"VlanId":               matchers.Regex("202", `^[0-9]+$`),
			"Spec":                 matchers.Regex("50M", `^[0-9]+[MG]$`),
			"OrderMode":            matchers.Regex("PayByPhysicalConnectionOwner", `^(PayByPhysicalConnectionOwner|PayByVirtualPhysicalConnectionOwner)$`),
			"VpconnAliUid":         matchers.Regex(uidB, `^[0-9]+$`),
			"Name":                 matchers.Like("hosted-1"),
			"Token":                clientToken,
		})).
		WillRespondWith(200, ok(matchers.Map{"VirtualPhysicalConnection": id(hostedID, "pc")}))
	err := p.AddInteraction().
		GivenWithParameter(state("a PhysicalConnection "+hostedID+" exists in status Enabled", map[string]any{
			"account": uidB, "ProductType": "VirtualPhysicalConnection", "ParentPhysicalConnectionId": pcID,
			"ParentOwner": "1000000000000001", "AliUid": uidB, "VirtualPhysicalConnectionStatus": "UnConfirmed",
			"VlanId": "202", "Spec": "50M", "OrderMode": "PayByPhysicalConnectionOwner"})).
		UponReceiving("a request to read a hosted connection the tenant has not confirmed").
		WithRequest("POST", "/", rpc("ListVirtualPhysicalConnections", vpcVersion, q{
			"PhysicalConnectionId":           id(pcID, "pc"),
			"VirtualPhysicalConnectionIds.1": id(hostedID, "pc"),
		})).
		WillRespondWith(200, ok(matchers.Map{
			"VirtualPhysicalConnections": matchers.EachLike(matchers.Map{
				"PhysicalConnectionId":            id(hostedID, "pc"),
				"ParentPhysicalConnectionId":      id(pcID, "pc"),
				"VirtualPhysicalConnectionStatus": matchers.S("UnConfirmed"),
				"VlanId":                          matchers.Like("202"),
				"AliUid":                          matchers.Like(uidB),
			}, 1),
		})).
		ExecuteTest(t, func(cfg consumer.MockServerConfig) error {
			c, _ := newClient(t, cfg)
			h, err := c.CreateHostedConnection(context.Background(), client.HostedConnectionSpec{PhysicalConnectionID: pcID,
				VlanID: 202, Spec: "50M", OrderMode: "PayByPhysicalConnectionOwner", TenantUID: uidB, Name: "hosted-1"})
			if err != nil {
				return err
			}
			if h.ID != hostedID || h.VirtualPhysicalConnectionStatus != "UnConfirmed" {
				t.Errorf("got %+v; want %s UnConfirmed", h, hostedID)
			}
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
}
