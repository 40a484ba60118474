package steps

import (
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/ecmock/ecmock/mock"
)

// Credentials are one account as the steps use it: the access key pair that
// signs its calls and the UID the API shows for it (OwnerId, AliUid, ...).
type Credentials struct {
	Name            string // "A", "B", ...
	UID             string
	AccessKeyID     string
	AccessKeySecret string
}

// Config says where the steps send their calls and what they may do there.
// The zero value starts a fresh in-process ecmock (manual clock, strict
// catalogue) for every scenario; FromEnv aims the steps at a running ecmock
// or at any endpoint instead.
type Config struct {
	// Endpoint, when set, is a running server (host:port or an http(s) URL)
	// that every scenario shares; empty starts an in-process ecmock per
	// scenario.
	Endpoint string
	// ProductEndpoints override Endpoint per product (Vpc, Cbn,
	// ExpressConnectRouter), for a real account whose products live on
	// different hosts.
	ProductEndpoints map[string]string
	// AdminURL is the control API's base URL (the endpoint's when empty);
	// AdminToken its bearer token.
	AdminURL   string
	AdminToken string
	// NoControl says the endpoint has no ecmock control API (a real
	// account): steps that need it fail with a clear message, and the
	// suite should skip @chaos and @ecmock scenarios.
	NoControl bool
	// Reset posts /_ecmock/reset before every scenario on a remote ecmock.
	Reset bool
	// FreshAccounts gives every scenario on a remote ecmock two accounts of
	// its own (A and B), created through the accounts API (POST
	// /_ecmock/accounts) before it and deleted after it, instead of
	// Accounts. Scenarios then cannot disturb each other nor other users of
	// a shared server, and those that change nothing global run
	// concurrently; scenarios with a step whose effect is global (fault
	// rules and scenarios, the clock, the timing profile, the client's
	// waits) still run one at a time.
	FreshAccounts bool
	// Accounts by name ("A", "B"); for a remote endpoint they must be given,
	// in-process ones come from the server.
	Accounts map[string]Credentials
	// Region is the default RegionId of calls (cn-hangzhou when empty).
	Region string
	// Server are the options of in-process servers. Clock "manual" and
	// Strict are forced; Timing defaults to "fast".
	Server mock.Options
	// Timeout bounds one API call (10s when 0).
	Timeout time.Duration
	// NewClient builds the Client that the "the client ..." steps drive
	// (nil: those steps fail with a message saying no client is set).
	NewClient ClientFactory
	// Transport makes the raw API calls of the "I call ..." steps; the
	// official Go SDK (CommonRequest) when nil.
	Transport Transport
	// Coverage, when set, receives the error codes every scenario's calls
	// were answered with (from the journal) for the error-code table.
	Coverage *Coverage

	// serial makes scenarios that share a remote ecmock's accounts run one
	// at a time, whatever the suite's concurrency (see Register); with
	// FreshAccounts, those that change nothing global share it.
	serial     sync.RWMutex
	serialNote sync.Once
}

// Remote reports whether the steps aim at a running server rather than an
// in-process one.
func (c *Config) Remote() bool { return c.Endpoint != "" }

// Environment variables read by FromEnv.
const (
	EnvEndpoint   = "ECMOCK_ENDPOINT"       // host:port or URL of a running ecmock or API endpoint
	EnvAdminURL   = "ECMOCK_ADMIN_URL"      // control API base URL (default: the endpoint)
	EnvAdminToken = "ECMOCK_ADMIN_TOKEN"    // bearer token of the control API
	EnvNoControl  = "ECMOCK_NO_CONTROL"     // "1": the endpoint has no control API (a real account)
	EnvReset      = "ECMOCK_RESET"          // "1": reset the remote ecmock before each scenario
	EnvFresh      = "ECMOCK_FRESH_ACCOUNTS" // "1": two new accounts per scenario (accounts API)
	EnvRegion     = "ECMOCK_REGION"         // default RegionId
	EnvKeyID      = "ECMOCK_ACCESS_KEY_ID"
	EnvSecret     = "ECMOCK_ACCESS_KEY_SECRET"
	EnvUID        = "ECMOCK_UID"
	EnvKeyIDB     = "ECMOCK_B_ACCESS_KEY_ID"
	EnvSecretB    = "ECMOCK_B_ACCESS_KEY_SECRET"
	EnvUIDB       = "ECMOCK_B_UID"
	EnvProductFmt = "ECMOCK_ENDPOINT_%s" // per product: ECMOCK_ENDPOINT_VPC, _CBN, _EXPRESSCONNECTROUTER
)

