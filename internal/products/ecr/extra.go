package ecr

import (
	"regexp"
	"sort"

	"github.com/ecmock/ecmock/internal/api"
	"github.com/ecmock/ecmock/internal/store"
)

// Statuses of child instances (VBRs attached to an ECR).
const (
	StatusAttaching = "ATTACHING"
	StatusDetaching = "DETACHING"
	StatusUpdating  = "UPDATING"
)

// Transit modes of an ECR region (ModifyExpressConnectRouterInterRegionTransitMode).
const (
	modeECMP   = "ECMP"
	modeNearBy = "NearBy"
)

// registerExtra adds the actions Terraform's ECR resources reach from their
// arguments: resource group, allowed prefixes, transit modes, route entries
// and VBR child instances.
func registerExtra(r *api.Registry) {
	r.Handle(Product, "MoveResourceGroup", moveResourceGroup)
	r.Handle(Product, "ModifyExpressConnectRouterAssociationAllowedPrefix", modifyAllowedPrefix)
	r.Handle(Product, "ModifyExpressConnectRouterInterRegionTransitMode", modifyTransitMode)
	r.Handle(Product, "EnableExpressConnectRouterRouteEntries", enableRouteEntries)
	r.Handle(Product, "DisableExpressConnectRouterRouteEntries", disableRouteEntries)
	r.Handle(Product, "DescribeDisabledExpressConnectRouterRouteEntries", describeDisabledRouteEntries)
	r.Handle(Product, "AttachExpressConnectRouterChildInstance", attachChild)
	r.Handle(Product, "DetachExpressConnectRouterChildInstance", detachChild)
	r.Handle(Product, "DescribeExpressConnectRouterChildInstance", describeChildren)
	r.Handle(Product, "ModifyExpressConnectRouterChildInstance", modifyChild)
	r.FixtureDefaults(store.TypeECRChildInstance, completeChild)
}

// mustECR returns the caller's ECR named by EcrId or ResourceNotFound.EcrId.
func mustECR(c *api.Call, param string) (*store.Resource, error) {
	r := ownECR(c, c.Params.Get(param))
	if r == nil {
		return nil, api.Errf("ResourceNotFound.EcrId", "no ECR %q in account %s", c.Params.Get(param), c.Account.UID)
	}
	return r, nil
}

func moveResourceGroup(c *api.Call) (api.M, error) {
	r, err := mustECR(c, "ResourceId")
	if err != nil {
		return nil, err
	}
	if c.DryRun() {
		return nil, dryRun(c)
	}
	r.Set("ResourceGroupId", c.Params.Get("NewResourceGroupId"))
	r.Set("GmtModified", stamp(c.Now))
	return api.M{}, nil
}

func modifyAllowedPrefix(c *api.Call) (api.M, error) {
	p := c.Params
	ecr, err := mustECR(c, "EcrId")
	if err != nil {
		return nil, err
	}
	a := c.Store.GetType(p.Get("AssociationId"), store.TypeECRAssociation)
	if a == nil || a.Str("EcrId") != ecr.ID {
		return nil, api.Errf("ResourceNotFound.AssociationId", "ECR %s has no association %q", ecr.ID, p.Get("AssociationId"))
	}
	if err := idle(c, ecr); err != nil {
		return nil, err
	}
	if c.DryRun() {
		return nil, dryRun(c)
	}
	a.Set("AllowedPrefixes", prefixes(p.List("AllowedPrefixes")))
	if m := p.Get("AllowedPrefixesMode"); m != "" {
		a.Set("AllowedPrefixesMode", m)
	}
	a.Set("GmtModified", stamp(c.Now))
	c.Store.SetStatus(a, StatusUpdating, true)
	return api.M{}, nil
}

// transitModes reads an ECR's configured modes by region.
func transitModes(r *store.Resource) map[string]string {
	out := map[string]string{}
	if m, ok := r.Attrs["TransitModes"].(map[string]any); ok {
		for k, v := range m {
			out[k] = str(v)
		}
	}
	return out
}

func modifyTransitMode(c *api.Call) (api.M, error) {
	ecr, err := mustECR(c, "EcrId")
	if err != nil {
		return nil, err
	}
	list := c.Params.Objects("TransitModeList")
	for _, m := range list {
		if m["RegionId"] == "" {
			return nil, api.Errf("MissingParam.TransitModeList.N.RegionId", "a TransitModeList entry without RegionId")
		}
		if m["Mode"] != modeECMP && m["Mode"] != modeNearBy {
			return nil, api.Errf("IllegalParamFormat.TransitModeList.N.Mode", "mode %q is neither ECMP nor NearBy", m["Mode"])
		}
		if !regionShape.MatchString(m["RegionId"]) {
			return nil, api.Errf("IllegalParam.RegionId", "%q is not a region ID", m["RegionId"])
		}
	}
	if err := idle(c, ecr); err != nil {
		return nil, err
	}
	if c.DryRun() {
		return nil, dryRun(c)
	}
	modes := map[string]any{}
	for k, v := range transitModes(ecr) {
		modes[k] = v
	}
	for _, m := range list {
		modes[m["RegionId"]] = m["Mode"]
	}
	ecr.Set("TransitModes", modes)
	ecr.Set("GmtModified", stamp(c.Now))
	return api.M{}, nil
}

