package cbn

import (
	"sort"
	"strconv"
	"strings"

	"github.com/ecmock/ecmock/internal/accounts"
	"github.com/ecmock/ecmock/internal/api"
	"github.com/ecmock/ecmock/internal/products/ecrstate"
	"github.com/ecmock/ecmock/internal/store"
)

// ECR-side statuses (ExpressConnectRouter shows them in capitals).
const (
	ecrActive         = "ACTIVE"
	assocActive       = "ACTIVE"
	assocDeleting     = "DELETING"
	assocDissociating = "DISSOCIATING"
)

func flag(c *api.Call, a *accounts.Account, name string) bool { return c.Accounts.Flag(a, name) }

// createTransitRouterEcrAttachment applies the API reference's rules in the order the
// catalogue's notes give: parameters, the caller's account, existence of the
// resources named and what they are, the router's status, the ECR's status,
// grants and associations, quotas, then the dry run.
func createTransitRouterEcrAttachment(c *api.Call) (api.M, error) {
	p := c.Params
	trID, cenID, ecrID := p.Get("TransitRouterId"), p.Get("CenId"), p.Get("EcrId")
	region := regionParam(c)

	// (1) Parameters the catalogue cannot express.
	if err := checkAttachmentTags(p); err != nil {
		return nil, err
	}
	if trID == "" && (cenID == "" || region == "") {
		return nil, api.Errf("MissingParam.CenIdOrRegionId", "without TransitRouterId both CenId and RegionId are required")
	}
	if region != "" && !knownRegions[region] {
		return nil, api.Errf("IllegalParam.RegionId", "region %q is not known", region)
	}
	if region != "" && noEcrAttachmentRegions[region] {
		return nil, api.Errf("OperationUnsupported.TransitRouterRegionId", "region %s does not support ECR attachments", region)
	}
	if p.Get("BandwidthType") == "BandwidthPackage" {
		return nil, api.Errf("OperationUnsupported.BandwidthType", "an ECR attachment is in-region: only DataTransfer is supported")
	}

	// (2) The caller's account.
	if !c.Account.IsWhitelisted() {
		return nil, api.Errf("OperationUnsupported.ECRAttachment", "account %s is not whitelisted for ECR", c.Account.UID)
	}
	if flag(c, c.Account, flagTRServiceNotOpen) {
		return nil, api.Errf("Forbbiden.TransitRouterServiceNotOpen", "account %s has not opened the transit router service", c.Account.UID)
	}
	if flag(c, c.Account, flagServiceLinkedRoleDenied) {
		return nil, api.Errf("NoPermission.AliyunServiceRolePolicyForCEN", "account %s may not create the CEN service-linked role", c.Account.UID)
	}

	// (3) Existence of the resources named, then what they are.
	var cen, tr *store.Resource
	if cenID != "" {
		if cen = getCen(c, cenID); cen == nil {
			return nil, api.Errf("InvalidCenId.NotFound", "no CEN %s in the caller's account", cenID)
		}
	}
	if trID != "" {
		tr = getTransitRouter(c, trID, region)
		if tr == nil || (cen != nil && tr.Str("CenId") != cen.ID) {
			return nil, api.Errf("InvalidTransitRouterId.NotFound", "no transit router %s in the caller's account, region %q, CEN %q", trID, region, cenID)
		}
		if cen == nil {
			cen = c.Store.GetType(tr.Str("CenId"), store.TypeCEN)
		}
	} else {
		tr = c.Store.FindOwned(store.TypeTransitRouter, c.Account.UID, region, func(r *store.Resource) bool {
			return r.Owner == c.Account.UID && r.Str("CenId") == cen.ID && r.Region == region
		})
	}
	ecrOwner := c.Account.UID
	if v := p.Get("EcrOwnerId"); v != "" {
		n, _ := strconv.ParseInt(v, 10, 64)
		ecrOwner = strconv.FormatInt(n, 10)
	}
	ecr := c.Store.GetType(ecrID, store.TypeECR)
	if ecr == nil || ecr.Owner != ecrOwner {
		return nil, api.Errf("ResourceNotFound", "no ECR %s of account %s", ecrID, ecrOwner)
	}
	if tr != nil && noEcrAttachmentRegions[tr.Region] {
		return nil, api.Errf("OperationUnsupported.TransitRouterRegionId", "region %s does not support ECR attachments", tr.Region)
	}
	if cen != nil && cen.Str("ProtectionLevel") == protectionFull {
		return nil, api.Errf("OperationUnsupported.CenFullLevel", "CEN %s has ProtectionLevel FULL", cen.ID)
	}
	if tr != nil && tr.Str("Type") != editionEnterprise {
		return nil, api.Errf("OperationUnsupported.TransitRouterType", "transit router %s is a %s Edition router", tr.ID, tr.Str("Type"))
	}
	if tr != nil && tr.Bool("NeedUpgrade") {
		return nil, api.Errf("InvalidTransitRouterMode.NeedUpgrade", "transit router %s needs an upgrade", tr.ID)
	}
	if rt := p.Get("AssociateRouteTableId"); rt != "" && (tr == nil || rt != systemRouteTableID(tr)) {
		return nil, api.Errf("IllegalParam.AssociateRouteTableId", "%s is not a route table of the transit router", rt)
	}

	// (4) The transit router's status (and its CEN's).
	if cen != nil && cen.Status != statusActive {
		return nil, api.Errf("InvalidOperation.CenInstanceStatus", "CEN %s is %s", cen.ID, cen.Status)
	}
	if tr != nil && tr.Status != statusActive {
		return nil, api.Errf("IncorrectStatus.TransitRouter", "transit router %s is %s", tr.ID, tr.Status)
	}

	// (5) The ECR's status, as ExpressConnectRouter shows it.
	if st, biz := ecrstate.Status(c.Store, ecr), ecr.Str("BizStatus"); st != ecrActive || (biz != "" && biz != "Normal") {
		return nil, api.Errf("IncorrectStatus.EcrResource", "ECR %s is %s (BizStatus %q)", ecr.ID, st, biz)
	}

	// (6) Grants and associations.
	if ecr.Owner != c.Account.UID {
		if tr == nil || !granted(c, ecr, tr) {
			return nil, api.Errf("Unauthorized", "ECR %s of account %s: the transit router has not been granted to it", ecr.ID, ecr.Owner)
		}
		if owner, ok := c.Accounts.ByUID(ecr.Owner); ok {
			if flag(c, owner, flagInternationalSite) != flag(c, c.Account, flagInternationalSite) {
				return nil, api.Errf("Forbbiden.AttachChildInstanceAcrossBid", "account %s and the ECR's owner %s are on different sites", c.Account.UID, ecr.Owner)
			}
			if flag(c, owner, flagTRServiceNotOpen) {
				return nil, api.Errf("Forbidden.ResourceOwnerTransitRouterServiceNotOpen", "the ECR's owner %s has not opened the transit router service", ecr.Owner)
			}
		}
	}
	if tr != nil {
		assoc := association(c, ecr, tr)
		if assoc == nil {
			return nil, api.Errf("ResourceNotFound", "ECR %s has no association with transit router %s", ecr.ID, tr.ID)
		}
		if assoc.Status != assocActive {
			return nil, api.Errf("InvalidStatus.ResourceStatus", "the association of ECR %s with %s is %s", ecr.ID, tr.ID, assoc.Status)
		}
		if dups := c.Store.ByAttr(store.TypeTRECRAttachment, "EcrId", ecr.ID, func(r *store.Resource) bool {
			return r.Str("TransitRouterId") == tr.ID
		}); len(dups) > 0 {
			dup := dups[0]
			return nil, api.Errf("InvalidStatus.ResourceStatus", "ECR %s is already attached to %s (%s)", ecr.ID, tr.ID, dup.ID)
		}
	}

	// (7) Quotas.
	n := 0
	if tr != nil {
		n = len(attachmentsOf(c, tr.ID))
	}
	if q := c.Quota("CenQuotaEcrAttachPerTransitRouter"); n >= q {
		return nil, api.Errf("QuotaExceeded.CenQuotaEcrAttachPerTransitRouter", "the transit router has %d ECR attachments (quota %d)", n, q)
	}
	targetCen := cenID
	if tr != nil {
		targetCen = tr.Str("CenId")
	}
	otherCens := map[string]bool{}
	for _, a := range c.Store.ByAttr(store.TypeTRECRAttachment, "EcrId", ecr.ID, nil) {
		if id := a.Str("CenId"); id != targetCen {
			otherCens[id] = true
		}
	}
	if q := c.Quota("ChildInstanceRelatedCen"); len(otherCens) >= q {
		return nil, api.Errf("QuotaFull.ChildInstanceRelatedCen", "ECR %s is attached to %d other CEN instances (quota %d)", ecr.ID, len(otherCens), q)
	}

	// (8) Dry run, then the attachment (and the router on the CenId path).
	if c.DryRun() {
		return nil, api.Errf("DryRunOperation", "dry run of CreateTransitRouterEcrAttachment passed")
	}
	if tr == nil {
		tr = newTransitRouter(c, cen, region, nil)
	}
	att := c.Store.Add(&store.Resource{
		ID: c.Store.NewID("tr-attach"), Type: store.TypeTRECRAttachment, Owner: c.Account.UID, Region: tr.Region,
		Status: statusAttaching, CreatedBy: c.Action.Name, Attrs: api.M{
			"CenId":                              tr.Str("CenId"),
			"TransitRouterId":                    tr.ID,
			"EcrId":                              ecr.ID,
			"EcrOwnerId":                         ecr.Owner,
			"ResourceType":                       resourceTypeECR,
			"TransitRouterAttachmentName":        p.Get("TransitRouterAttachmentName"),
			"TransitRouterAttachmentDescription": p.Get("TransitRouterAttachmentDescription"),
			"AutoPublishRouteEnabled":            p.Bool("AutoPublishRouteEnabled"),
			"RouteTableAssociationEnabled":       p.Bool("RouteTableAssociationEnabled"),
			"RouteTablePropagationEnabled":       p.Bool("RouteTablePropagationEnabled"),
			"Tags":                               storedTags(p.Tags("Tag")),
		},
	})
	att.Set("TransitRouterAttachmentId", att.ID)
	return api.M{"TransitRouterAttachmentId": att.ID}, nil
}

