// Package vpc serves the Vpc 2016-04-28 Express Connect actions of the Alibaba
// Cloud API reference: physical connections, their LOA and orders, and ConfirmPhysicalConnection.
// Virtual border routers live in package vbr, hosted connections in package
// hosted; both share the store's PhysicalConnection records with this package.
package vpc

import (
	"github.com/ecmock/ecmock/internal/api"
	"github.com/ecmock/ecmock/internal/store"
)

// Product is the catalogue name of the product.
const Product = "Vpc"

// Register adds the package's handlers to the dispatch table.
func Register(r *api.Registry) {
	r.Handle(Product, "CreatePhysicalConnection", createPhysicalConnection)
	r.Handle(Product, "CancelPhysicalConnection", cancelPhysicalConnection)
	r.Handle(Product, "DescribePhysicalConnections", describePhysicalConnections)
	r.Handle(Product, "ModifyPhysicalConnectionAttribute", modifyPhysicalConnectionAttribute)
	r.Handle(Product, "TerminatePhysicalConnection", terminatePhysicalConnection)
	r.Handle(Product, "EnablePhysicalConnection", enablePhysicalConnection)
	r.Handle(Product, "DeletePhysicalConnection", deletePhysicalConnection)
	r.Handle(Product, "ConfirmPhysicalConnection", confirmPhysicalConnection)
	r.Handle(Product, "ApplyPhysicalConnectionLOA", applyPhysicalConnectionLOA)
	r.Handle(Product, "CompletePhysicalConnectionLOA", completePhysicalConnectionLOA)
	r.Handle(Product, "DescribePhysicalConnectionLOA", describePhysicalConnectionLOA)
	r.Handle(Product, "CreatePhysicalConnectionOccupancyOrder", createOccupancyOrder)
	r.Handle(Product, "CreatePhysicalConnectionSetupOrder", createSetupOrder)
	r.FixtureDefaults(store.TypePhysicalConnection, fixtureDefaults)
	r.OnStore(func(s *store.Store) {
		s.OnEnter(store.TypePhysicalConnection, onEnter)
		s.IndexAttr(TypeLOA, "InstanceId")
		s.IndexAttr(store.TypePhysicalConnection, "ParentPhysicalConnectionId")
		s.Prototype(store.TypePhysicalConnection, fixtureShared)
		s.Tally(store.TypePhysicalConnection, pcTally)
	})
}
