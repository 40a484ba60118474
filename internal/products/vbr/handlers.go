package vbr

import (
	"strconv"
	"strings"

	"github.com/ecmock/ecmock/internal/accounts"
	"github.com/ecmock/ecmock/internal/api"
	"github.com/ecmock/ecmock/internal/store"
)

// ownerFields are the fields only the VBR owner may set, in the order of the
// API reference's error tables; pcOwnerFields those only the physical-connection owner
// may set.
var (
	ownerFields   = []string{"LocalGatewayIp", "PeerGatewayIp", "PeeringSubnetMask", "Name", "Description"}
	pcOwnerFields = []string{"CircuitCode", "VlanId"}
)

func forbidden(field string) *api.Error {
	return api.Errf("Forbidden."+field+"NotAllowedByCaller", "only the %s may set %s", roleOf(field), field)
}

func roleOf(field string) string {
	for _, f := range pcOwnerFields {
		if f == field {
			return "physical connection owner"
		}
	}
	return "VBR owner"
}

// intlSite reports whether an account is on the international site (flag
// "international"); CROSS_BID.FORBIDDEN separates the two sites.
func intlSite(a *accounts.Account) bool { return a != nil && a.Flags["international"] }

func createVBR(c *api.Call) (api.M, error) {
	p := c.Params
	ownerUID := c.Account.UID
	if p.Get("VbrOwnerId") != "" {
		ownerUID = strconv.FormatInt(p.Int("VbrOwnerId", 0), 10)
	}
	own := ownerUID == c.Account.UID
	if own {
		for _, k := range []string{"LocalGatewayIp", "PeerGatewayIp", "PeeringSubnetMask"} {
			if p.Get(k) == "" {
				return nil, &api.Error{Code: "MissingParameter", Args: []string{k}, Reason: k + " is required for a VBR of the physical connection owner"}
			}
		}
		if code, why := gatewayProblem(p.Get("LocalGatewayIp"), p.Get("PeerGatewayIp"), p.Get("PeeringSubnetMask")); code != "" {
			return nil, &api.Error{Code: code, Args: []string{"PeerGatewayIp"}, Reason: why}
		}
	}
	pcID := p.Get("PhysicalConnectionId")
	pc := c.Store.GetType(pcID, store.TypePhysicalConnection)
	if pc == nil || pc.Region != c.Region || pc.Owner != c.Account.UID {
		return nil, api.Errf("InvalidPhysicalConnectionId.NotFound", "the caller has no physical connection %s in %s", pcID, c.Region)
	}
	var owner *accounts.Account
	if !own {
		a, ok := c.Accounts.ByUID(ownerUID)
		if !ok {
			return nil, api.Errf("InvalidVbrOwnerId.NotFound", "no account %s", ownerUID)
		}
		owner = a
		if intlSite(owner) != intlSite(c.Account) {
			return nil, api.Errf("CROSS_BID.FORBIDDEN", "account %s is on the other site", ownerUID)
		}
		for _, k := range ownerFields {
			if p.Get(k) != "" {
				return nil, forbidden(k)
			}
		}
	}
	if pc.Status != "Enabled" {
		return nil, api.Errf("InvalidPhysicalConnectionId.NotEnabled", "physical connection %s is %s", pcID, pc.Status)
	}
	vlan := p.Int("VlanId", 0)
	if by := vlanHolder(c.Store, pcID, vlan, c.Now, ""); by != "" {
		return nil, api.Errf("InvalidVlanId.Used", "VLAN %d of %s is held by %s", vlan, pcID, by)
	}
	onPC := c.Store.ByAttr(store.TypeVBR, "PhysicalConnectionId", pcID, nil)
	if q := c.Quota("VbrsPerPhysicalConnection"); len(onPC) >= q {
		return nil, api.Errf("QuotaExceeded.vbrPerpConn", "%d VBRs on %s (quota %d)", len(onPC), pcID, q)
	}
	mine := c.Store.ByAttr(store.TypeVBR, "PhysicalConnectionOwnerUid", c.Account.UID, nil)
	if q := c.Quota("FreeVbrsPerAccount"); len(mine) >= q {
		return nil, api.Errf("QuotaExceeded.freevbr", "%d VBRs on the account's physical connections (quota %d)", len(mine), q)
	}

	now := c.Now.UTC().Format(timeFormat)
	status, activation := StatusActive, now
	if !own {
		status, activation = StatusUnconfirmed, ""
	}
	r := c.New(store.TypeVBR, "vbr", status, api.M{
		"PhysicalConnectionId":       pcID,
		"PhysicalConnectionOwnerUid": pc.Owner,
		"AccessPointId":              pc.Str("AccessPointId"),
		"VlanId":                     vlan,
		"CircuitCode":                p.Get("CircuitCode"),
		"LocalGatewayIp":             p.Get("LocalGatewayIp"),
		"PeerGatewayIp":              p.Get("PeerGatewayIp"),
		"PeeringSubnetMask":          p.Get("PeeringSubnetMask"),
		"Name":                       p.Get("Name"),
		"Description":                p.Get("Description"),
		"CreationTime":               now,
		"ActivationTime":             activation,
		"TerminationTime":            "",
		"RecoveryTime":               "",
		"DetectMultiplier":           defaultDetectMultiplier,
		"MinRxInterval":              defaultMinRxInterval,
		"MinTxInterval":              defaultMinTxInterval,
		"Type":                       "pconnVBR",
		"EnableIpv6":                 p.Bool("EnableIpv6"),
		"LocalIpv6GatewayIp":         p.Get("LocalIpv6GatewayIp"),
		"PeerIpv6GatewayIp":          p.Get("PeerIpv6GatewayIp"),
		"PeeringIpv6SubnetMask":      p.Get("PeeringIpv6SubnetMask"),
		"Bandwidth":                  p.Int("Bandwidth", 0),
		"ResourceGroupId":            p.Get("ResourceGroupId"),
		"Tags":                       tagObjects(p.Tags("Tags")),
		"VlanInterfaceCount":         1,
	})
	r.Owner = ownerUID
	r.Set("VbrId", r.ID)
	r.Set("RouteTableId", c.Store.NewID("vtb"))
	r.Set("VlanInterfaceId", c.Store.NewID("ri"))
	return api.M{"VbrId": r.ID}, nil
}

