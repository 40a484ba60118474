package chaos

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// The fields each object of the scenario format accepts. scenario.schema.json
// is tested against these lists.
var (
	ScenarioFields   = []string{"name", "description", "seed", "timing", "accounts", "fixtures", "faults"}
	TimingFields     = []string{"profile", "transitions"}
	AccountFields    = []string{"uid", "accessKeyId", "accessKeySecret", "whitelisted", "flags", "quotas"}
	FixtureFields    = []string{"type", "id", "account", "region", "status", "attrs"}
	RuleFields       = []string{"name", "description", "match", "when", "do", "lifecycle"}
	MatchFields      = []string{"product", "action", "account", "region", "resource", "params", "json"}
	WhenFields       = []string{"calls", "every", "probability", "limit", "from", "until"}
	EffectFields     = []string{"error", "code", "force", "status", "message", "delay", "network", "chunk", "pause", "throttle"}
	DelayFields      = []string{"min", "max"}
	ThrottleFields   = []string{"rate", "burst"}
	LifecycleFields  = []string{"type", "from", "to", "after", "reads", "never"}
	TransitionFields = LifecycleFields
)

// parser walks yaml.v3 nodes (YAML or JSON text) and records every mistake
// with its line.
type parser struct {
	file string
	errs Errors
}

func (p *parser) fail(n *yaml.Node, field, format string, a ...any) {
	line := 0
	if n != nil {
		line = n.Line
	}
	p.errs = append(p.errs, &FieldError{File: p.file, Line: line, Field: field, Msg: fmt.Sprintf(format, a...)})
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// document parses text into its root node (a mapping or sequence).
func (p *parser) document(data []byte) *yaml.Node {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		msg := err.Error()
		msg = strings.TrimPrefix(msg, "yaml: ")
		line := 0
		if i := strings.Index(msg, "line "); i >= 0 {
			fmt.Sscanf(msg[i:], "line %d", &line)
		}
		p.errs = append(p.errs, &FieldError{File: p.file, Line: line, Msg: "not valid YAML or JSON: " + msg})
		return nil
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		p.errs = append(p.errs, &FieldError{File: p.file, Msg: "empty document"})
		return nil
	}
	return resolveAlias(doc.Content[0])
}

func resolveAlias(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n == nil || (n.Kind == yaml.ScalarNode && n.Tag == "!!null")
}

// fields calls f for every key of a mapping; unknown and repeated keys are
// errors.
func (p *parser) fields(n *yaml.Node, path string, known []string, f func(key string, v *yaml.Node)) bool {
	n = resolveAlias(n)
	if n.Kind != yaml.MappingNode {
		p.fail(n, path, "must be an object with fields %s", strings.Join(known, ", "))
		return false
	}
	var seen uint64 // by index in known (every list of fields is short)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], resolveAlias(n.Content[i+1])
		ki := index(known, k.Value)
		if ki < 0 {
			p.fail(k, join(path, k.Value), "unknown field %q (known: %s)", k.Value, strings.Join(known, ", "))
			continue
		}
		if seen&(1<<ki) != 0 {
			p.fail(k, join(path, k.Value), "given twice")
			continue
		}
		seen |= 1 << ki
		if isNull(v) {
			continue
		}
		f(k.Value, v)
	}
	return true
}

