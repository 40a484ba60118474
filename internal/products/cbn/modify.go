package cbn

import (
	"github.com/ecmock/ecmock/internal/api"
	"github.com/ecmock/ecmock/internal/store"
)

// registerModify adds the actions that change CENs and transit routers in
// place (rename, describe, move to another resource group).
func registerModify(r *api.Registry) {
	r.Handle(Product, "ModifyCenAttribute", modifyCenAttribute)
	r.Handle(Product, "UpdateTransitRouter", updateTransitRouter)
	r.Handle(Product, "MoveResourceGroup", moveResourceGroup)
}

func modifyCenAttribute(c *api.Call) (api.M, error) {
	p := c.Params
	id := p.Get("CenId")
	cen := getCen(c, id)
	if cen == nil {
		return nil, api.Errf("InvalidCenId.NotFound", "no CEN %s in the caller's account", id)
	}
	if cen.Status != statusActive {
		return nil, api.Errf("InvalidOperation.CenInstanceStatus", "CEN %s is %s", id, cen.Status)
	}
	for _, k := range []string{"Name", "Description", "ProtectionLevel", "Ipv6Level"} {
		if p.Has(k) {
			cen.Set(k, p.Get(k))
		}
	}
	return api.M{}, nil
}

func updateTransitRouter(c *api.Call) (api.M, error) {
	p := c.Params
	id := p.Get("TransitRouterId")
	tr := getTransitRouter(c, id, regionParam(c))
	if tr == nil {
		return nil, api.Errf("InvalidTransitRouterId.NotFound", "no transit router %s in the caller's account and region", id)
	}
	if tr.Status != statusActive {
		return nil, api.Errf("IncorrectStatus.TransitRouter", "transit router %s is %s", id, tr.Status)
	}
	if c.DryRun() {
		return nil, api.Errf("DryRunOperation", "dry run of UpdateTransitRouter passed")
	}
	for _, k := range []string{"TransitRouterName", "TransitRouterDescription"} {
		if p.Has(k) {
			tr.Set(k, p.Get(k))
		}
	}
	if p.Has("SupportMulticast") {
		tr.Set("SupportMulticast", p.Bool("SupportMulticast"))
	}
	return api.M{}, nil
}

func moveResourceGroup(c *api.Call) (api.M, error) {
	p := c.Params
	id := p.Get("ResourceId")
	var r *store.Resource
	switch p.Get("ResourceType") {
	case "cen":
		r = getCen(c, id)
	}
	if r == nil {
		return nil, api.Errf("InvalidCenId.NotFound", "no %s %s in the caller's account", p.Get("ResourceType"), id)
	}
	if c.DryRun() {
		return nil, api.Errf("DryRunOperation", "dry run of MoveResourceGroup passed")
	}
	r.Set("ResourceGroupId", p.Get("NewResourceGroupId"))
	return api.M{}, nil
}
