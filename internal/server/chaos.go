package server

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"strings"

	"github.com/gorilla/mux"

	"github.com/ecmock/ecmock/internal/accounts"
	"github.com/ecmock/ecmock/internal/chaos"
	"github.com/ecmock/ecmock/internal/store"
	"github.com/ecmock/ecmock/scenarios"
)

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }

// newFaults builds the server's chaos engine.
func newFaults(s *Server) Faults {
	return chaos.New(chaos.Config{
		Catalog: s.cat, Clock: s.clock, Seed: s.opts.Seed,
		ResolveAccount: func(k string) (string, bool) {
			a, ok := s.accounts.Resolve(k)
			if !ok {
				return "", false
			}
			return a.UID, true
		},
		ResourceTypes: s.reg.FixtureTypes,
		TenantOf:      s.accounts.TenantOf,
	})
}

// Chaos returns the fault engine (rules, counters, timing transitions).
func (s *Server) Chaos() *chaos.Engine { return s.faults.(*chaos.Engine) }

// AddFaultText adds one rule read from YAML or JSON text (source names it
// in errors).
func (s *Server) AddFaultText(data []byte, source string) (chaos.RuleStatus, error) {
	r, err := chaos.ParseRule(data, source)
	if err != nil {
		return chaos.RuleStatus{}, err
	}
	return s.AddFault(r)
}

// AddFault checks a rule against the catalogue and adds it.
func (s *Server) AddFault(r chaos.Rule) (chaos.RuleStatus, error) {
	e := s.Chaos()
	b, err := e.Prepare([]chaos.Rule{r}, nil, nil)
	if err != nil {
		return chaos.RuleStatus{}, err
	}
	if err := e.Commit(b, nil); err != nil {
		return chaos.RuleStatus{}, err
	}
	// By name: another rule may have been added since (another tenant's,
	// concurrently), so the last of the list need not be this one.
	name := b.Names()[0]
	for _, st := range e.Rules() {
		if st.Rule.Name == name {
			return st, nil
		}
	}
	return chaos.RuleStatus{}, fmt.Errorf("rule %s was removed as it was added", name)
}

// ScenarioResult says what a scenario applied.
type ScenarioResult struct {
	Scenario    string   `json:"scenario"`
	Faults      []string `json:"faults"`
	Fixtures    []string `json:"fixtures"`
	Accounts    []string `json:"accounts"`
	Transitions int      `json:"transitions"`
	Timing      string   `json:"timing"`
	Seed        *int64   `json:"seed,omitempty"`
}

// ApplyScenarioRef applies a shipped scenario by name or a scenario file
// (YAML or JSON).
func (s *Server) ApplyScenarioRef(ref string) error {
	_, err := s.applyRef(ref)
	return err
}

func (s *Server) applyRef(ref string) (*ScenarioResult, error) {
	if data, file, ok := scenarios.Get(ref); ok {
		return s.ApplyScenarioText(data, "scenarios/"+file)
	}
	data, err := os.ReadFile(ref)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("scenario %q: neither a shipped scenario (%s) nor a readable file", ref, strings.Join(scenarios.Names(), ", "))
		}
		return nil, fmt.Errorf("scenario %q: %v", ref, err)
	}
	return s.ApplyScenarioText(data, ref)
}

// ApplyScenarioText applies a scenario read from YAML or JSON text; file
// names it in errors.
func (s *Server) ApplyScenarioText(data []byte, file string) (*ScenarioResult, error) {
	return s.applyScenarioText(nil, data, file)
}

func (s *Server) applyScenarioText(t *tenant, data []byte, file string) (*ScenarioResult, error) {
	sc, err := chaos.ParseScenario(data, file)
	if sc == nil {
		return nil, err
	}
	var prior chaos.Errors
	errors.As(err, &prior)
	return s.applyScenario(t, sc, prior)
}

// ApplyScenario checks everything in a scenario — rules and transitions
// against the catalogue, accounts, fixture types and IDs — and then applies
// all of it, or nothing. Order of application: rules, seed, accounts,
// timing, fixtures.
func (s *Server) ApplyScenario(sc *chaos.Scenario) (*ScenarioResult, error) {
	return s.applyScenario(nil, sc, nil)
}

