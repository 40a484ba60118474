package chaos

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ecmock/ecmock/internal/api"
	"github.com/ecmock/ecmock/internal/catalog"
	"github.com/ecmock/ecmock/internal/clock"
	"github.com/ecmock/ecmock/internal/store"
)

func newEngine(t testing.TB) (*Engine, *clock.Manual) {
	t.Helper()
	clk := clock.NewManual(time.Time{})
	return New(Config{Catalog: catalog.MustLoad(), Clock: clk, Seed: 1}), clk
}

func TestParseCalls(t *testing.T) {
	for _, tc := range []struct {
		in   string
		hits []int64
		bad  bool
	}{
		{in: "3", hits: []int64{3}},
		{in: "1-2", hits: []int64{1, 2}},
		{in: "4-", hits: []int64{4, 5, 6, 7, 8}},
		{in: "1,3,6-7", hits: []int64{1, 3, 6, 7}},
		{in: "0", bad: true},
		{in: "3-1", bad: true},
		{in: "x", bad: true},
		{in: "", bad: true},
	} {
		spans, err := parseCalls(tc.in)
		if tc.bad {
			if err == nil {
				t.Errorf("parseCalls(%q) accepted; want an error", tc.in)
			}
			continue
		}
		if err != nil {
			t.Fatalf("parseCalls(%q): %v", tc.in, err)
		}
		var got []int64
		for n := int64(1); n <= 8; n++ {
			if inSpans(spans, n) {
				got = append(got, n)
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(tc.hits) {
			t.Errorf("parseCalls(%q) selects %v; want %v", tc.in, got, tc.hits)
		}
	}
}

func TestParseRateAndDuration(t *testing.T) {
	for in, want := range map[string]float64{"2/s": 2, "120/m": 2, "3600/h": 1, "0.5": 0.5} {
		if got, err := ParseRate(in); err != nil || got != want {
			t.Errorf("ParseRate(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"fast", "2/d", "-1/s", "0/s"} {
		if _, err := ParseRate(bad); err == nil {
			t.Errorf("ParseRate(%q) accepted", bad)
		}
	}
	if _, err := ParseDuration("-1s"); err == nil {
		t.Error("a negative duration was accepted")
	}
	if d, err := ParseDuration("0"); err != nil || d != 0 {
		t.Errorf("ParseDuration(0) = %v, %v", d, err)
	}
}

func TestParamsJSON(t *testing.T) {
	got := string(ParamsJSON(map[string]string{
		"Tag.1.Key": "team", "Tag.1.Value": "net", "Tag.2.Key": "env", "Tag.2.Value": "prod",
		"VirtualPhysicalConnectionIds.1": "pc-a", "VirtualPhysicalConnectionIds.2": "pc-b", "RegionId": "cn-hangzhou",
		"Filter.1.Key": "Status", "Filter.1.Value.1": "Enabled",
	}))
	want := `{"Filter":[{"Key":"Status","Value":["Enabled"]}],"RegionId":"cn-hangzhou","Tag":[{"Key":"team","Value":"net"},{"Key":"env","Value":"prod"}],"VirtualPhysicalConnectionIds":["pc-a","pc-b"]}`
	if got != want {
		t.Fatalf("got %s; want %s", got, want)
	}
}

func TestNamesResource(t *testing.T) {
	for _, tc := range []struct {
		params map[string]string
		want   bool
	}{
		{map[string]string{"EcrId": "x"}, true},
		{map[string]string{"VirtualPhysicalConnectionIds.2": "x"}, true},
		{map[string]string{"Filter.1.Key": "PhysicalConnectionId", "Filter.1.Value.1": "x"}, true},
		{map[string]string{"Filter.1.Key": "Name", "Filter.1.Value.1": "x"}, false},
		{map[string]string{"Name": "x"}, false},
		{map[string]string{"EcrId": "y"}, false},
	} {
		if got := namesResource(tc.params, "x"); got != tc.want {
			t.Errorf("namesResource(%v) = %v; want %v", tc.params, got, tc.want)
		}
	}
}

func TestResolveCodes(t *testing.T) {
	e, _ := newEngine(t)
	cat := e.cfg.Catalog
	create := cat.Action("ExpressConnectRouter", "CreateExpressConnectRouter")
	for _, tc := range []struct {
		code string
		want string
	}{
		{"Conflict.Lock", "Conflict.Lock"},
		{"QuotaExceeded", "QuotaExceeded.EcrCountPerUser"},
		{"Conflict", "Conflict.ASNOfECR Conflict.Lock"},
		{"ServiceUnavailable", "ServiceUnavailable"},
		{"Throttling", "Throttling"},
		{"IllegalParamFormat.Name", "IllegalParamFormat.Name"},
		{"IllegalParamFormat", ""}, // a template only: the rule must name it
		{"Nope.Nothing", ""},
	} {
		if got := strings.Join(e.resolve(create, tc.code), " "); got != tc.want {
			t.Errorf("resolve(%s) = %q; want %q", tc.code, got, tc.want)
		}
	}
	tr := e.resolve(create, TransientKeyword)
	for _, c := range []string{"ServiceUnavailable", "Throttling.User", "InternalError"} {
		if !contains(tr, c) {
			t.Errorf("transient codes %v lack %s", tr, c)
		}
	}
}

func TestActionlessRuleAppliesWhereDocumented(t *testing.T) {
	e, clk := newEngine(t)
	if err := e.Add(Rule{Name: "lock-or-503", Do: &Effect{Error: "Conflict.Lock|ServiceUnavailable"}}); err != nil {
		t.Fatal(err)
	}
	seen := map[string]map[string]bool{}
	for i := 0; i < 60; i++ {
		for _, a := range []string{"CreateExpressConnectRouter", "DescribeExpressConnectRouter"} {
			d := e.Decide(&Input{Product: "ExpressConnectRouter", Action: a, Now: clk.Now()})
			if seen[a] == nil {
				seen[a] = map[string]bool{}
			}
			seen[a][d.Error.Code] = true
		}
	}
	if !seen["CreateExpressConnectRouter"]["Conflict.Lock"] || !seen["CreateExpressConnectRouter"]["ServiceUnavailable"] {
		t.Errorf("CreateExpressConnectRouter got %v; want both codes", seen["CreateExpressConnectRouter"])
	}
	if seen["DescribeExpressConnectRouter"]["Conflict.Lock"] {
		t.Errorf("DescribeExpressConnectRouter got Conflict.Lock, which it does not document")
	}
	// A rule whose only code an action does not document leaves it alone.
	e.Clear()
	if err := e.Add(Rule{Name: "lock", Do: &Effect{Error: "Conflict.Lock"}}); err != nil {
		t.Fatal(err)
	}
	if d := e.Decide(&Input{Product: "ExpressConnectRouter", Action: "DescribeExpressConnectRouter", Now: clk.Now()}); d != nil {
		t.Fatalf("got %+v; want no decision", d)
	}
	if d := e.Decide(&Input{Product: "Vpc", Action: "CreatePhysicalConnection", Now: clk.Now()}); d != nil {
		t.Fatalf("got %+v; want no decision", d)
	}
}

func TestRuleOrderFirstFiringWinsAllCount(t *testing.T) {
	e, clk := newEngine(t)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(e.Add(Rule{Name: "first", Match: Match{Action: "CreatePhysicalConnection"}, When: When{Calls: "2"}, Do: &Effect{Error: "InternalError"}}))
	must(e.Add(Rule{Name: "second", Match: Match{Product: "Vpc"}, When: When{Calls: "2-3"}, Do: &Effect{Error: "ServiceUnavailable"}}))
	in := &Input{Product: "Vpc", Action: "CreatePhysicalConnection", Now: clk.Now()}
	var got []string
	for i := 0; i < 4; i++ {
		d := e.Decide(in)
		if d == nil {
			got = append(got, "-")
		} else {
			got = append(got, d.Rule)
		}
	}
	if strings.Join(got, " ") != "- first second -" {
		t.Fatalf("got %v; want - first second -", got)
	}
	for _, rs := range e.Rules() {
		if rs.Matched != 4 {
			t.Errorf("%s matched %d; want 4 (every matching call counts)", rs.Rule.Name, rs.Matched)
		}
	}
}

func TestDelayRangeAndProbabilityRepeatable(t *testing.T) {
	run := func() string {
		e, clk := newEngine(t)
		if err := e.Add(Rule{Name: "r", When: When{Probability: 0.5}, Do: &Effect{Delay: time.Millisecond, DelayMax: 100 * time.Millisecond}}); err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for i := 0; i < 30; i++ {
			d := e.Decide(&Input{Product: "Vpc", Action: "DescribePhysicalConnections", Now: clk.Now()})
			if d == nil {
				b.WriteString("-,")
				continue
			}
			if d.Delay < time.Millisecond || d.Delay > 100*time.Millisecond {
				t.Fatalf("delay %v outside the range", d.Delay)
			}
			fmt.Fprintf(&b, "%v,", d.Delay)
		}
		return b.String()
	}
	a, b := run(), run()
	if a != b || !strings.Contains(a, "-") || strings.Count(a, "ms") < 5 {
		t.Fatalf("runs differ or are not a mix:\n%s\n%s", a, b)
	}
}

func TestLifecycleShapes(t *testing.T) {
	e, clk := newEngine(t)
	r := &store.Resource{ID: "pc-1", Type: "PhysicalConnection", Owner: "u1", Region: "cn-hangzhou", Status: "Allocating", CreatedBy: "CreatePhysicalConnection", Since: clk.Now()}
	def := &store.Step{To: "Allocated", After: time.Second}
	if got := e.Lifecycle(r, def); got != def {
		t.Fatalf("no rules: got %+v; want the profile's step", got)
	}
	add := func(rule Rule) {
		t.Helper()
		if err := e.Add(rule); err != nil {
			t.Fatal(err)
		}
	}
	add(Rule{Name: "other-account", Match: Match{Account: "u2"}, Lifecycle: &Lifecycle{From: "Allocating", Never: true}})
	add(Rule{Name: "other-region", Match: Match{Region: "cn-beijing"}, Lifecycle: &Lifecycle{From: "Allocating", Never: true}})
	add(Rule{Name: "reads", Match: Match{Action: "CreatePhysicalConnection"}, Lifecycle: &Lifecycle{From: "Allocating", Reads: 3}})
	got := e.Lifecycle(r, def)
	if got.To != "Allocated" || got.Reads != 3 || got.After != -1 || got.Rule != "reads" {
		t.Fatalf("got %+v; want Allocated after 3 reads by rule reads", got)
	}
	e.Clear()
	add(Rule{Name: "divert", Match: Match{Resource: "pc-1"}, Lifecycle: &Lifecycle{Type: "PhysicalConnection", From: "Allocating", To: "Allocation Failed"}})
	if got := e.Lifecycle(r, def); got.To != "Allocation Failed" || got.After != 0 {
		t.Fatalf("got %+v; want an immediate diversion", got)
	}
	// Timing transitions replace the profile's step; rules come after.
	e.Clear()
	b, err := e.Prepare(nil, []Lifecycle{{Type: "PhysicalConnection", From: "Allocated", To: "Confirmed", After: time.Minute}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Commit(b, nil); err != nil {
		t.Fatal(err)
	}
	r.Status = "Allocated"
	if got := e.Lifecycle(r, nil); got == nil || got.To != "Confirmed" || got.After != time.Minute {
		t.Fatalf("got %+v; want Confirmed after 1m", got)
	}
}

func TestRuleValidation(t *testing.T) {
	e, _ := newEngine(t)
	for _, tc := range []struct {
		rule Rule
		want string
	}{
		{Rule{Name: "x"}, "needs do"},
		{Rule{Name: "bad name!", Do: &Effect{Delay: time.Second}}, "letters, digits"},
		{Rule{Match: Match{Product: "Ecs"}, Do: &Effect{Delay: time.Second}}, "unknown product"},
		{Rule{Match: Match{Action: "CreatePhysicalConection"}, Do: &Effect{Delay: time.Second}}, "did you mean CreatePhysicalConnection"},
		{Rule{Do: &Effect{}}, "at least one of"},
		{Rule{Do: &Effect{Network: "flaky"}}, "unknown network fault"},
		{Rule{Do: &Effect{Network: "reset", Error: "InternalError"}}, "never be seen"},
		{Rule{Do: &Effect{Error: "InternalError", Status: 502}}, "set force: true"},
		{Rule{When: When{Probability: 2}, Do: &Effect{Delay: time.Second}}, "between 0 and 1"},
		{Rule{When: When{From: time.Minute, Until: time.Second}, Do: &Effect{Delay: time.Second}}, "must be after"},
		{Rule{Match: Match{Action: "CreateExpressConnectRouter"}, Do: &Effect{Error: "IllegalParamFormat"}}, "name the parameter"},
		{Rule{Match: Match{Product: "Cbn"}, Do: &Effect{Error: "Conflict.Lock"}}, "documented for none of"},
		{Rule{Lifecycle: &Lifecycle{From: "Enabled"}}, "no automatic transition leaves"},
		{Rule{Lifecycle: &Lifecycle{Type: "Spaceship", From: "Flying", To: "Landed"}}, "unknown resource type"},
		{Rule{Lifecycle: &Lifecycle{From: "Allocating", Reads: 2, Never: true}}, "one of after, reads, never"},
		{Rule{When: When{Calls: "1"}, Lifecycle: &Lifecycle{From: "Allocating"}}, "when applies to calls"},
		{Rule{Do: &Effect{Delay: time.Second}, Lifecycle: &Lifecycle{From: "Allocating"}}, "not both"},
	} {
		err := e.Add(tc.rule)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("rule %+v: got %v; want an error containing %q", tc.rule, err, tc.want)
		}
	}
	if n := len(e.Rules()); n != 0 {
		t.Fatalf("%d rules added by refused adds", n)
	}
	// Names: generated when absent, unique.
	if err := e.Add(Rule{Do: &Effect{Delay: time.Second}}, Rule{Name: "n", Do: &Effect{Delay: time.Second}}); err != nil {
		t.Fatal(err)
	}
	if err := e.Add(Rule{Name: "n", Do: &Effect{Delay: time.Second}}); err == nil {
		t.Fatal("a duplicate name was accepted")
	}
	if l := e.Rules(); len(l) != 2 || l[0].Rule.Name != "rule-1" || l[1].Rule.Name != "n" {
		t.Fatalf("got %+v", l)
	}
}

func TestParseRuleRoundTrip(t *testing.T) {
	text := `
name: all-fields
description: every field
match:
  product: Vpc
  action: CreatePhysicalConnection
  account: LTAIecmockAccountA
  region: cn-shanghai
  resource: pc-1
  params: {LineOperator: CT, bandwidth: 100}
  json: {'Tag.#(Key=="env").Value': prod}
when: {calls: "1-2", every: 1, probability: 0.5, limit: 3, from: 10s, until: 1m}
do:
  error: [QuotaExceeded, ServiceUnavailable]
  message: custom
  delay: {min: 100ms, max: 2s}
  network: slow
  chunk: 4
  pause: 10ms
`
	r, err := ParseRule([]byte(text), "t.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if r.Match.Params["bandwidth"] != "100" || r.When.Until != time.Minute || r.Do.DelayMax != 2*time.Second ||
		r.Do.Error != "QuotaExceeded|ServiceUnavailable" || r.Match.JSON[`Tag.#(Key=="env").Value`] != "prod" {
		t.Fatalf("parsed %+v %+v", r, r.Do)
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	r2, err := ParseRule(b, "json")
	if err != nil {
		t.Fatalf("re-reading %s: %v", b, err)
	}
	b2, _ := json.Marshal(r2)
	if string(b) != string(b2) {
		t.Fatalf("round trip differs:\n%s\n%s", b, b2)
	}
	e, _ := newEngine(t)
	if err := e.Add(r); err != nil {
		t.Fatalf("adding the parsed rule: %v", err)
	}
	// throttle and lifecycle forms
	for _, text := range []string{
		`{name: t, do: {throttle: {rate: 120/m, burst: 3}}}`,
		`{name: l, match: {action: CreateTransitRouterEcrAttachment}, lifecycle: {from: Attaching, after: 45s}}`,
	} {
		r, err := ParseRule([]byte(text), "t")
		if err != nil {
			t.Fatal(err)
		}
		if err := e.Add(r); err != nil {
			t.Fatalf("%s: %v", text, err)
		}
	}
}

func TestParseErrorsCarryLines(t *testing.T) {
	_, err := ParseRule([]byte("name: x\ndo:\n  delay: soon\n  network: reset\nwhen:\n  calls: 1\n  sometimes: true\n"), "rule.yaml")
	if err == nil {
		t.Fatal("accepted")
	}
	for _, want := range []string{`rule.yaml:3: do.delay: bad duration "soon"`, `rule.yaml:7: when.sometimes: unknown field "sometimes"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	if _, err := ParseRule([]byte("- a\n- b\n"), "r"); err == nil || !strings.Contains(err.Error(), "one rule per request") {
		t.Errorf("a list: got %v", err)
	}
	if _, err := ParseRule([]byte("{name: [}"), "r"); err == nil || !strings.Contains(err.Error(), "not valid YAML") {
		t.Errorf("bad YAML: got %v", err)
	}
}

func TestThrottleBucket(t *testing.T) {
	e, clk := newEngine(t)
	if err := e.Add(Rule{Name: "t", Match: Match{Action: "DescribePhysicalConnections"}, Do: &Effect{Throttle: &Throttle{Rate: 1}}}); err != nil {
		t.Fatal(err)
	}
	in := func(acct string) *Input {
		return &Input{Product: "Vpc", Action: "DescribePhysicalConnections", Account: acct, Now: clk.Now()}
	}
	if d := e.Decide(in("a")); d != nil {
		t.Fatal("the first call (burst 1) was throttled")
	}
	d := e.Decide(in("a"))
	if d == nil || d.Error == nil || d.Error.Code != "Throttling.User" {
		t.Fatalf("got %+v; want Throttling.User", d)
	}
	if e.Decide(in("b")) != nil {
		t.Fatal("account b shares a's bucket")
	}
	clk.Advance(999 * time.Millisecond)
	if e.Decide(in("a")) == nil {
		t.Fatal("refilled before a whole token")
	}
	clk.Advance(time.Second)
	if e.Decide(in("a")) != nil {
		t.Fatal("not refilled after a second")
	}
}

// BenchmarkDecide measures the engine's cost per call with rules loaded that
// do not match the call (rules for other actions): it stays flat because
// rules are indexed by product and action.
func BenchmarkDecide(b *testing.B) {
	cat := catalog.MustLoad()
	var others []*catalog.Action
	for _, pn := range cat.ProductNames() {
		for _, an := range cat.Products[pn].ActionNames() {
			if an != "DescribePhysicalConnections" {
				others = append(others, cat.Products[pn].Actions[an])
			}
		}
	}
	for _, n := range []int{0, 10, 1000} {
		b.Run(fmt.Sprintf("rules=%d", n), func(b *testing.B) {
			e, clk := newEngine(b)
			rules := make([]Rule, n)
			for i := range rules {
				a := others[i%len(others)]
				rules[i] = Rule{Name: fmt.Sprintf("r%d", i), Match: Match{Product: a.Product, Action: a.Name},
					When: When{Probability: 0.5}, Do: &Effect{Error: "ServiceUnavailable"}}
			}
			if err := e.Add(rules...); err != nil {
				b.Fatal(err)
			}
			in := &Input{Product: "Vpc", Action: "DescribePhysicalConnections", Account: "1", Region: "cn-hangzhou",
				Params: api.Params{"RegionId": "cn-hangzhou"}, Now: clk.Now()}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if e.Decide(in) != nil {
					b.Fatal("a non-matching rule fired")
				}
			}
		})
	}
}
