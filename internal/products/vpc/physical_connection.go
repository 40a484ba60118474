package vpc

import (
	"strings"

	"github.com/ecmock/ecmock/internal/api"
	"github.com/ecmock/ecmock/internal/store"
)

const timeFormat = "2006-01-02T15:04:05Z"

func createPhysicalConnection(c *api.Call) (api.M, error) {
	p := c.Params
	ap := p.Get("AccessPointId")
	if !strings.HasPrefix(ap, "ap-") {
		return nil, api.Errf("InvalidAccessPointId.NotEnabled", "access point %q is not of the form ap-<region>-...", ap)
	}
	if rid := p.Get("RedundantPhysicalConnectionId"); rid != "" {
		red := c.Store.GetType(rid, store.TypePhysicalConnection)
		if red == nil || red.Region != c.Region {
			return nil, api.Err("InvalidRedundantPhysicalConnectionId.NotFound")
		}
		if red.Owner != c.Account.UID {
			return nil, api.Err("InvalidRedundantPhysicalConnection")
		}
		switch red.Status {
		case "Allocated", "Confirmed", "Enabled":
		default:
			return nil, api.Errf("InvalidRedundantPhysicalConnectionStatus", "redundant connection is %s", red.Status)
		}
	}
	notEnabled := c.Store.List(store.TypePhysicalConnection, func(r *store.Resource) bool {
		return r.Owner == c.Account.UID && r.Status != "Enabled" && r.Str("ProductType") != "VirtualPhysicalConnection"
	})
	if q := c.Quota("PhysicalConnectionsNotEnabled"); len(notEnabled) >= q {
		return nil, api.Errf("QuotaExceeded.freePconnPerAP", "%d physical connections not Enabled (quota %d)", len(notEnabled), q)
	}
	portType := p.Get("PortType")
	if portType == "" {
		portType = "1000Base-T"
	}
	typ := p.Get("Type")
	if typ == "" {
		typ = "VPC"
	}
	r := c.New(store.TypePhysicalConnection, "pc", "Initial", api.M{
		"AccessPointId":                 ap,
		"LineOperator":                  p.Get("LineOperator"),
		"PeerLocation":                  p.Get("PeerLocation"),
		"CircuitCode":                   p.Get("CircuitCode"),
		"Description":                   p.Get("Description"),
		"Name":                          p.Get("Name"),
		"PortType":                      portType,
		"RedundantPhysicalConnectionId": p.Get("RedundantPhysicalConnectionId"),
		"Type":                          typ,
		"Bandwidth":                     p.Int("bandwidth", 0),
		"BusinessStatus":                "Normal",
		"ChargeType":                    "Prepaid",
		"CreationTime":                  c.Now.UTC().Format(timeFormat),
		"LoaStatus":                     "",
		"Spec":                          "",
		"AdLocation":                    "",
		"PortNumber":                    "",
	})
	r.Set("PhysicalConnectionId", r.ID)
	return api.M{"PhysicalConnectionId": r.ID}, nil
}

var pcFilterKeys = api.FilterKeys{
	"PhysicalConnectionId": func(r *store.Resource) string { return r.ID },
	"AccessPointId":        func(r *store.Resource) string { return r.Str("AccessPointId") },
	"Type":                 func(r *store.Resource) string { return r.Str("Type") },
	"LineOperator":         func(r *store.Resource) string { return r.Str("LineOperator") },
	"Spec":                 func(r *store.Resource) string { return r.Str("Spec") },
	"Status":               func(r *store.Resource) string { return r.Status },
	"Name":                 func(r *store.Resource) string { return r.Str("Name") },
}

func describePhysicalConnections(c *api.Call) (api.M, error) {
	all := c.Store.List(store.TypePhysicalConnection, func(r *store.Resource) bool {
		return r.Owner == c.Account.UID && r.Region == c.Region
	})
	matched, err := api.MatchFilters(c.Params.Filters(), pcFilterKeys, all)
	if err != nil {
		return nil, err
	}
	pg := api.Paginate(c.Params, matched)
	items := make([]any, 0, len(pg.Items))
	for _, r := range pg.Items {
		items = append(items, pcView(r))
		c.Store.Observe(r)
	}
	return api.M{
		"PhysicalConnectionSet": api.M{"PhysicalConnectionType": items},
		"TotalCount":            pg.TotalCount,
		"PageNumber":            pg.PageNumber,
		"PageSize":              pg.PageSize,
	}, nil
}

// pcView renders a physical connection as DescribePhysicalConnections shows it.
func pcView(r *store.Resource) api.M {
	out := make(api.M, len(r.Attrs)+2)
	for k, v := range r.Attrs {
		out[k] = v
	}
	out["PhysicalConnectionId"] = r.ID
	out["Status"] = r.Status
	return out
}
