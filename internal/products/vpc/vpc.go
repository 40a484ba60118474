// Package vpc serves the Vpc 2016-04-28 Express Connect actions of seed 002:
// physical connections, their LOA and orders, and virtual border routers.
package vpc

import (
	"github.com/ecmock/ecmock/internal/api"
)

// Product is the catalogue name of the product.
const Product = "Vpc"

// Register adds the package's handlers to the dispatch table.
func Register(r *api.Registry) {
	r.Handle(Product, "CreatePhysicalConnection", createPhysicalConnection)
	r.Handle(Product, "DescribePhysicalConnections", describePhysicalConnections)
}