// checkAttachmentTags applies the tag rules of the API reference that the catalogue's
// shared tag formats do not: a tag value "cannot start with aliyun or acs:"
// (the shared rule refuses acs: only), and "each key-value pair must be
// unique" (decided: a key given twice is refused, whatever its values, since
// an attachment carries one value per key). Both answer InvalidParameter
// naming the Tag.N member at fault, lowest N first.
func checkAttachmentTags(p api.Params) error {
	var ns []int
	for k := range p {
		if rest, ok := strings.CutPrefix(k, "Tag."); ok {
			if n, field, ok := strings.Cut(rest, "."); ok && (field == "Key" || field == "Value") {
				if i, err := strconv.Atoi(n); err == nil && i >= 1 {
					ns = append(ns, i)
				}
			}
		}
	}
	sort.Ints(ns)
	seen := map[string]int{}
	for j, i := range ns {
		if j > 0 && ns[j-1] == i {
			continue
		}
		pre := "Tag." + strconv.Itoa(i)
		if v := p.Get(pre + ".Value"); strings.HasPrefix(v, "aliyun") {
			return invalid(pre+".Value", "%s.Value %q starts with aliyun", pre, v)
		}
		key, ok := p[pre+".Key"]
		if !ok {
			continue
		}
		if first, dup := seen[key]; dup {
			return invalid(pre+".Key", "tag key %q is given twice (Tag.%d and %s)", key, first, pre)
		}
		seen[key] = i
	}
	return nil
}

