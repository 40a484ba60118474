package steps

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/cucumber/godog"
	"gopkg.in/yaml.v3"
)

// resourceNouns maps the words features use for resources to ecmock's
// resource types (store types) and their ID prefixes.
var resourceNouns = []struct {
	words  []string
	typ    string
	prefix string
}{
	{[]string{"physical connection", "physical connections"}, "PhysicalConnection", "pc"},
	{[]string{"VBR", "VBRs", "virtual border router", "virtual border routers"}, "VirtualBorderRouter", "vbr"},
	{[]string{"ECR", "ECRs", "express connect router", "express connect routers"}, "ExpressConnectRouter", "ecr"},
	{[]string{"ECR association", "ECR associations"}, "ExpressConnectRouterAssociation", "ecr-assoc"},
	{[]string{"CEN", "CENs"}, "Cen", "cen"},
	{[]string{"transit router", "transit routers"}, "TransitRouter", "tr"},
	{[]string{"transit router ECR attachment", "transit router ECR attachments", "ECR attachment", "ECR attachments"}, "TransitRouterEcrAttachment", "tr-attach"},
	{[]string{"Express Cloud Connection", "Express Cloud Connections"}, "ExpressCloudConnection", "ecc"},
}

// nounPattern is the regexp alternation of every resource noun, longest first.
func nounPattern() string {
	var all []string
	for _, n := range resourceNouns {
		all = append(all, n.words...)
	}
	// longest first so that "transit router ECR attachments" wins over "transit router"
	for i := 0; i < len(all); i++ {
		for j := i + 1; j < len(all); j++ {
			if len(all[j]) > len(all[i]) {
				all[i], all[j] = all[j], all[i]
			}
		}
	}
	return "(" + strings.Join(all, "|") + ")"
}

func resourceType(noun string) (string, string, error) {
	for _, n := range resourceNouns {
		for _, w := range n.words {
			if w == noun {
				return n.typ, n.prefix, nil
			}
		}
	}
	return "", "", fmt.Errorf("unknown resource %q", noun)
}

// nextStatus is where the catalogue's lifecycle takes a type from a status.
func nextStatus(typ, from string) (string, error) {
	c, err := Catalog()
	if err != nil {
		return "", err
	}
	var known []string
	for _, pn := range c.ProductNames() {
		for _, t := range c.Products[pn].Lifecycles[typ] {
			if t.From == from {
				return t.To, nil
			}
			known = append(known, t.From+"→"+t.To)
		}
	}
	return "", fmt.Errorf("the catalogue has no automatic transition of %s from %s (it has: %s)", typ, from, strings.Join(known, ", "))
}

func unquote(s string) string { return strings.Trim(s, `"`) }

// ruleName makes a fault rule name unique in the scenario (and on a shared
// remote server).
func (w *World) ruleName(base string) string {
	w.nrule++
	return fmt.Sprintf("%s-%d-%s", base, w.nrule, w.vars["scenario"])
}

func (w *World) addRule(ctx context.Context, rule map[string]any) error {
	if err := w.ctl.addFault(ctx, rule); err != nil {
		return err
	}
	w.rules = append(w.rules, rule["name"].(string))
	return nil
}

func (w *World) failRule(ctx context.Context, action, code string, when map[string]any) error {
	if _, _, err := actionInfo(action); err != nil {
		return err
	}
	rule := map[string]any{
		"name":  w.ruleName(strings.ToLower(action)),
		"match": map[string]any{"action": action},
		"do":    map[string]any{"error": code},
	}
	if when != nil {
		rule["when"] = when
	}
	return w.addRule(ctx, rule)
}

func (w *World) actionFailsForNextCalls(ctx context.Context, action, code string, n int) error {
	calls := "1"
	if n > 1 {
		calls = fmt.Sprintf("1-%d", n)
	}
	return w.failRule(ctx, action, code, map[string]any{"calls": calls})
}

