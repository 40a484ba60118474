package cbn

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"strings"

	"github.com/ecmock/ecmock/internal/api"
	"github.com/ecmock/ecmock/internal/store"
)

// maxCidrs bounds TransitRouterCidrList (decided).
const maxCidrs = 5

func createTransitRouter(c *api.Call) (api.M, error) {
	p := c.Params
	region := regionParam(c)
	if !knownRegions[region] {
		return nil, api.Errf("IllegalParam.RegionId", "region %q is not known", region)
	}
	cidrs, err := parseCidrList(p.Get("TransitRouterCidrList"))
	if err != nil {
		return nil, err
	}
	cenID := p.Get("CenId")
	cen := getCen(c, cenID)
	if cen == nil {
		return nil, api.Errf("InvalidCenId.NotFound", "no CEN %s in the caller's account", cenID)
	}
	if cen.Str("ProtectionLevel") == protectionFull {
		return nil, api.Errf("OperationUnsupported.CenFullLevel", "CEN %s has ProtectionLevel FULL", cenID)
	}
	if cen.Status != statusActive {
		return nil, api.Errf("InvalidOperation.CenInstanceStatus", "CEN %s is %s", cenID, cen.Status)
	}
	inRegion := c.Store.ByAttr(store.TypeTransitRouter, "CenId", cenID, func(r *store.Resource) bool {
		return r.Region == region
	})
	if q := c.Quota("TransitRoutersPerCenRegion"); len(inRegion) >= q {
		return nil, api.Errf("QuotaExceeded.TransitRouter", "CEN %s has %d transit routers in %s (quota %d)", cenID, len(inRegion), region, q)
	}
	if c.DryRun() {
		return nil, api.Errf("DryRunOperation", "dry run of CreateTransitRouter passed")
	}
	tr := newTransitRouter(c, cen, region, api.M{
		"TransitRouterName":        p.Get("TransitRouterName"),
		"TransitRouterDescription": p.Get("TransitRouterDescription"),
		"ServiceMode":              p.Get("ServiceMode"),
		"SupportMulticast":         p.Bool("SupportMulticast"),
		"TransitRouterCidrList":    cidrs,
		"Tags":                     storedTags(p.Tags("Tag")),
	})
	return api.M{"TransitRouterId": tr.ID}, nil
}

// newTransitRouter creates an Enterprise Edition transit router (Creating) of
// the caller in a CEN and region; attrs add the request's fields.
func newTransitRouter(c *api.Call, cen *store.Resource, region string, attrs api.M) *store.Resource {
	base := api.M{
		"CenId":                    cen.ID,
		"Type":                     editionEnterprise,
		"TransitRouterName":        "",
		"TransitRouterDescription": "",
		"ServiceMode":              "",
		"SupportMulticast":         false,
		"TransitRouterCidrList":    []any{},
		"Tags":                     []any{},
	}
	for k, v := range attrs {
		base[k] = v
	}
	tr := c.Store.Add(&store.Resource{
		ID: c.Store.NewID("tr"), Type: store.TypeTransitRouter, Owner: c.Account.UID, Region: region,
		Status: statusCreating, CreatedBy: c.Action.Name, Attrs: base,
	})
	tr.Set("TransitRouterId", tr.ID)
	return tr
}

// systemRouteTableID is the ID of a transit router's system route table: the
// only route table ecmock knows of (IllegalParam.AssociateRouteTableId).
func systemRouteTableID(tr *store.Resource) string {
	if s := tr.Str("SystemRouteTableId"); s != "" {
		return s
	}
	return "vtb-" + strings.TrimPrefix(tr.ID, "tr-")
}

