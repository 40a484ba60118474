// Package ecr serves ExpressConnectRouter 2023-09-01 (the API reference): ECRs, their
// associations with VPCs and transit routers, and instance grants.
//
// CreateExpressConnectRouter follows its API reference page; the companions follow the
// SDK's names and the decisions recorded in internal/catalog/data/ecr.yaml.
// The ECR lock (Conflict.Lock) and the status an ECR shows while an operation
// is in progress come from package ecrstate, which derives both from the
// associations and transit-router attachments in transitional states, so the
// lock ends when the store settles them on ecmock's clock.
package ecr

import (
	"strconv"
	"strings"
	"time"

	"github.com/ecmock/ecmock/internal/api"
	"github.com/ecmock/ecmock/internal/products/ecrstate"
	"github.com/ecmock/ecmock/internal/store"
)

// Product is the catalogue name of the product.
const Product = "ExpressConnectRouter"

// Statuses of ECRs, associations and grants as the API shows them.
const (
	StatusActive   = "ACTIVE"
	StatusCreating = "CREATING"
	StatusDeleting = "DELETING"
	BizNormal      = "Normal"
)

// defaultMaxResults is the documented default page size of the listings.
const (
	defaultMaxResults = 20
	maxMaxResults     = 2147483647
)

const timeFormat = "2006-01-02T15:04:05Z"

// Register adds the package's handlers to the dispatch table.
func Register(r *api.Registry) {
	r.Handle(Product, "CreateExpressConnectRouter", createExpressConnectRouter)
	r.Handle(Product, "DescribeExpressConnectRouter", describeExpressConnectRouter)
	r.Handle(Product, "ModifyExpressConnectRouter", modifyExpressConnectRouter)
	r.Handle(Product, "DeleteExpressConnectRouter", deleteExpressConnectRouter)
	r.Handle(Product, "DescribeExpressConnectRouterRegion", describeRegions)
	r.Handle(Product, "DescribeExpressConnectRouterInterRegionTransitMode", describeTransitModes)
	r.Handle(Product, "CreateExpressConnectRouterAssociation", createAssociation)
	r.Handle(Product, "DescribeExpressConnectRouterAssociation", describeAssociations)
	r.Handle(Product, "DeleteExpressConnectRouterAssociation", deleteAssociation)
	r.Handle(Product, "GrantInstanceToExpressConnectRouter", grantInstance)
	r.Handle(Product, "RevokeInstanceFromExpressConnectRouter", revokeInstance)
	r.Handle(Product, "DescribeInstanceGrantedToExpressConnectRouter", describeGrants)

	registerExtra(r)

	r.FixtureDefaults(store.TypeECR, completeECR)
	r.OnStore(func(s *store.Store) {
		s.Tally(store.TypeECR, ecrTally)
		// set at creation, never changed: an ECR's dependants are looked up
		s.IndexAttr(store.TypeECRAssociation, "EcrId")
		s.IndexAttr(store.TypeECRChildInstance, "EcrId")
		s.IndexAttr(store.TypeECRChildInstance, "ChildInstanceId")
	})
	r.FixtureDefaults(store.TypeECRAssociation, completeAssociation)
	r.FixtureDefaults(store.TypeECRGrant, completeGrant)
}

// ownECR returns the caller's ECR with that ID, or nil.
func ownECR(c *api.Call, id string) *store.Resource {
	r := c.Store.GetType(id, store.TypeECR)
	if r == nil || r.Owner != c.Account.UID {
		return nil
	}
	return r
}

// idle answers Conflict.Lock when an operation holds the ECR: an association
// or attachment in a transitional state (ecrstate), or the ECR itself not
// ACTIVE (DELETING, or a status forced from outside).
func idle(c *api.Call, ecr *store.Resource) error {
	if ecr.Status != StatusActive || ecrstate.Locked(c.Store, ecr.ID) {
		return api.Errf("Conflict.Lock", "ECR %s is %s", ecr.ID, ecrstate.Status(c.Store, ecr))
	}
	return nil
}

// dryRun is the answer of a dry run that passed every check.
func dryRun(c *api.Call) error {
	return api.Errf("DryRunOperation", "%s: every check passed", c.Action.Name)
}

// uidNumber renders an account UID as the API's numeric OwnerId (the UID
// itself when it is not a number).
func uidNumber(uid string) any {
	if n, err := strconv.ParseInt(uid, 10, 64); err == nil {
		return n
	}
	return uid
}

// stamp formats a time as the API's GmtCreate/GmtModified.
func stamp(t time.Time) string { return t.UTC().Format(timeFormat) }

// modified returns a resource's GmtModified (its creation time until changed).
func modified(r *store.Resource) string {
	if s := r.Str("GmtModified"); s != "" {
		return s
	}
	return stamp(r.Created)
}

