package ecr

import (
	"sort"
	"strconv"

	"github.com/ecmock/ecmock/internal/api"
	"github.com/ecmock/ecmock/internal/products/ecrstate"
	"github.com/ecmock/ecmock/internal/store"
)

// The ASN Alibaba Cloud uses by default (public; any number of ECRs may use
// it) and the one it reserves.
const (
	defaultASN  = 45104
	reservedASN = 65025
)

// validASN is the API reference's rule: 45104, 64512–65534 or 4200000000–4294967294,
// never 65025.
func validASN(asn int64) bool {
	return asn == defaultASN || privateASN(asn)
}

// privateASN reports a private ASN (unique among an account's ECRs).
// ecrTally counts an account's ECRs (all, by ASN) for createExpressConnectRouter.
func ecrTally(r *store.Resource) []store.TallyKey {
	return []store.TallyKey{{Kind: "all"}, {Kind: "asn", Value: strconv.FormatInt(r.Int("AlibabaSideAsn"), 10)}}
}

func privateASN(asn int64) bool {
	switch {
	case asn == reservedASN:
		return false
	case asn >= 64512 && asn <= 65534:
		return true
	case asn >= 4200000000 && asn <= 4294967294:
		return true
	}
	return false
}

func createExpressConnectRouter(c *api.Call) (api.M, error) {
	p := c.Params
	asn := p.Int("AlibabaSideAsn", 0)
	if !validASN(asn) {
		return nil, api.Errf("IllegalParam.AlibabaSideAsn", "AlibabaSideAsn %d is not 45104, 64512-65534 (but 65025) or 4200000000-4294967294", asn)
	}
	if !c.Account.IsWhitelisted() {
		return nil, api.Errf("OperationFailed.UserNotInWhiteList", "account %s is not whitelisted for ECR", c.Account.UID)
	}
	count := c.Store.Tallied(store.TypeECR, c.Account.UID).Of // ecrTally: no visit of the account's ECRs
	asnKey := strconv.FormatInt(asn, 10)
	if privateASN(asn) && count("asn", asnKey) > 0 {
		used := c.Store.FindOwned(store.TypeECR, c.Account.UID, "", func(r *store.Resource) bool { return r.Int("AlibabaSideAsn") == asn })
		if used != nil {
			return nil, api.Errf("Conflict.ASNOfECR", "ASN %d is used by %s", asn, used.ID)
		}
	}
	if n, q := count("all", ""), c.Quota("EcrCountPerUser"); n >= q {
		return nil, api.Errf("QuotaExceeded.EcrCountPerUser", "the account has %d ECRs (quota %d)", n, q)
	}
	if c.DryRun() {
		return nil, dryRun(c)
	}
	rg := p.Get("ResourceGroupId")
	if rg == "" {
		rg = defaultResourceGroup(c.Account.UID)
	}
	r := c.New(store.TypeECR, "ecr", StatusActive, api.M{
		"Name":            p.Get("Name"),
		"Description":     p.Get("Description"),
		"AlibabaSideAsn":  asn,
		"BizStatus":       BizNormal,
		"ResourceGroupId": rg,
		"Tags":            storeTags(p.Tags("Tag")),
	})
	r.Set("EcrId", r.ID)
	return api.M{"EcrId": r.ID}, nil
}

// tagFilter is one tag an ECR must carry (Value "" matches any value).
type tagFilter struct{ key, value string }

func describeExpressConnectRouter(c *api.Call) (api.M, error) {
	p := c.Params
	if c.DryRun() {
		return nil, dryRun(c)
	}
	var want []tagFilter
	for _, t := range p.Tags("Tag") {
		want = append(want, tagFilter{t.Key, t.Value})
	}
	for _, o := range p.Objects("TagModels") {
		want = append(want, tagFilter{o["TagKey"], o["TagValue"]})
	}
	id, name, rg := p.Get("EcrId"), p.Get("Name"), p.Get("ResourceGroupId")
	all := c.Store.ListOwned(store.TypeECR, c.Account.UID, "", func(r *store.Resource) bool {
		switch {
		case r.Owner != c.Account.UID:
			return false
		case id != "" && r.ID != id:
			return false
		case name != "" && r.Str("Name") != name:
			return false
		case rg != "" && r.Str("ResourceGroupId") != rg:
			return false
		}
		return hasTags(tagsOf(r), want)
	})
	pg, err := api.PaginateToken(p, all, defaultMaxResults, maxMaxResults, "IllegalParamFormat.NextToken")
	if err != nil {
		return nil, err
	}
	items := c.Show(pg.Items, func(r *store.Resource) api.M { return ecrView(c.Store, r) })
	return api.M{"EcrList": items, "TotalCount": pg.TotalCount, "MaxResults": pg.MaxResults, "NextToken": pg.NextToken}, nil
}