// errForbidden is a scenario part a tenant may not apply (global).
type errForbidden struct{ msg string }

func (e *errForbidden) Error() string { return e.msg }

// scopeRule confines a tenant's rule to its accounts: an account it names
// must be the tenant's (another's answers as if unknown), its name is kept
// apart with the tenant's prefix. field prefixes error paths.
func (s *Server) scopeRule(t *tenant, r *chaos.Rule, field string) *FieldError {
	if t == nil {
		return nil
	}
	if r.Match.Account != "" && !s.ownsKey(t, r.Match.Account) {
		return &FieldError{Field: join(field, "match.account"), Msg: fmt.Sprintf("unknown account %q (an access key or UID of tenant %s's accounts)", r.Match.Account, t.name)}
	}
	r.Tenant = t.name
	if r.Name == "" {
		used := map[string]bool{}
		for _, x := range s.Chaos().Rules() {
			used[x.Rule.Name] = true
		}
		for i := 1; ; i++ {
			if n := fmt.Sprintf("rule-%d", i); !used[tenantPrefix(t)+n] {
				r.Name = n
				break
			}
		}
	}
	r.Name = tenantPrefix(t) + r.Name
	return nil
}

// applyScenario validates and applies; prior are mistakes found while
// reading the text (reported with the rest; nothing is applied).
func (s *Server) applyScenario(t *tenant, sc *chaos.Scenario, prior chaos.Errors) (*ScenarioResult, error) {
	if t != nil {
		switch {
		case len(sc.Transitions) > 0:
			return nil, &errForbidden{"timing transitions are global (every tenant's resources): they need the admin token"}
		case sc.Timing != "":
			return nil, &errForbidden{"the timing profile is global: it needs the admin token"}
		case sc.HasSeed:
			return nil, &errForbidden{"the seed is global: it needs the admin token"}
		}
	}
	es := append(chaos.Errors(nil), prior...)
	add := func(err error) {
		var list chaos.Errors
		var fe *chaos.FieldError
		switch {
		case errors.As(err, &list):
			es = append(es, list...)
		case errors.As(err, &fe):
			es = append(es, fe)
		case err != nil:
			es = append(es, &chaos.FieldError{File: sc.File, Msg: err.Error()})
		}
	}
	rules := make([]chaos.Rule, len(sc.Faults))
	for i, r := range sc.Faults {
		if r.Name == "" && sc.Name != "" {
			r.Name = fmt.Sprintf("%s-%d", sc.Name, i+1)
		}
		if fe := s.scopeRule(t, &r, fmt.Sprintf("faults[%d]", i)); fe != nil {
			es = append(es, sc.Errf(fe.Field, "%s", fe.Msg))
		}
		rules[i] = r
	}
	batch, err := s.Chaos().Prepare(rules, sc.Transitions, func(i int, field, msg string) *chaos.FieldError {
		return sc.Errf(fmt.Sprintf("timing.transitions[%d].%s", i, field), "%s", msg)
	})
	add(err)
	if sc.Timing != "" && !timings[sc.Timing] {
		es = append(es, sc.Errf("timing", "unknown timing profile %q (instant, fast, realistic)", sc.Timing))
	}
	quotas := map[string]bool{}
	for _, p := range s.cat.Products {
		for _, q := range p.Quotas {
			quotas[q.Name] = true
		}
	}
	// Accounts: existing ones change, unknown ones are declared.
	type acctChange struct {
		spec     chaos.AccountSpec
		existing *accounts.Account
	}
	var changes []acctChange
	declared := map[string]string{} // key or UID → UID of accounts the scenario declares
	for i, a := range sc.Accounts {
		f := fmt.Sprintf("accounts[%d]", i)
		if a.AccessKeyID == "" && a.UID == "" {
			es = append(es, sc.Errf(f, "an account is found by accessKeyId (or uid): give one"))
			continue
		}
		for q := range a.Quotas {
			if !quotas[q] {
				es = append(es, sc.Errf(f+".quotas."+q, "unknown quota %q (known: %s)", q, strings.Join(sortedSet(quotas), ", ")))
			}
		}
		var ex *accounts.Account
		if a.AccessKeyID != "" {
			ex, _ = s.accounts.Resolve(a.AccessKeyID)
		} else {
			ex, _ = s.accounts.ByUID(a.UID)
		}
		if ex != nil && !s.owns(t, ex.UID) {
			es = append(es, sc.Errf(f, "account %s cannot be used (it is not one of tenant %s's)", first(a.AccessKeyID, a.UID), t.name))
			continue
		}
		if ex == nil {
			if a.AccessKeyID == "" || a.UID == "" {
				es = append(es, sc.Errf(f, "no account has %s: a new account needs uid and accessKeyId (and accessKeySecret with --auth verify)", first(a.AccessKeyID, a.UID)))
				continue
			}
			if a.AccessKeySecret == "" && !s.accounts.Open() {
				es = append(es, sc.Errf(f+".accessKeySecret", "a new account needs accessKeySecret (signatures are verified)"))
				continue
			}
			declared[a.AccessKeyID], declared[a.UID] = a.UID, a.UID
		} else if a.UID != "" && a.UID != ex.UID {
			es = append(es, sc.Errf(f+".uid", "access key %s belongs to account %s, not %s", a.AccessKeyID, ex.UID, a.UID))
			continue
		}
		changes = append(changes, acctChange{spec: a, existing: ex})
	}
	// Fixtures: known type, ID, status, owner.
	types := s.reg.FixtureTypes()
	ids := map[string]bool{}
	owners := make([]string, len(sc.Fixtures))
	var firstUID string
	for _, a := range s.accounts.List() {
		if s.owns(t, a.UID) {
			firstUID = a.UID
			break
		}
	}
	for i, fx := range sc.Fixtures {
		f := fmt.Sprintf("fixtures[%d]", i)
		if fx.Type == "" {
			es = append(es, sc.Errf(f+".type", "type is required (one of %s)", strings.Join(types, ", ")))
		} else if !contains(types, fx.Type) {
			es = append(es, sc.Errf(f+".type", "unknown resource type %q for a fixture (known: %s)", fx.Type, strings.Join(types, ", ")))
		}
		if fx.ID == "" {
			es = append(es, sc.Errf(f+".id", "id is required (e.g. pc-fixture1, ecr-fixture1)"))
		} else if ids[fx.ID] {
			es = append(es, sc.Errf(f+".id", "id %s is used by two fixtures", fx.ID))
		}
		ids[fx.ID] = true
		switch {
		case fx.Account == "" && firstUID == "":
			es = append(es, sc.Errf(f+".account", "tenant %s has no account yet: name one the scenario declares", t.name))
		case fx.Account == "":
			owners[i] = firstUID
		case declared[fx.Account] != "":
			owners[i] = declared[fx.Account]
		default:
			if a, ok := s.accounts.Resolve(fx.Account); ok && s.owns(t, a.UID) {
				owners[i] = a.UID
			} else {
				es = append(es, sc.Errf(f+".account", "unknown account %q (an access key or UID of the server's accounts or of this scenario's)", fx.Account))
			}
		}
	}
	// Complete the fixtures now: a product's defaults may give the status.
	built := make([]*store.Resource, len(sc.Fixtures))
	for i, fx := range sc.Fixtures {
		if fx.Type == "" || !contains(types, fx.Type) {
			continue
		}
		region := fx.Region
		if region == "" {
			region = "cn-hangzhou"
		}
		attrs := make(map[string]any, len(fx.Attrs)+8) // room for the defaults a product does not share
		for k, v := range fx.Attrs {
			attrs[k] = v
		}
		now := s.clock.Now()
		r := &store.Resource{ID: fx.ID, Type: fx.Type, Owner: owners[i], Region: region, Status: fx.Status,
			CreatedBy: "fixture", Attrs: attrs, Created: now, Since: now} // the defaults may use them (CreationTime)
		s.reg.CompleteFixture(r)
		s.store.Share(r)
		if r.Status == "" {
			es = append(es, sc.Errf(fmt.Sprintf("fixtures[%d].status", i), "status is required for a %s (fixtures may be in any status, e.g. Enabled, Allocating, Attaching)", fx.Type))
		}
		built[i] = r
	}
	if len(es) > 0 {
		return nil, sortErrors(es)
	}

	s.store.Lock()
	defer s.store.Unlock()
	for i, fx := range sc.Fixtures {
		if s.store.Get(fx.ID) != nil {
			es = append(es, sc.Errf(fmt.Sprintf("fixtures[%d].id", i), "a resource %s exists already", fx.ID))
		}
	}
	if len(es) > 0 {
		return nil, sortErrors(es)
	}
	var seed *int64
	if sc.HasSeed {
		seed = &sc.Seed
	}
	if err := s.Chaos().Commit(batch, seed); err != nil {
		return nil, err
	}
	res := &ScenarioResult{Scenario: sc.Name, Faults: []string{}, Fixtures: []string{}, Accounts: []string{},
		Transitions: len(sc.Transitions), Seed: seed}
	res.Faults = append(res.Faults, batch.Names()...)
	if seed != nil {
		s.store.Reseed(*seed)
	}
	for _, c := range changes {
		a := c.spec
		if c.existing == nil {
			na := &accounts.Account{UID: a.UID, AccessKeyID: a.AccessKeyID, AccessKeySecret: a.AccessKeySecret,
				Whitelisted: a.Whitelisted, Flags: a.Flags, Quotas: a.Quotas}
			if t != nil {
				na.Tenant = t.name
			}
			if err := s.accounts.Add(na); err != nil {
				s.log.Error("scenario account", "err", err)
			}
			res.Accounts = append(res.Accounts, a.AccessKeyID)
			continue
		}
		_ = s.accounts.Update(c.existing.AccessKeyID, func(acc *accounts.Account) {
			if a.Whitelisted != nil {
				w := *a.Whitelisted
				acc.Whitelisted = &w
			}
			for k, v := range a.Quotas {
				acc.Quotas[k] = v
			}
			if len(a.Flags) > 0 && acc.Flags == nil {
				acc.Flags = map[string]bool{}
			}
			for k, v := range a.Flags {
				acc.Flags[k] = v
			}
		})
		res.Accounts = append(res.Accounts, c.existing.AccessKeyID)
	}
	if sc.Timing != "" {
		_ = s.SetTiming(sc.Timing)
	}
	res.Timing = s.Timing()
	for _, r := range built {
		s.store.Add(r)
		res.Fixtures = append(res.Fixtures, r.ID)
	}
	s.log.Info("scenario applied", "scenario", sc.Name, "faults", len(res.Faults), "fixtures", len(res.Fixtures))
	return res, nil
}

