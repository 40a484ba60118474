// Package vbr serves the Vpc 2016-04-28 virtual border router actions of the
// Alibaba Cloud API reference (Express Connect): CreateVirtualBorderRouter, DeleteVirtualBorderRouter,
// DescribeVirtualBorderRouters, DescribeVirtualBorderRoutersForPhysicalConnection,
// ModifyVirtualBorderRouterAttribute, TerminateVirtualBorderRouter and
// RecoverVirtualBorderRouter.
//
// A VBR is a store.TypeVBR resource whose Owner is the VBR owner (VbrOwnerId)
// and whose PhysicalConnectionOwnerUid attribute is the owner of the physical
// connection it sits on. The two roles decide who may set which field (see
// the catalogue notes in data/vpc_vbr.yaml).
package vbr

import (
	"encoding/json"
	"time"

	"github.com/ecmock/ecmock/internal/api"
	"github.com/ecmock/ecmock/internal/store"
)

// Product is the catalogue name of the product.
const Product = "Vpc"

// VBR statuses as real responses spell them.
const (
	StatusUnconfirmed = "unconfirmed"
	StatusActive      = "active"
	StatusTerminating = "terminating"
	StatusTerminated  = "terminated"
	StatusRecovering  = "recovering"
	StatusDeleting    = "deleting"
)

// VlanRetention is how long a terminated VBR keeps its VLAN ID from other VBRs
// of the same physical connection (API reference).
const VlanRetention = 7 * 24 * time.Hour

const timeFormat = "2006-01-02T15:04:05Z"

// Defaults of the BFD settings of a new VBR (decided; the API reference gives the
// ranges only).
const (
	defaultDetectMultiplier = 3
	defaultMinRxInterval    = 1000
	defaultMinTxInterval    = 1000
)

// Register adds the package's handlers to the dispatch table.
func Register(r *api.Registry) {
	r.Handle(Product, "CreateVirtualBorderRouter", createVBR)
	r.Handle(Product, "DeleteVirtualBorderRouter", deleteVBR)
	r.Handle(Product, "DescribeVirtualBorderRouters", describeVBRs)
	r.Handle(Product, "DescribeVirtualBorderRoutersForPhysicalConnection", describeVBRsForPC)
	r.Handle(Product, "ModifyVirtualBorderRouterAttribute", modifyVBR)
	r.Handle(Product, "TerminateVirtualBorderRouter", terminateVBR)
	r.Handle(Product, "RecoverVirtualBorderRouter", recoverVBR)
	registerPconn(r)
	r.OnStore(func(s *store.Store) {
		s.OnEnter(store.TypeVBR, onEnter)
		// set at creation, never changed: the create's quota checks look
		// them up instead of visiting every account's VBRs
		s.IndexAttr(store.TypeVBR, "PhysicalConnectionId")
		s.IndexAttr(store.TypeVBR, "PhysicalConnectionOwnerUid")
		s.NoteType(notesKey, func(b []byte) (any, error) { // VLAN holds survive a restart (--state-dir)
			m := map[string]vlanHold{}
			return m, json.Unmarshal(b, &m)
		})
	})
	r.FixtureDefaults(store.TypeVBR, fixtureDefaults)
}

// onEnter stamps the documented times when a VBR enters a status through a
// transition (the catalogue's lifecycle or a forced status).
func onEnter(_ *store.Store, r *store.Resource, from string) {
	at := r.Since.UTC().Format(timeFormat)
	switch {
	case r.Status == StatusTerminated && from != StatusTerminated:
		r.Set("TerminationTime", at)
	case r.Status == StatusActive && from == StatusRecovering:
		r.Set("RecoveryTime", at)
	case r.Status == StatusActive && from == StatusUnconfirmed && r.Str("ActivationTime") == "":
		r.Set("ActivationTime", at)
	}
}

// timeField renders one of the VBR's documented times. A VBR made by
// CreateVirtualBorderRouter carries them all as attributes; a fixture that
// gave none takes them from when the store added it.
func timeField(r *store.Resource, k string) string {
	if _, ok := r.Attrs[k]; ok {
		return r.Str(k)
	}
	switch {
	case k == "CreationTime", k == "ActivationTime" && r.Status != StatusUnconfirmed:
		return r.Created.UTC().Format(timeFormat)
	case k == "TerminationTime" && r.Status == StatusTerminated:
		return r.Since.UTC().Format(timeFormat)
	}
	return ""
}

// fixtureDefaults completes a scenario fixture of a VBR with the fields
// CreateVirtualBorderRouter would have set, keeping those given.
func fixtureDefaults(r *store.Resource) {
	if r.Status == "" {
		r.Status = StatusActive
	}
	suffix := r.ID
	if len(suffix) > 4 && suffix[:4] == "vbr-" {
		suffix = suffix[4:]
	}
	def := func(k string, v any) {
		if _, ok := r.Attrs[k]; !ok {
			r.Attrs[k] = v
		}
	}
	def("VbrId", r.ID)
	def("PhysicalConnectionId", "")
	def("PhysicalConnectionOwnerUid", r.Owner)
	def("VlanId", 0)
	def("CircuitCode", "")
	def("LocalGatewayIp", "")
	def("PeerGatewayIp", "")
	def("PeeringSubnetMask", "")
	def("Name", "")
	def("Description", "")
	def("AccessPointId", "")
	// CreationTime, ActivationTime, TerminationTime and RecoveryTime are
	// left out when the fixture does not give them: the store stamps
	// Created and Since only when it adds the fixture, and timeField reads
	// them from there.
	def("RouteTableId", "vtb-"+suffix)
	def("VlanInterfaceId", "ri-"+suffix)
	def("DetectMultiplier", defaultDetectMultiplier)
	def("MinRxInterval", defaultMinRxInterval)
	def("MinTxInterval", defaultMinTxInterval)
	def("Type", "pconnVBR")
	def("EnableIpv6", false)
	def("LocalIpv6GatewayIp", "")
	def("PeerIpv6GatewayIp", "")
	def("PeeringIpv6SubnetMask", "")
	def("Bandwidth", 0)
	def("ResourceGroupId", "")
}