// roles says what the caller is to a VBR.
type roles struct{ vbrOwner, pcOwner bool }

// findVBR returns a VBR of the call's region that the caller may see (as VBR
// owner or physical-connection owner), or nil.
func findVBR(c *api.Call) (*store.Resource, roles) {
	r := c.Store.GetType(c.Params.Get("VbrId"), store.TypeVBR)
	if r == nil || r.Region != c.Region {
		return nil, roles{}
	}
	ro := roles{vbrOwner: r.Owner == c.Account.UID, pcOwner: r.Str("PhysicalConnectionOwnerUid") == c.Account.UID}
	if !ro.vbrOwner && !ro.pcOwner {
		return nil, roles{}
	}
	return r, ro
}

func notFound(c *api.Call) *api.Error {
	return api.Errf("InvalidVbrId.NotFound", "the caller has no VBR %s in %s", c.Params.Get("VbrId"), c.Region)
}

func modifyVBR(c *api.Call) (api.M, error) {
	p := c.Params
	r, ro := findVBR(c)
	if r == nil {
		return nil, notFound(c)
	}
	for _, k := range []string{"CircuitCode", "LocalGatewayIp", "PeerGatewayIp", "PeeringSubnetMask", "VlanId", "Name", "Description"} {
		if p.Get(k) == "" {
			continue
		}
		allowed := ro.vbrOwner
		if roleOf(k) != "VBR owner" {
			allowed = ro.pcOwner
		}
		if !allowed {
			return nil, forbidden(k)
		}
	}
	pick := func(k string) string {
		if v := p.Get(k); v != "" {
			return v
		}
		return r.Str(k)
	}
	local, peer, mask := pick("LocalGatewayIp"), pick("PeerGatewayIp"), pick("PeeringSubnetMask")
	if local != "" && peer != "" && mask != "" {
		if code, why := gatewayProblem(local, peer, mask); code != "" {
			return nil, &api.Error{Code: code, Args: []string{"PeerGatewayIp"}, Reason: why}
		}
	}
	if p.Get("VlanId") != "" {
		vlan := p.Int("VlanId", 0)
		if vlan != r.Int("VlanId") {
			if by := vlanHolder(c.Store, r.Str("PhysicalConnectionId"), vlan, c.Now, r.ID); by != "" {
				return nil, api.Errf("InvalidVlanId.Used", "VLAN %d is held by %s", vlan, by)
			}
		}
		r.Set("VlanId", vlan)
	}
	for _, k := range []string{"CircuitCode", "LocalGatewayIp", "PeerGatewayIp", "PeeringSubnetMask", "Name", "Description",
		"LocalIpv6GatewayIp", "PeerIpv6GatewayIp", "PeeringIpv6SubnetMask"} {
		if v := p.Get(k); v != "" {
			r.Set(k, v)
		}
	}
	for _, k := range []string{"DetectMultiplier", "MinRxInterval", "MinTxInterval", "Bandwidth"} {
		if p.Get(k) != "" {
			r.Set(k, p.Int(k, 0))
		}
	}
	if p.Get("EnableIpv6") != "" {
		r.Set("EnableIpv6", p.Bool("EnableIpv6"))
	}
	if r.Status == StatusUnconfirmed && local != "" && peer != "" && mask != "" {
		c.Store.SetStatus(r, StatusActive, false)
		r.Set("ActivationTime", c.Now.UTC().Format(timeFormat))
	}
	return api.M{}, nil
}