// granted reports whether the caller granted the transit router to the ECR
// (GrantInstanceToExpressConnectRouter by the router's owner).
func granted(c *api.Call, ecr, tr *store.Resource) bool {
	return c.Store.FindOwned(store.TypeECRGrant, c.Account.UID, "", func(r *store.Resource) bool {
		return r.Owner == c.Account.UID && r.Str("EcrId") == ecr.ID && r.Str("InstanceId") == tr.ID
	}) != nil
}

// association returns the ECR's transit-router association with tr (any
// status), or nil.
func association(c *api.Call, ecr, tr *store.Resource) *store.Resource {
	as := c.Store.ByAttr(store.TypeECRAssociation, "EcrId", ecr.ID, func(r *store.Resource) bool {
		return r.Str("AssociationNodeType") == "TR" && r.Str("TransitRouterId") == tr.ID
	})
	if len(as) == 0 {
		return nil
	}
	return as[0]
}

// getAttachment returns the caller's ECR attachment with this ID (in the
// request's region when it names one), or nil.
func getAttachment(c *api.Call, id string) *store.Resource {
	r := c.Store.GetType(id, store.TypeTRECRAttachment)
	if r == nil || r.Owner != c.Account.UID {
		return nil
	}
	if region := regionParam(c); region != "" && r.Region != region {
		return nil
	}
	return r
}

