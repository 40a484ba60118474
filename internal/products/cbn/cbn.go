// Package cbn serves Cbn 2017-09-12 (the API reference): CENs, transit routers and
// transit-router ECR attachments. CreateTransitRouterEcrAttachment follows the
// API reference's rules and error table; the companions (CreateCen, DescribeCens,
// DeleteCen, CreateTransitRouter, ListTransitRouters, DeleteTransitRouter,
// ListTransitRouterEcrAttachments, UpdateTransitRouterEcrAttachmentAttribute,
// DeleteTransitRouterEcrAttachment) take their names from the Go SDK and their
// rules from the decisions in the catalogue (data/cbn.yaml).
package cbn

import (
	"strconv"
	"strings"

	"github.com/ecmock/ecmock/internal/api"
	"github.com/ecmock/ecmock/internal/store"
)

// Product is the catalogue name of the product.
const Product = "Cbn"

// Statuses and editions.
const (
	statusCreating  = "Creating"
	statusActive    = "Active"
	statusDeleting  = "Deleting"
	statusAttaching = "Attaching"
	statusAttached  = "Attached"
	statusDetaching = "Detaching"

	editionEnterprise = "Enterprise"
	editionBasic      = "Basic"

	protectionReduced = "REDUCED"
	protectionFull    = "FULL"

	resourceTypeECR = "ECR"
)

// Account flags (catalogue notes) that make the API reference's account-level codes
// reachable.
const (
	flagServiceLinkedRoleDenied = "cenServiceLinkedRoleDenied"
	flagTRServiceNotOpen        = "transitRouterServiceNotOpen"
	flagInternationalSite       = "internationalSite"
)

// timeFormat is how the CEN API writes times: 2021-06-15T02:14Z.
const timeFormat = "2006-01-02T15:04Z"

// knownRegions are the region IDs the Cbn actions accept (catalogue notes);
// the local regions do not support ECR attachments.
var (
	knownRegions = setOf("cn-qingdao", "cn-beijing", "cn-zhangjiakou", "cn-huhehaote", "cn-wulanchabu",
		"cn-hangzhou", "cn-shanghai", "cn-nanjing", "cn-fuzhou", "cn-wuhan-lr", "cn-shenzhen", "cn-heyuan",
		"cn-guangzhou", "cn-chengdu", "cn-hongkong", "ap-northeast-1", "ap-northeast-2", "ap-southeast-1",
		"ap-southeast-3", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7", "ap-south-1", "us-east-1",
		"us-west-1", "eu-west-1", "eu-central-1", "me-east-1", "me-central-1", "cn-shanghai-finance-1",
		"cn-shenzhen-finance-1", "cn-beijing-finance-1")
	noEcrAttachmentRegions = setOf("cn-nanjing", "cn-fuzhou", "cn-wuhan-lr")
)

func setOf(s ...string) map[string]bool {
	m := make(map[string]bool, len(s))
	for _, v := range s {
		m[v] = true
	}
	return m
}

// Register adds the package's handlers to the dispatch table.
func Register(r *api.Registry) {
	r.OnStore(func(s *store.Store) {
		// set at creation, never changed: creates look them up instead of
		// visiting every account's routers and attachments
		s.IndexAttr(store.TypeTransitRouter, "CenId")
		s.IndexAttr(store.TypeTRECRAttachment, "TransitRouterId")
		s.IndexAttr(store.TypeTRECRAttachment, "EcrId")
	})
	r.Handle(Product, "CreateCen", createCen)
	r.Handle(Product, "DescribeCens", describeCens)
	r.Handle(Product, "DeleteCen", deleteCen)
	r.Handle(Product, "CreateTransitRouter", createTransitRouter)
	r.Handle(Product, "ListTransitRouters", listTransitRouters)
	r.Handle(Product, "DeleteTransitRouter", deleteTransitRouter)
	r.Handle(Product, "CreateTransitRouterEcrAttachment", createTransitRouterEcrAttachment)
	r.Handle(Product, "ListTransitRouterEcrAttachments", listTransitRouterEcrAttachments)
	r.Handle(Product, "UpdateTransitRouterEcrAttachmentAttribute", updateTransitRouterEcrAttachmentAttribute)
	r.Handle(Product, "DeleteTransitRouterEcrAttachment", deleteTransitRouterEcrAttachment)

	registerModify(r)

	r.FixtureDefaults(store.TypeCEN, cenFixture)
	r.FixtureDefaults(store.TypeTransitRouter, transitRouterFixture)
	r.FixtureDefaults(store.TypeTRECRAttachment, attachmentFixture)
}

