package scenarios_test

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/ecmock/ecmock/internal/chaos"
	"github.com/ecmock/ecmock/scenarios"
)

func loadSchema(t *testing.T) map[string]any {
	t.Helper()
	b, err := os.ReadFile("scenario.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var s map[string]any
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatalf("scenario.schema.json is not JSON: %v", err)
	}
	return s
}

// validator is the part of JSON Schema the scenario schema uses.
type validator struct{ root map[string]any }

func (v validator) check(s map[string]any, x any, path string) []string {
	if ref, ok := s["$ref"].(string); ok {
		name := strings.TrimPrefix(ref, "#/$defs/")
		return v.check(v.root["$defs"].(map[string]any)[name].(map[string]any), x, path)
	}
	var errs []string
	if t, ok := s["type"]; ok && !typeOK(t, x) {
		return []string{fmt.Sprintf("%s: %v is not of type %v", path, x, t)}
	}
	if e, ok := s["enum"].([]any); ok {
		found := false
		for _, o := range e {
			if fmt.Sprint(o) == fmt.Sprint(x) {
				found = true
			}
		}
		if !found {
			errs = append(errs, fmt.Sprintf("%s: %v not in %v", path, x, e))
		}
	}
	if p, ok := s["pattern"].(string); ok {
		if str, ok := x.(string); ok && !regexp.MustCompile(p).MatchString(str) {
			errs = append(errs, fmt.Sprintf("%s: %q does not match %s", path, str, p))
		}
	}
	if n, ok := number(x); ok {
		if m, ok := s["minimum"].(float64); ok && n < m {
			errs = append(errs, fmt.Sprintf("%s: %v < %v", path, n, m))
		}
		if m, ok := s["maximum"].(float64); ok && n > m {
			errs = append(errs, fmt.Sprintf("%s: %v > %v", path, n, m))
		}
		if m, ok := s["exclusiveMinimum"].(float64); ok && n <= m {
			errs = append(errs, fmt.Sprintf("%s: %v <= %v", path, n, m))
		}
	}
	if obj, ok := x.(map[string]any); ok {
		props, _ := s["properties"].(map[string]any)
		for _, r := range asList(s["required"]) {
			if _, ok := obj[r.(string)]; !ok {
				errs = append(errs, fmt.Sprintf("%s: %s is required", path, r))
			}
		}
		for k, val := range obj {
			if ps, ok := props[k].(map[string]any); ok {
				errs = append(errs, v.check(ps, val, path+"."+k)...)
				continue
			}
			switch ap := s["additionalProperties"].(type) {
			case bool:
				if !ap {
					errs = append(errs, fmt.Sprintf("%s: unknown field %s", path, k))
				}
			case map[string]any:
				errs = append(errs, v.check(ap, val, path+"."+k)...)
			}
		}
	}
	if arr, ok := x.([]any); ok {
		if items, ok := s["items"].(map[string]any); ok {
			for i, it := range arr {
				errs = append(errs, v.check(items, it, fmt.Sprintf("%s[%d]", path, i))...)
			}
		}
	}
	if one := asList(s["oneOf"]); len(one) > 0 {
		n := 0
		for _, o := range one {
			if len(v.check(o.(map[string]any), x, path)) == 0 {
				n++
			}
		}
		if n != 1 {
			errs = append(errs, fmt.Sprintf("%s: matches %d of oneOf's %d schemas; want exactly 1", path, n, len(one)))
		}
	}
	return errs
}

func asList(x any) []any { l, _ := x.([]any); return l }

func number(x any) (float64, bool) {
	switch n := x.(type) {
	case int:
		return float64(n), true
	case float64:
		return n, true
	}
	return 0, false
}

func typeOK(t any, x any) bool {
	if l, ok := t.([]any); ok {
		for _, one := range l {
			if typeOK(one, x) {
				return true
			}
		}
		return false
	}
	switch t {
	case "string":
		_, ok := x.(string)
		return ok
	case "integer":
		_, ok := x.(int)
		if f, isF := x.(float64); isF {
			return f == float64(int64(f))
		}
		return ok
	case "number":
		_, ok := number(x)
		return ok
	case "boolean":
		_, ok := x.(bool)
		return ok
	case "object":
		_, ok := x.(map[string]any)
		return ok
	case "array":
		_, ok := x.([]any)
		return ok
	}
	return false
}