// disabledEntries reads the ECR's disabled route entries (objects with
// DestinationCidrBlock and NexthopInstanceId).
func disabledEntries(r *store.Resource) []map[string]any {
	var out []map[string]any
	if l, ok := r.Attrs["DisabledRouteEntries"].([]any); ok {
		for _, e := range l {
			if m, ok := e.(map[string]any); ok {
				out = append(out, m)
			}
		}
	}
	return out
}

func routeEntryChange(c *api.Call, disable bool) (api.M, error) {
	p := c.Params
	ecr, err := mustECR(c, "EcrId")
	if err != nil {
		return nil, err
	}
	if err := idle(c, ecr); err != nil {
		return nil, err
	}
	if c.DryRun() {
		return nil, dryRun(c)
	}
	cidr, hop := p.Get("DestinationCidrBlock"), p.Get("NexthopInstanceId")
	var kept []any
	found := false
	for _, e := range disabledEntries(ecr) {
		if str(e["DestinationCidrBlock"]) == cidr && str(e["NexthopInstanceId"]) == hop {
			found = true
			if !disable {
				continue
			}
		}
		kept = append(kept, e)
	}
	if disable && !found {
		kept = append(kept, map[string]any{"DestinationCidrBlock": cidr, "NexthopInstanceId": hop, "GmtCreate": stamp(c.Now)})
	}
	if kept == nil {
		kept = []any{}
	}
	ecr.Set("DisabledRouteEntries", kept)
	return api.M{}, nil
}

func enableRouteEntries(c *api.Call) (api.M, error)  { return routeEntryChange(c, false) }
func disableRouteEntries(c *api.Call) (api.M, error) { return routeEntryChange(c, true) }

func describeDisabledRouteEntries(c *api.Call) (api.M, error) {
	ecr, err := mustECR(c, "EcrId")
	if err != nil {
		return nil, err
	}
	if c.DryRun() {
		return nil, dryRun(c)
	}
	list := []any{}
	for _, e := range disabledEntries(ecr) {
		list = append(list, api.M{"DestinationCidrBlock": str(e["DestinationCidrBlock"]), "NexthopInstanceId": str(e["NexthopInstanceId"]),
			"EcrId": ecr.ID, "GmtCreate": str(e["GmtCreate"])})
	}
	c.Store.Observe(ecr)
	return api.M{"DisabledRouteEntryList": list, "TotalCount": len(list), "MaxResults": defaultMaxResults, "NextToken": ""}, nil
}

// findChild returns the ECR's child instance record of a VBR, or nil.
func findChild(st *store.Store, ecrID, childID string) *store.Resource {
	return st.Find(store.TypeECRChildInstance, func(r *store.Resource) bool {
		return r.Str("EcrId") == ecrID && r.Str("ChildInstanceId") == childID
	})
}

func attachChild(c *api.Call) (api.M, error) {
	p := c.Params
	ecr, err := mustECR(c, "EcrId")
	if err != nil {
		return nil, err
	}
	id, region := p.Get("ChildInstanceId"), p.Get("ChildInstanceRegionId")
	owner := first(p.Get("ChildInstanceOwnerId"), c.Account.UID)
	vbr := c.Store.GetType(id, store.TypeVBR)
	if vbr == nil || vbr.Owner != owner || vbr.Region != region {
		return nil, api.Errf("ResourceNotFound.ChildInstanceId", "no VBR %s of account %s in %s", id, owner, region)
	}
	if err := idle(c, ecr); err != nil {
		return nil, err
	}
	if vbr.Status != "active" {
		return nil, api.Errf("IncorrectStatus.ChildInstance", "VBR %s is %s", id, vbr.Status)
	}
	if owner != c.Account.UID && !granted(c.Store, ecr.ID, owner, id, "VBR") {
		return nil, api.Errf("Forbidden.InstanceNotGranted", "account %s has not granted VBR %s to %s", owner, id, ecr.ID)
	}
	if dups := c.Store.ByAttr(store.TypeECRChildInstance, "ChildInstanceId", id, nil); len(dups) > 0 {
		return nil, api.Errf("ResourceAlreadyExists.ChildInstance", "VBR %s is already attached to %s", id, dups[0].Str("EcrId"))
	}
	if c.DryRun() {
		return nil, dryRun(c)
	}
	r := c.New(store.TypeECRChildInstance, "ecr-child", StatusAttaching, api.M{
		"EcrId": ecr.ID, "EcrOwnerId": ecr.Owner, "ChildInstanceId": id, "ChildInstanceType": "VBR",
		"ChildInstanceRegionId": region, "ChildInstanceOwnerId": owner, "Description": p.Get("Description"),
	})
	r.Region = region
	return api.M{}, nil
}