// parseCidrList reads TransitRouterCidrList, a JSON array the SDK sends as one
// parameter.
func parseCidrList(raw string) ([]any, error) {
	out := []any{}
	if strings.TrimSpace(raw) == "" {
		return out, nil
	}
	var items []map[string]any
	if err := json.Unmarshal([]byte(raw), &items); err != nil {
		return nil, invalid("TransitRouterCidrList", "not a JSON array of objects: %v", err)
	}
	if len(items) > maxCidrs {
		return nil, invalid("TransitRouterCidrList", "%d CIDR blocks, at most %d", len(items), maxCidrs)
	}
	for i, it := range items {
		cidr := fmt.Sprint(it["Cidr"])
		pfx, err := netip.ParsePrefix(cidr)
		if err != nil || !pfx.Addr().Is4() || pfx.Bits() < 16 || pfx.Bits() > 24 {
			return nil, invalid("TransitRouterCidrList", "entry %d: Cidr %q is not an IPv4 block of /16 to /24", i+1, cidr)
		}
		publish := true
		switch v := it["PublishCidrRoute"].(type) {
		case bool:
			publish = v
		case string:
			publish = !strings.EqualFold(v, "false")
		}
		out = append(out, map[string]any{
			"Cidr": pfx.Masked().String(), "Name": str(it["Name"]), "Description": str(it["Description"]),
			"PublishCidrRoute": publish, "TransitRouterCidrId": fmt.Sprintf("cidr-%d", i+1),
		})
	}
	return out, nil
}

func listTransitRouters(c *api.Call) (api.M, error) {
	p := c.Params
	region := regionParam(c)
	ids := setOf(p.List("TransitRouterIds")...)
	tags := p.Tags("Tag")
	eq := func(param, got string) bool { v := p.Get(param); return v == "" || v == got }
	matched := c.Store.ListOwned(store.TypeTransitRouter, c.Account.UID, region, func(r *store.Resource) bool {
		return r.Owner == c.Account.UID &&
			(region == "" || r.Region == region) &&
			eq("CenId", r.Str("CenId")) &&
			eq("TransitRouterId", r.ID) &&
			(len(ids) == 0 || ids[r.ID]) &&
			eq("TransitRouterName", r.Str("TransitRouterName")) &&
			eq("Type", r.Str("Type")) &&
			eq("Status", r.Status) &&
			hasTags(r, tags)
	})
	pg := api.Paginate(p, matched)
	items := c.Show(pg.Items, transitRouterView)
	return api.M{
		"TransitRouters": items,
		"TotalCount":     pg.TotalCount,
		"PageNumber":     pg.PageNumber,
		"PageSize":       pg.PageSize,
	}, nil
}

// transitRouterView renders a transit router as ListTransitRouters shows it.
func transitRouterView(r *store.Resource) api.M {
	cidrs, _ := r.Attrs["TransitRouterCidrList"].([]any)
	if cidrs == nil {
		cidrs = []any{}
	}
	return api.M{
		"TransitRouterId":          r.ID,
		"TransitRouterName":        r.Str("TransitRouterName"),
		"TransitRouterDescription": r.Str("TransitRouterDescription"),
		"Type":                     r.Str("Type"),
		"Status":                   r.Status,
		"CenId":                    r.Str("CenId"),
		"AliUid":                   uid(r.Owner),
		"RegionId":                 r.Region,
		"CreationTime":             creationTime(r),
		"ServiceMode":              r.Str("ServiceMode"),
		"SupportMulticast":         r.Bool("SupportMulticast"),
		"TransitRouterCidrList":    cidrs,
		"Tags":                     tagsOf(r),
		// Zones are not modelled: no primary/standby zone pairs.
		"TransitRouterPrimaryStandbyZoneInfoList": []any{},
	}
}

func deleteTransitRouter(c *api.Call) (api.M, error) {
	id := c.Params.Get("TransitRouterId")
	tr := getTransitRouter(c, id, regionParam(c))
	if tr == nil {
		return nil, api.Errf("InvalidTransitRouterId.NotFound", "no transit router %s in the caller's account and region", id)
	}
	if tr.Str("Type") != editionEnterprise {
		return nil, api.Errf("OperationUnsupported.TransitRouterType", "transit router %s is a %s Edition router", id, tr.Str("Type"))
	}
	if tr.Status != statusActive {
		return nil, api.Errf("IncorrectStatus.TransitRouter", "transit router %s is %s", id, tr.Status)
	}
	if n := len(attachmentsOf(c, id)); n > 0 {
		return nil, api.Errf("OperationFailed.DeleteTransitRouterWithAttachment", "transit router %s still has %d ECR attachments", id, n)
	}
	if c.DryRun() {
		return nil, api.Errf("DryRunOperation", "dry run of DeleteTransitRouter passed")
	}
	c.Store.SetStatus(tr, statusDeleting, true)
	return api.M{}, nil
}
