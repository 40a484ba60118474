// Package pactstate is ecmock's vocabulary of Pact provider states and the
// provider-state change protocol: a state such as "an ACTIVE express connect
// router ecr-..." or "action CreateExpressConnectRouter fails with
// Conflict.Lock for the next 2 calls" becomes fixtures, fault rules, quotas
// and timing, applied through ecmock's control API as a scenario (scenarios/README.md:
// POST /_ecmock/scenarios); teardown resets the server (POST /_ecmock/reset).
//
// The same vocabulary serves pact-go's StateHandlers (contracts/provider,
// `ecmock verify`) and POST /_ecmock/pact/states for any other verifier.
// contracts/states re-exports it for users; contracts/README.md documents it.
package pactstate

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
)

// DefaultRegion is where fixtures live when neither the state nor the
// options name a region.
const DefaultRegion = "cn-hangzhou"

// Actions of the provider-state change protocol.
const (
	Setup    = "setup"
	Teardown = "teardown"
)

// Request is one provider-state change, as Pact verifiers send it to a
// state-change URL: {"state": ..., "params": {...}, "action": "setup"}.
type Request struct {
	State  string         `json:"state"`
	Params map[string]any `json:"params,omitempty"`
	// Action is "setup" (also when empty) or "teardown".
	Action string `json:"action,omitempty"`
}

// Options are the defaults of states that do not say.
type Options struct {
	// Account owns fixtures and gets quotas and fault rules: an access key
	// or a UID. Empty means the server's first account. A state's `account`
	// param overrides it.
	Account string
	// Region of fixtures (DefaultRegion when empty); a `region` param
	// overrides it.
	Region string
	// AccountSecret is the secret of an access key that is not an account
	// of the server yet, when the server verifies signatures; an
	// `accountSecret` param overrides it.
	AccountSecret string
	// Accounts tells which accounts the server has; with it, an access key
	// that is not one becomes an account of the run (declared by the
	// state's scenario). Nil: every account named is taken to exist.
	Accounts Accounts
}

// Accounts is what the state handler needs to know of a server's accounts.
type Accounts interface {
	// Lookup finds an account by access key or UID (with open auth any
	// access key is one).
	Lookup(keyOrUID string) (uid string, ok bool)
	// Open reports open auth: signatures are not checked, no secret needed.
	Open() bool
}

// NewAccount is an account a state declares: an access key the server did
// not know.
type NewAccount struct {
	AccessKeyID, UID, AccessKeySecret string
}

// UIDFor is the UID ecmock gives an access key it did not know: the one
// open auth derives from the key (a 16-digit number starting with 2).
func UIDFor(key string) string {
	var h uint64 = 1469598103934665603
	for i := 0; i < len(key); i++ {
		h ^= uint64(key[i])
		h *= 1099511628211
	}
	return fmt.Sprintf("2%015d", h%1_000_000_000_000_000)
}

// Fixture is a resource a state adds (scenarios/README.md fixtures).
type Fixture struct {
	Type    string         `json:"type"`
	ID      string         `json:"id"`
	Account string         `json:"account,omitempty"`
	Region  string         `json:"region,omitempty"`
	Status  string         `json:"status,omitempty"`
	Attrs   map[string]any `json:"attrs,omitempty"`
}

// Plan is what one state asks of ecmock.
type Plan struct {
	State    string
	Def      *Def
	Account  string
	Fixtures []Fixture
	// Faults are fault and lifecycle rules in the scenario format.
	Faults      []map[string]any
	Quotas      map[string]int
	Whitelisted *bool
	Timing      string
	// NewAccount is set when the state's account is an access key the
	// server does not know: the scenario declares it.
	NewAccount *NewAccount
	// Values are the state's placeholders and params, returned to the
	// verifier (Pact's provider-state values, for fromProviderState).
	Values map[string]any
}

// Empty reports whether the plan changes nothing.
func (p *Plan) Empty() bool {
	return len(p.Fixtures) == 0 && len(p.Faults) == 0 && len(p.Quotas) == 0 && p.Whitelisted == nil && p.Timing == "" && p.NewAccount == nil
}

