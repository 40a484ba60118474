// Package tags serves the tag actions of every product as one shared piece of
// state: the Tags attribute of the resources the other packages own. A tag set
// by ExpressConnectRouter TagResources, Cbn TagResources or Vpc
// TagResourcesForExpressConnect shows in the resource's Describe/List answer
// and its Tag.N filters, because those read the same attribute.
//
// Rules shared by the products (catalogue notes): at most 20 tags per
// resource (SizeLimitExceeded.TagNum), a key given twice in one request is
// refused, tagging an existing key replaces its value, ListTagResources pages
// its (resource, tag) pairs with an opaque NextToken.
package tags

import (
	"strconv"
	"strings"

	"github.com/ecmock/ecmock/internal/api"
	"github.com/ecmock/ecmock/internal/store"
)

// MaxPerResource is the documented limit of tags on one resource.
const MaxPerResource = 20

// Of returns a resource's tags in stored order. It reads both stored forms
// used by the product packages: a list of {Key, Value} objects (ECR, CEN,
// transit routers, VBRs) and {"tags": [...]} (physical connections, as the
// SDK's DescribePhysicalConnections shape), also after a JSON round trip.
func Of(r *store.Resource) []api.Tag {
	v := r.Attrs["Tags"]
	if m, ok := v.(map[string]any); ok {
		v = m["tags"]
	}
	var out []api.Tag
	switch l := v.(type) {
	case []api.Tag:
		out = append(out, l...)
	case []any:
		for _, e := range l {
			switch m := e.(type) {
			case map[string]any:
				out = append(out, api.Tag{Key: str(first(m["Key"], m["TagKey"])), Value: str(first(m["Value"], m["TagValue"]))})
			case map[string]string:
				out = append(out, api.Tag{Key: firstS(m["Key"], m["TagKey"]), Value: firstS(m["Value"], m["TagValue"])})
			case api.Tag:
				out = append(out, m)
			}
		}
	}
	return out
}

// Put stores a resource's tags in the form the resource already uses (the
// {"tags": [...]} form for physical connections, the list form otherwise).
func Put(r *store.Resource, tags []api.Tag) {
	list := make([]any, 0, len(tags))
	for _, t := range tags {
		list = append(list, map[string]any{"Key": t.Key, "Value": t.Value})
	}
	_, mapped := r.Attrs["Tags"].(map[string]any)
	if mapped || r.Type == store.TypePhysicalConnection {
		r.Set("Tags", map[string]any{"tags": list})
		return
	}
	r.Set("Tags", list)
}

// Merge returns have with add applied: an existing key takes the new value,
// a new key is appended.
func Merge(have, add []api.Tag) []api.Tag {
	out := append([]api.Tag(nil), have...)
	for _, t := range add {
		found := false
		for i := range out {
			if out[i].Key == t.Key {
				out[i].Value = t.Value
				found = true
				break
			}
		}
		if !found {
			out = append(out, t)
		}
	}
	return out
}

// Remove returns have without the given keys.
func Remove(have []api.Tag, keys []string) []api.Tag {
	drop := map[string]bool{}
	for _, k := range keys {
		drop[k] = true
	}
	out := []api.Tag{}
	for _, t := range have {
		if !drop[t.Key] {
			out = append(out, t)
		}
	}
	return out
}

// Match reports whether a resource carries every wanted tag; a wanted tag
// with an empty value matches any value of its key.
func Match(r *store.Resource, want []api.Tag) bool {
	have := Of(r)
	for _, w := range want {
		ok := false
		for _, h := range have {
			if h.Key == w.Key && (w.Value == "" || h.Value == w.Value) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// RepeatedKey returns a key given twice among tags, or "".
func RepeatedKey(tags []api.Tag) string {
	seen := map[string]bool{}
	for _, t := range tags {
		if seen[t.Key] {
			return t.Key
		}
		seen[t.Key] = true
	}
	return ""
}

// Objects renders tags as {Key, Value} response objects.
func Objects(tags []api.Tag) []any {
	out := make([]any, 0, len(tags))
	for _, t := range tags {
		out = append(out, api.M{"Key": t.Key, "Value": t.Value})
	}
	return out
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func first(a, b any) any {
	if s, ok := a.(string); ok && s != "" {
		return a
	}
	return b
}

func firstS(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// pair is one (resource, tag) row of ListTagResources.
type pair struct {
	r   *store.Resource
	tag api.Tag
}

// pageToken cuts rows by NextToken (an offset this server issued) and a page
// size; ok is false for a token this server did not issue.
func pageToken(rows []pair, token string, size int) (page []pair, next string, ok bool) {
	start := 0
	if token != "" {
		n, err := strconv.Atoi(strings.TrimSpace(token))
		if err != nil || n < 0 || n > len(rows) {
			return nil, "", false
		}
		start = n
	}
	end := start + size
	if end > len(rows) {
		end = len(rows)
	}
	if end < len(rows) {
		next = strconv.Itoa(end)
	}
	return rows[start:end], next, true
}
