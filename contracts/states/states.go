// Package states is ecmock's vocabulary of Pact provider states, for
// provider verification of any pact against ecmock: a state such as "an
// ACTIVE express connect router ecr-..." or "action CreateExpressConnectRouter
// fails with Conflict.Lock for the next 2 calls" becomes fixtures, fault
// rules, quotas and timing on an ecmock server (setup), and a reset
// (teardown). contracts/README.md lists the vocabulary; Markdown renders it.
//
// The same vocabulary answers POST /_ecmock/pact/states on any running
// ecmock, for verifiers that are not written in Go.
//
//	srv := mock.StartTest(t, mock.Options{Auth: "open"})
//	err := states.Apply(srv, "an Enabled physical connection pc-pact000000000000000001", nil, states.Setup)
package states

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/ecmock/ecmock/internal/pactstate"
	"github.com/ecmock/ecmock/mock"
)

// Actions of the provider-state change protocol.
const (
	Setup    = pactstate.Setup
	Teardown = pactstate.Teardown
)

type (
	// Request is one provider-state change: state, params, action.
	Request = pactstate.Request
	// Options are the defaults of states that do not say (account, region).
	Options = pactstate.Options
	// Accounts tells the state handler which accounts a server has.
	Accounts = pactstate.Accounts
	// Def is one state of the vocabulary: pattern, example, what it does.
	Def = pactstate.Def
	// Plan is what a state asks of ecmock.
	Plan = pactstate.Plan
	// Control is the control API of an ecmock (HTTP or in-process).
	Control = pactstate.Control
	// HTTPControl reaches a running ecmock's control API.
	HTTPControl = pactstate.HTTPControl
)

// Vocabulary returns every provider state ecmock knows, in matching order.
func Vocabulary() []Def { return pactstate.Vocabulary() }

// Markdown renders the vocabulary as Markdown tables.
func Markdown() string { return pactstate.Markdown() }

// Parse tells what a state would do, without doing it.
func Parse(state string, params map[string]any, o Options) (*Plan, error) {
	return pactstate.Parse(state, params, o)
}

// ControlOf reaches srv's control API in-process (without its admin token:
// for a server started with one, use HTTPControl with the token).
func ControlOf(srv *mock.Server) Control {
	return pactstate.HandlerControl{Handler: srv.Core().AdminHandler()}
}

// DefaultOptions are srv's defaults: its first account (AccountA).
func DefaultOptions(srv *mock.Server) Options {
	return Options{Account: srv.AccountA().AccessKeyID}
}

// Apply carries out a state change on srv: setup adds what the state says
// (fixtures another state of the same interaction added are kept), teardown
// resets srv. Action "" means setup.
func Apply(srv *mock.Server, state string, params map[string]any, action string) error {
	_, err := ApplyValues(srv, DefaultOptions(srv), Request{State: state, Params: params, Action: action})
	return err
}

// ApplyValues is Apply with options, returning the state's values (its
// placeholders and params, for Pact's provider-state injected values).
// An access key in o.Account or an `account` param that srv does not know
// becomes an account of the run (srv's accounts unless o.Accounts says).
func ApplyValues(srv *mock.Server, o Options, req Request) (map[string]any, error) {
	if o.Accounts == nil {
		o.Accounts = srv.Core().PactAccounts()
	}
	return pactstate.Apply(ControlOf(srv), o, req)
}

// ApplyTo carries out a state change through any control API (a running
// ecmock: HTTPControl{BaseURL: ..., Token: ...}).
func ApplyTo(ctl Control, o Options, req Request) (map[string]any, error) {
	return pactstate.Apply(ctl, o, req)
}

// InPacts lists the provider states named in pact files (V2 providerState,
// V3/V4 providerStates), sorted, without repeats. paths are files or
// directories (their *.json files).
func InPacts(paths ...string) ([]string, error) {
	seen := map[string]bool{}
	for _, p := range paths {
		files := []string{p}
		if fi, err := os.Stat(p); err != nil {
			return nil, err
		} else if fi.IsDir() {
			if files, err = filepath.Glob(filepath.Join(p, "*.json")); err != nil {
				return nil, err
			}
		}
		for _, f := range files {
			names, err := statesInFile(f)
			if err != nil {
				return nil, err
			}
			for _, n := range names {
				seen[n] = true
			}
		}
	}
	out := make([]string, 0, len(seen))
	for n := range seen {
		out = append(out, n)
	}
	sort.Strings(out)
	return out, nil
}

func statesInFile(path string) ([]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return StatesInPact(b, path)
}

// StatesInPact lists the provider states named in one pact document; name
// is used in errors.
func StatesInPact(doc []byte, name string) ([]string, error) {
	var pact struct {
		Interactions []struct {
			ProviderState  string `json:"providerState"`
			ProviderStates []struct {
				Name string `json:"name"`
			} `json:"providerStates"`
		} `json:"interactions"`
	}
	if err := json.Unmarshal(doc, &pact); err != nil {
		return nil, fmt.Errorf("%s: not a pact file: %w", name, err)
	}
	var out []string
	for _, i := range pact.Interactions {
		if s := strings.TrimSpace(i.ProviderState); s != "" {
			out = append(out, s)
		}
		for _, s := range i.ProviderStates {
			if s.Name != "" {
				out = append(out, s.Name)
			}
		}
	}
	return out, nil
}
