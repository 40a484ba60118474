package api

import (
	"github.com/ecmock/ecmock/internal/catalog"
	"sort"
	"strconv"
	"strings"
)

// Params are a request's parameters: the union of the query string and the
// form body, lists still flattened (Filter.1.Key, Tag.1.Value).
type Params map[string]string

// Get returns a parameter ("" when absent).
func (p Params) Get(k string) string { return p[k] }

// Has reports whether a parameter was sent (even empty).
func (p Params) Has(k string) bool { _, ok := p[k]; return ok }

// Int returns an integer parameter, or def when absent or empty. The catalogue
// has already checked its type.
func (p Params) Int(k string, def int64) int64 {
	v, ok := p[k]
	if !ok || v == "" {
		return def
	}
	i, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return def
	}
	return i
}

// Bool returns a boolean parameter ("true", case-insensitive).
func (p Params) Bool(k string) bool { return strings.EqualFold(p[k], "true") }

// List returns a flattened list of scalars: k.1, k.2, ... in index order
// (gaps skipped, as the catalogue validates every index sent). A JSON-array
// value in k itself (as some SDKs send) is also accepted: ["a","b"].
func (p Params) List(k string) []string {
	var out []string
	for _, i := range p.indices(k, false) {
		out = append(out, p[k+"."+strconv.Itoa(i)])
	}
	if len(out) == 0 {
		if v := strings.TrimSpace(p[k]); strings.HasPrefix(v, "[") && strings.HasSuffix(v, "]") {
			for _, s := range strings.Split(strings.Trim(v, "[]"), ",") {
				s = strings.Trim(strings.TrimSpace(s), `"`)
				if s != "" {
					out = append(out, s)
				}
			}
		}
	}
	return out
}

// indices returns the sorted positive N of k.N (or k.N.Field when objects).
func (p Params) indices(k string, objects bool) []int { return catalog.ListIndices(k, p, objects) }

// Objects returns a flattened list of objects: k.1.Field, k.2.Field, ...
func (p Params) Objects(k string) []map[string]string {
	idx := map[int]map[string]string{}
	prefix := k + "."
	for key, v := range p {
		if !strings.HasPrefix(key, prefix) {
			continue
		}
		rest := key[len(prefix):]
		dot := strings.IndexByte(rest, '.')
		if dot < 0 {
			continue
		}
		n, err := strconv.Atoi(rest[:dot])
		if err != nil || n < 1 {
			continue
		}
		if idx[n] == nil {
			idx[n] = map[string]string{}
		}
		idx[n][rest[dot+1:]] = v
	}
	ns := make([]int, 0, len(idx))
	for n := range idx {
		ns = append(ns, n)
	}
	sort.Ints(ns)
	out := make([]map[string]string, 0, len(ns))
	for _, n := range ns {
		out = append(out, idx[n])
	}
	return out
}

// Tag is a resource tag.
type Tag struct {
	Key   string `json:"Key"`
	Value string `json:"Value"`
}

// Tags returns Tag.N.Key / Tag.N.Value (or another list name).
func (p Params) Tags(k string) []Tag {
	var out []Tag
	for _, o := range p.Objects(k) {
		out = append(out, Tag{Key: o["Key"], Value: o["Value"]})
	}
	return out
}

// Filter is one Filter.N: a key and its values.
type Filter struct {
	Key    string
	Values []string
}

// Filters returns Filter.N.Key with Filter.N.Value.M, in index order.
func (p Params) Filters() []Filter {
	var out []Filter
	for _, i := range p.indices("Filter", true) {
		pre := "Filter." + strconv.Itoa(i)
		key, ok := p[pre+".Key"]
		if !ok {
			continue
		}
		out = append(out, Filter{Key: key, Values: p.List(pre + ".Value")})
	}
	return out
}
