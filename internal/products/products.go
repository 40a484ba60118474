// Package products lists the product packages whose handlers the server
// serves.
package products

import (
	"github.com/ecmock/ecmock/internal/api"
	"github.com/ecmock/ecmock/internal/products/vpc"
)

// Register fills the dispatch table with every product's handlers.
func Register(r *api.Registry) {
	vpc.Register(r)
}
