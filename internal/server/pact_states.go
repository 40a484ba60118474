package server

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"

	"github.com/ecmock/ecmock/internal/pactstate"
)

// pactStatesHandler serves POST /_ecmock/pact/states: Pact's provider-state
// change protocol ({"state": ..., "params": {...}, "action": "setup" |
// "teardown"}, or the same as query parameters with the verifiers'
// --state-change-as-query), mapped by internal/pactstate onto fixtures,
// fault rules, quotas and timing through this server's own control API.
// Setup answers the state's values as a JSON object (Pact's provider-state
// values); an unknown state or a refused scenario answers 400 with
// {"error": ...}. A setup that follows API calls made since the previous
// setup, with no teardown between, starts from a reset server (verifiers run
// without --state-change-teardown). The handler owns its bookkeeping: one
// per server.
func (s *Server) pactStatesHandler() http.HandlerFunc {
	admin := s.PactStates(pactstate.Options{})
	var mu sync.Mutex
	return func(w http.ResponseWriter, r *http.Request) {
		t := tenantOf(r)
		if t == nil {
			admin.ServeHTTP(w, r)
			return
		}
		// A tenant's states are set up through the control API with its own
		// token, on its first account: whatever they do stays in its world.
		mu.Lock()
		if t.pact == nil {
			o := pactstate.Options{}
			for _, a := range s.accounts.List() {
				if a.Tenant == t.name {
					o.Account = a.AccessKeyID
					break
				}
			}
			if o.Account == "" {
				mu.Unlock()
				writeJSONError(w, http.StatusBadRequest, "tenant "+t.name+" has no account: create one (POST /_ecmock/accounts) before setting provider states")
				return
			}
			t.pact = s.pactStates(o, string(t.token), t.name)
		}
		h := t.pact
		mu.Unlock()
		h.ServeHTTP(w, r)
	}
}

// PactStates is the provider-state change handler of this server with
// defaults o (an empty o.Account means the server's first account, read at
// the first request). `ecmock verify` serves one with its --account and
// --region; POST /_ecmock/pact/states serves one with no defaults. Each
// handler keeps its own interaction bookkeeping.
func (s *Server) PactStates(o pactstate.Options) http.Handler {
	return s.pactStates(o, s.opts.AdminToken, "")
}

// pactStates is PactStates acting with token on the control API, for a
// tenant ("" for the admin): a tenant's states see only its own accounts.
func (s *Server) pactStates(o pactstate.Options, token, tenant string) http.Handler {
	var (
		once   sync.Once
		engine *pactstate.Engine
	)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Built on first use: the control handler exists once routes are
		// built, and the first account may come from a scenario.
		once.Do(func() {
			if o.Account == "" {
				if l := s.accounts.List(); len(l) > 0 {
					o.Account = l[0].AccessKeyID
				}
			}
			if o.Accounts == nil {
				o.Accounts = stateAccounts{s: s, tenant: tenant}
			}
			engine = pactstate.NewEngine(pactstate.HandlerControl{Handler: s.admin, Token: token}, o)
		})
		if r.Method != http.MethodPost {
			writeJSONError(w, http.StatusMethodNotAllowed, "provider-state changes are POSTed")
			return
		}
		req, err := readPactStateRequest(r)
		if err != nil {
			s.log.Warn("pact provider state refused", "err", err.Error())
			writeJSONError(w, http.StatusBadRequest, err.Error())
			return
		}
		vals, err := engine.Handle(req)
		if err != nil {
			// Pact verifiers report only that a state change failed: the
			// reason goes to ecmock's log as well as to the answer.
			s.log.Warn("pact provider state failed", "state", req.State, "action", req.Action,
				"err", strings.ReplaceAll(err.Error(), "\n  ", "; "))
			writeJSON(w, http.StatusBadRequest, map[string]any{"error": err.Error(), "state": req.State})
			return
		}
		if vals == nil {
			vals = map[string]any{}
		}
		writeJSON(w, http.StatusOK, vals)
	})
}

// readPactStateRequest reads a state change from a JSON body, or from the
// query when the body is empty (--state-change-as-query): state, action, and
// every other parameter as a param.
func readPactStateRequest(r *http.Request) (pactstate.Request, error) {
	var req pactstate.Request
	b, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return req, fmt.Errorf("reading body: %v", err)
	}
	if len(b) > maxBody {
		return req, fmt.Errorf("body larger than 1 MiB")
	}
	if strings.TrimSpace(string(b)) != "" {
		// {"state", "params": {...}, "action"}; older verifiers put the
		// params at the root, beside state and action.
		var doc map[string]any
		if err := json.Unmarshal(b, &doc); err != nil {
			return req, fmt.Errorf(`body is not a provider-state change {"state": ..., "params": {...}, "action": "setup"}: %v`, err)
		}
		var ok bool
		if req.State, ok = doc["state"].(string); !ok && doc["state"] != nil {
			return req, fmt.Errorf("state must be a string")
		}
		if req.Action, ok = doc["action"].(string); !ok && doc["action"] != nil {
			return req, fmt.Errorf("action must be a string")
		}
		for k, v := range doc {
			if k == "state" || k == "action" {
				continue
			}
			if req.Params == nil {
				req.Params = map[string]any{}
			}
			if inner, isMap := v.(map[string]any); isMap && k == "params" {
				for ik, iv := range inner {
					req.Params[ik] = iv
				}
				continue
			}
			req.Params[k] = v
		}
	} else {
		q := r.URL.Query()
		req.State, req.Action = q.Get("state"), q.Get("action")
		for k, v := range q {
			if k != "state" && k != "action" && len(v) > 0 {
				if req.Params == nil {
					req.Params = map[string]any{}
				}
				req.Params[k] = v[0]
			}
		}
	}
	if req.State == "" && !strings.EqualFold(req.Action, pactstate.Teardown) {
		return req, fmt.Errorf("state is required")
	}
	return req, nil
}

// PactAccounts shows this server's accounts to provider states run through
// pactstate.Apply in-process: an access key the server does not know becomes
// an account of the run.
func (s *Server) PactAccounts() pactstate.Accounts { return stateAccounts{s: s} }

// stateAccounts shows the server's accounts to the provider-state handler:
// a tenant's handler sees only the tenant's accounts (another tenant's key
// is as unknown as a key nobody has).
type stateAccounts struct {
	s      *Server
	tenant string
}

func (a stateAccounts) Lookup(keyOrUID string) (string, bool) {
	if acc, ok := a.s.accounts.Resolve(keyOrUID); ok {
		if a.tenant != "" && acc.Tenant != a.tenant {
			return "", false
		}
		return acc.UID, true
	}
	// With open auth an unknown access key is an account of its own (a
	// number is taken for a UID, not a key).
	if strings.Trim(keyOrUID, "0123456789") == "" || !a.s.accounts.Open() {
		return "", false
	}
	if acc, ok := a.s.accounts.ByKey(keyOrUID); ok && (a.tenant == "" || acc.Tenant == a.tenant) {
		return acc.UID, true
	}
	return "", false
}

func (a stateAccounts) Open() bool { return a.s.accounts.Open() }