// tagsOf reads the stored tags of a resource: a list of {Key, Value} objects
// (after an export/import round trip, maps of any).
func tagsOf(r *store.Resource) []api.Tag {
	var out []api.Tag
	switch v := r.Attrs["Tags"].(type) {
	case []api.Tag:
		out = append(out, v...)
	case []any:
		for _, e := range v {
			switch m := e.(type) {
			case map[string]any:
				out = append(out, api.Tag{Key: str(first(m["Key"], m["TagKey"])), Value: str(first(m["Value"], m["TagValue"]))})
			case map[string]string:
				out = append(out, api.Tag{Key: first(m["Key"], m["TagKey"]), Value: first(m["Value"], m["TagValue"])})
			case api.Tag:
				out = append(out, m)
			}
		}
	}
	return out
}

// storeTags turns request tags into the stored form; a repeated key keeps
// its last value.
func storeTags(tags []api.Tag) []any {
	out := []any{}
	index := map[string]int{}
	for _, t := range tags {
		if i, dup := index[t.Key]; dup {
			out[i] = map[string]any{"Key": t.Key, "Value": t.Value}
			continue
		}
		index[t.Key] = len(out)
		out = append(out, map[string]any{"Key": t.Key, "Value": t.Value})
	}
	return out
}

func first[T comparable](vs ...T) T {
	var zero T
	for _, v := range vs {
		if v != zero {
			return v
		}
	}
	return zero
}

// str renders a stored scalar as a string.
func str(v any) string {
	switch t := v.(type) {
	case nil:
		return ""
	case string:
		return t
	case float64:
		return strconv.FormatInt(int64(t), 10)
	case int64:
		return strconv.FormatInt(t, 10)
	case int:
		return strconv.Itoa(t)
	}
	return ""
}

// stringList reads a stored list of strings ([]string, or []any after JSON).
func stringList(v any) []any {
	out := []any{}
	switch t := v.(type) {
	case []string:
		for _, s := range t {
			out = append(out, s)
		}
	case []any:
		for _, s := range t {
			if x, ok := s.(string); ok {
				out = append(out, x)
			}
		}
	}
	return out
}

func setDefault(r *store.Resource, k string, v any) {
	if _, ok := r.Attrs[k]; !ok {
		r.Attrs[k] = v
	}
}

// completeECR fills a scenario fixture of an ECR with the fields
// CreateExpressConnectRouter would have set.
func completeECR(r *store.Resource) {
	if r.Attrs == nil {
		r.Attrs = map[string]any{}
	}
	if r.Status == "" {
		r.Status = StatusActive
	}
	r.Attrs["EcrId"] = r.ID
	setDefault(r, "Name", "")
	setDefault(r, "Description", "")
	setDefault(r, "AlibabaSideAsn", int64(45104))
	setDefault(r, "BizStatus", BizNormal)
	setDefault(r, "ResourceGroupId", defaultResourceGroup(r.Owner))
	setDefault(r, "Tags", []any{})
}

// completeAssociation fills a scenario fixture of an ECR association.
func completeAssociation(r *store.Resource) {
	if r.Attrs == nil {
		r.Attrs = map[string]any{}
	}
	if r.Status == "" {
		r.Status = StatusActive
	}
	nt := "VPC"
	if r.Str("TransitRouterId") != "" {
		nt = "TR"
	}
	setDefault(r, "AssociationNodeType", nt)
	setDefault(r, "AssociationRegionId", r.Region)
	if r.Str("AssociationNodeType") == "TR" {
		setDefault(r, "TransitRouterOwnerId", r.Owner)
	} else {
		setDefault(r, "VpcOwnerId", r.Owner)
	}
	setDefault(r, "AllowedPrefixes", []any{})
	setDefault(r, "AllowedPrefixesMode", "MatchMode")
	setDefault(r, "Description", "")
}

// completeGrant fills a scenario fixture of an instance grant.
func completeGrant(r *store.Resource) {
	if r.Attrs == nil {
		r.Attrs = map[string]any{}
	}
	if r.Status == "" {
		r.Status = StatusActive
	}
	setDefault(r, "InstanceRegionId", r.Region)
	id := r.Str("InstanceId")
	switch {
	case strings.HasPrefix(id, "vbr-"):
		setDefault(r, "InstanceType", "VBR")
	case strings.HasPrefix(id, "tr-"):
		setDefault(r, "InstanceType", "TR")
	case strings.HasPrefix(id, "vpc-"):
		setDefault(r, "InstanceType", "VPC")
	}
}

// defaultResourceGroup is the account's default resource group (decided).
func defaultResourceGroup(uid string) string { return "rg-acfm" + uid }
