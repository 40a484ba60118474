package cbn

import (
	"github.com/ecmock/ecmock/internal/api"
	"github.com/ecmock/ecmock/internal/store"
)

func createCen(c *api.Call) (api.M, error) {
	p := c.Params
	level := p.Get("ProtectionLevel")
	if level == "" {
		level = protectionReduced
	}
	ipv6 := p.Get("Ipv6Level")
	if ipv6 == "" {
		ipv6 = "DISABLED"
	}
	r := c.New(store.TypeCEN, "cen", statusCreating, api.M{
		"Name":            p.Get("Name"),
		"Description":     p.Get("Description"),
		"ProtectionLevel": level,
		"Ipv6Level":       ipv6,
		"ResourceGroupId": p.Get("ResourceGroupId"),
		"Tags":            storedTags(p.Tags("Tag")),
	})
	r.Set("CenId", r.ID)
	return api.M{"CenId": r.ID}, nil
}

var cenFilterKeys = api.FilterKeys{
	"CenId": func(r *store.Resource) string { return r.ID },
	"Name":  func(r *store.Resource) string { return r.Str("Name") },
}

func describeCens(c *api.Call) (api.M, error) {
	rg := c.Params.Get("ResourceGroupId")
	tags := c.Params.Tags("Tag")
	all := c.Store.ListOwned(store.TypeCEN, c.Account.UID, "", func(r *store.Resource) bool {
		return r.Owner == c.Account.UID && (rg == "" || r.Str("ResourceGroupId") == rg) && hasTags(r, tags)
	})
	matched, err := api.MatchFilters(c.Params.Filters(), cenFilterKeys, all)
	if err != nil {
		return nil, err
	}
	pg := api.Paginate(c.Params, matched)
	items := c.Show(pg.Items, cenView)
	return api.M{
		"Cens":       api.M{"Cen": items},
		"TotalCount": pg.TotalCount,
		"PageNumber": pg.PageNumber,
		"PageSize":   pg.PageSize,
	}, nil
}

// cenView renders a CEN as DescribeCens shows it.
func cenView(r *store.Resource) api.M {
	return api.M{
		"CenId":                  r.ID,
		"Name":                   r.Str("Name"),
		"Description":            r.Str("Description"),
		"Status":                 r.Status,
		"ProtectionLevel":        r.Str("ProtectionLevel"),
		"Ipv6Level":              r.Str("Ipv6Level"),
		"ResourceGroupId":        r.Str("ResourceGroupId"),
		"CreationTime":           creationTime(r),
		"CenBandwidthPackageIds": api.M{"CenBandwidthPackageId": []any{}},
		"Tags":                   api.M{"Tag": tagsOf(r)},
	}
}

func deleteCen(c *api.Call) (api.M, error) {
	id := c.Params.Get("CenId")
	cen := getCen(c, id)
	if cen == nil {
		return nil, api.Errf("InvalidCenId.NotFound", "no CEN %s in the caller's account", id)
	}
	if cen.Status != statusActive {
		return nil, api.Errf("InvalidOperation.CenInstanceStatus", "CEN %s is %s", id, cen.Status)
	}
	if n := len(c.Store.ByAttr(store.TypeTransitRouter, "CenId", id, nil)); n > 0 {
		return nil, api.Errf("OperationFailed.DeleteCenWithTransitRouter", "CEN %s still has %d transit routers", id, n)
	}
	c.Store.SetStatus(cen, statusDeleting, true)
	return api.M{}, nil
}
