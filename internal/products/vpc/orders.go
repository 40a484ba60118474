package vpc

import (
	"strconv"

	"github.com/ecmock/ecmock/internal/api"
)

// newOrderID makes a 15-digit order number like the API reference's examples
// (203167309740138) from the seeded generator.
func newOrderID(c *api.Call) int64 {
	return 200000000000000 + c.Store.Rand().Int63n(100000000000000)
}

func createOccupancyOrder(c *api.Call) (api.M, error) {
	p := c.Params
	r, err := lookupPC(c, p.Get("PhysicalConnectionId"))
	if err != nil {
		return nil, err
	}
	if isHosted(r) {
		return nil, notAllowed(r, "a hosted connection is billed through its partner")
	}
	if r.Status != stConfirmed {
		return nil, notAllowed(r, "the occupancy order is created for a Confirmed connection")
	}
	oid := newOrderID(c)
	autoPay := !p.Has("AutoPay") || p.Bool("AutoPay")
	r.Set("OccupancyOrderId", strconv.FormatInt(oid, 10))
	r.Set("OccupancyOrderPaid", autoPay)
	if p.Get("InstanceChargeType") == "PrePaid" {
		period := int(p.Int("Period", 1))
		end := c.Now.AddDate(0, period, 0)
		if p.Get("PricingCycle") == "Year" {
			end = c.Now.AddDate(period, 0, 0)
		}
		r.Set("ChargeType", "Prepaid")
		r.Set("EndTime", fmtTime(end))
	} else {
		r.Set("ChargeType", "PostPaid")
		r.Set("EndTime", "")
	}
	if autoPay {
		enable(c, r)
	}
	out := exampleEnvelope(c, true)
	// Only the SDK's Data: the example's lower-case data ({"orderId": n})
	// would collide with it in case-insensitive decoders (catalogue note).
	out["Data"] = api.M{"OrderId": strconv.FormatInt(oid, 10)}
	return out, nil
}

func createSetupOrder(c *api.Call) (api.M, error) {
	p := c.Params
	ap := p.Get("AccessPointId")
	if err := checkAccessPoint(ap); err != nil {
		return nil, err
	}
	if err := checkRedundant(c, p.Get("RedundantPhysicalConnectionId")); err != nil {
		return nil, err
	}
	if err := checkNewPC(c, ap); err != nil {
		return nil, err
	}
	oid := newOrderID(c)
	attrs := api.M{
		"AccessPointId":                 ap,
		"LineOperator":                  p.Get("LineOperator"),
		"RedundantPhysicalConnectionId": p.Get("RedundantPhysicalConnectionId"),
		"SetupOrderId":                  strconv.FormatInt(oid, 10),
		"SetupOrderPaid":                !p.Has("AutoPay") || p.Bool("AutoPay"),
	}
	if v := p.Get("PortType"); v != "" {
		attrs["PortType"] = v
	}
	r := newPC(c, attrs)
	out := exampleEnvelope(c, true)
	out["OrderId"] = strconv.FormatInt(oid, 10)
	out["PhysicalConnectionId"] = r.ID
	out["data"] = api.M{"orderId": oid}
	return out, nil
}
