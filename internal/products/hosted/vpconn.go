package hosted

import (
	"sort"
	"strconv"
	"strings"

	"github.com/ecmock/ecmock/internal/api"
	"github.com/ecmock/ecmock/internal/store"
)

const (
	timeFormat = "2006-01-02T15:04:05Z"

	// ProductTypeHosted marks a PhysicalConnection resource as a hosted
	// connection (the store contract shared with package vpc).
	ProductTypeHosted = "VirtualPhysicalConnection"

	statusUnConfirmed = "UnConfirmed"
	statusDeleted     = "Deleted"

	// flagVpconnDenied is the account flag (credentials file `flags`) that
	// withholds the partner permission: OperationDenied.CreateVpconn.
	flagVpconnDenied = "vpconnDenied"

	vlanMin, vlanMax = 0, 2999
)

// specMbps converts a Spec value (50M, 1G, ...) to Mbit/s; 0 when malformed.
func specMbps(spec string) int64 {
	if len(spec) < 2 {
		return 0
	}
	n, err := strconv.ParseInt(spec[:len(spec)-1], 10, 64)
	if err != nil || n <= 0 {
		return 0
	}
	switch spec[len(spec)-1] {
	case 'M':
		return n
	case 'G':
		return n * 1000
	}
	return 0
}

// portCapacityMbps is the line rate of a physical connection's port type
// (decided: the bandwidth its hosted connections may share). Unknown or empty
// port types count as the default 1000Base-T.
func portCapacityMbps(portType string) int64 {
	switch {
	case strings.HasPrefix(portType, "100GBase"):
		return 100000
	case strings.HasPrefix(portType, "40GBase"):
		return 40000
	case strings.HasPrefix(portType, "10GBase"):
		return 10000
	case strings.HasPrefix(portType, "100Base"):
		return 100
	}
	return 1000
}

// isHosted reports whether a physical connection is a hosted connection.
func isHosted(r *store.Resource) bool { return r.Str("ProductType") == ProductTypeHosted }

// isLiveHosted reports whether a hosted connection still holds its VLAN and
// bandwidth on the parent circuit.
func isLiveHosted(r *store.Resource) bool {
	if !isHosted(r) || r.Str("VirtualPhysicalConnectionStatus") == statusDeleted {
		return false
	}
	switch r.Status {
	case "Terminated", "Canceled", "Deleted":
		return false
	}
	return true
}

// vlanOf returns a resource's VlanId attribute; ok is false when it has none.
func vlanOf(r *store.Resource) (int64, bool) {
	v, present := r.Attrs["VlanId"]
	if !present || v == nil {
		return 0, false
	}
	s := strings.TrimSpace(r.Str("VlanId"))
	if s == "" {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, false
	}
	return n, true
}

// hostedOn lists the live hosted connections of a circuit except one ID.
func hostedOn(s *store.Store, parentID, except string) []*store.Resource {
	return s.ByAttr(store.TypePhysicalConnection, "ParentPhysicalConnectionId", parentID, func(r *store.Resource) bool {
		return r.ID != except && isLiveHosted(r)
	})
}

// checkVlan applies the VLAN rules of a circuit (see the catalogue notes):
// VLAN 0 takes the whole port; 1-2999 must be unused by the circuit's VBRs
// (in any status: terminated ones keep their VLAN) and hosted connections.
func checkVlan(s *store.Store, parentID string, vlan int64, except string) error {
	vbrs := s.ByAttr(store.TypeVBR, "PhysicalConnectionId", parentID, nil)
	hosted := hostedOn(s, parentID, except)
	if vlan == 0 {
		if len(vbrs) > 0 {
			return api.Errf("OperationFailed.VbrBindedPconn", "VLAN 0 asked on %s, which has VBR %s", parentID, vbrs[0].ID)
		}
		if len(hosted) > 0 {
			return api.Errf("OperationFailed.VPconnCreated", "VLAN 0 asked on %s, which carries hosted connection %s", parentID, hosted[0].ID)
		}
		return nil
	}
	users := append(append([]*store.Resource{}, vbrs...), hosted...)
	for _, r := range users {
		if v, ok := vlanOf(r); ok && v == 0 {
			return api.Errf("OperationFailed.PconnAllocateVlan0", "%s uses VLAN 0 of %s", r.ID, parentID)
		}
	}
	for _, r := range users {
		if v, ok := vlanOf(r); ok && v == vlan {
			return api.Errf("VLAN_ID_HAS_BEEN_USED_IN_PHYSICAL_CONNECTION", "VLAN %d of %s is used by %s", vlan, parentID, r.ID)
		}
	}
	return nil
}

