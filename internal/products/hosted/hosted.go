// Package hosted serves the Vpc 2016-04-28 hosted (virtual physical)
// connections of the API reference and Express Cloud Connect of the API reference.
//
// A hosted connection is a store.TypePhysicalConnection resource owned by the
// tenant (so the tenant sees it in DescribePhysicalConnections, served by
// package vpc) with ProductType "VirtualPhysicalConnection" and ParentOwner
// the partner's UID (so the partner sees it in ListVirtualPhysicalConnections,
// served here). Package vpc implements the tenant's confirmation and the
// deletion.
package hosted

import (
	"github.com/ecmock/ecmock/internal/api"
	"github.com/ecmock/ecmock/internal/store"
)

// Product is the catalogue name of the product.
const Product = "Vpc"

// Register adds the package's handlers to the dispatch table.
func Register(r *api.Registry) {
	r.Handle(Product, "CreateVirtualPhysicalConnection", createVirtualPhysicalConnection)
	r.Handle(Product, "ListVirtualPhysicalConnections", listVirtualPhysicalConnections)
	r.Handle(Product, "UpdateVirtualPhysicalConnection", updateVirtualPhysicalConnection)
	r.Handle(Product, "CreateExpressCloudConnection", createExpressCloudConnection)
	r.Handle(Product, "DescribeExpressCloudConnections", describeExpressCloudConnections)
	r.FixtureDefaults(store.TypeECC, eccFixtureDefaults)
}