func (w *World) actionFailsOnCall(ctx context.Context, action, code string, n int) error {
	return w.failRule(ctx, action, code, map[string]any{"calls": itoa(n)})
}

func (w *World) actionAlwaysFails(ctx context.Context, action, code string) error {
	return w.failRule(ctx, action, code, nil)
}

func (w *World) actionConnectionReset(ctx context.Context, action string, n int) error {
	if _, _, err := actionInfo(action); err != nil {
		return err
	}
	calls := "1"
	if n > 1 {
		calls = fmt.Sprintf("1-%d", n)
	}
	return w.addRule(ctx, map[string]any{
		"name":  w.ruleName(strings.ToLower(action) + "-reset"),
		"match": map[string]any{"action": action},
		"when":  map[string]any{"calls": calls},
		"do":    map[string]any{"network": "reset"},
	})
}

func (w *World) lifecycleRule(ctx context.Context, noun, from string, lc map[string]any) error {
	typ, _, err := resourceType(noun)
	if err != nil {
		return err
	}
	from = unquote(from)
	if _, ok := lc["to"]; !ok {
		to, err := nextStatus(typ, from)
		if err != nil {
			return err
		}
		lc["to"] = to
	}
	lc["type"], lc["from"] = typ, from
	return w.addRule(ctx, map[string]any{"name": w.ruleName(strings.ToLower(typ) + "-lifecycle"), "lifecycle": lc})
}

func (w *World) stayForReads(ctx context.Context, noun, status string, n int) error {
	return w.lifecycleRule(ctx, noun, status, map[string]any{"reads": n})
}

func (w *World) stayForDuration(ctx context.Context, noun, status string, n int, unit string) error {
	d, err := unitDuration(n, unit)
	if err != nil {
		return err
	}
	return w.lifecycleRule(ctx, noun, status, map[string]any{"after": d.String()})
}

func (w *World) stayForever(ctx context.Context, noun, status string) error {
	return w.lifecycleRule(ctx, noun, status, map[string]any{"never": true})
}

func (w *World) goFromTo(ctx context.Context, noun, from, to string) error {
	return w.lifecycleRule(ctx, noun, from, map[string]any{"to": unquote(to)})
}

// toJSON turns a YAML or JSON document into JSON, expanding {names}.
func (w *World) toJSON(doc string) ([]byte, error) {
	text, err := w.expand(doc)
	if err != nil {
		return nil, err
	}
	var v any
	if err := yaml.Unmarshal([]byte(text), &v); err != nil {
		return nil, fmt.Errorf("not YAML or JSON: %v", err)
	}
	return json.Marshal(v)
}

func (w *World) theFaultRule(ctx context.Context, doc *godog.DocString) error {
	b, err := w.toJSON(doc.Content)
	if err != nil {
		return err
	}
	var rule map[string]any
	if err := json.Unmarshal(b, &rule); err != nil {
		return fmt.Errorf("a fault rule is an object: %v", err)
	}
	if _, ok := rule["name"].(string); !ok {
		rule["name"] = w.ruleName("rule")
	}
	return w.addRule(ctx, rule)
}

func (w *World) theScenarioNamed(ctx context.Context, name string) error {
	a, err := w.ctl.applyShipped(ctx, name)
	w.rules = append(w.rules, a.Faults...) // removed after the scenario on a shared server
	return err
}

func (w *World) theScenario(ctx context.Context, doc *godog.DocString) error {
	b, err := w.toJSON(doc.Content)
	if err != nil {
		return err
	}
	a, err := w.ctl.applyScenarioResult(ctx, b)
	w.rules = append(w.rules, a.Faults...)
	return err
}

func (w *World) accountQuota(ctx context.Context, account, quota string, n int) error {
	a, ok := w.accounts[account]
	if !ok {
		return fmt.Errorf("no account %q", account)
	}
	return w.ctl.applyScenario(ctx, map[string]any{
		"name":     "quota-" + w.vars["scenario"],
		"accounts": []any{map[string]any{"accessKeyId": a.AccessKeyID, "quotas": map[string]int{quota: n}}},
	})
}

