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
	l := e.Rules()
	return l[len(l)-1], nil
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
	sc, err := chaos.ParseScenario(data, file)
	if sc == nil {
		return nil, err
	}
	var prior chaos.Errors
	errors.As(err, &prior)
	return s.applyScenario(sc, prior)
}

// ApplyScenario checks everything in a scenario — rules and transitions
// against the catalogue, accounts, fixture types and IDs — and then applies
// all of it, or nothing. Order of application: rules, seed, accounts,
// timing, fixtures.
func (s *Server) ApplyScenario(sc *chaos.Scenario) (*ScenarioResult, error) {
	return s.applyScenario(sc, nil)
}

// applyScenario validates and applies; prior are mistakes found while
// reading the text (reported with the rest; nothing is applied).
func (s *Server) applyScenario(sc *chaos.Scenario, prior chaos.Errors) (*ScenarioResult, error) {
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
	if l := s.accounts.List(); len(l) > 0 {
		firstUID = l[0].UID
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
		case fx.Account == "":
			owners[i] = firstUID
		case declared[fx.Account] != "":
			owners[i] = declared[fx.Account]
		default:
			if a, ok := s.accounts.Resolve(fx.Account); ok {
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
		attrs := make(map[string]any, len(fx.Attrs)+12) // room for the product's defaults: no regrowth
		for k, v := range fx.Attrs {
			attrs[k] = v
		}
		now := s.clock.Now()
		r := &store.Resource{ID: fx.ID, Type: fx.Type, Owner: owners[i], Region: region, Status: fx.Status,
			CreatedBy: "fixture", Attrs: attrs, Created: now, Since: now} // the defaults may use them (CreationTime)
		s.reg.CompleteFixture(r)
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

func (s *Server) ctlFaultsList(w http.ResponseWriter, _ *http.Request) {
	e := s.Chaos()
	writeJSON(w, http.StatusOK, map[string]any{"faults": e.Rules(), "transitions": e.Transitions()})
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

// chaosError answers a rule or scenario error: 409 for a name in use, 400
// otherwise.
func chaosError(w http.ResponseWriter, err error) {
	status := http.StatusBadRequest
	var ex chaos.ErrExists
	if errors.As(err, &ex) {
		status = http.StatusConflict
	}
	writeJSONError(w, status, err.Error())
}

func (s *Server) ctlFaultsAdd(w http.ResponseWriter, r *http.Request) {
	b, err := readBody(r)
	if err != nil {
		writeJSONError(w, http.StatusBadRequest, err.Error())
		return
	}
	st, err := s.AddFaultText(b, "request body")
	if err != nil {
		chaosError(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, st)
}

func (s *Server) ctlFaultsClear(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]int{"removed": s.Chaos().Clear()})
}

func (s *Server) ctlFaultsRemove(w http.ResponseWriter, r *http.Request) {
	name := mux.Vars(r)["name"]
	if !s.Chaos().Remove(name) {
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
	res, err := s.ApplyScenarioText(b, "request body")
	if err != nil {
		chaosError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

func (s *Server) ctlScenariosApplyNamed(w http.ResponseWriter, r *http.Request) {
	name := mux.Vars(r)["name"]
	data, file, ok := scenarios.Get(name)
	if !ok {
		writeJSONError(w, http.StatusNotFound, fmt.Sprintf("no shipped scenario %q (shipped: %s)", name, strings.Join(scenarios.Names(), ", ")))
		return
	}
	res, err := s.ApplyScenarioText(data, "scenarios/"+file)
	if err != nil {
		chaosError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}