// Scenario renders the plan as a scenario document (scenarios/README.md) for POST
// /_ecmock/scenarios. Fixtures whose IDs are in skip are left out.
func (p *Plan) Scenario(skip map[string]bool) map[string]any {
	sc := map[string]any{"name": "pact-state", "description": "Pact provider state: " + p.State}
	var fx []Fixture
	for _, f := range p.Fixtures {
		if !skip[f.ID] {
			fx = append(fx, f)
		}
	}
	if len(fx) > 0 {
		sc["fixtures"] = fx
	}
	if len(p.Faults) > 0 {
		sc["faults"] = p.Faults
	}
	if len(p.Quotas) > 0 || p.Whitelisted != nil || p.NewAccount != nil {
		acct := map[string]any{}
		if isUID(p.Account) {
			acct["uid"] = p.Account
		} else {
			acct["accessKeyId"] = p.Account
		}
		if n := p.NewAccount; n != nil {
			acct["accessKeyId"], acct["uid"] = n.AccessKeyID, n.UID
			if n.AccessKeySecret != "" {
				acct["accessKeySecret"] = n.AccessKeySecret
			}
		}
		if len(p.Quotas) > 0 {
			acct["quotas"] = p.Quotas
		}
		if p.Whitelisted != nil {
			acct["whitelisted"] = *p.Whitelisted
		}
		sc["accounts"] = []any{acct}
	}
	if p.Timing != "" {
		sc["timing"] = p.Timing
	}
	return sc
}

