package vbr

import (
	"strconv"

	"github.com/ecmock/ecmock/internal/api"
	"github.com/ecmock/ecmock/internal/products/tags"
	"github.com/ecmock/ecmock/internal/store"
)

// maxFilterValues is the documented bound of Filter.N.Value.M (M 1 to 5).
const maxFilterValues = 5

var vbrFilterKeys = api.FilterKeys{
	"PhysicalConnectionId": func(r *store.Resource) string { return r.Str("PhysicalConnectionId") },
	"VbrId":                func(r *store.Resource) string { return r.ID },
	"Status":               func(r *store.Resource) string { return r.Status },
	"AccessPointId":        func(r *store.Resource) string { return r.Str("AccessPointId") },
	"Name":                 func(r *store.Resource) string { return r.Str("Name") },
	"eccId":                func(r *store.Resource) string { return r.Str("EccId") },
	"type":                 func(r *store.Resource) string { return r.Str("Type") },
}

var forPCFilterKeys = api.FilterKeys{
	"VbrId":  func(r *store.Resource) string { return r.ID },
	"Status": func(r *store.Resource) string { return r.Status },
	"VlanId": func(r *store.Resource) string { return strconv.FormatInt(r.Int("VlanId"), 10) },
}

// checkFilterValues bounds the values of each filter.
func checkFilterValues(fs []api.Filter) error {
	for i, f := range fs {
		if len(f.Values) > maxFilterValues {
			name := "Filter." + strconv.Itoa(i+1) + ".Value"
			return &api.Error{Code: "InvalidParameter", Args: []string{name}, Reason: name + ": at most 5 values"}
		}
	}
	return nil
}

func describeVBRs(c *api.Call) (api.M, error) {
	fs := c.Params.Filters()
	cross := c.Params.Bool("IncludeCrossAccountVbr")
	rg := c.Params.Get("ResourceGroupId")
	want := c.Params.Tags("Tags")
	all := c.Store.List(store.TypeVBR, func(r *store.Resource) bool {
		if r.Region != c.Region || !tags.Match(r, want) {
			return false
		}
		if rg != "" && r.Str("ResourceGroupId") != rg {
			return false
		}
		return r.Owner == c.Account.UID || (cross && r.Str("PhysicalConnectionOwnerUid") == c.Account.UID)
	})
	matched, err := api.MatchFilters(fs, vbrFilterKeys, all)
	if err != nil {
		return nil, err
	}
	if err := checkFilterValues(fs); err != nil {
		return nil, err
	}
	pg := api.Paginate(c.Params, matched)
	items := c.Show(pg.Items, func(r *store.Resource) api.M { return vbrView(c.Store, r) })
	return api.M{
		"VirtualBorderRouterSet": api.M{"VirtualBorderRouterType": items},
		"TotalCount":             pg.TotalCount,
		"PageNumber":             pg.PageNumber,
		"PageSize":               pg.PageSize,
	}, nil
}

