package tags

import (
	"strings"

	"github.com/ecmock/ecmock/internal/api"
	"github.com/ecmock/ecmock/internal/store"
)

// kind is a resource type a product's tag actions accept: the store type it
// names ("" when ecmock does not model it, so no ID of it exists) and whether
// it is regional (found only in the request's region).
type kind struct {
	storeType string
	regional  bool
}

// family is one product's tag actions: the ResourceType values they accept,
// the code answered for an unknown resource ID, and how ListTagResources
// pages and renders.
type family struct {
	kinds       map[string]kind
	notFound    string
	sizeParam   string // MaxResults or PageSize
	defaultSize int
	maxSize     int
	render      func(rows []api.M, next string, total int) api.M
}

var (
	ecrFamily = &family{
		kinds:       map[string]kind{"EXPRESSCONNECTROUTER": {storeType: store.TypeECR}},
		notFound:    "ResourceNotFound.EcrId",
		sizeParam:   "MaxResults",
		defaultSize: 20,
		maxSize:     100,
		render: func(rows []api.M, next string, total int) api.M {
			items := make([]any, 0, len(rows))
			for _, r := range rows {
				items = append(items, r)
			}
			return api.M{"TagResources": items, "NextToken": next, "TotalCount": total}
		},
	}
	cbnFamily = &family{
		kinds: map[string]kind{
			"cen":                        {storeType: store.TypeCEN},
			"TransitRouter":              {storeType: store.TypeTransitRouter, regional: true},
			"TransitRouterEcrAttachment": {storeType: store.TypeTRECRAttachment, regional: true},
		},
		notFound:    "InvalidResourceId.NotFound",
		sizeParam:   "PageSize",
		defaultSize: 50,
		maxSize:     50,
		render:      nestedRender,
	}
	vpcFamily = &family{
		kinds: map[string]kind{
			"PHYSICALCONNECTION":  {storeType: store.TypePhysicalConnection, regional: true},
			"VIRTUALBORDERROUTER": {storeType: store.TypeVBR, regional: true},
			"ROUTERINTERFACE":     {regional: true},
		},
		notFound:    "InvalidInstanceIds.NotFound",
		sizeParam:   "MaxResults",
		defaultSize: 20,
		maxSize:     100,
		render:      nestedRender,
	}
)

// nestedRender is the RPC products' shape: TagResources.TagResource[].
func nestedRender(rows []api.M, next string, _ int) api.M {
	items := make([]any, 0, len(rows))
	for _, r := range rows {
		items = append(items, r)
	}
	return api.M{"TagResources": api.M{"TagResource": items}, "NextToken": next}
}

// Register adds the tag actions of ExpressConnectRouter, Cbn and Vpc.
func Register(r *api.Registry) {
	r.Handle("ExpressConnectRouter", "TagResources", ecrFamily.tag)
	r.Handle("ExpressConnectRouter", "UntagResources", ecrFamily.untag)
	r.Handle("ExpressConnectRouter", "ListTagResources", ecrFamily.list)
	r.Handle("Cbn", "TagResources", cbnFamily.tag)
	r.Handle("Cbn", "UntagResources", cbnFamily.untag)
	r.Handle("Cbn", "ListTagResources", cbnFamily.list)
	r.Handle("Vpc", "TagResourcesForExpressConnect", vpcFamily.tag)
	r.Handle("Vpc", "UntagResourcesForExpressConnect", vpcFamily.untag)
	r.Handle("Vpc", "UnTagResources", vpcFamily.untag)
	r.Handle("Vpc", "ListTagResourcesForExpressConnect", vpcFamily.list)
	r.Handle("Vpc", "ListTagResources", vpcFamily.list)
}

// invalid answers the product's invalid-parameter code for param.
func invalid(c *api.Call, param, reason string, a ...any) *api.Error {
	code := strings.ReplaceAll(c.Action.ProductOf().InvalidError, "%s", param)
	e := api.Errf(code, reason, a...)
	e.Args = []string{param}
	return e
}

// resources finds every ResourceId.N among the caller's resources of the
// requested type (in the request's region when the type is regional); the
// first unknown ID answers the family's NotFound code.
func (f *family) resources(c *api.Call) ([]*store.Resource, error) {
	k, err := f.kindOf(c)
	if err != nil {
		return nil, err
	}
	var out []*store.Resource
	for _, id := range c.Params.List("ResourceId") {
		r := f.find(c, k, id)
		if r == nil {
			return nil, api.Errf(f.notFound, "no %s %q of account %s in %s", c.Params.Get("ResourceType"), id, c.Account.UID, c.Region)
		}
		out = append(out, r)
	}
	return out, nil
}