func listTransitRouterEcrAttachments(c *api.Call) (api.M, error) {
	p := c.Params
	region := regionParam(c)
	tags := p.Tags("Tag")
	eq := func(param, got string) bool { v := p.Get(param); return v == "" || v == got }
	matched := c.Store.ListOwned(store.TypeTRECRAttachment, c.Account.UID, region, func(r *store.Resource) bool {
		return r.Owner == c.Account.UID &&
			(region == "" || r.Region == region) &&
			eq("CenId", r.Str("CenId")) &&
			eq("TransitRouterId", r.Str("TransitRouterId")) &&
			eq("TransitRouterAttachmentId", r.ID) &&
			eq("EcrId", r.Str("EcrId")) &&
			eq("ResourceType", r.Str("ResourceType")) &&
			hasTags(r, tags)
	})
	pg, err := api.PaginateToken(p, matched, 20, 100, "InvalidParameter")
	if err != nil {
		return nil, invalid("NextToken", "%v", err)
	}
	items := c.Show(pg.Items, attachmentView)
	return api.M{
		"TransitRouterAttachments": items,
		"TotalCount":               pg.TotalCount,
		"MaxResults":               pg.MaxResults,
		"NextToken":                pg.NextToken,
	}, nil
}

// attachmentView renders an ECR attachment as ListTransitRouterEcrAttachments
// shows it.
func attachmentView(r *store.Resource) api.M {
	out := api.M{
		"TransitRouterAttachmentId":          r.ID,
		"TransitRouterAttachmentName":        r.Str("TransitRouterAttachmentName"),
		"TransitRouterAttachmentDescription": r.Str("TransitRouterAttachmentDescription"),
		"TransitRouterId":                    r.Str("TransitRouterId"),
		"TransitRouterRegionId":              r.Region,
		"CenId":                              r.Str("CenId"),
		"EcrId":                              r.Str("EcrId"),
		"EcrOwnerId":                         uid(r.Str("EcrOwnerId")),
		"ResourceType":                       r.Str("ResourceType"),
		"Status":                             r.Status,
		"CreationTime":                       creationTime(r),
		"AutoPublishRouteEnabled":            r.Bool("AutoPublishRouteEnabled"),
		"OrderType":                          orderType(r),
		"Tags":                               tagsOf(r),
	}
	// The SDK's TransitRouterAttachment is shared by every attachment kind:
	// the fields of the other kinds are present, empty (decided).
	for _, k := range []string{"DefaultLinkType", "VbrRegionId", "ChargeType", "CenBandwidthPackageId", "VbrId", "GeographicSpanId",
		"VpcRegionId", "VpcId", "PeerTransitRouterRegionId", "ServiceMode", "BandwidthType", "BandwidthPackageId", "VpnRegionId",
		"PeerTransitRouterId", "VpnId"} {
		out[k] = ""
	}
	for _, k := range []string{"PeerTransitRouterOwnerId", "VbrOwnerId", "VpcOwnerId", "VpnOwnerId", "Bandwidth"} {
		out[k] = 0
	}
	out["RegionId"] = r.Region
	out["ZoneMappings"], out["Zones"] = []any{}, []any{}
	return out
}