func describeVBRsForPC(c *api.Call) (api.M, error) {
	pcID := c.Params.Get("PhysicalConnectionId")
	pc := c.Store.GetType(pcID, store.TypePhysicalConnection)
	if pc == nil || pc.Region != c.Region || pc.Owner != c.Account.UID {
		return nil, api.Errf("InvalidPhysicalConnectionId.NotFound", "the caller has no physical connection %s in %s", pcID, c.Region)
	}
	fs := c.Params.Filters()
	for i, f := range fs {
		if forPCFilterKeys[f.Key] == nil {
			name := "Filter." + strconv.Itoa(i+1) + ".Key"
			return nil, &api.Error{Code: "InvalidParameter", Args: []string{name}, Reason: "filter key " + strconv.Quote(f.Key) + " is not supported (VbrId, Status, VlanId)"}
		}
	}
	if err := checkFilterValues(fs); err != nil {
		return nil, err
	}
	all := c.Store.ByAttr(store.TypeVBR, "PhysicalConnectionId", pcID, nil)
	matched, err := api.MatchFilters(fs, forPCFilterKeys, all)
	if err != nil {
		return nil, err
	}
	pg := api.Paginate(c.Params, matched)
	items := make([]any, 0, len(pg.Items))
	for _, r := range pg.Items {
		owner := any(int64(0))
		if r.Owner != pc.Owner {
			owner = uidNumber(r.Owner)
		}
		items = append(items, api.M{
			"VbrId":                   r.ID,
			"VbrOwnerUid":             owner,
			"Status":                  r.Status,
			"VlanId":                  r.Int("VlanId"),
			"CircuitCode":             r.Str("CircuitCode"),
			"LocalGatewayIp":          r.Str("LocalGatewayIp"),
			"PeerGatewayIp":           r.Str("PeerGatewayIp"),
			"PeeringSubnetMask":       r.Str("PeeringSubnetMask"),
			"CreationTime":            timeField(r, "CreationTime"),
			"ActivationTime":          timeField(r, "ActivationTime"),
			"TerminationTime":         timeField(r, "TerminationTime"),
			"RecoveryTime":            timeField(r, "RecoveryTime"),
			"Type":                    r.Str("Type"),
			"EnableIpv6":              r.Bool("EnableIpv6"),
			"LocalIpv6GatewayIp":      r.Str("LocalIpv6GatewayIp"),
			"PeerIpv6GatewayIp":       r.Str("PeerIpv6GatewayIp"),
			"PeeringIpv6SubnetMask":   r.Str("PeeringIpv6SubnetMask"),
			"Bandwidth":               strconv.FormatInt(r.Int("Bandwidth"), 10),
			"BandwidthStatus":         r.Str("BandwidthStatus"),
			"EccId":                   r.Str("EccId"),
			"PConnVbrExpireTime":      "",
			"PConnVbrChargeType":      "",
			"PConnVbrBussinessStatus": "",
		})
		c.Store.Observe(r)
	}
	return api.M{
		"VirtualBorderRouterForPhysicalConnectionSet": api.M{"VirtualBorderRouterForPhysicalConnectionType": items},
		"TotalCount": pg.TotalCount,
		"PageNumber": pg.PageNumber,
		"PageSize":   pg.PageSize,
	}, nil
}