// checkBandwidth reports ResourceNotEnough.Bandwidth when the circuit's live
// hosted connections (except one) plus want exceed its port's line rate.
func checkBandwidth(s *store.Store, parent *store.Resource, parentID string, want int64, except string) error {
	capacity := int64(1000)
	if parent != nil {
		capacity = portCapacityMbps(parent.Str("PortType"))
	}
	used := int64(0)
	for _, r := range hostedOn(s, parentID, except) {
		used += specMbps(r.Str("Spec"))
	}
	if used+want > capacity {
		return api.Errf("ResourceNotEnough.Bandwidth", "%s has %d of %d Mbit/s in use; %d more asked", parentID, used, capacity, want)
	}
	return nil
}

// checkSpecEntitlement reports IllegalParam.Bandwidth for a Spec above the
// account's VpconnMaxSpecMbps quota (2G-10G are unavailable by default).
func checkSpecEntitlement(c *api.Call, spec string) error {
	if max := int64(c.Quota("VpconnMaxSpecMbps")); specMbps(spec) > max {
		return &api.Error{Code: "IllegalParam.Bandwidth", Args: []string{spec},
			Reason: "Spec " + spec + " is above the account's VpconnMaxSpecMbps quota (" + strconv.FormatInt(max, 10) + " Mbit/s)"}
	}
	return nil
}

// checkVlanRange reports IllegalParam.VlanId outside 0-2999.
func checkVlanRange(vlan int64) error {
	if vlan < vlanMin || vlan > vlanMax {
		return api.Errf("IllegalParam.VlanId", "VlanId %d is outside %d-%d", vlan, vlanMin, vlanMax)
	}
	return nil
}

// isPartner reports whether an account owns a circuit carrying hosted
// connections.
func isPartner(s *store.Store, uid string) bool {
	return s.Find(store.TypePhysicalConnection, func(r *store.Resource) bool {
		return isLiveHosted(r) && r.Str("ParentOwner") == uid
	}) != nil
}

// tagsAttr stores tags in the shape DescribePhysicalConnections shows them
// (Tags.tags[].Key/Value), so package vpc can render the attribute as is.
func tagsAttr(tags []api.Tag) map[string]any {
	list := make([]any, 0, len(tags))
	for _, t := range tags {
		list = append(list, map[string]any{"Key": t.Key, "Value": t.Value})
	}
	return map[string]any{"tags": list}
}

// tagsOf reads the Tags attribute back as a list of Key/Value objects.
func tagsOf(r *store.Resource) []api.M {
	out := []api.M{}
	m, ok := r.Attrs["Tags"].(map[string]any)
	if !ok {
		return out
	}
	list, _ := m["tags"].([]any)
	for _, it := range list {
		if t, ok := it.(map[string]any); ok {
			out = append(out, api.M{"Key": strOf(t["Key"]), "Value": strOf(t["Value"])})
		}
	}
	return out
}

func strOf(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return ""
}

// parentCopied are the parent circuit's fields a hosted connection shows.
var parentCopied = []string{"AccessPointId", "AccessPointType", "LineOperator", "PeerLocation", "PortType",
	"PortNumber", "AdLocation", "AdDetailLocation", "CircuitCode", "Type"}

// checkTagValues applies the API reference's rule that a tag value "cannot start with
// aliyun or acs:": the catalogue's shared tag-value format refuses acs: only.
// A value at fault answers InvalidParameter naming Tag.N.Value (lowest N
// first), as the catalogue's other tag rules do.
func checkTagValues(p api.Params) error {
	var ns []int
	for k, v := range p {
		if rest, ok := strings.CutPrefix(k, "Tag."); ok && strings.HasPrefix(v, "aliyun") {
			if n, ok := strings.CutSuffix(rest, ".Value"); ok {
				if i, err := strconv.Atoi(n); err == nil && i >= 1 {
					ns = append(ns, i)
				}
			}
		}
	}
	if len(ns) == 0 {
		return nil
	}
	sort.Ints(ns)
	name := "Tag." + strconv.Itoa(ns[0]) + ".Value"
	return &api.Error{Code: "InvalidParameter", Args: []string{name}, Reason: name + " starts with aliyun"}
}

