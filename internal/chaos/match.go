package chaos

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/tidwall/gjson"
)

// span is one range of call numbers; hi 0 means open-ended.
type span struct{ lo, hi int }

// parseCalls reads "3", "1-2", "4-" or a comma-separated list of them.
func parseCalls(s string) ([]span, error) {
	var out []span
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		lo, hi, isRange := strings.Cut(part, "-")
		a, err := strconv.Atoi(strings.TrimSpace(lo))
		if err != nil || a < 1 {
			return nil, fmt.Errorf("bad calls %q: use a call number or range counted from 1: \"3\", \"1-2\", \"4-\" (or a list: \"1,3,5-\")", s)
		}
		sp := span{a, a}
		if isRange {
			sp.hi = 0
			if hi = strings.TrimSpace(hi); hi != "" {
				b, err := strconv.Atoi(hi)
				if err != nil || b < a {
					return nil, fmt.Errorf("bad calls %q: the range %q must run from a lower to a higher call number", s, part)
				}
				sp.hi = b
			}
		}
		out = append(out, sp)
	}
	return out, nil
}

func inSpans(spans []span, n int64) bool {
	for _, s := range spans {
		if n >= int64(s.lo) && (s.hi == 0 || n <= int64(s.hi)) {
			return true
		}
	}
	return false
}

// callView is one call as the matchers see it, with its parameters as JSON
// built on first use.
type callView struct {
	in   *Input
	json []byte
}

func (c *callView) JSON() []byte {
	if c.json == nil {
		c.json = ParamsJSON(c.in.Params)
	}
	return c.json
}

// matchCall reports whether the call rule's matcher holds (product and action
// are already selected by the index, but are checked again for rules that
// reach the call through a wider index key).
func (r *compiled) matchCall(c *callView) bool {
	m := &r.Match
	in := c.in
	if m.Product != "" && m.Product != in.Product {
		return false
	}
	if m.Action != "" && m.Action != in.Action {
		return false
	}
	if m.Account != "" && m.Account != in.Account && m.Account != in.AccessKey {
		return false
	}
	if m.Region != "" && m.Region != in.Region {
		return false
	}
	if m.Resource != "" && !namesResource(in.Params, m.Resource) {
		return false
	}
	for k, v := range m.Params {
		if got, ok := in.Params[k]; !ok || got != v {
			return false
		}
	}
	if len(m.JSON) > 0 {
		js := c.JSON()
		for path, want := range m.JSON {
			res := gjson.GetBytes(js, path)
			if !res.Exists() || res.String() != want {
				return false
			}
		}
	}
	return true
}

// namesResource reports whether a parameter naming an ID (its name, list
// indexes aside, ends in Id or Ids) equals id, or a Filter on such a key has
// id among its values.
func namesResource(params map[string]string, id string) bool {
	for k, v := range params {
		if v != id {
			continue
		}
		segs := strings.Split(k, ".")
		last := ""
		for i := len(segs) - 1; i >= 0; i-- {
			if _, err := strconv.Atoi(segs[i]); err != nil {
				last = segs[i]
				break
			}
		}
		if strings.HasSuffix(last, "Id") || strings.HasSuffix(last, "Ids") {
			return true
		}
		// Filter.N.Value.M with Filter.N.Key naming an ID.
		if i := strings.Index(k, ".Value"); i > 0 && last == "Value" {
			if key := params[k[:i]+".Key"]; strings.HasSuffix(key, "Id") || strings.HasSuffix(key, "Ids") {
				return true
			}
		}
	}
	return false
}

// ParamsJSON turns flattened parameters into a JSON object: numeric segments
// become array positions (Tag.1.Key=env → {"Tag":[{"Key":"env"}]}). Values
// stay text. Keys are sorted, so equal parameters give equal bytes.
func ParamsJSON(params map[string]string) []byte {
	root := &pnode{}
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		n := root
		segs := strings.Split(k, ".")
		for i, seg := range segs {
			n = n.child(seg)
			if n == nil {
				break
			}
			if i == len(segs)-1 && n.kids == nil {
				v := params[k]
				n.val = &v
			}
		}
	}
	b, _ := json.Marshal(root.value())
	return b
}

type pnode struct {
	val  *string
	kids map[string]*pnode
}

func (n *pnode) child(seg string) *pnode {
	if n.val != nil { // a value and a list under the same name: the value wins
		return nil
	}
	if n.kids == nil {
		n.kids = map[string]*pnode{}
	}
	c := n.kids[seg]
	if c == nil {
		c = &pnode{}
		n.kids[seg] = c
	}
	return c
}

func (n *pnode) value() any {
	if n.val != nil {
		return *n.val
	}
	if len(n.kids) == 0 {
		return map[string]any{}
	}
	numeric := true
	max := 0
	for k := range n.kids {
		i, err := strconv.Atoi(k)
		if err != nil || i < 1 {
			numeric = false
			break
		}
		if i > max {
			max = i
		}
	}
	if numeric && max <= 10000 {
		arr := make([]any, 0, len(n.kids))
		for i := 1; i <= max; i++ {
			if c, ok := n.kids[strconv.Itoa(i)]; ok {
				arr = append(arr, c.value())
			}
		}
		return arr
	}
	obj := make(map[string]any, len(n.kids))
	for k, c := range n.kids {
		obj[k] = c.value()
	}
	return obj
}