// FromEnv returns the configuration the environment asks for: in-process
// servers when ECMOCK_ENDPOINT is unset, else that endpoint with the accounts
// of ECMOCK_ACCESS_KEY_ID / ECMOCK_ACCESS_KEY_SECRET / ECMOCK_UID (account
// A) and ECMOCK_B_* (account B). A remote ecmock's built-in accounts are used
// when no keys are given.
func FromEnv() (*Config, error) {
	c := &Config{Region: os.Getenv(EnvRegion)}
	c.Endpoint = os.Getenv(EnvEndpoint)
	if c.Endpoint == "" {
		return c, nil
	}
	if _, err := baseURL(c.Endpoint); err != nil {
		return nil, fmt.Errorf("%s: %v", EnvEndpoint, err)
	}
	c.AdminURL = os.Getenv(EnvAdminURL)
	c.AdminToken = os.Getenv(EnvAdminToken)
	c.NoControl = truthy(os.Getenv(EnvNoControl))
	c.Reset = truthy(os.Getenv(EnvReset))
	c.FreshAccounts = truthy(os.Getenv(EnvFresh))
	if c.FreshAccounts && c.NoControl {
		return nil, fmt.Errorf("%s needs ecmock's control API (accounts API), but %s is set", EnvFresh, EnvNoControl)
	}
	for _, p := range []string{"Vpc", "Cbn", "ExpressConnectRouter"} {
		if v := os.Getenv(fmt.Sprintf(EnvProductFmt, strings.ToUpper(p))); v != "" {
			if c.ProductEndpoints == nil {
				c.ProductEndpoints = map[string]string{}
			}
			c.ProductEndpoints[p] = v
		}
	}
	c.Accounts = map[string]Credentials{}
	if k := os.Getenv(EnvKeyID); k != "" {
		c.Accounts["A"] = Credentials{Name: "A", AccessKeyID: k, AccessKeySecret: os.Getenv(EnvSecret), UID: os.Getenv(EnvUID)}
	}
	if k := os.Getenv(EnvKeyIDB); k != "" {
		c.Accounts["B"] = Credentials{Name: "B", AccessKeyID: k, AccessKeySecret: os.Getenv(EnvSecretB), UID: os.Getenv(EnvUIDB)}
	}
	if len(c.Accounts) == 0 {
		// The built-in accounts of `ecmock serve` (README: Accounts, authentication and the credentials file).
		for i, a := range builtinAccounts() {
			n := string(rune('A' + i))
			c.Accounts[n] = Credentials{Name: n, UID: a.UID, AccessKeyID: a.AccessKeyID, AccessKeySecret: a.AccessKeySecret}
		}
	}
	return c, nil
}

// builtinAccounts are the accounts a default ecmock serves, read from a
// server built (not started) with default options.
func builtinAccounts() []mock.Account {
	s, err := mock.New(mock.Options{})
	if err != nil {
		return nil
	}
	return s.Accounts()
}

func truthy(v string) bool {
	switch strings.ToLower(v) {
	case "1", "true", "yes", "on":
		return true
	}
	return false
}

// baseURL turns host:port or a URL into a URL without a trailing slash.
func baseURL(ep string) (*url.URL, error) {
	if !strings.Contains(ep, "://") {
		ep = "http://" + ep
	}
	u, err := url.Parse(ep)
	if err != nil {
		return nil, err
	}
	if u.Host == "" {
		return nil, fmt.Errorf("%q has no host", ep)
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	return u, nil
}