func createVirtualPhysicalConnection(c *api.Call) (api.M, error) {
	p := c.Params
	if err := checkTagValues(p); err != nil {
		return nil, err
	}
	vlan := p.Int("VlanId", -1)
	if err := checkVlanRange(vlan); err != nil {
		return nil, err
	}
	spec := p.Get("Spec")
	if err := checkSpecEntitlement(c, spec); err != nil {
		return nil, err
	}
	if c.Account.Flags[flagVpconnDenied] {
		return nil, api.Errf("OperationDenied.CreateVpconn", "account %s has the flag %s", c.Account.UID, flagVpconnDenied)
	}

	tenantUID := p.Get("VpconnAliUid")
	if _, ok := c.Accounts.ByUID(tenantUID); !ok {
		return nil, api.Errf("IllegalParam.VpconnAliUid", "no account has UID %s", tenantUID)
	}
	if tenantUID == c.Account.UID {
		return nil, api.Errf("Forbidden.VpconnAliUid", "the tenant %s is the caller", tenantUID)
	}
	if isPartner(c.Store, tenantUID) {
		return nil, api.Errf("Forbidden.VpconnAliUid", "the tenant %s is a partner account", tenantUID)
	}

	parentID := p.Get("PhysicalConnectionId")
	parent := c.Store.GetType(parentID, store.TypePhysicalConnection)
	if parent == nil || parent.Region != c.Region {
		return nil, api.Errf("InvalidPhysicalConnectionId.NotFound", "no physical connection %s in %s", parentID, c.Region)
	}
	if parent.Owner != c.Account.UID || isHosted(parent) {
		return nil, &api.Error{Code: "ResourceNotFound.PhysicalConnectionId", Args: []string{parentID},
			Reason: "not a circuit of the caller (owner " + parent.Owner + ", product type " + parent.Str("ProductType") + ")"}
	}
	if parent.Status != "Enabled" {
		return nil, api.Errf("InvalidPhysicalConnectionId.NotEnabled", "%s is %s", parentID, parent.Status)
	}
	if q := parent.Str("QosId"); q != "" {
		return nil, api.Errf("EcAssociatedQoSPconnNotAllowCreateVpconn", "%s is associated with QoS policy %s", parentID, q)
	}
	if err := checkVlan(c.Store, parentID, vlan, ""); err != nil {
		return nil, err
	}
	if n, q := len(hostedOn(c.Store, parentID, "")), c.Quota("VpconnCountPerPconn"); n >= q {
		return nil, api.Errf("QuotaExceeded.VPCONN", "%s carries %d hosted connections (quota %d)", parentID, n, q)
	}
	if err := checkBandwidth(c.Store, parent, parentID, specMbps(spec), ""); err != nil {
		return nil, err
	}
	if c.DryRun() {
		return nil, api.Errf(c.Action.DryRun, "dry run passed")
	}

	attrs := map[string]any{
		"ProductType":                     ProductTypeHosted,
		"ParentPhysicalConnectionId":      parentID,
		"VirtualPhysicalConnectionStatus": statusUnConfirmed,
		"VlanId":                          strconv.FormatInt(vlan, 10),
		"AliUid":                          tenantUID,
		"ParentOwner":                     c.Account.UID,
		"ParentPhysicalConnectionAliUid":  c.Account.UID,
		"Spec":                            spec,
		"ExpectSpec":                      "",
		"Bandwidth":                       specMbps(spec),
		"OrderMode":                       p.Get("OrderMode"),
		"Name":                            p.Get("Name"),
		"Description":                     p.Get("Description"),
		"ResourceGroupId":                 p.Get("ResourceGroupId"),
		"VpconnUidResourceGroupId":        p.Get("VpconnUidResourceGroupId"),
		"Tags":                            tagsAttr(p.Tags("Tag")),
		"BusinessStatus":                  "Normal",
		"ChargeType":                      "Prepaid",
		"CreationTime":                    c.Now.UTC().Format(timeFormat),
		"EnabledTime":                     "",
		"EndTime":                         "",
		"LoaStatus":                       "",
		"RedundantPhysicalConnectionId":   "",
	}
	for _, k := range parentCopied {
		attrs[k] = parent.Str(k)
	}
	r := c.Store.Add(&store.Resource{
		ID: c.Store.NewID("pc"), Type: store.TypePhysicalConnection, Owner: tenantUID, Region: c.Region,
		Status: "Confirmed", CreatedBy: c.Action.Name, Attrs: attrs,
	})
	r.Set("PhysicalConnectionId", r.ID)
	return api.M{"VirtualPhysicalConnection": r.ID}, nil
}

// partnerHosted lists the hosted connections whose circuit the caller owns,
// in the request's region.
func partnerHosted(c *api.Call, keep func(*store.Resource) bool) []*store.Resource {
	return c.Store.List(store.TypePhysicalConnection, func(r *store.Resource) bool {
		return isHosted(r) && r.Str("ParentOwner") == c.Account.UID && r.Region == c.Region && (keep == nil || keep(r))
	})
}

func oneOf(list []string, v string) bool {
	if len(list) == 0 {
		return true
	}
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}

