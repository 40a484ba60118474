package vbr

import (
	"github.com/ecmock/ecmock/internal/api"
	"github.com/ecmock/ecmock/internal/store"
)

// registerPconn adds the actions on a VBR's further physical connections
// and its resource group.
func registerPconn(r *api.Registry) {
	r.Handle(Product, "AssociatePhysicalConnectionToVirtualBorderRouter", associatePC)
	r.Handle(Product, "UnassociatePhysicalConnectionFromVirtualBorderRouter", unassociatePC)
	r.Handle(Product, "ChangeResourceGroup", changeResourceGroup)
}

// pconnDetails reads the per-connection details of a VBR's associations
// (attribute PconnAssociations: physical connection ID → fields).
func pconnDetails(r *store.Resource) map[string]map[string]any {
	out := map[string]map[string]any{}
	if m, ok := r.Attrs["PconnAssociations"].(map[string]any); ok {
		for k, v := range m {
			if d, ok := v.(map[string]any); ok {
				out[k] = d
			}
		}
	}
	return out
}

func associatePC(c *api.Call) (api.M, error) {
	p := c.Params
	r, ro := findVBR(c)
	if r == nil || !ro.vbrOwner {
		return nil, notFound(c)
	}
	pcID := p.Get("PhysicalConnectionId")
	pc := c.Store.GetType(pcID, store.TypePhysicalConnection)
	if pc == nil || pc.Region != c.Region || pc.Owner != c.Account.UID {
		return nil, api.Errf("InvalidPhysicalConnectionId.NotFound", "the caller has no physical connection %s in %s", pcID, c.Region)
	}
	if pc.Status != "Enabled" {
		return nil, api.Errf("InvalidPhysicalConnectionId.NotEnabled", "physical connection %s is %s", pcID, pc.Status)
	}
	ids := listItems(r.Attrs["AssociatedPhysicalConnections"])
	if pcID == r.Str("PhysicalConnectionId") || contains(ids, pcID) {
		return nil, api.Errf("InvalidPhysicalConnectionId.AlreadyAssociated", "physical connection %s already carries VBR %s", pcID, r.ID)
	}
	local, peer, mask := p.Get("LocalGatewayIp"), p.Get("PeerGatewayIp"), p.Get("PeeringSubnetMask")
	if local != "" && peer != "" && mask != "" {
		if code, why := gatewayProblem(local, peer, mask); code != "" {
			return nil, &api.Error{Code: code, Args: []string{"PeerGatewayIp"}, Reason: why}
		}
	}
	vlan := p.Int("VlanId", 0)
	if by := vlanHolder(c.Store, pcID, vlan, c.Now, ""); by != "" {
		return nil, api.Errf("InvalidVlanId.Used", "VLAN %d is held by %s", vlan, by)
	}
	if by := associatedVlanHolder(c.Store, pcID, vlan); by != "" {
		return nil, api.Errf("InvalidVlanId.Used", "VLAN %d of %s is held by VBR %s", vlan, pcID, by)
	}
	details := map[string]any{}
	for k, v := range pconnDetails(r) {
		details[k] = v
	}
	details[pcID] = map[string]any{
		"VlanId": vlan, "CircuitCode": p.Get("CircuitCode"), "LocalGatewayIp": local, "PeerGatewayIp": peer,
		"PeeringSubnetMask": mask, "EnableIpv6": p.Bool("EnableIpv6"), "LocalIpv6GatewayIp": p.Get("LocalIpv6GatewayIp"),
		"PeerIpv6GatewayIp": p.Get("PeerIpv6GatewayIp"), "PeeringIpv6SubnetMask": p.Get("PeeringIpv6SubnetMask"),
		"VlanInterfaceId": c.Store.NewID("ri"),
	}
	list := make([]any, 0, len(ids)+1)
	for _, id := range ids {
		list = append(list, id)
	}
	r.Set("AssociatedPhysicalConnections", append(list, pcID))
	r.Set("PconnAssociations", details)
	return api.M{}, nil
}

// associatedVlanHolder returns the VBR that uses vlan on pcID through an
// association, or "".
func associatedVlanHolder(s *store.Store, pcID string, vlan int64) string {
	for _, v := range s.List(store.TypeVBR, nil) {
		if d, ok := pconnDetails(v)[pcID]; ok && int64Of(d["VlanId"]) == vlan {
			return v.ID
		}
	}
	return ""
}

func unassociatePC(c *api.Call) (api.M, error) {
	p := c.Params
	r, ro := findVBR(c)
	if r == nil || !ro.vbrOwner {
		return nil, notFound(c)
	}
	pcID := p.Get("PhysicalConnectionId")
	ids := listItems(r.Attrs["AssociatedPhysicalConnections"])
	if !contains(ids, pcID) {
		return nil, api.Errf("InvalidPhysicalConnectionId.NotFound", "physical connection %s is not associated with VBR %s", pcID, r.ID)
	}
	list := []any{}
	for _, id := range ids {
		if id != pcID {
			list = append(list, id)
		}
	}
	details := map[string]any{}
	for k, v := range pconnDetails(r) {
		if k != pcID {
			details[k] = v
		}
	}
	r.Set("AssociatedPhysicalConnections", list)
	r.Set("PconnAssociations", details)
	return api.M{}, nil
}

func changeResourceGroup(c *api.Call) (api.M, error) {
	p := c.Params
	id := p.Get("ResourceId")
	var r *store.Resource
	switch p.Get("ResourceType") {
	case "VIRTUALBORDERROUTER":
		if v := c.Store.GetType(id, store.TypeVBR); v != nil && v.Region == c.Region && v.Owner == c.Account.UID {
			r = v
		}
	case "PHYSICALCONNECTION":
		if v := c.Store.GetType(id, store.TypePhysicalConnection); v != nil && v.Region == c.Region && v.Owner == c.Account.UID {
			r = v
		}
	}
	if r == nil {
		return nil, api.Errf("ResourceNotFound", "the caller has no %s %s in %s", p.Get("ResourceType"), id, c.Region)
	}
	r.Set("ResourceGroupId", p.Get("NewResourceGroupId"))
	return api.M{}, nil
}

func contains(l []string, s string) bool {
	for _, v := range l {
		if v == s {
			return true
		}
	}
	return false
}

func int64Of(v any) int64 {
	switch n := v.(type) {
	case int64:
		return n
	case int:
		return int64(n)
	case float64:
		return int64(n)
	}
	return 0
}
