// Package cbn serves Cbn 2017-09-12 (seed 001): CENs, transit routers and
// transit-router ECR attachments.
package cbn

import "github.com/ecmock/ecmock/internal/api"

// Register adds the package's handlers to the dispatch table.
func Register(r *api.Registry) {}