// vbrView renders a VBR as DescribeVirtualBorderRouters shows it; the
// physical connection's status and business status are read live.
func vbrView(s *store.Store, r *store.Resource) api.M {
	pcStatus, pcBiz, ap := "", "", r.Str("AccessPointId")
	if pc := s.GetType(r.Str("PhysicalConnectionId"), store.TypePhysicalConnection); pc != nil {
		pcStatus = pc.Status
		pcBiz = pc.Str("BusinessStatus")
		if pcBiz == "" {
			pcBiz = "Normal"
		}
		if ap == "" {
			ap = pc.Str("AccessPointId")
		}
	}
	ecr := ecrChild(s, r)
	details := pconnDetails(r)
	assoc := []any{}
	for _, pcID := range listItems(r.Attrs["AssociatedPhysicalConnections"]) {
		item := api.M{"PhysicalConnectionId": pcID, "PhysicalConnectionOwnerUid": "", "PhysicalConnectionStatus": "",
			"PhysicalConnectionBusinessStatus": "", "CircuitCode": "", "VlanId": "", "VlanInterfaceId": "",
			"LocalGatewayIp": "", "PeerGatewayIp": "", "PeeringSubnetMask": "", "Status": ""}
		if pc := s.GetType(pcID, store.TypePhysicalConnection); pc != nil {
			item["PhysicalConnectionOwnerUid"] = pc.Owner
			item["PhysicalConnectionStatus"] = pc.Status
			item["PhysicalConnectionBusinessStatus"] = pc.Str("BusinessStatus")
			item["CircuitCode"] = pc.Str("CircuitCode")
		}
		item["EnableIpv6"], item["LocalIpv6GatewayIp"], item["PeerIpv6GatewayIp"], item["PeeringIpv6SubnetMask"] = false, "", "", ""
		if d, ok := details[pcID]; ok {
			item["Status"] = "Associated"
			item["VlanId"] = strconv.FormatInt(int64Of(d["VlanId"]), 10)
			item["EnableIpv6"], _ = d["EnableIpv6"].(bool)
			for _, k := range []string{"CircuitCode", "LocalGatewayIp", "PeerGatewayIp", "PeeringSubnetMask", "LocalIpv6GatewayIp", "PeerIpv6GatewayIp", "PeeringIpv6SubnetMask", "VlanInterfaceId"} {
				if v, ok := d[k].(string); ok && (v != "" || k != "CircuitCode") {
					item[k] = v
				}
			}
		}
		assoc = append(assoc, item)
	}
	return api.M{
		"VbrId":                            r.ID,
		"Name":                             r.Str("Name"),
		"Description":                      r.Str("Description"),
		"Status":                           r.Status,
		"VlanId":                           r.Int("VlanId"),
		"CircuitCode":                      r.Str("CircuitCode"),
		"LocalGatewayIp":                   r.Str("LocalGatewayIp"),
		"PeerGatewayIp":                    r.Str("PeerGatewayIp"),
		"PeeringSubnetMask":                r.Str("PeeringSubnetMask"),
		"PhysicalConnectionId":             r.Str("PhysicalConnectionId"),
		"PhysicalConnectionOwnerUid":       r.Str("PhysicalConnectionOwnerUid"),
		"PhysicalConnectionStatus":         pcStatus,
		"PhysicalConnectionBusinessStatus": pcBiz,
		"AccessPointId":                    ap,
		"CreationTime":                     timeField(r, "CreationTime"),
		"ActivationTime":                   timeField(r, "ActivationTime"),
		"TerminationTime":                  timeField(r, "TerminationTime"),
		"RecoveryTime":                     timeField(r, "RecoveryTime"),
		"RouteTableId":                     r.Str("RouteTableId"),
		"VlanInterfaceId":                  r.Str("VlanInterfaceId"),
		"DetectMultiplier":                 r.Int("DetectMultiplier"),
		"MinRxInterval":                    r.Int("MinRxInterval"),
		"MinTxInterval":                    r.Int("MinTxInterval"),
		"Type":                             r.Str("Type"),
		"EnableIpv6":                       r.Bool("EnableIpv6"),
		"LocalIpv6GatewayIp":               r.Str("LocalIpv6GatewayIp"),
		"PeerIpv6GatewayIp":                r.Str("PeerIpv6GatewayIp"),
		"PeeringIpv6SubnetMask":            r.Str("PeeringIpv6SubnetMask"),
		"Bandwidth":                        r.Int("Bandwidth"),
		"ResourceGroupId":                  r.Str("ResourceGroupId"),
		"AssociatedPhysicalConnections":    api.M{"AssociatedPhysicalConnection": assoc},
		"AssociatedCens":                   api.M{"AssociatedCen": []any{}},
		"Tags":                             api.M{"Tags": tags.Objects(tags.Of(r))},
		"EccId":                            r.Str("EccId"),
		"SitelinkEnable":                   r.Bool("SitelinkEnable"),
		"CloudBoxInstanceId":               r.Str("CloudBoxInstanceId"),
		"EcrId":                            ecr.id,
		"EcrAttatchStatus":                 ecr.status,
		"EcrOwnerId":                       ecr.owner,
		"PConnVbrExpireTime":               "",
		"PConnVbrChargeType":               "",
	}
}

// ecrLink is the ECR a VBR is attached to as a child instance
// (AttachExpressConnectRouterChildInstance), as DescribeVirtualBorderRouters
// shows it: empty strings when it is attached to none.
type ecrLink struct{ id, status, owner string }

func ecrChild(s *store.Store, vbr *store.Resource) ecrLink {
	ci := s.Find(store.TypeECRChildInstance, func(c *store.Resource) bool { return c.Str("ChildInstanceId") == vbr.ID })
	if ci == nil {
		return ecrLink{}
	}
	return ecrLink{id: ci.Str("EcrId"), status: ci.Status, owner: ci.Str("EcrOwnerId")}
}

// tagObjects turns request tags into the stored list form (package tags
// reads and writes it).
func tagObjects(ts []api.Tag) []any {
	out := make([]any, 0, len(ts))
	for _, t := range ts {
		out = append(out, map[string]any{"Key": t.Key, "Value": t.Value})
	}
	return out
}
