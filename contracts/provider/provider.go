//go:build pact

// Package provider verifies pact files — this repository's or any team's —
// against an ecmock started for the run, with pact-go v2. Provider states are
// ecmock's vocabulary (contracts/states): StateHandlers map every state named
// in the pacts onto fixtures, fault rules, quotas and timing on setup, and
// reset the server on teardown. ecmock runs with open auth: a pact records a
// request's signature, which cannot be replayed.
//
// Build with -tags pact and the Pact native library (make pact-lib):
//
//	func TestPacts(t *testing.T) {
//		cfg := provider.Config{PactDirs: []string{"pacts"}}
//		if err := cfg.Verify(t); err != nil {
//			t.Fatal(err)
//		}
//	}
package provider

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pact-foundation/pact-go/v2/models"
	pactprovider "github.com/pact-foundation/pact-go/v2/provider"

	"github.com/ecmock/ecmock/contracts/states"
	"github.com/ecmock/ecmock/mock"
)

// DefaultProvider is the provider name of this repository's pacts.
const DefaultProvider = "alibaba-cloud-express-connect"

// Config says which pacts to verify and how.
type Config struct {
	// Provider is the provider's name (DefaultProvider when empty); it
	// selects pacts from a broker and names published results.
	Provider string
	// Sources: local files, directories of *.json, URLs, a Pact Broker.
	PactFiles []string
	PactDirs  []string
	PactURLs  []string
	BrokerURL string
	// Broker credentials (or PACT_BROKER_TOKEN / _USERNAME / _PASSWORD).
	BrokerToken, BrokerUsername, BrokerPassword string
	// ConsumerVersionSelectors pick pacts from the broker.
	ConsumerVersionSelectors []pactprovider.Selector
	// EnablePending verifies pending pacts without failing on them;
	// IncludeWIPPactsSince pulls work-in-progress pacts (broker only).
	EnablePending        bool
	IncludeWIPPactsSince *time.Time
	// ProviderVersion, ProviderBranch and ProviderTags name the verified
	// provider in published results; Publish sends them to the broker.
	ProviderVersion string
	ProviderBranch  string
	ProviderTags    []string
	Publish         bool
	// FilterDescription and FilterState verify only matching interactions.
	FilterDescription string
	FilterState       string
	// Server configures the ecmock started for the run; Auth is always
	// "open".
	Server mock.Options
	// States are the vocabulary's defaults (the server's first account
	// when empty).
	States states.Options
	// UseStateChangeURL sends provider states to the server's
	// POST /_ecmock/pact/states instead of pact-go's StateHandlers (always
	// so for broker sources, whose state names are unknown beforehand).
	UseStateChangeURL bool
	// RequestTimeout bounds each request and state change (30s when 0).
	RequestTimeout time.Duration
}

// Verify starts ecmock, verifies the configured pacts against it and
// reports through t (VerifyProvider needs a real *testing.T). It returns the
// verification's error.
func (c Config) Verify(t *testing.T) error {
	t.Helper()
	o := c.Server
	o.Auth = "open"
	srv, err := mock.Start(o)
	if err != nil {
		return fmt.Errorf("starting ecmock: %w", err)
	}
	defer srv.Close()
	req, err := c.Request(srv)
	if err != nil {
		return err
	}
	return pactprovider.NewVerifier().VerifyProvider(t, req)
}

