package vpc

import (
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ecmock/ecmock/internal/api"
	"github.com/ecmock/ecmock/internal/products/tags"
	"github.com/ecmock/ecmock/internal/store"
)

const timeFormat = "2006-01-02T15:04:05Z"

// Physical connection statuses (API reference).
const (
	stInitial          = "Initial"
	stApproved         = "Approved"
	stAllocating       = "Allocating"
	stAllocated        = "Allocated"
	stAllocationFailed = "Allocation Failed"
	stConfirmed        = "Confirmed"
	stEnabled          = "Enabled"
	stRejected         = "Rejected"
	stCanceled         = "Canceled"
	stTerminating      = "Terminating"
	stTerminated       = "Terminated"
)

// Attributes of hosted connections (package hosted writes them, see
// store/types.go).
const (
	productDedicated = "PhysicalConnection"
	productHosted    = "VirtualPhysicalConnection"
)

func isHosted(r *store.Resource) bool { return r.Str("ProductType") == productHosted }

// fmtTime formats t to the second. The last one formatted is kept: the
// connections of a scenario share their creation time, and a listing shows
// it for each (one string for all, not one each).
func fmtTime(t time.Time) string {
	sec := t.Unix()
	if last := lastTime.Load(); last != nil && last.sec == sec {
		return last.s
	}
	s := t.UTC().Format(timeFormat)
	lastTime.Store(&formatted{sec, s})
	return s
}

type formatted struct {
	sec int64
	s   string
}

var lastTime atomic.Pointer[formatted]

// lookupPC finds a physical connection of the caller in the call's region.
// Anything else (unknown, another account's, another region's, another
// type's) is InvalidPhysicalConnectionId.NotFound.
func lookupPC(c *api.Call, id string) (*store.Resource, error) {
	r := c.Store.GetType(id, store.TypePhysicalConnection)
	if r == nil || r.Owner != c.Account.UID || r.Region != c.Region {
		return nil, api.Errf("InvalidPhysicalConnectionId.NotFound", "no physical connection %q of this account in %s", id, c.Region)
	}
	return r, nil
}

func notAllowed(r *store.Resource, what string) error {
	return api.Errf("Forbidden.NotAllowedInState", "%s is %s: %s", r.ID, r.Status, what)
}

// vbrsOn lists the VBRs (package vbr) still present on a connection, of
// every account.
func vbrsOn(c *api.Call, pcID string) []*store.Resource {
	return c.Store.ByAttr(store.TypeVBR, "PhysicalConnectionId", pcID, nil)
}

// specOf is the Spec shown for a port type (decided).
func specOf(portType string) string {
	switch {
	case strings.HasPrefix(portType, "100Base"):
		return "100M"
	case strings.HasPrefix(portType, "1000Base"):
		return "1G"
	case strings.HasPrefix(portType, "10GBase"):
		return "10G"
	case strings.HasPrefix(portType, "40GBase"):
		return "40G"
	case strings.HasPrefix(portType, "100GBase"):
		return "100G"
	}
	return ""
}

// checkRedundant applies CreatePhysicalConnection's rules to
// RedundantPhysicalConnectionId: it exists in the region, belongs to the
// caller, and is Allocated, Confirmed or Enabled.
func checkRedundant(c *api.Call, rid string) error {
	if rid == "" {
		return nil
	}
	red := c.Store.GetType(rid, store.TypePhysicalConnection)
	if red == nil || red.Region != c.Region {
		return api.Errf("InvalidRedundantPhysicalConnectionId.NotFound", "no physical connection %q in %s", rid, c.Region)
	}
	if red.Owner != c.Account.UID || isHosted(red) {
		return api.Errf("InvalidRedundantPhysicalConnection", "%s belongs to another account", rid)
	}
	return checkRedundantStatus(red)
}

func checkRedundantStatus(red *store.Resource) error {
	switch red.Status {
	case stAllocated, stConfirmed, stEnabled:
		return nil
	}
	return api.Errf("InvalidRedundantPhysicalConnectionStatus", "redundant connection %s is %s (want Allocated, Confirmed or Enabled)", red.ID, red.Status)
}

