package vpc

import (
	"net/netip"
	"strings"

	"github.com/ecmock/ecmock/internal/api"
	"github.com/ecmock/ecmock/internal/store"
)

// The actions that move a physical connection through its life (their API
// reference pages: Cancel, Modify, Terminate, Enable and DeletePhysicalConnection)
// and ConfirmPhysicalConnection (Go SDK).

func cancelPhysicalConnection(c *api.Call) (api.M, error) {
	r, err := lookupPC(c, c.Params.Get("PhysicalConnectionId"))
	if err != nil {
		return nil, err
	}
	if isHosted(r) {
		return nil, notAllowed(r, "a hosted connection is managed by its partner")
	}
	switch r.Status {
	case stInitial, stApproved, stAllocated, stConfirmed:
	default:
		return nil, notAllowed(r, "only Initial, Approved, Allocated or Confirmed connections can be canceled")
	}
	c.Store.SetStatus(r, stCanceled, true)
	return api.M{}, nil
}

func modifyPhysicalConnectionAttribute(c *api.Call) (api.M, error) {
	p := c.Params
	r, err := lookupPC(c, p.Get("PhysicalConnectionId"))
	if err != nil {
		return nil, err
	}
	var red *store.Resource
	if rid := p.Get("RedundantPhysicalConnectionId"); rid != "" {
		red = c.Store.GetType(rid, store.TypePhysicalConnection)
		if red == nil || red.Region != c.Region || red.Owner != c.Account.UID || isHosted(red) {
			return nil, api.Errf("InvalidRedundantPhysicalConnection", "%s is not a physical connection of this account in %s", rid, c.Region)
		}
	}
	if isHosted(r) || noModification[r.Status] {
		return nil, api.Errf("InvalidStatus", "%s is %s: a connection cannot be modified in Canceled, Allocating, AllocationFailed or Terminated", r.ID, r.Status)
	}
	if r.Status != stInitial && r.Status != stRejected {
		if k := changedConfiguration(r, p); k != "" {
			return nil, api.Errf("InvalidStatus", "%s is %s: its configuration (%s) can be modified only in Initial or Rejected; Name and Description in any other status", r.ID, r.Status, k)
		}
	}
	if red != nil {
		if err := checkRedundantStatus(red); err != nil {
			return nil, err
		}
	}
	for _, k := range []string{"CircuitCode", "Description", "LineOperator", "Name", "PeerLocation", "PortType", "RedundantPhysicalConnectionId"} {
		if v := p.Get(k); v != "" {
			r.Set(k, v)
		}
	}
	if p.Get("PortType") != "" {
		r.Set("Spec", specOf(p.Get("PortType")))
	}
	if p.Get("bandwidth") != "" {
		r.Set("Bandwidth", p.Int("bandwidth", 0))
	}
	if r.Status == stRejected {
		c.Store.SetStatus(r, stInitial, true)
	}
	return api.M{}, nil
}

func terminatePhysicalConnection(c *api.Call) (api.M, error) {
	r, err := lookupPC(c, c.Params.Get("PhysicalConnectionId"))
	if err != nil {
		return nil, err
	}
	if isHosted(r) {
		return nil, notAllowed(r, "a hosted connection is managed by its partner")
	}
	if r.Status != stEnabled {
		return nil, notAllowed(r, "only Enabled connections can be terminated")
	}
	if v := vbrsOn(c, r.ID); len(v) > 0 {
		return nil, notAllowed(r, "VBR "+v[0].ID+" must be deleted first")
	}
	c.Store.SetStatus(r, stTerminating, true)
	return api.M{}, nil
}

func enablePhysicalConnection(c *api.Call) (api.M, error) {
	r, err := lookupPC(c, c.Params.Get("PhysicalConnectionId"))
	if err != nil {
		return nil, err
	}
	if isHosted(r) {
		return nil, notAllowed(r, "a hosted connection is enabled when its tenant confirms it")
	}
	if r.Status != stConfirmed {
		return nil, notAllowed(r, "only Confirmed connections can be enabled")
	}
	if c.Params.Has("ByPassSp") {
		r.Set("ByPassSp", c.Params.Bool("ByPassSp"))
	}
	enable(c, r)
	return api.M{}, nil
}

// enable moves a connection to Enabled now.
func enable(c *api.Call, r *store.Resource) {
	r.Set("EnabledTime", fmtTime(c.Now))
	c.Store.SetStatus(r, stEnabled, true)
}

