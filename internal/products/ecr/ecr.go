// Package ecr serves ExpressConnectRouter 2023-09-01 (seed 000): ECRs, their
// associations with VPCs and transit routers, and instance grants.
package ecr

import "github.com/ecmock/ecmock/internal/api"

// Register adds the package's handlers to the dispatch table.
func Register(r *api.Registry) {}