// checkNewPC applies the account rules of a new physical connection: no
// overdue payment, then the quotas.
// The counts come from the connections' tally (pcTally), not from visiting
// the account's connections.
func checkNewPC(c *api.Call, ap string) error {
	uid := c.Account.UID
	count := c.Store.Tallied(store.TypePhysicalConnection, uid).Of
	if count("business", "FinancialLocked") > 0 {
		locked := c.Store.FindOwned(store.TypePhysicalConnection, uid, "", func(r *store.Resource) bool {
			return !isHosted(r) && r.Str("BusinessStatus") == "FinancialLocked"
		})
		if locked != nil {
			return api.Errf("Forbidden.FinancialLocked", "%s has an overdue payment", locked.ID)
		}
	}
	notEnabled, atAP := count("all", "")-count("status", stEnabled), count("ap", ap)
	if q := c.Quota("PhysicalConnectionsNotEnabled"); notEnabled >= q {
		return api.Errf("QuotaExceeded.freePconnPerAP", "%d physical connections not Enabled (quota %d)", notEnabled, q)
	}
	if q := c.Quota("PhysicalConnectionsPerAccessPoint"); atAP >= q {
		return api.Errf("QuotaExceeded.pConnPerAP", "%d physical connections at %s (quota %d)", atAP, ap, q)
	}
	return nil
}

func checkAccessPoint(ap string) error {
	if !strings.HasPrefix(ap, "ap-") || len(ap) < 4 {
		return api.Errf("InvalidAccessPointId.NotEnabled", "access point %q is not of the form ap-<region>-...", ap)
	}
	return nil
}

// newPC stores a new dedicated physical connection in Initial.
func newPC(c *api.Call, attrs api.M) *store.Resource {
	base := api.M{
		"LineOperator":                  "",
		"PeerLocation":                  "",
		"CircuitCode":                   "",
		"Description":                   "",
		"Name":                          "",
		"PortType":                      "1000Base-T",
		"RedundantPhysicalConnectionId": "",
		"Type":                          "VPC",
		"Bandwidth":                     int64(0),
		"BusinessStatus":                "Normal",
		"ChargeType":                    "PostPaid",
		"CreationTime":                  fmtTime(c.Now),
		"ProductType":                   productDedicated,
		"AdLocation":                    "",
		"PortNumber":                    "",
	}
	for k, v := range attrs {
		base[k] = v
	}
	base["Spec"] = specOf(base["PortType"].(string))
	return c.New(store.TypePhysicalConnection, "pc", stInitial, base)
}

func createPhysicalConnection(c *api.Call) (api.M, error) {
	p := c.Params
	ap := p.Get("AccessPointId")
	if err := checkAccessPoint(ap); err != nil {
		return nil, err
	}
	if err := checkRedundant(c, p.Get("RedundantPhysicalConnectionId")); err != nil {
		return nil, err
	}
	if err := checkNewPC(c, ap); err != nil {
		return nil, err
	}
	attrs := api.M{
		"AccessPointId":                 ap,
		"LineOperator":                  p.Get("LineOperator"),
		"PeerLocation":                  p.Get("PeerLocation"),
		"CircuitCode":                   p.Get("CircuitCode"),
		"Description":                   p.Get("Description"),
		"Name":                          p.Get("Name"),
		"RedundantPhysicalConnectionId": p.Get("RedundantPhysicalConnectionId"),
		"Bandwidth":                     p.Int("bandwidth", 0),
	}
	if v := p.Get("PortType"); v != "" {
		attrs["PortType"] = v
	}
	if v := p.Get("Type"); v != "" {
		attrs["Type"] = v
	}
	r := newPC(c, attrs)
	return api.M{"PhysicalConnectionId": r.ID}, nil
}

var pcFilterKeys = api.FilterKeys{
	"PhysicalConnectionId": func(r *store.Resource) string { return r.ID },
	"AccessPointId":        func(r *store.Resource) string { return r.Str("AccessPointId") },
	"Type":                 func(r *store.Resource) string { return r.Str("Type") },
	"LineOperator":         func(r *store.Resource) string { return r.Str("LineOperator") },
	"Spec":                 func(r *store.Resource) string { return r.Str("Spec") },
	"Status":               func(r *store.Resource) string { return r.Status },
	"Name":                 func(r *store.Resource) string { return r.Str("Name") },
}

// maxFilterValues is the documented bound of Filter.N.Value.M (API reference).
const maxFilterValues = 5