func terminateVBR(c *api.Call) (api.M, error) {
	r, ro := findVBR(c)
	if r == nil {
		return nil, notFound(c)
	}
	if r.Status != StatusActive {
		return nil, api.Errf("InvalidOperation.OperationNotAllowedInState", "VBR %s is %s; only an active VBR can be terminated", r.ID, r.Status)
	}
	if !ro.pcOwner {
		return nil, api.Errf("Forbidden.OperationNotAllowedByUser", "only the physical connection owner may terminate %s", r.ID)
	}
	c.Store.SetStatus(r, StatusTerminating, true)
	return api.M{}, nil
}

func recoverVBR(c *api.Call) (api.M, error) {
	r, ro := findVBR(c)
	if r == nil {
		return nil, notFound(c)
	}
	if r.Status != StatusTerminated {
		return nil, api.Errf("InvalidOperation.OperationNotAllowedInState", "VBR %s is %s; only a terminated VBR can be recovered", r.ID, r.Status)
	}
	pcID := r.Str("PhysicalConnectionId")
	if pc := c.Store.GetType(pcID, store.TypePhysicalConnection); pc == nil || pc.Status != "Enabled" {
		st := "gone"
		if pc != nil {
			st = pc.Status
		}
		return nil, api.Errf("InvalidOperation.OperationNotAllowedInState", "physical connection %s is %s, not Enabled", pcID, st)
	}
	if !ro.pcOwner {
		return nil, api.Errf("Forbidden.OperationNotAllowedByUser", "only the physical connection owner may recover %s", r.ID)
	}
	if by := vlanHolder(c.Store, pcID, r.Int("VlanId"), c.Now, r.ID); by != "" {
		return nil, api.Errf("OperationFailed.VlanIdAlreadyInUse", "VLAN %d of %s is now held by %s", r.Int("VlanId"), pcID, by)
	}
	c.Store.SetStatus(r, StatusRecovering, true)
	return api.M{}, nil
}

func deleteVBR(c *api.Call) (api.M, error) {
	r, ro := findVBR(c)
	if r == nil {
		return nil, notFound(c)
	}
	switch r.Status {
	case StatusUnconfirmed, StatusActive, StatusTerminated:
	default:
		return nil, api.Errf("InvalidOperation.OperationNotAllowedInState", "VBR %s is %s; only unconfirmed, active or terminated VBRs can be deleted", r.ID, r.Status)
	}
	if !ro.vbrOwner && r.Status != StatusUnconfirmed {
		return nil, api.Errf("Forbidden.OperationNotAllowedByUser", "VBR %s belongs to account %s and is %s; the physical connection owner may delete it only while unconfirmed", r.ID, r.Owner, r.Status)
	}
	if n := listLen(r.Attrs["AssociatedPhysicalConnections"]); n > 0 {
		return nil, api.Errf("InvalidStatus.NotAllowed", "VBR %s is associated with %d further physical connections", r.ID, n)
	}
	if n := listLen(r.Attrs["RouterInterfaceIds"]); n > 0 {
		return nil, api.Errf("InvalidOperation.RouterInterfaceNotDeleted", "VBR %s still has %d router interfaces", r.ID, n)
	}
	ris := int64(1)
	if _, ok := r.Attrs["VlanInterfaceCount"]; ok {
		ris = r.Int("VlanInterfaceCount")
	}
	switch {
	case ris < 1:
		return nil, api.Errf("Forbidden.NoRiFound", "VBR %s has no VLAN router interface", r.ID)
	case ris > 1:
		return nil, api.Errf("Forbidden.MultiVlanRi", "VBR %s has %d VLAN router interfaces", r.ID, ris)
	}
	reserveAfterDelete(c.Store, r)
	c.Store.SetStatus(r, StatusDeleting, true)
	return api.M{}, nil
}

// listLen counts the items of a list attribute.
func listLen(v any) int { return len(listItems(v)) }

// listItems returns a list attribute's items: []any (JSON or YAML state),
// []string, or a comma-separated string.
func listItems(v any) []string {
	var out []string
	switch l := v.(type) {
	case []any:
		for _, x := range l {
			if s, ok := x.(string); ok && s != "" {
				out = append(out, s)
			}
		}
	case []string:
		for _, s := range l {
			if s != "" {
				out = append(out, s)
			}
		}
	case string:
		for _, s := range strings.Split(l, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}