// scenarioView strips a tenant's rule prefix from a scenario's result.
func (s *Server) scenarioView(t *tenant, res *ScenarioResult) *ScenarioResult {
	if t == nil {
		return res
	}
	for i, n := range res.Faults {
		res.Faults[i] = strings.TrimPrefix(n, tenantPrefix(t))
	}
	return res
}

// sortErrors orders mistakes by line (stable: same line keeps its order).
func sortErrors(es chaos.Errors) chaos.Errors {
	sort.SliceStable(es, func(i, j int) bool { return es[i].Line < es[j].Line })
	return es
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func sortedSet(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// chaosRoutes registers the fault and scenario endpoints of the control API.
func (s *Server) chaosRoutes(r *mux.Router) {
	r.HandleFunc("/faults", s.ctlFaultsList).Methods(http.MethodGet)
	r.HandleFunc("/faults", s.ctlFaultsAdd).Methods(http.MethodPost)
	r.HandleFunc("/faults", s.ctlFaultsClear).Methods(http.MethodDelete)
	r.HandleFunc("/faults/{name}", s.ctlFaultsRemove).Methods(http.MethodDelete)
	r.HandleFunc("/scenarios", s.ctlScenariosList).Methods(http.MethodGet)
	r.HandleFunc("/scenarios", s.ctlScenariosApply).Methods(http.MethodPost)
	r.HandleFunc("/scenarios/{name}", s.ctlScenariosApplyNamed).Methods(http.MethodPost)
}

func (s *Server) ctlFaultsList(w http.ResponseWriter, r *http.Request) {
	e := s.Chaos()
	rules := e.Rules()
	if t := tenantOf(r); t != nil {
		mine := rules[:0]
		for _, rs := range rules {
			if rs.Rule.Tenant == t.name {
				rs.Rule.Name = strings.TrimPrefix(rs.Rule.Name, tenantPrefix(t))
				mine = append(mine, rs)
			}
		}
		rules = mine
	}
	writeJSON(w, http.StatusOK, map[string]any{"faults": rules, "transitions": e.Transitions()})
}

func readBody(r *http.Request) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return nil, fmt.Errorf("reading body: %v", err)
	}
	if len(b) > maxBody {
		return nil, fmt.Errorf("body larger than 1 MiB")
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, fmt.Errorf("the body is empty: send a rule or scenario as JSON or YAML")
	}
	return b, nil
}

