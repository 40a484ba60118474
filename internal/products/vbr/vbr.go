// Package vbr serves the Vpc 2016-04-28 virtual border router actions of seed
// 002 (§5).
package vbr

import "github.com/ecmock/ecmock/internal/api"

// Register adds the package's handlers to the dispatch table.
func Register(r *api.Registry) {}