// mustChild finds the ECR (EcrId) and its child instance (ChildInstanceId)
// a call names, or the documented not-found error.
func mustChild(c *api.Call) (ecr, child *store.Resource, err error) {
	if ecr, err = mustECR(c, "EcrId"); err != nil {
		return nil, nil, err
	}
	id := c.Params.Get("ChildInstanceId")
	if child = findChild(c.Store, ecr.ID, id); child == nil {
		return nil, nil, api.Errf("ResourceNotFound.ChildInstanceId", "VBR %q is not attached to %s", id, ecr.ID)
	}
	return ecr, child, nil
}

func detachChild(c *api.Call) (api.M, error) {
	ecr, r, err := mustChild(c)
	if err != nil {
		return nil, err
	}
	if err := idle(c, ecr); err != nil {
		return nil, err
	}
	if r.Status != StatusActive {
		return nil, api.Errf("IncorrectStatus.ChildInstance", "child instance %s is %s", r.Str("ChildInstanceId"), r.Status)
	}
	if c.DryRun() {
		return nil, dryRun(c)
	}
	r.Set("GmtModified", stamp(c.Now))
	c.Store.SetStatus(r, StatusDetaching, true)
	return api.M{}, nil
}

func modifyChild(c *api.Call) (api.M, error) {
	p := c.Params
	_, r, err := mustChild(c)
	if err != nil {
		return nil, err
	}
	if c.DryRun() {
		return nil, dryRun(c)
	}
	if p.Has("Description") {
		r.Set("Description", p.Get("Description"))
	}
	r.Set("GmtModified", stamp(c.Now))
	return api.M{}, nil
}

func describeChildren(c *api.Call) (api.M, error) {
	p := c.Params
	ecr, err := mustECR(c, "EcrId")
	if err != nil {
		return nil, err
	}
	if c.DryRun() {
		return nil, dryRun(c)
	}
	c.Store.Observe(ecr)
	keys := []string{"ChildInstanceId", "ChildInstanceType", "ChildInstanceRegionId", "ChildInstanceOwnerId"}
	all := c.Store.List(store.TypeECRChildInstance, func(r *store.Resource) bool {
		if r.Str("EcrId") != ecr.ID {
			return false
		}
		for _, k := range keys {
			if v := p.Get(k); v != "" && r.Str(k) != v {
				return false
			}
		}
		return true
	})
	pg, err := api.PaginateToken(p, all, defaultMaxResults, maxMaxResults, "IllegalParamFormat.NextToken")
	if err != nil {
		return nil, err
	}
	items := c.Show(pg.Items, childView)
	return api.M{"ChildInstanceList": items, "TotalCount": pg.TotalCount, "MaxResults": pg.MaxResults, "NextToken": pg.NextToken}, nil
}

func childView(r *store.Resource) api.M {
	return api.M{
		"EcrId":                 r.Str("EcrId"),
		"ChildInstanceId":       r.Str("ChildInstanceId"),
		"ChildInstanceType":     r.Str("ChildInstanceType"),
		"ChildInstanceRegionId": r.Str("ChildInstanceRegionId"),
		"ChildInstanceOwnerId":  uidNumber(r.Str("ChildInstanceOwnerId")),
		"Description":           r.Str("Description"),
		"Status":                r.Status,
		"OwnerId":               uidNumber(r.Str("EcrOwnerId")),
		"GmtCreate":             stamp(r.Created),
		"GmtModified":           modified(r),
	}
}

// completeChild fills a scenario fixture of a child instance.
func completeChild(r *store.Resource) {
	if r.Attrs == nil {
		r.Attrs = map[string]any{}
	}
	if r.Status == "" {
		r.Status = StatusActive
	}
	setDefault(r, "ChildInstanceType", "VBR")
	setDefault(r, "ChildInstanceRegionId", r.Region)
	setDefault(r, "ChildInstanceOwnerId", r.Owner)
	setDefault(r, "EcrOwnerId", r.Owner)
	setDefault(r, "Description", "")
}

// regionShape is the form of a region ID (cn-hangzhou, ap-southeast-1).
var regionShape = regexp.MustCompile(`^[a-z]{2,}(-[a-z0-9]+)+$`)

// modeList renders an ECR's transit modes: every region it has an
// association in or a mode set for, with its mode (ECMP unless set).
func modeList(st *store.Store, ecr *store.Resource) []any {
	modes := transitModes(ecr)
	seen := map[string]bool{}
	var rs []string
	for _, r := range regions(st, ecr.ID) {
		seen[r] = true
		rs = append(rs, r)
	}
	for r := range modes {
		if !seen[r] {
			rs = append(rs, r)
		}
	}
	sort.Strings(rs)
	list := []any{}
	for _, region := range rs {
		list = append(list, api.M{"RegionId": region, "Mode": first(modes[region], modeECMP)})
	}
	return list
}