// cenFixture completes a scenario's CEN: Active, REDUCED unless given.
func cenFixture(r *store.Resource) {
	setDefault(r, "CenId", r.ID)
	setDefault(r, "Name", "")
	setDefault(r, "Description", "")
	setDefault(r, "ProtectionLevel", protectionReduced)
	setDefault(r, "Ipv6Level", "DISABLED")
	setDefault(r, "ResourceGroupId", "")
	if r.Status == "" {
		r.Status = statusActive
	}
}

// transitRouterFixture completes a scenario's transit router: Enterprise
// Edition and Active unless given (Basic Edition routers exist only so).
func transitRouterFixture(r *store.Resource) {
	setDefault(r, "TransitRouterId", r.ID)
	setDefault(r, "Type", editionEnterprise)
	setDefault(r, "TransitRouterName", "")
	setDefault(r, "TransitRouterDescription", "")
	setDefault(r, "CenId", "")
	setDefault(r, "ServiceMode", "")
	setDefault(r, "SupportMulticast", false)
	if r.Status == "" {
		r.Status = statusActive
	}
}

// attachmentFixture completes a scenario's ECR attachment: Attached, the ECR
// of the attachment's owner unless EcrOwnerId is given.
func attachmentFixture(r *store.Resource) {
	setDefault(r, "TransitRouterAttachmentId", r.ID)
	setDefault(r, "ResourceType", resourceTypeECR)
	setDefault(r, "TransitRouterAttachmentName", "")
	setDefault(r, "TransitRouterAttachmentDescription", "")
	setDefault(r, "EcrOwnerId", r.Owner)
	setDefault(r, "AutoPublishRouteEnabled", false)
	for _, k := range []string{"CenId", "TransitRouterId", "EcrId"} {
		setDefault(r, k, "")
	}
	if r.Status == "" {
		r.Status = statusAttached
	}
}

func setDefault(r *store.Resource, k string, v any) {
	if r.Attrs == nil {
		r.Attrs = map[string]any{}
	}
	if _, ok := r.Attrs[k]; !ok {
		r.Attrs[k] = v
	}
}

// creationTime is the resource's creation time as the CEN API writes it.
func creationTime(r *store.Resource) string {
	if s := r.Str("CreationTime"); s != "" {
		return s
	}
	return r.Created.UTC().Format(timeFormat)
}

// uid renders an account UID as the API's integer.
func uid(s string) int64 {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0
	}
	return n
}

// storedTags turns request tags into the stored form (JSON-shaped, so that
// state export and import keep it).
func storedTags(tags []api.Tag) []any {
	out := make([]any, 0, len(tags))
	for _, t := range tags {
		out = append(out, map[string]any{"Key": t.Key, "Value": t.Value})
	}
	return out
}

// tagsOf returns a resource's tags as response objects.
func tagsOf(r *store.Resource) []any {
	out := []any{}
	list, _ := r.Attrs["Tags"].([]any)
	for _, v := range list {
		m, ok := v.(map[string]any)
		if !ok {
			continue
		}
		out = append(out, api.M{"Key": str(m["Key"]), "Value": str(m["Value"])})
	}
	return out
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// hasTags reports whether a resource carries every requested tag (a request
// tag without a value matches any value of its key).
func hasTags(r *store.Resource, want []api.Tag) bool {
	have := tagsOf(r)
	for _, w := range want {
		found := false
		for _, h := range have {
			m := h.(api.M)
			if m["Key"] == w.Key && (w.Value == "" || m["Value"] == w.Value) {
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

// getCen returns the caller's CEN with this ID (a CEN is global), or nil.
func getCen(c *api.Call, id string) *store.Resource {
	if id == "" {
		return nil
	}
	r := c.Store.GetType(id, store.TypeCEN)
	if r == nil || r.Owner != c.Account.UID {
		return nil
	}
	return r
}

// getTransitRouter returns the caller's transit router with this ID, in region
// when region is not empty, or nil.
func getTransitRouter(c *api.Call, id, region string) *store.Resource {
	if id == "" {
		return nil
	}
	r := c.Store.GetType(id, store.TypeTransitRouter)
	if r == nil || r.Owner != c.Account.UID || (region != "" && r.Region != region) {
		return nil
	}
	return r
}

// attachmentsOf lists the ECR attachments of a transit router (any owner, any
// status until gone).
func attachmentsOf(c *api.Call, trID string) []*store.Resource {
	return c.Store.ByAttr(store.TypeTRECRAttachment, "TransitRouterId", trID, nil)
}

// regionParam returns RegionId when the request sent it ("" otherwise; the
// front door's default region is not a request for a region).
func regionParam(c *api.Call) string { return strings.TrimSpace(c.Params.Get("RegionId")) }

// invalid answers InvalidParameter for a parameter.
func invalid(param, reason string, a ...any) *api.Error {
	e := api.Errf("InvalidParameter", reason, a...)
	e.Args = []string{param}
	return e
}