func hasTags(have []api.Tag, want []tagFilter) bool {
	for _, w := range want {
		found := false
		for _, h := range have {
			if h.Key == w.key && (w.value == "" || h.Value == w.value) {
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

// ecrView renders an ECR as DescribeExpressConnectRouter's EcrList shows it.
func ecrView(st *store.Store, r *store.Resource) api.M {
	tags := []any{}
	for _, t := range tagsOf(r) {
		tags = append(tags, api.M{"TagKey": t.Key, "TagValue": t.Value})
	}
	return api.M{
		"EcrId":           r.ID,
		"Name":            r.Str("Name"),
		"Description":     r.Str("Description"),
		"AlibabaSideAsn":  r.Int("AlibabaSideAsn"),
		"Status":          ecrstate.Status(st, r),
		"BizStatus":       first(r.Str("BizStatus"), BizNormal),
		"OwnerId":         uidNumber(r.Owner),
		"ResourceGroupId": r.Str("ResourceGroupId"),
		"GmtCreate":       stamp(r.Created),
		"GmtModified":     modified(r),
		"Tags":            tags,
	}
}

func modifyExpressConnectRouter(c *api.Call) (api.M, error) {
	p := c.Params
	r := ownECR(c, p.Get("EcrId"))
	if r == nil {
		return nil, api.Errf("ResourceNotFound.EcrId", "no ECR %q in account %s", p.Get("EcrId"), c.Account.UID)
	}
	if err := idle(c, r); err != nil {
		return nil, err
	}
	if c.DryRun() {
		return nil, dryRun(c)
	}
	if p.Has("Name") {
		r.Set("Name", p.Get("Name"))
	}
	if p.Has("Description") {
		r.Set("Description", p.Get("Description"))
	}
	r.Set("GmtModified", stamp(c.Now))
	return api.M{}, nil
}

func deleteExpressConnectRouter(c *api.Call) (api.M, error) {
	id := c.Params.Get("EcrId")
	r := ownECR(c, id)
	if r == nil {
		return nil, api.Errf("ResourceNotFound.EcrId", "no ECR %q in account %s", id, c.Account.UID)
	}
	if err := idle(c, r); err != nil {
		return nil, err
	}
	if as := c.Store.ByAttr(store.TypeECRAssociation, "EcrId", id, nil); len(as) > 0 {
		return nil, api.Errf("DependencyViolation.Association", "ECR %s still has association %s", id, as[0].ID)
	}
	if as := c.Store.ByAttr(store.TypeTRECRAttachment, "EcrId", id, nil); len(as) > 0 {
		return nil, api.Errf("DependencyViolation.Attachment", "ECR %s is still attached by %s", id, as[0].ID)
	}
	if chs := c.Store.ByAttr(store.TypeECRChildInstance, "EcrId", id, nil); len(chs) > 0 {
		return nil, api.Errf("DependencyViolation.ChildInstance", "ECR %s still has child instance %s", id, chs[0].Str("ChildInstanceId"))
	}
	if c.DryRun() {
		return nil, dryRun(c)
	}
	c.Store.SetStatus(r, StatusDeleting, true)
	return api.M{}, nil
}

// regions are the distinct regions of an ECR's associations, sorted.
func regions(st *store.Store, ecrID string) []string {
	seen := map[string]bool{}
	var out []string
	for _, a := range st.ByAttr(store.TypeECRAssociation, "EcrId", ecrID, nil) {
		if r := first(a.Str("AssociationRegionId"), a.Region); !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	sort.Strings(out)
	return out
}

func describeRegions(c *api.Call) (api.M, error) {
	r := ownECR(c, c.Params.Get("EcrId"))
	if r == nil {
		return nil, api.Errf("ResourceNotFound.EcrId", "no ECR %q in account %s", c.Params.Get("EcrId"), c.Account.UID)
	}
	if c.DryRun() {
		return nil, dryRun(c)
	}
	list := []any{}
	for _, region := range regions(c.Store, r.ID) {
		list = append(list, region)
	}
	c.Store.Observe(r)
	return api.M{"RegionIdList": list}, nil
}

func describeTransitModes(c *api.Call) (api.M, error) {
	r := ownECR(c, c.Params.Get("EcrId"))
	if r == nil {
		return nil, api.Errf("ResourceNotFound.EcrId", "no ECR %q in account %s", c.Params.Get("EcrId"), c.Account.UID)
	}
	if c.DryRun() {
		return nil, dryRun(c)
	}
	list := modeList(c.Store, r)
	c.Store.Observe(r)
	return api.M{"InterRegionTransitModeList": list}, nil
}