func confirmPhysicalConnection(c *api.Call) (api.M, error) {
	r, err := lookupPC(c, c.Params.Get("PhysicalConnectionId"))
	if err != nil {
		return nil, err
	}
	if isHosted(r) {
		if r.Str("VirtualPhysicalConnectionStatus") != "UnConfirmed" {
			return nil, api.Errf("Forbidden.NotAllowedInState", "hosted connection %s is %s, not UnConfirmed", r.ID, r.Str("VirtualPhysicalConnectionStatus"))
		}
		r.Set("VirtualPhysicalConnectionStatus", "Confirmed")
		enable(c, r)
		return api.M{}, nil
	}
	if r.Status != stAllocated {
		return nil, notAllowed(r, "only Allocated connections can be confirmed")
	}
	c.Store.SetStatus(r, stConfirmed, true)
	return api.M{}, nil
}

// maxUserCidrs is the documented bound of DeletePhysicalConnection's UserCidr.
const maxUserCidrs = 3

func checkUserCidr(v string) error {
	if v == "" {
		return nil
	}
	parts := strings.Split(v, ",")
	if len(parts) > maxUserCidrs {
		return &api.Error{Code: "InvalidParameter", Args: []string{"UserCidr"}, Reason: "more than three CIDR blocks"}
	}
	for _, s := range parts {
		if pr, err := netip.ParsePrefix(strings.TrimSpace(s)); err != nil || !pr.Addr().Is4() {
			return &api.Error{Code: "InvalidParameter", Args: []string{"UserCidr"}, Reason: s + " is not an IPv4 CIDR block"}
		}
	}
	return nil
}

func deletePhysicalConnection(c *api.Call) (api.M, error) {
	id := c.Params.Get("PhysicalConnectionId")
	if err := checkUserCidr(c.Params.Get("UserCidr")); err != nil {
		return nil, err
	}
	if !strings.HasPrefix(id, "pc-") {
		return nil, api.Errf("InvalidPhysicalConnectionId.NotMatched", "%q is not a physical connection ID", id)
	}
	r := c.Store.GetType(id, store.TypePhysicalConnection)
	if r != nil && r.Region == c.Region && isHosted(r) && r.Str("ParentOwner") == c.Account.UID && r.Owner != c.Account.UID {
		// The partner deletes a hosted connection it created (the API reference).
		if v := vbrsOn(c, r.ID); len(v) > 0 {
			return nil, api.Errf("Forbidden.AssociateToVBR", "VBR %s is associated with hosted connection %s", v[0].ID, r.ID)
		}
		c.Store.SetStatus(r, store.Gone, true)
		return api.M{}, nil
	}
	r, err := lookupPC(c, id)
	if err != nil {
		return nil, err
	}
	if isHosted(r) {
		return nil, notAllowed(r, "a hosted connection is deleted by its partner")
	}
	switch r.Status {
	case stRejected, stCanceled, stAllocationFailed, stTerminated:
	default:
		return nil, notAllowed(r, "only Rejected, Canceled, Allocation Failed or Terminated connections can be deleted")
	}
	vbrs := vbrsOn(c, r.ID)
	for _, v := range vbrs {
		if v.Owner == r.Owner {
			return nil, api.Errf("Forbidden.VBRExists", "VBR %s of the connection's owner remains", v.ID)
		}
	}
	if len(vbrs) > 0 {
		return nil, &api.Error{Code: "Forbidden.VBRExists", Message: "vbr owner's vbr still exists.",
			Reason: "VBR " + vbrs[0].ID + " of account " + vbrs[0].Owner + " remains"}
	}
	for _, l := range c.Store.ByAttr(TypeLOA, "InstanceId", r.ID, nil) {
		c.Store.SetStatus(l, store.Gone, true)
	}
	c.Store.SetStatus(r, store.Gone, true)
	return api.M{}, nil
}

// noModification are the statuses in which the API reference forbids any
// modification of a physical connection.
var noModification = map[string]bool{stCanceled: true, stAllocating: true, stAllocationFailed: true, stTerminated: true}

// changedConfiguration returns the first configuration parameter (anything
// but Name and Description) whose value differs from the connection's, or
// "". A parameter sent with its current value (Terraform always sends
// LineOperator) is not a modification.
func changedConfiguration(r *store.Resource, p api.Params) string {
	for _, k := range []string{"CircuitCode", "LineOperator", "PeerLocation", "PortType", "RedundantPhysicalConnectionId"} {
		if v := p.Get(k); v != "" && v != r.Str(k) {
			return k
		}
	}
	if p.Get("bandwidth") != "" && p.Int("bandwidth", 0) != r.Int("Bandwidth") {
		return "bandwidth"
	}
	return ""
}