// chaosError answers a rule or scenario error: 409 for a name in use, 403
// for a global part a tenant may not change, 400 otherwise.
func chaosError(w http.ResponseWriter, err error) {
	status := http.StatusBadRequest
	var ex chaos.ErrExists
	var fb *errForbidden
	var fe *FieldError
	switch {
	case errors.As(err, &ex):
		status = http.StatusConflict
	case errors.As(err, &fb):
		status = http.StatusForbidden
	case errors.As(err, &fe):
		writeFieldError(w, fe)
		return
	}
	writeJSONError(w, status, err.Error())
}

func (s *Server) ctlFaultsAdd(w http.ResponseWriter, r *http.Request) {
	b, err := readBody(r)
	if err != nil {
		writeJSONError(w, http.StatusBadRequest, err.Error())
		return
	}
	rule, err := chaos.ParseRule(b, "request body")
	if err != nil {
		chaosError(w, err)
		return
	}
	t := tenantOf(r)
	if fe := s.scopeRule(t, &rule, ""); fe != nil {
		writeFieldError(w, fe)
		return
	}
	st, err := s.AddFault(rule)
	if err != nil {
		chaosError(w, err)
		return
	}
	if t != nil {
		st.Rule.Name = strings.TrimPrefix(st.Rule.Name, tenantPrefix(t))
	}
	writeJSON(w, http.StatusCreated, st)
}

