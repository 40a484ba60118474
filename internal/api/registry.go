package api

import (
	"fmt"
	"sort"

	"github.com/ecmock/ecmock/internal/store"
)

// Registry is the one dispatch table: (product, action) → handler. Product
// packages fill it in their Register function; store setups (lifecycle hooks)
// run for every new store.
type Registry struct {
	handlers map[[2]string]Handler
	setups   []func(*store.Store)
	fixtures map[string]func(*store.Resource)
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	return &Registry{handlers: map[[2]string]Handler{}, fixtures: map[string]func(*store.Resource){}}
}

// FixtureDefaults registers how a product completes a fixture of a resource
// type (scenario fixtures give type, id, owner, region, status and maybe some
// attributes; f fills the documented fields a handler would have set). f must
// keep attributes already present.
func (r *Registry) FixtureDefaults(typ string, f func(*store.Resource)) { r.fixtures[typ] = f }

// CompleteFixture fills a fixture's defaults; false when no product knows the type.
func (r *Registry) CompleteFixture(res *store.Resource) bool {
	f := r.fixtures[res.Type]
	if f == nil {
		return false
	}
	f(res)
	return true
}

// FixtureTypes lists the resource types fixtures may have.
func (r *Registry) FixtureTypes() []string {
	out := make([]string, 0, len(r.fixtures))
	for t := range r.fixtures {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// Handle registers the handler of an action; registering twice is a
// programming error.
func (r *Registry) Handle(product, action string, h Handler) {
	k := [2]string{product, action}
	if _, dup := r.handlers[k]; dup {
		panic(fmt.Sprintf("ecmock: %s.%s registered twice", product, action))
	}
	r.handlers[k] = h
}

// Lookup returns the handler of an action, or nil.
func (r *Registry) Lookup(product, action string) Handler {
	return r.handlers[[2]string{product, action}]
}

// OnStore registers a function run on every new store (hooks).
func (r *Registry) OnStore(f func(*store.Store)) { r.setups = append(r.setups, f) }

// Setup runs the store setups on s.
func (r *Registry) Setup(s *store.Store) {
	for _, f := range r.setups {
		f(s)
	}
}

// Actions lists the registered (product, action) pairs sorted.
func (r *Registry) Actions() [][2]string {
	out := make([][2]string, 0, len(r.handlers))
	for k := range r.handlers {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i][0] != out[j][0] {
			return out[i][0] < out[j][0]
		}
		return out[i][1] < out[j][1]
	})
	return out
}