func TestShippedScenariosMatchSchema(t *testing.T) {
	v := validator{root: loadSchema(t)}
	list := scenarios.List()
	if len(list) < 9 {
		t.Fatalf("%d shipped scenarios; want at least 9", len(list))
	}
	for _, s := range list {
		data, file, ok := scenarios.Get(s.Name)
		if !ok {
			t.Fatalf("Get(%s) failed", s.Name)
		}
		var doc any
		if err := yaml.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		if errs := v.check(v.root, doc, file); len(errs) > 0 {
			t.Errorf("%s breaks the schema:\n%s", file, strings.Join(errs, "\n"))
		}
		if _, err := chaos.ParseScenario(data, file); err != nil {
			t.Errorf("%s: %v", file, err)
		}
		if s.Name+".yaml" != file {
			t.Errorf("scenario %s lives in %s; want the file named after it", s.Name, file)
		}
	}
}

func TestSchemaRejectsMistakes(t *testing.T) {
	v := validator{root: loadSchema(t)}
	for _, bad := range []string{
		"{name: x, colour: red}",
		"{faults: [{name: a}]}",
		"{faults: [{do: {delay: soon}}]}",
		"{faults: [{do: {network: flaky}}]}",
		"{faults: [{when: {calls: first}, do: {delay: 1s}}]}",
		"{faults: [{do: {delay: 1s}, lifecycle: {from: A}}]}",
		"{timing: slow}",
		"{fixtures: [{type: PhysicalConnection}]}",
	} {
		var doc any
		if err := yaml.Unmarshal([]byte(bad), &doc); err != nil {
			t.Fatal(err)
		}
		if errs := v.check(v.root, doc, "doc"); len(errs) == 0 {
			t.Errorf("the schema accepts %s", bad)
		}
	}
}

// The schema lists exactly the fields the parser accepts.
func TestSchemaFieldsMatchParser(t *testing.T) {
	root := loadSchema(t)
	defs := root["$defs"].(map[string]any)
	keys := func(s map[string]any) []string {
		var out []string
		for k := range s["properties"].(map[string]any) {
			out = append(out, k)
		}
		sort.Strings(out)
		return out
	}
	sorted := func(l []string) []string {
		c := append([]string(nil), l...)
		sort.Strings(c)
		return c
	}
	timing := root["properties"].(map[string]any)["timing"].(map[string]any)["oneOf"].([]any)[1].(map[string]any)
	delay := defs["effect"].(map[string]any)["properties"].(map[string]any)["delay"].(map[string]any)["oneOf"].([]any)[1].(map[string]any)
	throttle := defs["effect"].(map[string]any)["properties"].(map[string]any)["throttle"].(map[string]any)
	for name, pair := range map[string][2][]string{
		"scenario":   {keys(root), chaos.ScenarioFields},
		"timing":     {keys(timing), chaos.TimingFields},
		"account":    {keys(defs["account"].(map[string]any)), chaos.AccountFields},
		"fixture":    {keys(defs["fixture"].(map[string]any)), chaos.FixtureFields},
		"rule":       {keys(defs["rule"].(map[string]any)), chaos.RuleFields},
		"match":      {keys(defs["match"].(map[string]any)), chaos.MatchFields},
		"when":       {keys(defs["when"].(map[string]any)), chaos.WhenFields},
		"do":         {keys(defs["effect"].(map[string]any)), chaos.EffectFields},
		"delay":      {keys(delay), chaos.DelayFields},
		"throttle":   {keys(throttle), chaos.ThrottleFields},
		"lifecycle":  {keys(defs["lifecycle"].(map[string]any)), chaos.LifecycleFields},
		"transition": {keys(defs["transition"].(map[string]any)), chaos.TransitionFields},
	} {
		if got, want := strings.Join(pair[0], ","), strings.Join(sorted(pair[1]), ","); got != want {
			t.Errorf("%s: schema has %s; the parser accepts %s", name, got, want)
		}
	}
}