// Request builds pact-go's VerifyRequest for pacts verified against srv.
func (c Config) Request(srv *mock.Server) (pactprovider.VerifyRequest, error) {
	name := c.Provider
	if name == "" {
		name = DefaultProvider
	}
	so := c.States
	if so.Account == "" {
		so = states.DefaultOptions(srv)
	}
	timeout := c.RequestTimeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	req := pactprovider.VerifyRequest{
		Provider:                   name,
		ProviderBaseURL:            srv.URL(),
		PactFiles:                  c.PactFiles,
		PactDirs:                   c.PactDirs,
		PactURLs:                   c.PactURLs,
		BrokerURL:                  c.BrokerURL,
		BrokerToken:                c.BrokerToken,
		BrokerUsername:             c.BrokerUsername,
		BrokerPassword:             c.BrokerPassword,
		ConsumerVersionSelectors:   c.ConsumerVersionSelectors,
		EnablePending:              c.EnablePending,
		IncludeWIPPactsSince:       c.IncludeWIPPactsSince,
		ProviderVersion:            c.ProviderVersion,
		ProviderBranch:             c.ProviderBranch,
		ProviderTags:               c.ProviderTags,
		PublishVerificationResults: c.Publish,
		FilterDescription:          c.FilterDescription,
		FilterState:                c.FilterState,
		RequestTimeout:             timeout,
		DisableColoredOutput:       true,
		FailIfNoPactsFound:         true,
	}
	if len(c.PactFiles)+len(c.PactDirs)+len(c.PactURLs) == 0 && c.BrokerURL == "" {
		return req, errors.New("no pacts to verify: give pact files, directories, URLs or a broker URL")
	}
	if c.Publish && c.ProviderVersion == "" {
		return req, errors.New("publishing verification results needs a provider version")
	}
	if c.UseStateChangeURL || c.BrokerURL != "" {
		req.ProviderStatesSetupURL = srv.URL() + "/_ecmock/pact/states"
		return req, nil
	}
	names, err := c.stateNames()
	if err != nil {
		return req, err
	}
	req.StateHandlers = StateHandlers(srv, so, names)
	return req, nil
}

// stateNames reads the provider states of every local and URL source.
func (c Config) stateNames() ([]string, error) {
	names, err := states.InPacts(append(append([]string{}, c.PactFiles...), c.PactDirs...)...)
	if err != nil {
		return nil, err
	}
	for _, u := range c.PactURLs {
		doc, err := fetch(u, c.BrokerToken, c.BrokerUsername, c.BrokerPassword)
		if err != nil {
			return nil, err
		}
		more, err := states.StatesInPact(doc, u)
		if err != nil {
			return nil, err
		}
		names = append(names, more...)
	}
	return names, nil
}

func fetch(url, token, user, password string) ([]byte, error) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	switch {
	case token != "":
		req.Header.Set("Authorization", "Bearer "+token)
	case user != "":
		req.SetBasicAuth(user, password)
	}
	resp, err := (&http.Client{Timeout: 30 * time.Second}).Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetching %s: %w", url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("fetching %s: HTTP %d", url, resp.StatusCode)
	}
	return io.ReadAll(io.LimitReader(resp.Body, 64<<20))
}

// StateHandlers maps each state name onto the vocabulary on srv: setup
// applies it (an unknown state or a refused scenario fails the
// interaction), teardown resets srv. Handlers run on the verifier's
// goroutine; they never touch a testing.T.
func StateHandlers(srv *mock.Server, o states.Options, names []string) models.StateHandlers {
	h := models.StateHandlers{}
	for _, n := range names {
		h[n] = func(setup bool, s models.ProviderState) (models.ProviderStateResponse, error) {
			action := states.Teardown
			if setup {
				action = states.Setup
			}
			vals, err := states.ApplyValues(srv, o, states.Request{State: s.Name, Params: stateParams(s.Parameters), Action: action})
			if err != nil {
				return nil, fmt.Errorf("ecmock provider state: %s", strings.ReplaceAll(err.Error(), "\n", " "))
			}
			return vals, nil
		}
	}
	return h
}

// stateParams unwraps the params of a state change: pact-go hands its
// handlers every key of the verifier's body but state and action, so the
// state's params arrive under "params" (pact_verifier's body), or at the
// root (older verifiers).
func stateParams(p map[string]any) map[string]any {
	inner, ok := p["params"].(map[string]any)
	if !ok {
		return p
	}
	out := make(map[string]any, len(inner)+len(p))
	for k, v := range p {
		if k != "params" {
			out[k] = v
		}
	}
	for k, v := range inner {
		out[k] = v
	}
	return out
}
