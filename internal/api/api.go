// Package api is the contract between ecmock's front door and the product
// handlers: the Call a handler receives, the Error it returns, the Params
// helpers (flattened lists, filters, tags, pagination) and the Registry that
// is the single dispatch table keyed by (product, action).
//
// Handlers never write HTTP: they return a response map (the action's
// documented fields; RequestId and envelopes are added by the front door) or
// an *Error naming a code documented in the catalogue.
package api

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ecmock/ecmock/internal/accounts"
	"github.com/ecmock/ecmock/internal/catalog"
	"github.com/ecmock/ecmock/internal/store"
)

// M is a response object. Keys are the documented field names; a []any or
// []M value renders as repeated XML elements named by the key.
type M = map[string]any

// Call is one API request as a handler sees it. The store's lock is held for
// the whole handler call.
type Call struct {
	Ctx       context.Context
	Action    *catalog.Action
	Params    Params
	Account   *accounts.Account
	Accounts  *accounts.Registry
	Region    string
	RequestID string
	// Host is the address the client called (the request's Host header):
	// ecmock's own endpoint as the client sees it.
	Host  string
	Store *store.Store
	Now   time.Time
}

// Handler serves one action.
type Handler func(c *Call) (M, error)

// Quota returns the account's value of a quota declared in the catalogue.
func (c *Call) Quota(name string) int {
	def := 0
	for _, q := range c.Action.ProductOf().Quotas {
		if q.Name == name {
			def = q.Default
		}
	}
	return c.Accounts.Quota(c.Account, name, def)
}

// DryRun reports whether the request asks for a dry run.
func (c *Call) DryRun() bool { return strings.EqualFold(c.Params.Get("DryRun"), "true") }

// New creates and stores a resource owned by the caller in the call's region.
func (c *Call) New(typ, prefix, status string, attrs M) *store.Resource {
	if attrs == nil {
		attrs = M{}
	}
	return c.Store.Add(&store.Resource{
		ID: c.Store.NewID(prefix), Type: typ, Owner: c.Account.UID, Region: c.Region,
		Status: status, CreatedBy: c.Action.Name, Attrs: attrs,
	})
}

// Error is an API error answered by a handler (or by the front door). Code is
// a code the catalogue documents for the action (or a common code); Args fill
// %s placeholders of the message. Status and Message override the catalogue
// only for forced fault rules.
type Error struct {
	Code    string
	Args    []string
	Status  int
	Message string
	// Force allows a code the catalogue does not document (fault rules with
	// force: true).
	Force bool
	// Reason is a note for logs and the journal (not sent to the client).
	Reason string
}

func (e *Error) Error() string {
	if e.Reason != "" {
		return e.Code + ": " + e.Reason
	}
	return e.Code
}

// Err returns an *Error for a documented code; args fill %s in its message.
func Err(code string, args ...string) *Error { return &Error{Code: code, Args: args} }

// Errf is Err with a reason for logs.
func Errf(code, reason string, a ...any) *Error {
	return &Error{Code: code, Reason: fmt.Sprintf(reason, a...)}
}

// Fields is a response object kept as a list sorted by key: it renders
// exactly as the M with the same keys and values, without building a map —
// a cheaper form for the items a listing shows many of. Build it with Add
// and Sorted.
type Fields []Field

// Field is one key and value of Fields.
type Field struct {
	Key   string
	Value any
}

// Add appends a field.
func (f Fields) Add(k string, v any) Fields { return append(f, Field{k, v}) }

// Sorted sorts the fields by key (in place) and returns them.
func (f Fields) Sorted() Fields {
	slices.SortFunc(f, func(a, b Field) int { return strings.Compare(a.Key, b.Key) })
	return f
}

// SortPermutation returns the order that sorts f's keys: Permute(p) of
// fields with the same keys in the same order sorts them without comparing.
func SortPermutation(f Fields) []int {
	p := make([]int, len(f))
	for i := range p {
		p[i] = i
	}
	slices.SortFunc(p, func(a, b int) int { return strings.Compare(f[a].Key, f[b].Key) })
	return p
}

// Permute reorders f in place by p (from SortPermutation) and returns it.
func (f Fields) Permute(p []int) Fields {
	var tmp [48]Field
	if len(f) > len(tmp) || len(p) != len(f) {
		return f.Sorted()
	}
	copy(tmp[:], f)
	for i, j := range p {
		f[i] = tmp[j]
		if i > 0 && f[i-1].Key >= f[i].Key { // not the keys p was made for
			copy(f, tmp[:len(f)])
			return f.Sorted()
		}
	}
	return f
}

// Map returns the fields as an M.
func (f Fields) Map() M {
	m := make(M, len(f))
	for _, x := range f {
		m[x.Key] = x.Value
	}
	return m
}

// ShowFields is Show for views that build Fields. The items are *Fields
// (one array holds them all: no allocation per item to box them).
func (c *Call) ShowFields(rs []*store.Resource, view func(*store.Resource) Fields) []any {
	items := make([]any, 0, len(rs))
	all := make([]Fields, len(rs))
	for i, r := range rs {
		all[i] = view(r)
		items = append(items, &all[i])
		c.Store.Observe(r)
	}
	return items
}

// Show renders the resources an answer lists with view and records that each
// was read (store.Observe), which `reads` transitions count. Every
// Describe/List answer goes through it.
func (c *Call) Show(rs []*store.Resource, view func(*store.Resource) M) []any {
	items := make([]any, 0, len(rs))
	for _, r := range rs {
		items = append(items, view(r))
		c.Store.Observe(r)
	}
	return items
}
