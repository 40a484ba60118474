package ecr

import (
	"github.com/ecmock/ecmock/internal/api"
	"github.com/ecmock/ecmock/internal/store"
)

// Association node types.
const (
	NodeVPC = "VPC"
	NodeTR  = "TR"
)

// granted reports whether owner granted the instance to the ECR.
func granted(st *store.Store, ecrID, owner, instanceID, instanceType string) bool {
	return st.Find(store.TypeECRGrant, func(g *store.Resource) bool {
		return g.Owner == owner && g.Str("EcrId") == ecrID && g.Str("InstanceId") == instanceID &&
			g.Str("InstanceType") == instanceType
	}) != nil
}

func createAssociation(c *api.Call) (api.M, error) {
	p := c.Params
	vpcID, trID := p.Get("VpcId"), p.Get("TransitRouterId")
	if (vpcID == "") == (trID == "") {
		return nil, api.Errf("IllegalParam.AssociationNodeType", "VpcId=%q TransitRouterId=%q: exactly one is needed", vpcID, trID)
	}
	node := NodeVPC
	if trID != "" {
		node = NodeTR
	}
	if nt := p.Get("AssociationNodeType"); nt != "" && nt != node {
		return nil, api.Errf("IllegalParam.AssociationNodeType", "AssociationNodeType %s does not match the instance given (%s)", nt, node)
	}
	region := p.Get("AssociationRegionId")
	ecr := ownECR(c, p.Get("EcrId"))
	if ecr == nil {
		return nil, api.Errf("ResourceNotFound.EcrId", "no ECR %q in account %s", p.Get("EcrId"), c.Account.UID)
	}

	attrs := api.M{
		"EcrId":               ecr.ID,
		"AssociationNodeType": node,
		"AssociationRegionId": region,
		"AllowedPrefixes":     prefixes(p.List("AllowedPrefixes")),
		"AllowedPrefixesMode": first(p.Get("AllowedPrefixesMode"), "MatchMode"),
		"Description":         p.Get("Description"),
		"CreateAttachment":    p.Bool("CreateAttachment"),
	}
	instanceOwner, instanceID := c.Account.UID, vpcID
	var tr *store.Resource
	if node == NodeTR {
		instanceOwner, instanceID = first(p.Get("TransitRouterOwnerId"), c.Account.UID), trID
		tr = c.Store.GetType(trID, store.TypeTransitRouter)
		if tr == nil || tr.Owner != instanceOwner || tr.Region != region {
			return nil, api.Errf("ResourceNotFound.TransitRouterId", "no transit router %s of account %s in %s", trID, instanceOwner, region)
		}
		cen := tr.Str("CenId")
		if want := p.Get("CenId"); want != "" && cen != "" && want != cen {
			return nil, api.Errf("IllegalParam.CenId", "transit router %s belongs to %s, not %s", trID, cen, want)
		}
		attrs["TransitRouterId"] = trID
		attrs["TransitRouterOwnerId"] = instanceOwner
		attrs["CenId"] = first(cen, p.Get("CenId"))
	} else {
		instanceOwner = first(p.Get("VpcOwnerId"), c.Account.UID)
		attrs["VpcId"] = vpcID
		attrs["VpcOwnerId"] = instanceOwner
		if cen := p.Get("CenId"); cen != "" {
			attrs["CenId"] = cen
		}
	}

	if err := idle(c, ecr); err != nil {
		return nil, err
	}
	if tr != nil {
		if tr.Status != "Active" {
			return nil, api.Errf("IncorrectStatus.TransitRouter", "transit router %s is %s", trID, tr.Status)
		}
		if tr.Str("Type") == "Basic" {
			return nil, api.Errf("OperationUnsupported.TransitRouterType", "transit router %s is Basic Edition", trID)
		}
	}
	if instanceOwner != c.Account.UID && !granted(c.Store, ecr.ID, instanceOwner, instanceID, node) {
		return nil, api.Errf("Forbidden.InstanceNotGranted", "account %s has not granted %s %s to %s", instanceOwner, node, instanceID, ecr.ID)
	}
	if dups := c.Store.ByAttr(store.TypeECRAssociation, "EcrId", ecr.ID, func(a *store.Resource) bool {
		return a.Str("AssociationNodeType") == node &&
			(node == NodeVPC && a.Str("VpcId") == vpcID || node == NodeTR && a.Str("TransitRouterId") == trID)
	}); len(dups) > 0 {
		return nil, api.Errf("ResourceAlreadyExists.Association", "%s %s is already associated with %s by %s", node, instanceID, ecr.ID, dups[0].ID)
	}
	if c.DryRun() {
		return nil, dryRun(c)
	}
	a := c.New(store.TypeECRAssociation, "ecr-assoc", StatusCreating, attrs)
	a.Region = region
	a.Set("AssociationId", a.ID)
	return api.M{"AssociationId": a.ID}, nil
}