// kindOf is the resource kind ResourceType names, matched without regard to
// case (Terraform sends TRANSITROUTERECRATTACHMENT for the Cbn type
// TransitRouterEcrAttachment); an unknown type answers the product's
// invalid-parameter code.
func (f *family) kindOf(c *api.Call) (kind, error) {
	rt := c.Params.Get("ResourceType")
	for name, k := range f.kinds {
		if strings.EqualFold(name, rt) {
			return k, nil
		}
	}
	return kind{}, invalid(c, "ResourceType", "resource type %q is not one of the product's tag resource types", rt)
}

func (f *family) find(c *api.Call, k kind, id string) *store.Resource {
	if k.storeType == "" || id == "" {
		return nil
	}
	r := c.Store.GetType(id, k.storeType)
	if r == nil || r.Owner != c.Account.UID || (k.regional && r.Region != c.Region) {
		return nil
	}
	return r
}

func (f *family) tag(c *api.Call) (api.M, error) {
	add := c.Params.Tags("Tag")
	if len(add) == 0 {
		return nil, invalid(c, "Tag", "no Tag.N was given")
	}
	if k := RepeatedKey(add); k != "" {
		return nil, invalid(c, "Tag.N.Key", "tag key %q is given twice", k)
	}
	rs, err := f.resources(c)
	if err != nil {
		return nil, err
	}
	for _, r := range rs {
		if n := len(Merge(Of(r), add)); n > MaxPerResource {
			return nil, api.Errf("SizeLimitExceeded.TagNum", "%s would carry %d tags (at most %d)", r.ID, n, MaxPerResource)
		}
	}
	if c.DryRun() {
		return nil, api.Errf("DryRunOperation", "%s: every check passed", c.Action.Name)
	}
	for _, r := range rs {
		Put(r, Merge(Of(r), add))
	}
	return api.M{}, nil
}

func (f *family) untag(c *api.Call) (api.M, error) {
	keys := c.Params.List("TagKey")
	rs, err := f.resources(c)
	if err != nil {
		return nil, err
	}
	if c.DryRun() {
		return nil, api.Errf("DryRunOperation", "%s: every check passed", c.Action.Name)
	}
	for _, r := range rs {
		switch {
		case len(keys) > 0:
			Put(r, Remove(Of(r), keys))
		case c.Params.Bool("All"):
			Put(r, nil)
		}
	}
	return api.M{}, nil
}

func (f *family) list(c *api.Call) (api.M, error) {
	p := c.Params
	want := p.Tags("Tag")
	ids := p.List("ResourceId")
	if len(ids) == 0 && len(want) == 0 {
		return nil, invalid(c, "ResourceId", "neither ResourceId.N nor Tag.N was given")
	}
	for _, t := range want {
		if t.Key == "" {
			return nil, invalid(c, "Tag.N.Key", "a Tag.N.Value without its key")
		}
	}
	k, err := f.kindOf(c)
	if err != nil {
		return nil, err
	}
	var rs []*store.Resource
	if len(ids) > 0 {
		for _, id := range ids {
			if r := f.find(c, k, id); r != nil {
				rs = append(rs, r)
			}
		}
	} else if k.storeType != "" {
		rs = c.Store.List(k.storeType, func(r *store.Resource) bool {
			return r.Owner == c.Account.UID && (!k.regional || r.Region == c.Region)
		})
	}
	var rows []pair
	for _, r := range rs {
		if !Match(r, want) {
			continue
		}
		for _, t := range Of(r) {
			rows = append(rows, pair{r: r, tag: t})
		}
	}
	size := int(p.Int(f.sizeParam, int64(f.defaultSize)))
	if size < 1 {
		size = f.defaultSize
	}
	if size > f.maxSize {
		size = f.maxSize
	}
	page, next, ok := pageToken(rows, p.Get("NextToken"), size)
	if !ok {
		return nil, invalid(c, "NextToken", "NextToken %q was not issued by this server", p.Get("NextToken"))
	}
	out := make([]api.M, 0, len(page))
	for _, row := range page {
		m := api.M{"ResourceId": row.r.ID, "ResourceType": p.Get("ResourceType"), "TagKey": row.tag.Key, "TagValue": row.tag.Value}
		if f == vpcFamily {
			m["ResourcId"] = row.r.ID // the Vpc SDK's misspelt duplicate of ResourceId
		}
		out = append(out, m)
		c.Store.Observe(row.r)
	}
	return f.render(out, next, len(rows)), nil
}
