// Package products lists the product packages whose handlers the server
// serves.
package products

import (
	"github.com/ecmock/ecmock/internal/api"
	"github.com/ecmock/ecmock/internal/products/cbn"
	"github.com/ecmock/ecmock/internal/products/ecr"
	"github.com/ecmock/ecmock/internal/products/hosted"
	"github.com/ecmock/ecmock/internal/products/platform"
	"github.com/ecmock/ecmock/internal/products/tags"
	"github.com/ecmock/ecmock/internal/products/vbr"
	"github.com/ecmock/ecmock/internal/products/vpc"
)

// Register fills the dispatch table with every product's handlers.
func Register(r *api.Registry) {
	vpc.Register(r)
	vbr.Register(r)
	hosted.Register(r)
	ecr.Register(r)
	cbn.Register(r)
	tags.Register(r)
	platform.Register(r)
}