func prefixes(l []string) []any {
	out := make([]any, 0, len(l))
	for _, s := range l {
		out = append(out, s)
	}
	return out
}

func describeAssociations(c *api.Call) (api.M, error) {
	p := c.Params
	ecr := ownECR(c, p.Get("EcrId"))
	if ecr == nil {
		return nil, api.Errf("ResourceNotFound.EcrId", "no ECR %q in account %s", p.Get("EcrId"), c.Account.UID)
	}
	if c.DryRun() {
		return nil, dryRun(c)
	}
	filters := map[string]func(*store.Resource) string{
		"AssociationId":       func(r *store.Resource) string { return r.ID },
		"AssociationNodeType": func(r *store.Resource) string { return r.Str("AssociationNodeType") },
		"AssociationRegionId": func(r *store.Resource) string { return r.Str("AssociationRegionId") },
		"CenId":               func(r *store.Resource) string { return r.Str("CenId") },
		"TransitRouterId":     func(r *store.Resource) string { return r.Str("TransitRouterId") },
		"VpcId":               func(r *store.Resource) string { return r.Str("VpcId") },
	}
	all := c.Store.List(store.TypeECRAssociation, func(r *store.Resource) bool {
		if r.Str("EcrId") != ecr.ID {
			return false
		}
		for k, get := range filters {
			if v := p.Get(k); v != "" && get(r) != v {
				return false
			}
		}
		return true
	})
	pg, err := api.PaginateToken(p, all, defaultMaxResults, maxMaxResults, "IllegalParamFormat.NextToken")
	if err != nil {
		return nil, err
	}
	items := c.Show(pg.Items, associationView)
	return api.M{"AssociationList": items, "TotalCount": pg.TotalCount, "MaxResults": pg.MaxResults, "NextToken": pg.NextToken}, nil
}

// associationView renders an association as AssociationList shows it; the
// fields of the other node type are left out.
func associationView(r *store.Resource) api.M {
	region := first(r.Str("AssociationRegionId"), r.Region)
	out := api.M{
		"AssociationId":       r.ID,
		"EcrId":               r.Str("EcrId"),
		"AssociationNodeType": r.Str("AssociationNodeType"),
		"RegionId":            region,
		"AssociationRegionId": region,
		"AllowedPrefixes":     stringList(r.Attrs["AllowedPrefixes"]),
		"AllowedPrefixesMode": first(r.Str("AllowedPrefixesMode"), "MatchMode"),
		"Description":         r.Str("Description"),
		"Status":              r.Status,
		"OwnerId":             uidNumber(r.Owner),
		"GmtCreate":           stamp(r.Created),
		"GmtModified":         modified(r),
	}
	if v := r.Str("CenId"); v != "" {
		out["CenId"] = v
	}
	if r.Str("AssociationNodeType") == NodeTR {
		out["TransitRouterId"] = r.Str("TransitRouterId")
		out["TransitRouterOwnerId"] = uidNumber(first(r.Str("TransitRouterOwnerId"), r.Owner))
	} else {
		out["VpcId"] = r.Str("VpcId")
		out["VpcOwnerId"] = uidNumber(first(r.Str("VpcOwnerId"), r.Owner))
	}
	return out
}

func deleteAssociation(c *api.Call) (api.M, error) {
	p := c.Params
	ecr := ownECR(c, p.Get("EcrId"))
	if ecr == nil {
		return nil, api.Errf("ResourceNotFound.EcrId", "no ECR %q in account %s", p.Get("EcrId"), c.Account.UID)
	}
	a := c.Store.GetType(p.Get("AssociationId"), store.TypeECRAssociation)
	if a == nil || a.Str("EcrId") != ecr.ID {
		return nil, api.Errf("ResourceNotFound.AssociationId", "ECR %s has no association %q", ecr.ID, p.Get("AssociationId"))
	}
	if err := idle(c, ecr); err != nil {
		return nil, err
	}
	if a.Str("AssociationNodeType") == NodeTR {
		if ats := c.Store.ByAttr(store.TypeTRECRAttachment, "EcrId", ecr.ID, func(r *store.Resource) bool {
			return r.Str("TransitRouterId") == a.Str("TransitRouterId")
		}); len(ats) > 0 {
			at := ats[0]
			return nil, api.Errf("DependencyViolation.Attachment", "transit-router ECR attachment %s is built on association %s (%s)", at.ID, a.ID, at.Status)
		}
	}
	if c.DryRun() {
		return nil, dryRun(c)
	}
	a.Set("DeleteAttachment", p.Bool("DeleteAttachment"))
	a.Set("GmtModified", stamp(c.Now))
	c.Store.SetStatus(a, StatusDeleting, true)
	return api.M{}, nil
}