func hasTags(r *store.Resource, want []api.Tag) bool {
	have := tagsOf(r)
	for _, w := range want {
		found := false
		for _, h := range have {
			if h["Key"] == w.Key && (w.Value == "" || h["Value"] == w.Value) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func listVirtualPhysicalConnections(c *api.Call) (api.M, error) {
	p := c.Params
	ids := p.List("VirtualPhysicalConnectionIds")
	statuses := p.List("VirtualPhysicalConnectionStatuses")
	uids := p.List("VirtualPhysicalConnectionAliUids")
	vlans := p.List("VlanIds")
	tags := p.Tags("Tags")
	matched := partnerHosted(c, func(r *store.Resource) bool {
		vlan := r.Str("VlanId")
		switch {
		case !oneOf(ids, r.ID), !oneOf(statuses, r.Str("VirtualPhysicalConnectionStatus")),
			!oneOf(uids, r.Str("AliUid")), !oneOf(vlans, vlan):
			return false
		case p.Get("PhysicalConnectionId") != "" && r.Str("ParentPhysicalConnectionId") != p.Get("PhysicalConnectionId"):
			return false
		case p.Get("VirtualPhysicalConnectionBusinessStatus") != "" && r.Str("BusinessStatus") != p.Get("VirtualPhysicalConnectionBusinessStatus"):
			return false
		case p.Get("IsConfirmed") != "" && (r.Str("VirtualPhysicalConnectionStatus") == "Confirmed") != p.Bool("IsConfirmed"):
			return false
		case p.Get("Name") != "" && r.Str("Name") != p.Get("Name"):
			return false
		case p.Get("ResourceGroupId") != "" && r.Str("ResourceGroupId") != p.Get("ResourceGroupId"):
			return false
		}
		return hasTags(r, tags)
	})
	pg, err := api.PaginateToken(p, matched, 20, 100, "IllegalParam.NextToken")
	if err != nil {
		return nil, err
	}
	items := c.Show(pg.Items, vpconnView)
	return api.M{
		"VirtualPhysicalConnections": items,
		"NextToken":                  pg.NextToken,
		"TotalCount":                 pg.TotalCount,
		"Count":                      len(items),
	}, nil
}

// vpconnFields are the string fields of the SDK's VirtualPhysicalConnection.
var vpconnFields = []string{"Type", "CreationTime", "AdLocation", "PortNumber", "Spec", "ChargeType",
	"Description", "EnabledTime", "LineOperator", "PeerLocation", "RedundantPhysicalConnectionId", "Name",
	"CircuitCode", "EndTime", "PortType", "BusinessStatus", "LoaStatus", "AccessPointId", "ProductType",
	"ParentPhysicalConnectionId", "VirtualPhysicalConnectionStatus", "ParentPhysicalConnectionAliUid",
	"OrderMode", "AliUid", "VlanId", "ExpectSpec", "ResourceGroupId"}

// vpconnView renders a hosted connection as ListVirtualPhysicalConnections
// shows it (the SDK's VirtualPhysicalConnection).
func vpconnView(r *store.Resource) api.M {
	out := make(api.M, len(vpconnFields)+5)
	for _, k := range vpconnFields {
		out[k] = r.Str(k)
	}
	out["PhysicalConnectionId"] = r.ID
	out["Status"] = r.Status
	out["Bandwidth"] = r.Int("Bandwidth")
	out["Tags"] = tagsOf(r)
	return out
}

func updateVirtualPhysicalConnection(c *api.Call) (api.M, error) {
	p := c.Params
	vlan := p.Int("VlanId", -1)
	if err := checkVlanRange(vlan); err != nil {
		return nil, err
	}
	expect := p.Get("ExpectSpec")
	if expect != "" {
		if err := checkSpecEntitlement(c, expect); err != nil {
			return nil, err
		}
	}
	id := p.Get("InstanceId")
	r := c.Store.GetType(id, store.TypePhysicalConnection)
	if r == nil || !isHosted(r) || r.Str("ParentOwner") != c.Account.UID || r.Region != c.Region ||
		r.Str("VirtualPhysicalConnectionStatus") == statusDeleted {
		return nil, &api.Error{Code: "ResourceNotFound.InstanceId", Args: []string{id}, Reason: "no hosted connection " + id + " of the caller's circuits in " + c.Region}
	}
	parentID := r.Str("ParentPhysicalConnectionId")
	if err := checkVlan(c.Store, parentID, vlan, r.ID); err != nil {
		return nil, err
	}
	if expect != "" {
		parent := c.Store.GetType(parentID, store.TypePhysicalConnection)
		if err := checkBandwidth(c.Store, parent, parentID, specMbps(expect), r.ID); err != nil {
			return nil, err
		}
	}
	if c.DryRun() {
		return api.M{}, nil
	}
	r.Set("VlanId", strconv.FormatInt(vlan, 10))
	if expect != "" {
		r.Set("ExpectSpec", expect)
	}
	return api.M{"Success": "true"}, nil
}