func describePhysicalConnections(c *api.Call) (api.M, error) {
	filters := c.Params.Filters()
	for i, f := range filters {
		if len(f.Values) > maxFilterValues {
			return nil, api.Err("InvalidParameter", fmt.Sprintf("Filter.%d.Value", i+1))
		}
	}
	var all []*store.Resource
	if ids := idFilter(filters); ids != nil {
		// by ID: look the few up instead of listing the account
		all = c.Store.Lookup(store.TypePhysicalConnection, ids, func(r *store.Resource) bool {
			return r.Owner == c.Account.UID && r.Region == c.Region
		})
	} else {
		all = c.Store.OwnedView(store.TypePhysicalConnection, c.Account.UID, c.Region) // read only
	}
	if want := c.Params.Tags("Tags"); len(want) > 0 {
		tagged := make([]*store.Resource, 0, len(all)) // a new slice: the view is read only
		for _, r := range all {
			if tags.Match(r, want) {
				tagged = append(tagged, r)
			}
		}
		all = tagged
	}
	matched, err := api.MatchFilters(filters, pcFilterKeys, all)
	if err != nil {
		return nil, err
	}
	pg := api.Paginate(c.Params, matched)
	v := newViewer(c, c.Params.Bool("IncludeReservationData"))
	items := c.ShowFields(pg.Items, v.fields)
	return api.M{
		"PhysicalConnectionSet": api.M{"PhysicalConnectionType": items},
		"TotalCount":            pg.TotalCount,
		"PageNumber":            pg.PageNumber,
		"PageSize":              pg.PageSize,
	}, nil
}

// idFilter returns the values of a PhysicalConnectionId filter (nil when the
// call has none).
func idFilter(filters []api.Filter) []string {
	for _, f := range filters {
		if f.Key == "PhysicalConnectionId" && len(f.Values) > 0 {
			return f.Values
		}
	}
	return nil
}

// viewer renders physical connections as DescribePhysicalConnections shows
// them; it looks up each shown connection's LOA and hosted children through
// the store's attribute indexes (Register: IndexAttr).
type viewer struct {
	st          *store.Store // nil: loa and children are given
	reservation bool
	loa         map[string]string // InstanceId → LOA status
	children    map[string]int    // parent ID → hosted connections
}

func newViewer(c *api.Call, reservation bool) *viewer {
	return &viewer{st: c.Store, reservation: reservation}
}

// loaStatus is the status of the LOA of a connection ("" when none; the
// newest when several).
func (v *viewer) loaStatus(id string) string {
	if v.st == nil {
		return v.loa[id]
	}
	ls := v.st.ByAttr(TypeLOA, "InstanceId", id, nil)
	if len(ls) == 0 {
		return ""
	}
	return ls[len(ls)-1].Status
}

// childCount counts the hosted connections on a connection.
func (v *viewer) childCount(id string) int {
	if v.st == nil {
		return v.children[id]
	}
	return len(v.st.ByAttr(store.TypePhysicalConnection, "ParentPhysicalConnectionId", id, func(h *store.Resource) bool {
		return isHosted(h) && h.Str("VirtualPhysicalConnectionStatus") != "Deleted"
	}))
}

var pcStringFields = [...]string{
	"AccessPointId", "AdLocation", "BusinessStatus", "ChargeType", "CircuitCode", "Description",
	"EndTime", "LineOperator", "Name", "PeerLocation", "PortNumber", "PortType",
	"RedundantPhysicalConnectionId", "Spec", "Type", "ResourceGroupId",
	"AccessPointType", "AdDetailLocation", "ExpectSpec", "QosId",
}

// pcStringSlot is each of pcStringFields' place in it.
var pcStringSlot = func() map[string]int {
	m := make(map[string]int, len(pcStringFields))
	for i, k := range pcStringFields {
		m[k] = i
	}
	return m
}()

func (v *viewer) view(r *store.Resource) api.M { return v.fields(r).Map() }