func (w *World) myQuota(ctx context.Context, quota string, n int) error {
	return w.accountQuota(ctx, w.account, quota, n)
}

func (w *World) theTimingProfileIs(ctx context.Context, profile string) error {
	// On a shared server stop puts the profile back (see start).
	return w.ctl.applyScenario(ctx, map[string]any{"name": "timing-" + w.vars["scenario"], "timing": profile})
}

// fixture creates a resource through a scenario's fixtures and remembers its
// ID under name.
func (w *World) fixture(ctx context.Context, status, noun, name, account string, t *godog.Table) error {
	typ, prefix, err := resourceType(noun)
	if err != nil {
		return err
	}
	if account == "" {
		account = w.account
	}
	a, ok := w.accounts[account]
	if !ok {
		return fmt.Errorf("no account %q", account)
	}
	attrs, err := w.tableParams(t)
	if err != nil {
		return err
	}
	id := prefix + "-" + randomSuffix(20)
	fx := map[string]any{"type": typ, "id": id, "account": a.AccessKeyID, "region": w.region, "status": unquote(status)}
	if len(attrs) > 0 {
		typed := make(map[string]any, len(attrs))
		for k, v := range attrs {
			switch v {
			case "true":
				typed[k] = true
			case "false":
				typed[k] = false
			default:
				typed[k] = v
			}
		}
		fx["attrs"] = typed
	}
	if err := w.ctl.applyScenario(ctx, map[string]any{"name": "fixture-" + name + "-" + w.vars["scenario"], "fixtures": []any{fx}}); err != nil {
		return err
	}
	w.vars[name] = id
	return nil
}

func (w *World) aFixture(ctx context.Context, status, noun, name string) error {
	return w.fixture(ctx, status, noun, name, "", nil)
}

func (w *World) aFixtureWith(ctx context.Context, status, noun, name string, t *godog.Table) error {
	return w.fixture(ctx, status, noun, name, "", t)
}

func (w *World) aFixtureOf(ctx context.Context, status, noun, name, account string) error {
	return w.fixture(ctx, status, noun, name, account, nil)
}

func (w *World) aFixtureOfWith(ctx context.Context, status, noun, name, account string, t *godog.Table) error {
	return w.fixture(ctx, status, noun, name, account, t)
}

func (w *World) theCloudMoves(ctx context.Context, id, status string) error {
	id, err := w.expand(id)
	if err != nil {
		return err
	}
	return w.ctl.setStatus(ctx, id, status)
}

func (w *World) timePasses(ctx context.Context, n int, unit string) error {
	d, err := unitDuration(n, unit)
	if err != nil {
		return err
	}
	return w.ctl.advance(ctx, d)
}

func (w *World) timePassesDuration(ctx context.Context, s string) error {
	d, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("bad duration %q: %v", s, err)
	}
	return w.ctl.advance(ctx, d)
}

func (w *World) accountSpec(ctx context.Context, account string, spec map[string]any) error {
	a, ok := w.accounts[account]
	if !ok {
		return fmt.Errorf("no account %q", account)
	}
	spec["accessKeyId"] = a.AccessKeyID
	w.nrule++
	return w.ctl.applyScenario(ctx, map[string]any{
		"name":     fmt.Sprintf("account-%d-%s", w.nrule, w.vars["scenario"]),
		"accounts": []any{spec},
	})
}

func (w *World) accountNotWhitelisted(ctx context.Context, account string) error {
	return w.accountSpec(ctx, account, map[string]any{"whitelisted": false})
}

func (w *World) accountHasFlag(ctx context.Context, account, flag string) error {
	return w.accountSpec(ctx, account, map[string]any{"flags": map[string]bool{flag: true}})
}