func index(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (p *parser) str(n *yaml.Node, path string) string {
	if n.Kind != yaml.ScalarNode {
		p.fail(n, path, "must be a text value")
		return ""
	}
	return n.Value
}

func (p *parser) integer(n *yaml.Node, path string) int {
	v := p.int64v(n, path)
	if int64(int(v)) != v {
		p.fail(n, path, "must be a whole number, not %q", n.Value)
		return 0
	}
	return int(v)
}

func (p *parser) int64v(n *yaml.Node, path string) int64 {
	if n.Kind != yaml.ScalarNode {
		p.fail(n, path, "must be a whole number")
		return 0
	}
	v, err := strconv.ParseInt(n.Value, 10, 64)
	if err != nil {
		p.fail(n, path, "must be a whole number, not %q", n.Value)
	}
	return v
}

func (p *parser) float(n *yaml.Node, path string) float64 {
	if n.Kind != yaml.ScalarNode {
		p.fail(n, path, "must be a number")
		return 0
	}
	v, err := strconv.ParseFloat(n.Value, 64)
	if err != nil {
		p.fail(n, path, "must be a number, not %q", n.Value)
	}
	return v
}

func (p *parser) boolean(n *yaml.Node, path string) bool {
	if n.Kind == yaml.ScalarNode {
		switch n.Value {
		case "true", "True", "TRUE":
			return true
		case "false", "False", "FALSE":
			return false
		}
	}
	p.fail(n, path, "must be true or false, not %q", n.Value)
	return false
}

func (p *parser) duration(n *yaml.Node, path string) time.Duration {
	if n.Kind != yaml.ScalarNode {
		p.fail(n, path, "must be a duration such as \"250ms\", \"45s\" or \"2h\"")
		return 0
	}
	d, err := ParseDuration(n.Value)
	if err != nil {
		p.fail(n, path, "%v", err)
	}
	return d
}

// ParseDuration reads a non-negative Go duration ("250ms", "45s", "1h30m";
// "0" is zero).
func ParseDuration(s string) (time.Duration, error) {
	if s == "0" {
		return 0, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("bad duration %q: use a number with a unit, such as \"250ms\", \"45s\" or \"2h\"", s)
	}
	if d < 0 {
		return 0, fmt.Errorf("bad duration %q: must not be negative", s)
	}
	return d, nil
}

// ParseRate reads a throttle rate: "2/s", "120/m", "30/h", or a number of
// tokens per second.
func ParseRate(s string) (float64, error) {
	num, unit, slash := strings.Cut(strings.TrimSpace(s), "/")
	v, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
	if err != nil || v <= 0 {
		return 0, fmt.Errorf("bad rate %q: use tokens per unit of time, such as \"2/s\", \"120/m\" or \"30/h\"", s)
	}
	if !slash {
		return v, nil
	}
	switch strings.TrimSpace(unit) {
	case "s", "sec", "second":
		return v, nil
	case "m", "min", "minute":
		return v / 60, nil
	case "h", "hour":
		return v / 3600, nil
	}
	return 0, fmt.Errorf("bad rate %q: the unit after '/' must be s, m or h", s)
}

// strMap reads an object of text values (numbers and booleans as written).
func (p *parser) strMap(n *yaml.Node, path string) map[string]string {
	if n.Kind != yaml.MappingNode {
		p.fail(n, path, "must be an object of names to values")
		return nil
	}
	out := map[string]string{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], resolveAlias(n.Content[i+1])
		if v.Kind != yaml.ScalarNode {
			p.fail(v, join(path, k.Value), "must be a text value")
			continue
		}
		out[k.Value] = v.Value
	}
	return out
}

func (p *parser) seq(n *yaml.Node, path string, f func(i int, item *yaml.Node, ipath string)) {
	if n.Kind != yaml.SequenceNode {
		p.fail(n, path, "must be a list")
		return
	}
	for i, item := range n.Content {
		f(i, resolveAlias(item), fmt.Sprintf("%s[%d]", path, i))
	}
}

// rule reads one rule object. path is its place in the document ("" for a
// rule on its own, "faults[2]" in a scenario).
func (p *parser) rule(n *yaml.Node, path string) Rule {
	r := Rule{file: p.file, path: path, pos: map[string]int{"": n.Line}}
	at := func(field string, v *yaml.Node) string {
		r.pos[field] = v.Line
		return join(path, field)
	}
	p.fields(n, path, RuleFields, func(key string, v *yaml.Node) {
		fp := at(key, v)
		switch key {
		case "name":
			r.Name = p.str(v, fp)
		case "description":
			r.Description = p.str(v, fp)
		case "match":
			p.fields(v, fp, MatchFields, func(k string, mv *yaml.Node) {
				mp := at("match."+k, mv)
				switch k {
				case "product":
					r.Match.Product = p.str(mv, mp)
				case "action":
					r.Match.Action = p.str(mv, mp)
				case "account":
					r.Match.Account = p.str(mv, mp)
				case "region":
					r.Match.Region = p.str(mv, mp)
				case "resource":
					r.Match.Resource = p.str(mv, mp)
				case "params":
					r.Match.Params = p.strMap(mv, mp)
				case "json":
					r.Match.JSON = p.strMap(mv, mp)
				}
			})
		case "when":
			p.fields(v, fp, WhenFields, func(k string, wv *yaml.Node) {
				wp := at("when."+k, wv)
				switch k {
				case "calls":
					r.When.Calls = p.str(wv, wp)
				case "every":
					r.When.Every = p.integer(wv, wp)
				case "probability":
					r.When.Probability = p.float(wv, wp)
				case "limit":
					r.When.Limit = p.integer(wv, wp)
				case "from":
					r.When.From = p.duration(wv, wp)
				case "until":
					r.When.Until = p.duration(wv, wp)
				}
			})
		case "do":
			r.Do = p.effect(v, fp, &r, at)
		case "lifecycle":
			l := p.lifecycle(v, fp, func(k string, lv *yaml.Node) { at("lifecycle."+k, lv) })
			r.Lifecycle = &l
		}
	})
	return r
}

