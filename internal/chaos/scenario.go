package chaos

import (
	"fmt"

	"gopkg.in/yaml.v3"
)

// Scenario is a scenario file (scenarios/README.md): accounts, fixtures,
// timing and fault rules applied together, atomically.
type Scenario struct {
	Name        string
	Description string
	// Seed reseeds generated IDs and probabilistic decisions (HasSeed).
	Seed    int64
	HasSeed bool
	// Timing is a profile name ("" keeps the server's); Transitions
	// override single transitions of it (or add automatic ones).
	Timing      string
	Transitions []Lifecycle
	Accounts    []AccountSpec
	Fixtures    []Fixture
	Faults      []Rule

	// File names the source in errors; pos maps field paths to lines.
	File string
	pos  map[string]int
}

// AccountSpec changes an account (found by accessKeyId, else uid) or, when
// neither is known, declares a new one.
type AccountSpec struct {
	UID             string
	AccessKeyID     string
	AccessKeySecret string
	Whitelisted     *bool
	Flags           map[string]bool
	Quotas          map[string]int
}

// Fixture is a resource that exists from the start.
type Fixture struct {
	Type    string
	ID      string
	Account string // access key or UID; the first account when empty
	Region  string // cn-hangzhou when empty
	Status  string
	Attrs   map[string]any
}

// Errf makes an error located at a field path of the scenario
// ("fixtures[0].type").
func (s *Scenario) Errf(field, format string, a ...any) *FieldError {
	line := s.pos[field]
	for f := field; line == 0 && f != ""; {
		i := lastSep(f)
		if i < 0 {
			break
		}
		f = f[:i]
		line = s.pos[f]
	}
	return &FieldError{File: s.File, Line: line, Field: field, Msg: fmt.Sprintf(format, a...)}
}

func lastSep(f string) int {
	for i := len(f) - 1; i >= 0; i-- {
		if f[i] == '.' || f[i] == '[' {
			return i
		}
	}
	return -1
}

// ParseScenario reads a scenario from YAML or JSON text; file names it in
// errors. Rules are not yet checked against the catalogue: Engine.Prepare
// does that. With errors, the scenario read so far is returned too (nil when
// the text is not YAML at all), so that a caller can report every mistake.
func ParseScenario(data []byte, file string) (*Scenario, error) {
	p := &parser{file: file}
	n := p.document(data)
	if n == nil {
		return nil, p.errs
	}
	s := &Scenario{File: file, pos: map[string]int{"": n.Line}}
	at := func(field string, v *yaml.Node) string {
		s.pos[field] = v.Line
		return field
	}
	p.fields(n, "", ScenarioFields, func(key string, v *yaml.Node) {
		fp := at(key, v)
		switch key {
		case "name":
			s.Name = p.str(v, fp)
		case "description":
			s.Description = p.str(v, fp)
		case "seed":
			s.Seed, s.HasSeed = p.int64v(v, fp), true
		case "timing":
			if v.Kind == yaml.ScalarNode {
				s.Timing = v.Value
				return
			}
			p.fields(v, fp, TimingFields, func(k string, tv *yaml.Node) {
				tp := at("timing."+k, tv)
				switch k {
				case "profile":
					s.Timing = p.str(tv, tp)
				case "transitions":
					p.seq(tv, tp, func(_ int, item *yaml.Node, ip string) {
						at(ip, item)
						s.Transitions = append(s.Transitions, p.lifecycle(item, ip, func(lk string, lv *yaml.Node) {
							at(ip+"."+lk, lv)
						}))
					})
				}
			})
		case "accounts":
			p.seq(v, fp, func(_ int, item *yaml.Node, ip string) {
				at(ip, item)
				var a AccountSpec
				p.fields(item, ip, AccountFields, func(k string, av *yaml.Node) {
					ap := at(ip+"."+k, av)
					switch k {
					case "uid":
						a.UID = p.str(av, ap)
					case "accessKeyId":
						a.AccessKeyID = p.str(av, ap)
					case "accessKeySecret":
						a.AccessKeySecret = p.str(av, ap)
					case "whitelisted":
						b := p.boolean(av, ap)
						a.Whitelisted = &b
					case "flags":
						a.Flags = map[string]bool{}
						for k, fv := range p.strMap(av, ap) {
							switch fv {
							case "true":
								a.Flags[k] = true
							case "false":
								a.Flags[k] = false
							default:
								p.fail(av, ap+"."+k, "a flag must be true or false, not %q", fv)
							}
						}
					case "quotas":
						a.Quotas = map[string]int{}
						if av.Kind != yaml.MappingNode {
							p.fail(av, ap, "must be an object of quota names to numbers")
							return
						}
						for i := 0; i+1 < len(av.Content); i += 2 {
							qk, qv := av.Content[i], av.Content[i+1]
							qp := at(ap+"."+qk.Value, qk)
							a.Quotas[qk.Value] = p.integer(qv, qp)
						}
					}
				})
				s.Accounts = append(s.Accounts, a)
			})
		case "fixtures":
			p.seq(v, fp, func(_ int, item *yaml.Node, ip string) {
				at(ip, item)
				var f Fixture
				p.fields(item, ip, FixtureFields, func(k string, fv *yaml.Node) {
					// A field on its item's line (the usual one-line
					// fixture) is found through the item: 100,000 fixtures
					// do not need 400,000 positions.
					xp := ip + "." + k
					if fv.Line != item.Line {
						at(xp, fv)
					}
					switch k {
					case "type":
						f.Type = p.str(fv, xp)
					case "id":
						f.ID = p.str(fv, xp)
					case "account":
						f.Account = p.str(fv, xp)
					case "region":
						f.Region = p.str(fv, xp)
					case "status":
						f.Status = p.str(fv, xp)
					case "attrs":
						if fv.Kind != yaml.MappingNode {
							p.fail(fv, xp, "must be an object of the resource's documented fields")
							return
						}
						var m map[string]any
						if err := fv.Decode(&m); err != nil {
							p.fail(fv, xp, "%v", err)
						}
						f.Attrs = m
					}
				})
				s.Fixtures = append(s.Fixtures, f)
			})
		case "faults":
			p.seq(v, fp, func(_ int, item *yaml.Node, ip string) {
				at(ip, item)
				s.Faults = append(s.Faults, p.rule(item, ip))
			})
		}
	})
	return s, p.errs.err()
}