// fields is the view as api.Fields (what the handler renders: no map per
// item). Stored strings are passed on as they are stored (no copy).
func (v *viewer) fields(r *store.Resource) api.Fields {
	str := func(k string) any {
		v, ok := r.Get(k)
		if _, isStr := v.(string); isStr {
			return v
		}
		if !ok {
			return ""
		}
		return r.Str(k)
	}
	out := make(api.Fields, 0, 40) // every field below: no regrowth
	// One pass over the attributes the resource has (its own, then the
	// shared ones it does not shadow) instead of a lookup per field.
	var vals [len(pcStringFields)]any
	var set [len(pcStringFields)]bool
	fill := func(m map[string]any) {
		for k, val := range m {
			if i, ok := pcStringSlot[k]; ok && !set[i] {
				vals[i], set[i] = val, true
			}
		}
	}
	fill(r.Attrs)
	fill(r.Shared())
	for i, k := range pcStringFields {
		switch vals[i].(type) {
		case string:
			out = out.Add(k, vals[i])
		case nil:
			out = out.Add(k, "")
		default:
			out = out.Add(k, r.Str(k))
		}
	}
	out = out.Add("PhysicalConnectionId", r.ID).Add("Status", r.Status)
	bw, _ := r.Get("Bandwidth")
	if _, ok := bw.(int64); !ok {
		bw = r.Int("Bandwidth")
	}
	out = out.Add("Bandwidth", bw)
	out = out.Add("LoaStatus", v.loaStatus(r.ID))
	if created := str("CreationTime"); created != "" {
		out = out.Add("CreationTime", created)
	} else {
		out = out.Add("CreationTime", fmtTime(r.Created))
	}
	if enabled := str("EnabledTime"); enabled == "" && r.Status == stEnabled {
		out = out.Add("EnabledTime", fmtTime(r.Since))
	} else {
		out = out.Add("EnabledTime", enabled)
	}
	if tags, ok := r.Attrs["Tags"].(map[string]any); ok {
		out = out.Add("Tags", tags)
	} else {
		out = out.Add("Tags", noTags)
	}
	if pt := str("ProductType"); pt != "" {
		out = out.Add("ProductType", pt)
	} else {
		out = out.Add("ProductType", productDedicated)
	}
	// The SDK has one shape for every connection: the hosted-connection and
	// reservation fields are present (empty) where they do not apply.
	if isHosted(r) {
		uid, _ := strconv.ParseInt(r.Str("ParentOwner"), 10, 64)
		out = out.Add("ParentPhysicalConnectionId", str("ParentPhysicalConnectionId")).
			Add("ParentPhysicalConnectionAliUid", uid).
			Add("VlanId", str("VlanId")).
			Add("OrderMode", str("OrderMode")).
			Add("VpconnStatus", str("VirtualPhysicalConnectionStatus")).
			Add("VirtualPhysicalConnectionCount", 0)
	} else {
		out = out.Add("ParentPhysicalConnectionId", "").
			Add("ParentPhysicalConnectionAliUid", int64(0)).
			Add("VlanId", "").Add("OrderMode", "").Add("VpconnStatus", "").
			Add("VirtualPhysicalConnectionCount", v.childCount(r.ID))
	}
	if v.reservation {
		has := "false"
		if r.Str("ReservationOrderType") != "" {
			has = "true"
		}
		out = out.Add("HasReservationData", has).
			Add("ReservationActiveTime", str("ReservationActiveTime")).
			Add("ReservationInternetChargeType", str("ReservationInternetChargeType")).
			Add("ReservationOrderType", str("ReservationOrderType"))
	} else {
		out = out.Add("HasReservationData", "false").
			Add("ReservationActiveTime", "").
			Add("ReservationInternetChargeType", "").
			Add("ReservationOrderType", "")
	}
	// The keys come in one of four orders (hosted or not, with reservation
	// data or not): sort by the order's permutation, found once.
	shape := 0
	if isHosted(r) {
		shape = 1
	}
	if v.reservation {
		shape += 2
	}
	perm := viewOrders[shape].Load()
	if perm == nil || len(*perm) != len(out) {
		p := api.SortPermutation(out)
		perm = &p
		viewOrders[shape].Store(perm)
	}
	return out.Permute(*perm)
}

// viewOrders are the sorting permutations of the view's four key orders.
var viewOrders [4]atomic.Pointer[[]int]

// noTags is the Tags of a connection without tags (shared: never changed).
var noTags = api.M{"tags": []any{}}

// fixtureAPs are the default access points of fixtures, one string per
// region shared by all of them.
var fixtureAPs sync.Map