// orderType is who pays for the attachment: the router's owner unless a
// fixture says otherwise (decided: PayByCenOwner, the API's default).
func orderType(r *store.Resource) string {
	if s := r.Str("OrderType"); s != "" {
		return s
	}
	return "PayByCenOwner"
}

func updateTransitRouterEcrAttachmentAttribute(c *api.Call) (api.M, error) {
	p := c.Params
	id := p.Get("TransitRouterAttachmentId")
	att := getAttachment(c, id)
	if att == nil {
		return nil, api.Errf("InvalidTransitRouterAttachmentId.NotFound", "no ECR attachment %s in the caller's account and region", id)
	}
	if att.Status != statusAttached {
		return nil, api.Errf("InvalidStatus.ResourceStatus", "attachment %s is %s", id, att.Status)
	}
	if c.DryRun() {
		return nil, api.Errf("DryRunOperation", "dry run of UpdateTransitRouterEcrAttachmentAttribute passed")
	}
	for _, k := range []string{"TransitRouterAttachmentName", "TransitRouterAttachmentDescription"} {
		if p.Has(k) {
			att.Set(k, p.Get(k))
		}
	}
	return api.M{}, nil
}

func deleteTransitRouterEcrAttachment(c *api.Call) (api.M, error) {
	id := c.Params.Get("TransitRouterAttachmentId")
	att := getAttachment(c, id)
	if att == nil {
		return nil, api.Errf("InvalidTransitRouterAttachmentId.NotFound", "no ECR attachment %s in the caller's account and region", id)
	}
	if att.Status != statusAttached {
		return nil, api.Errf("InvalidStatus.ResourceStatus", "attachment %s is %s", id, att.Status)
	}
	if op := ecrstate.Operation(c.Store, att.Str("EcrId")); op != "" {
		return nil, api.Errf("IncorrectStatus.EcrResource", "ECR %s is %s", att.Str("EcrId"), op)
	}
	if c.DryRun() {
		return nil, api.Errf("DryRunOperation", "dry run of DeleteTransitRouterEcrAttachment passed")
	}
	c.Store.SetStatus(att, statusDetaching, true)
	if c.Params.Bool("Force") {
		forceDissociate(c, att)
	}
	return api.M{}, nil
}

// forceDissociate deletes the ECR's association with the attachment's router
// (the API reference: a forced delete also deletes the association): DELETING when the
// catalogue moves DELETING on, removed at once otherwise.
func forceDissociate(c *api.Call, att *store.Resource) {
	var assoc *store.Resource
	if as := c.Store.ByAttr(store.TypeECRAssociation, "EcrId", att.Str("EcrId"), func(r *store.Resource) bool {
		return r.Str("AssociationNodeType") == "TR" && r.Str("TransitRouterId") == att.Str("TransitRouterId")
	}); len(as) > 0 {
		assoc = as[0]
	}
	if assoc == nil || assoc.Status == assocDeleting || assoc.Status == assocDissociating {
		return
	}
	c.Store.SetStatus(assoc, assocDeleting, true)
	if c.Store.NextStep(assoc) == nil {
		c.Store.SetStatus(assoc, store.Gone, true)
	}
}
