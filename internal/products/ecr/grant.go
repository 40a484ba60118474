package ecr

import (
	"regexp"
	"strings"

	"github.com/ecmock/ecmock/internal/api"
	"github.com/ecmock/ecmock/internal/store"
)

var vpcIDForm = regexp.MustCompile(`^vpc-[a-z0-9]+$`)

// instanceTypes maps a grant's InstanceType to the store type of instances
// ecmock models (VPCs are not modelled).
var instanceTypes = map[string]string{"VBR": store.TypeVBR, "TR": store.TypeTransitRouter}

// findGrant returns the caller's grant of an instance to an ECR, or nil.
func findGrant(c *api.Call) *store.Resource {
	p := c.Params
	return c.Store.FindOwned(store.TypeECRGrant, c.Account.UID, "", func(g *store.Resource) bool {
		return g.Owner == c.Account.UID && g.Str("EcrId") == p.Get("EcrId") &&
			g.Str("EcrOwnerAliUid") == p.Get("EcrOwnerAliUid") && g.Str("InstanceId") == p.Get("InstanceId") &&
			g.Str("InstanceType") == p.Get("InstanceType")
	})
}

func grantInstance(c *api.Call) (api.M, error) {
	p := c.Params
	ecrID, ecrOwner := p.Get("EcrId"), p.Get("EcrOwnerAliUid")
	id, typ, region := p.Get("InstanceId"), p.Get("InstanceType"), p.Get("InstanceRegionId")
	if typ == NodeVPC && !vpcIDForm.MatchString(id) {
		return nil, api.Errf("IllegalParamFormat.InstanceId", "%q is not a VPC ID", id)
	}
	ecr := c.Store.GetType(ecrID, store.TypeECR)
	if ecr == nil || ecr.Owner != ecrOwner {
		return nil, api.Errf("ResourceNotFound.EcrId", "no ECR %q of account %s", ecrID, ecrOwner)
	}
	if st := instanceTypes[typ]; st != "" {
		inst := c.Store.GetType(id, st)
		if inst == nil || inst.Owner != c.Account.UID || inst.Region != region {
			return nil, api.Errf("ResourceNotFound.InstanceId", "no %s %s of account %s in %s", typ, id, c.Account.UID, region)
		}
	}
	if err := idle(c, ecr); err != nil {
		return nil, err
	}
	if c.DryRun() {
		return nil, dryRun(c)
	}
	if g := findGrant(c); g != nil {
		return api.M{}, nil // already granted: nothing new (decided)
	}
	g := c.New(store.TypeECRGrant, "gr", StatusActive, api.M{
		"EcrId":            ecrID,
		"EcrOwnerAliUid":   ecrOwner,
		"InstanceId":       id,
		"InstanceType":     typ,
		"InstanceRegionId": region,
		"CallerType":       p.Get("CallerType"),
	})
	g.Region = region
	return api.M{}, nil
}

func revokeInstance(c *api.Call) (api.M, error) {
	p := c.Params
	g := findGrant(c)
	if g == nil {
		return nil, api.Errf("ResourceNotFound.InstanceId", "account %s has not granted %s %s to %s", c.Account.UID, p.Get("InstanceType"), p.Get("InstanceId"), p.Get("EcrId"))
	}
	if ecr := c.Store.GetType(p.Get("EcrId"), store.TypeECR); ecr != nil {
		if err := idle(c, ecr); err != nil {
			return nil, err
		}
	}
	if c.DryRun() {
		return nil, dryRun(c)
	}
	c.Store.Delete(g.ID)
	return api.M{}, nil
}

func describeGrants(c *api.Call) (api.M, error) {
	p := c.Params
	ecrID := p.Get("EcrId")
	asGrantor := strings.EqualFold(p.Get("CallerType"), "OTHER")
	if !asGrantor {
		ecr := ownECR(c, ecrID)
		if ecr == nil {
			return nil, api.Errf("ResourceNotFound.EcrId", "no ECR %q in account %s", ecrID, c.Account.UID)
		}
		// The answer tells the ECR exists: a read of it (Terraform's
		// delete waiter polls this action until ResourceNotFound.EcrId).
		c.Store.Observe(ecr)
	}
	if c.DryRun() {
		return nil, dryRun(c)
	}
	filters := map[string]func(*store.Resource) string{
		"InstanceId":       func(r *store.Resource) string { return r.Str("InstanceId") },
		"InstanceType":     func(r *store.Resource) string { return r.Str("InstanceType") },
		"InstanceRegionId": func(r *store.Resource) string { return r.Str("InstanceRegionId") },
		"InstanceOwnerId":  func(r *store.Resource) string { return r.Owner },
	}
	all := c.Store.List(store.TypeECRGrant, func(g *store.Resource) bool {
		if g.Str("EcrId") != ecrID {
			return false
		}
		if asGrantor && g.Owner != c.Account.UID || !asGrantor && g.Str("EcrOwnerAliUid") != c.Account.UID {
			return false
		}
		for k, get := range filters {
			if v := p.Get(k); v != "" && get(g) != v {
				return false
			}
		}
		return true
	})
	pg, err := api.PaginateToken(p, all, defaultMaxResults, maxMaxResults, "IllegalParamFormat.NextToken")
	if err != nil {
		return nil, err
	}
	items := make([]any, 0, len(pg.Items))
	for _, g := range pg.Items {
		items = append(items, api.M{
			"GrantId":        g.ID,
			"EcrId":          g.Str("EcrId"),
			"EcrOwnerAliUid": g.Str("EcrOwnerAliUid"),
			"NodeId":         g.Str("InstanceId"),
			"NodeType":       g.Str("InstanceType"),
			"NodeRegionId":   first(g.Str("InstanceRegionId"), g.Region),
			"NodeOwnerUid":   uidNumber(g.Owner),
			"NodeOwnerBid":   ownerBid(c, g.Owner),
			"Status":         g.Status,
			"GmtCreate":      stamp(g.Created),
			"GmtModified":    modified(g),
		})
		c.Store.Observe(g)
	}
	return api.M{"EcrGrantedInstanceList": items, "TotalCount": pg.TotalCount, "MaxResults": pg.MaxResults, "NextToken": pg.NextToken}, nil
}

// ownerBid is the business site of an account as the API writes it: 26888
// for an account flagged internationalSite, 26842 (China site) otherwise.
func ownerBid(c *api.Call, uid string) string {
	if a, ok := c.Accounts.ByUID(uid); ok && a.Flags["internationalSite"] {
		return "26888"
	}
	return "26842"
}