func (s *Server) ctlFaultsClear(w http.ResponseWriter, r *http.Request) {
	t := tenantOf(r)
	if t == nil {
		writeJSON(w, http.StatusOK, map[string]int{"removed": s.Chaos().Clear()})
		return
	}
	n := 0
	for _, rs := range s.Chaos().Rules() {
		if rs.Rule.Tenant == t.name && s.Chaos().Remove(rs.Rule.Name) {
			n++
		}
	}
	writeJSON(w, http.StatusOK, map[string]int{"removed": n})
}

func (s *Server) ctlFaultsRemove(w http.ResponseWriter, r *http.Request) {
	name := mux.Vars(r)["name"]
	internal := name
	if t := tenantOf(r); t != nil {
		internal = tenantPrefix(t) + name
	}
	if !s.Chaos().Remove(internal) {
		writeJSONError(w, http.StatusNotFound, "no fault rule named "+name)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"removed": name})
}

func (s *Server) ctlScenariosList(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"scenarios": scenarios.List()})
}

func (s *Server) ctlScenariosApply(w http.ResponseWriter, r *http.Request) {
	b, err := readBody(r)
	if err != nil {
		writeJSONError(w, http.StatusBadRequest, err.Error())
		return
	}
	res, err := s.applyScenarioText(tenantOf(r), b, "request body")
	if err != nil {
		chaosError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, s.scenarioView(tenantOf(r), res))
}

func (s *Server) ctlScenariosApplyNamed(w http.ResponseWriter, r *http.Request) {
	name := mux.Vars(r)["name"]
	data, file, ok := scenarios.Get(name)
	if !ok {
		writeJSONError(w, http.StatusNotFound, fmt.Sprintf("no shipped scenario %q (shipped: %s)", name, strings.Join(scenarios.Names(), ", ")))
		return
	}
	res, err := s.applyScenarioText(tenantOf(r), data, "scenarios/"+file)
	if err != nil {
		chaosError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, s.scenarioView(tenantOf(r), res))
}