func isUID(s string) bool {
	if len(s) < 6 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// Parse matches a state against the vocabulary. Params fill or override its
// placeholders ({id}, {status}, {n}, ...), `account` and `region` override
// the options, capitalised params (API field names) and an `attrs` object
// become the attributes of the state's resource.
func Parse(state string, params map[string]any, o Options) (*Plan, error) {
	if acct := str(params["account"]); acct != "" {
		o.Account = acct
	}
	if region := str(params["region"]); region != "" {
		o.Region = region
	}
	if o.Region == "" {
		o.Region = DefaultRegion
	}
	for i := range vocabulary {
		d := &vocabulary[i]
		m := d.re.FindStringSubmatch(state)
		if m == nil {
			continue
		}
		v := map[string]string{}
		for j, name := range d.re.SubexpNames() {
			if name != "" {
				v[name] = strings.TrimSpace(m[j])
			}
		}
		for name := range placeholderRE {
			if p := str(params[name]); p != "" {
				v[name] = p
			}
		}
		if s := str(params["status"]); s != "" && v["status"] == "" {
			v["status"] = s
		}
		if err := d.checkParams(params); err != nil {
			return nil, fmt.Errorf("provider state %q: %w\n  vocabulary: %s", state, err, d.Entry())
		}
		plan := &Plan{State: state, Def: d, Account: o.Account, Values: map[string]any{}}
		b := &builder{state: state, v: v, params: params, opts: o, plan: plan}
		if err := d.build(b); err != nil {
			return nil, fmt.Errorf("provider state %q: %w\n  vocabulary: %s", state, err, d.Entry())
		}
		for k, x := range params {
			plan.Values[k] = x
		}
		for k, x := range v {
			plan.Values[k] = x
		}
		return plan, nil
	}
	return nil, fmt.Errorf("unknown provider state %q; ecmock knows these (contracts/README.md):\n  %s",
		state, strings.Join(patterns(), "\n  "))
}

func patterns() []string {
	out := make([]string, len(vocabulary))
	for i, d := range vocabulary {
		out[i] = d.Pattern
	}
	return out
}

// Apply carries out one state change on the ecmock behind ctl: setup applies
// the state's plan (fixtures another state of the same interaction already
// added are kept, not added twice); teardown resets the server. It returns
// the state's values for the verifier.
func Apply(ctl Control, o Options, req Request) (map[string]any, error) {
	switch strings.ToLower(req.Action) {
	case Teardown:
		return map[string]any{}, ctl.Do(http.MethodPost, "/_ecmock/reset", nil, nil)
	case Setup, "":
	default:
		return nil, fmt.Errorf("provider state action must be setup or teardown, not %q", req.Action)
	}
	if strings.TrimSpace(req.State) == "" {
		return map[string]any{}, nil
	}
	plan, err := Parse(req.State, req.Params, o)
	if err != nil {
		return nil, err
	}
	if err := plan.declareAccount(o, req.Params); err != nil {
		return nil, fmt.Errorf("provider state %q: %w", req.State, err)
	}
	if plan.Empty() {
		return plan.Values, nil
	}
	skip := map[string]bool{}
	if len(plan.Fixtures) > 0 {
		existing, err := resourceTypes(ctl)
		if err != nil {
			return nil, err
		}
		for _, f := range plan.Fixtures {
			t, ok := existing[f.ID]
			if !ok {
				continue
			}
			if t != f.Type {
				return nil, fmt.Errorf("provider state %q: %s already exists as a %s, not a %s", req.State, f.ID, t, f.Type)
			}
			skip[f.ID] = true
		}
	}
	if err := ctl.Do(http.MethodPost, "/_ecmock/scenarios", plan.Scenario(skip), nil); err != nil {
		return nil, fmt.Errorf("provider state %q: %w", req.State, err)
	}
	return plan.Values, nil
}

// resourceTypes lists the server's resources: ID → type.
func resourceTypes(ctl Control) (map[string]string, error) {
	var snap struct {
		Resources []struct {
			ID   string `json:"id"`
			Type string `json:"type"`
		} `json:"resources"`
	}
	if err := ctl.Do(http.MethodGet, "/_ecmock/state", nil, &snap); err != nil {
		return nil, err
	}
	out := make(map[string]string, len(snap.Resources))
	for _, r := range snap.Resources {
		out[r.ID] = r.Type
	}
	return out, nil
}

// Engine is Apply for a verifier that may not send teardowns (the pact CLI
// without --state-change-teardown): a setup that follows API calls made
// since the previous setup starts a new interaction, so the server is reset
// first. One Engine serves one server; it is safe for concurrent use.
type Engine struct {
	ctl  Control
	opts Options

	mu        sync.Mutex
	pending   bool  // a setup happened and no teardown since
	lastCalls int64 // the journal's total after that setup
}

// NewEngine returns an Engine for the server behind ctl.
func NewEngine(ctl Control, o Options) *Engine { return &Engine{ctl: ctl, opts: o} }

// Handle carries out one state change (see Apply and Engine).
func (e *Engine) Handle(req Request) (map[string]any, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if strings.EqualFold(req.Action, Teardown) {
		e.pending = false
		return Apply(e.ctl, e.opts, req)
	}
	calls, err := journalTotal(e.ctl)
	if err != nil {
		return nil, err
	}
	if e.pending && calls != e.lastCalls {
		if err := e.ctl.Do(http.MethodPost, "/_ecmock/reset", nil, nil); err != nil {
			return nil, err
		}
	}
	vals, err := Apply(e.ctl, e.opts, req)
	if err != nil {
		return nil, err
	}
	if e.lastCalls, err = journalTotal(e.ctl); err != nil {
		return nil, err
	}
	e.pending = true
	return vals, nil
}

func journalTotal(ctl Control) (int64, error) {
	var j struct {
		Total int64 `json:"total"`
	}
	if err := ctl.Do(http.MethodGet, "/_ecmock/journal?limit=1", nil, &j); err != nil {
		return 0, err
	}
	return j.Total, nil
}

// Markdown renders the vocabulary as the tables of contracts/README.md.
func Markdown() string {
	var b strings.Builder
	groups := map[string][]Def{}
	for _, d := range vocabulary {
		groups[d.Group] = append(groups[d.Group], d)
	}
	names := make([]string, 0, len(groups))
	for g := range groups {
		names = append(names, g)
	}
	sort.Sort(sort.Reverse(sort.StringSlice(names))) // generic, then business
	for _, g := range names {
		fmt.Fprintf(&b, "\n**%s states**\n\n| state | example | what ecmock does |\n|---|---|---|\n", g)
		for _, d := range groups[g] {
			ex := "`" + d.Example + "`"
			if len(d.Params) > 0 {
				p, _ := json.Marshal(d.Params)
				ex += " with params `" + string(p) + "`"
			}
			fmt.Fprintf(&b, "| `%s` | %s | %s |\n", d.Pattern, ex, strings.ReplaceAll(d.Doc, "|", `\|`))
		}
	}
	return b.String()
}

// declareAccount makes the state's account an account of the run when the
// server does not know it: an access key becomes a new account (UID as open
// auth derives it; with signatures verified, the secret from the
// `accountSecret` param or o.AccountSecret).
func (p *Plan) declareAccount(o Options, params map[string]any) error {
	if o.Accounts == nil || p.Account == "" {
		return nil
	}
	if _, ok := o.Accounts.Lookup(p.Account); ok {
		return nil
	}
	if isUID(p.Account) {
		return fmt.Errorf("no account has UID %s: name a new account by its access key (`account` param or --account)", p.Account)
	}
	secret := str(params["accountSecret"])
	if secret == "" {
		secret = o.AccountSecret
	}
	if secret == "" && !o.Accounts.Open() {
		return fmt.Errorf("access key %s is not an account of this ecmock, which verifies signatures: give the key's secret "+
			"(the state param accountSecret, `ecmock verify --account-secret`, or the pact's metadata ecmock.accessKeySecret) "+
			"and it becomes an account of the run, or name a configured account", p.Account)
	}
	p.NewAccount = &NewAccount{AccessKeyID: p.Account, UID: UIDFor(p.Account), AccessKeySecret: secret}
	return nil
}