func (p *parser) effect(n *yaml.Node, path string, r *Rule, at func(string, *yaml.Node) string) *Effect {
	e := &Effect{}
	var code string
	p.fields(n, path, EffectFields, func(k string, v *yaml.Node) {
		fp := at("do."+k, v)
		switch k {
		case "error":
			if v.Kind == yaml.SequenceNode {
				var codes []string
				p.seq(v, fp, func(_ int, item *yaml.Node, ip string) { codes = append(codes, p.str(item, ip)) })
				e.Error = strings.Join(codes, "|")
			} else {
				e.Error = p.str(v, fp)
			}
		case "code":
			code = p.str(v, fp)
		case "force":
			e.Force = p.boolean(v, fp)
		case "status":
			e.Status = p.integer(v, fp)
		case "message":
			e.Message = p.str(v, fp)
		case "delay":
			if v.Kind == yaml.MappingNode {
				p.fields(v, fp, DelayFields, func(dk string, dv *yaml.Node) {
					dp := at("do.delay."+dk, dv)
					if dk == "min" {
						e.Delay = p.duration(dv, dp)
					} else {
						e.DelayMax = p.duration(dv, dp)
					}
				})
				if e.DelayMax == 0 {
					p.fail(v, fp, "a delay range needs max (and optionally min): {min: 100ms, max: 2s}")
				} else if e.DelayMax < e.Delay {
					p.fail(v, fp, "max (%v) is below min (%v)", e.DelayMax, e.Delay)
				}
			} else {
				e.Delay = p.duration(v, fp)
			}
		case "network":
			e.Network = p.str(v, fp)
		case "chunk":
			e.Chunk = p.integer(v, fp)
		case "pause":
			e.Pause = p.duration(v, fp)
		case "throttle":
			e.Throttle = &Throttle{}
			p.fields(v, fp, ThrottleFields, func(tk string, tv *yaml.Node) {
				tp := at("do.throttle."+tk, tv)
				if tk == "rate" {
					rate, err := ParseRate(tv.Value)
					if err != nil || tv.Kind != yaml.ScalarNode {
						p.fail(tv, tp, "bad rate %q: use tokens per unit of time, such as \"2/s\", \"120/m\" or \"30/h\"", tv.Value)
					}
					e.Throttle.Rate = rate
				} else {
					e.Throttle.Burst = p.integer(tv, tp)
				}
			})
		}
	})
	if code != "" {
		if e.Error != "" && e.Error != code {
			p.fail(n, join(path, "code"), "give either error or code, not both")
		}
		e.Error = code
	}
	return e
}

func (p *parser) lifecycle(n *yaml.Node, path string, at func(string, *yaml.Node)) Lifecycle {
	var l Lifecycle
	p.fields(n, path, LifecycleFields, func(k string, v *yaml.Node) {
		at(k, v)
		fp := join(path, k)
		switch k {
		case "type":
			l.Type = p.str(v, fp)
		case "from":
			l.From = p.str(v, fp)
		case "to":
			l.To = p.str(v, fp)
		case "after":
			l.After = p.duration(v, fp)
		case "reads":
			l.Reads = p.integer(v, fp)
		case "never":
			l.Never = p.boolean(v, fp)
		}
	})
	return l
}

// ParseRule reads one rule from YAML or JSON text (the body of POST
// /_ecmock/faults). source names the text in errors. The rule is not yet
// checked against the catalogue: Engine.Add does that.
func ParseRule(data []byte, source string) (Rule, error) {
	p := &parser{file: source}
	n := p.document(data)
	if n == nil {
		return Rule{}, p.errs
	}
	if n.Kind == yaml.SequenceNode {
		p.fail(n, "", "one rule per request; put several rules in a scenario's faults and POST it to /_ecmock/scenarios")
		return Rule{}, p.errs
	}
	r := p.rule(n, "")
	return r, p.errs.err()
}

// sortedKeys lists a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