func fixtureAP(region string) string {
	if v, ok := fixtureAPs.Load(region); ok {
		return v.(string)
	}
	v, _ := fixtureAPs.LoadOrStore(region, "ap-"+region+"-fixture-A")
	return v.(string)
}

// portSlot is a stable small number derived from an ID (port and cabinet
// numbers of an allocated connection).
func portSlot(id string, n uint32) uint32 {
	h := fnv.New32a()
	h.Write([]byte(id))
	return 1 + h.Sum32()%n
}

// allocatePort fills what the cloud fills when the port is allocated.
func allocatePort(r *store.Resource) {
	if r.Str("PortNumber") == "" {
		r.Set("PortNumber", "1/1/"+strconv.FormatUint(uint64(portSlot(r.ID, 48)), 10))
	}
	if r.Str("AdLocation") == "" {
		r.Set("AdLocation", r.Str("AccessPointId")+", cabinet "+strconv.FormatUint(uint64(portSlot(r.ID+"/cab", 40)), 10))
	}
}

// onEnter runs when a physical connection changes status on its own or by a
// forced transition: a port when Allocated, EnabledTime when Enabled.
func onEnter(_ *store.Store, r *store.Resource, _ string) {
	switch r.Status {
	case stAllocated:
		if !isHosted(r) {
			allocatePort(r)
		}
	case stEnabled:
		if r.Str("EnabledTime") == "" {
			r.Set("EnabledTime", fmtTime(r.Since))
		}
	}
}

// pcTally counts an account's dedicated connections (all, by status, by
// access point, by business status) for checkNewPC's quotas.
func pcTally(r *store.Resource) []store.TallyKey {
	if isHosted(r) {
		return nil
	}
	return []store.TallyKey{{Kind: "all"}, {Kind: "status", Value: r.Status},
		{Kind: "ap", Value: r.Str("AccessPointId")}, {Kind: "business", Value: r.Str("BusinessStatus")}}
}

// fixtureShared are the defaults every dedicated connection fixture gets
// unless its scenario says otherwise: a large store keeps them once
// (store.Prototype), not in each connection's map.
var fixtureShared = map[string]any{
	"ProductType": productDedicated, "LineOperator": "CT", "PortType": "1000Base-T", "Type": "VPC",
	"ChargeType": "PostPaid", "Bandwidth": int64(0), "BusinessStatus": "Normal", "Spec": "1G",
}

// fixtureDefaults completes a scenario fixture of a physical connection with
// the fields CreatePhysicalConnection and the lifecycle would have set,
// keeping those given.
func fixtureDefaults(r *store.Resource) {
	if r.Attrs == nil {
		r.Attrs = map[string]any{}
	}
	def := func(k string, v any) {
		if _, ok := r.Get(k); !ok {
			r.Attrs[k] = v
		}
	}
	hosted := isHosted(r)
	if !hosted && !store.Overrides(r.Attrs, fixtureShared) {
		r.SetShared(fixtureShared) // the usual case: the defaults are kept once
	}
	def("ProductType", productDedicated)
	if !hosted {
		region := r.Region
		if region == "" {
			region = "cn-hangzhou"
		}
		def("AccessPointId", fixtureAP(region))
		def("LineOperator", "CT")
		def("PortType", "1000Base-T")
		def("Type", "VPC")
		def("ChargeType", "PostPaid")
	}
	// RedundantPhysicalConnectionId, PeerLocation, CircuitCode, Description
	// and Name are "" when absent (r.Str): not stored, so a fixture's
	// attributes stay small (100,000 fixtures in a staging server).
	def("Bandwidth", int64(0))
	def("BusinessStatus", "Normal")
	if !hosted {
		def("Spec", specOf(r.Str("PortType")))
		switch r.Status {
		case stAllocated, stConfirmed, stEnabled, stTerminating, stTerminated:
			allocatePort(r)
		}
	}
	if hosted && !r.Created.IsZero() {
		// (a dedicated connection's view derives it from Created)
		def("CreationTime", fmtTime(r.Created))
	}
	if r.Status == stEnabled && !r.Since.IsZero() {
		def("EnabledTime", fmtTime(r.Since)) // as onEnter stamps it on a connection that becomes Enabled
	}
}
