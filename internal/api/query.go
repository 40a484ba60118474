package api

import (
	"strconv"

	"github.com/ecmock/ecmock/internal/store"
)

// FilterKeys maps each filter key an action supports to the resource's value
// for it.
type FilterKeys map[string]func(r *store.Resource) string

// MatchFilters applies Filter.N.Key/Value.M semantics: values of one key are
// ORed, keys are ANDed. An unsupported key answers
// InvalidFilterKey.ValueNotSupported (the action must document it).
func MatchFilters(filters []Filter, keys FilterKeys, items []*store.Resource) ([]*store.Resource, error) {
	for _, f := range filters {
		if keys[f.Key] == nil {
			return nil, Errf("InvalidFilterKey.ValueNotSupported", "filter key %q is not supported", f.Key)
		}
	}
	active := false
	for _, f := range filters {
		active = active || len(f.Values) > 0
	}
	if !active {
		return items, nil
	}
	out := items[:0:0]
	for _, r := range items {
		ok := true
		for _, f := range filters {
			if len(f.Values) == 0 {
				continue
			}
			got := keys[f.Key](r)
			any := false
			for _, v := range f.Values {
				if v == got {
					any = true
					break
				}
			}
			if !any {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, r)
		}
	}
	return out, nil
}

// Page is one page of a PageNumber/PageSize listing.
type Page struct {
	Items      []*store.Resource
	PageNumber int
	PageSize   int
	TotalCount int
}

// DefaultPageSize and MaxPageSize are the paging limits of PageNumber/PageSize
// listings (the API reference: default 10, maximum 50).
const (
	DefaultPageSize = 10
	MaxPageSize     = 50
)

// Paginate cuts items by PageNumber (default 1) and PageSize (default 10,
// capped at 50; the catalogue rejects larger values where documented).
func Paginate(p Params, items []*store.Resource) Page {
	num := int(p.Int("PageNumber", 1))
	size := int(p.Int("PageSize", DefaultPageSize))
	if num < 1 {
		num = 1
	}
	if size < 1 {
		size = DefaultPageSize
	}
	if size > MaxPageSize {
		size = MaxPageSize
	}
	pg := Page{PageNumber: num, PageSize: size, TotalCount: len(items)}
	start := (num - 1) * size
	if start < len(items) {
		end := start + size
		if end > len(items) {
			end = len(items)
		}
		pg.Items = items[start:end]
	}
	return pg
}

// TokenPage is one page of a NextToken/MaxResults listing.
type TokenPage struct {
	Items      []*store.Resource
	NextToken  string
	MaxResults int
	TotalCount int
}

// PaginateToken cuts items by NextToken (an opaque offset this server issued)
// and MaxResults (default def, capped at max). A NextToken this server did not
// issue answers the action's invalidCode.
func PaginateToken(p Params, items []*store.Resource, def, max int, invalidCode string) (TokenPage, error) {
	size := int(p.Int("MaxResults", int64(def)))
	if size < 1 {
		size = def
	}
	if size > max {
		size = max
	}
	start := 0
	if t := p.Get("NextToken"); t != "" {
		n, err := strconv.Atoi(t)
		if err != nil || n < 0 || n > len(items) {
			return TokenPage{}, Errf(invalidCode, "NextToken %q was not issued by this server", t)
		}
		start = n
	}
	end := start + size
	if end > len(items) {
		end = len(items)
	}
	tp := TokenPage{Items: items[start:end], MaxResults: size, TotalCount: len(items)}
	if end < len(items) {
		tp.NextToken = strconv.Itoa(end)
	}
	return tp, nil
}
