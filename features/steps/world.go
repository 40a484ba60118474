// Package steps is ecmock's godog step library: Gherkin steps that start a
// fresh in-process ecmock per scenario (or aim at a running ecmock or any
// endpoint), choose the account, load fault rules, scenarios and fixtures,
// move the clock, call any action with a parameter table, remember values
// from answers, and check answers, the journal, and a client's behaviour.
//
// Add it to your own suite:
//
//	func TestFeatures(t *testing.T) {
//		cfg, err := steps.FromEnv()
//		if err != nil {
//			t.Fatal(err)
//		}
//		suite := godog.TestSuite{
//			ScenarioInitializer: func(sc *godog.ScenarioContext) { steps.Register(sc, cfg) },
//			Options: &godog.Options{TestingT: t, Strict: true, Format: "progress",
//				Paths: []string{"features"}, Concurrency: 4},
//		}
//		if suite.Run() != 0 {
//			t.Fatal("features failed")
//		}
//	}
//
// Every step is listed with an example in features/STEPS.md (Defs returns
// them). Plug your own client in with Config.NewClient (see Client, and the
// optional Modifier, ChildWaiter and Caller). examples/netteam in ecmock's
// repository is a complete module that does all this. Against a running
// ecmock (Config.Endpoint) scenarios share its accounts and run one at a
// time; in-process each has its own server.
package steps

import (
	"context"
	"crypto/rand"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/cucumber/godog"

	"github.com/ecmock/ecmock/mock"
)

// World is the state of one scenario: its server (in-process) or endpoint,
// the current account, remembered values, the last call and the client. A
// fresh World is made for every scenario; steps are its methods.
type World struct {
	cfg       *Config
	srv       *mock.Server
	ctl       *control
	transport Transport
	own       *SDKTransport // the default transport, closed at the end
	base      string        // scheme://host:port of the API
	accounts  map[string]Credentials
	account   string // current account name
	region    string
	vars      map[string]string
	startSeq  int64
	rules     []string // fault rules added (removed at the end on a remote server)
	nrule     int
	last      *Response
	lastReq   *Request
	client    Client
	clientEnv *ClientEnv
	clientRes *clientResult
	sleeps    []time.Duration
	// holdsSerial: this scenario holds its Config's one-at-a-time lock
	// (shared: a read lock).
	holdsSerial bool
	shared      bool
	// fresh are the accounts created for this scenario (deleted after it).
	fresh []string
	// startTiming is a shared server's timing profile when the scenario
	// started: a scenario that changes it (a step, an applied scenario) has
	// it put back after it, when no reset does.
	startTiming string
}

type worldKey struct{}

// WorldFrom returns the scenario's World from a step's context (for your
// own steps), or nil.
func WorldFrom(ctx context.Context) *World {
	w, _ := ctx.Value(worldKey{}).(*World)
	return w
}

// Register adds every step of the library to a scenario, with the hooks that
// set a World up before the scenario and tear it down after. Call it from
// your ScenarioInitializer; cfg may be shared by all scenarios (nil: a fresh
// in-process ecmock per scenario).
func Register(sc *godog.ScenarioContext, cfg *Config) *World {
	if cfg == nil {
		cfg = &Config{}
	}
	w := &World{cfg: cfg}
	// Scenarios that share a remote ecmock's accounts would see each other's
	// resources, calls and fault rules: they run one at a time, whatever the
	// suite's Concurrency. In-process scenarios each have their own server.
	serial := cfg.Remote()
	sc.Before(func(ctx context.Context, s *godog.Scenario) (context.Context, error) {
		if serial {
			w.shared = cfg.FreshAccounts && !touchesGlobal(s)
			cfg.serialNote.Do(func() {
				if cfg.FreshAccounts {
					fmt.Fprintln(os.Stderr, "ecmock steps: every scenario gets two new accounts on the ecmock at "+cfg.Endpoint+"; @chaos and @ecmock scenarios run one at a time")
				} else {
					fmt.Fprintln(os.Stderr, "ecmock steps: scenarios share the accounts of the ecmock at "+cfg.Endpoint+": they run one at a time")
				}
			})
			if w.shared {
				cfg.serial.RLock()
			} else {
				cfg.serial.Lock()
			}
			w.holdsSerial = true
		}
		if err := w.start(ctx); err != nil {
			return ctx, fmt.Errorf("ecmock: starting the scenario: %w", err)
		}
		return context.WithValue(ctx, worldKey{}, w), nil
	})
	sc.After(func(ctx context.Context, s *godog.Scenario, err error) (context.Context, error) {
		// godog runs After hooks even when a Before hook failed.
		if w.holdsSerial {
			w.holdsSerial = false
			if w.shared {
				defer cfg.serial.RUnlock()
			} else {
				defer cfg.serial.Unlock()
			}
		}
		return ctx, w.stop(ctx, s)
	})
	for _, d := range Defs() {
		sc.Step(d.Expr, d.fn(w))
	}
	return w
}

func (w *World) start(ctx context.Context) error {
	w.vars = map[string]string{"scenario": randomSuffix(10), "long": strings.Repeat("x", 129)}
	w.account = "A"
	w.region = w.cfg.Region
	if w.region == "" {
		w.region = "cn-hangzhou"
	}
	w.transport = w.cfg.Transport
	if w.transport == nil {
		w.own = &SDKTransport{Timeout: w.cfg.Timeout}
		w.transport = w.own
	}
	hc := &http.Client{Timeout: 30 * time.Second}
	if !w.cfg.Remote() {
		o := w.cfg.Server
		o.Clock = "manual"
		o.Strict = true
		srv, err := mock.Start(o)
		if err != nil {
			return err
		}
		w.srv = srv
		w.base = srv.URL()
		w.ctl = &control{base: srv.AdminURL(), token: o.AdminToken, hc: hc}
		w.accounts = map[string]Credentials{}
		for i, a := range srv.Accounts() {
			n := string(rune('A' + i))
			w.accounts[n] = Credentials{Name: n, UID: a.UID, AccessKeyID: a.AccessKeyID, AccessKeySecret: a.AccessKeySecret}
		}
	} else {
		u, err := baseURL(w.cfg.Endpoint)
		if err != nil {
			return err
		}
		w.base = u.String()
		w.accounts = w.cfg.Accounts
		if !w.cfg.NoControl {
			admin := w.cfg.AdminURL
			if admin == "" {
				admin = w.base
			}
			au, err := baseURL(admin)
			if err != nil {
				return err
			}
			w.ctl = &control{base: au.String(), token: w.cfg.AdminToken, hc: hc}
			if w.cfg.FreshAccounts {
				if err := w.createAccounts(ctx); err != nil {
					return err
				}
			}
			if w.cfg.Reset {
				if err := w.ctl.reset(ctx); err != nil {
					return err
				}
			} else if w.startTiming, err = w.ctl.timing(ctx); err != nil {
				return err
			}
			if w.startSeq, err = w.ctl.lastSeq(ctx); err != nil {
				return err
			}
		}
	}
	for n, a := range w.accounts {
		w.vars[n+".uid"] = a.UID
		w.vars[n+".key"] = a.AccessKeyID
	}
	w.vars["region"] = w.region
	return nil
}

func (w *World) stop(ctx context.Context, s *godog.Scenario) error {
	var errs []string
	if w.cfg.Coverage != nil && w.ctl != nil {
		entries, err := w.ctl.journal(ctx, "", w.startSeq)
		if err != nil {
			errs = append(errs, "reading the journal for coverage: "+err.Error())
		} else {
			w.cfg.Coverage.Record(s.Name, entries)
		}
	}
	if w.client != nil {
		if c, ok := w.client.(interface{ Close() error }); ok {
			_ = c.Close()
		}
	}
	if w.srv != nil {
		if err := w.srv.Close(); err != nil {
			errs = append(errs, err.Error())
		}
	} else if w.ctl != nil {
		for _, r := range w.rules {
			_ = w.ctl.removeFault(ctx, r)
		}
		if w.startTiming != "" {
			if now, err := w.ctl.timing(ctx); err == nil && now != w.startTiming {
				if err := w.ctl.applyScenario(ctx, map[string]any{"name": "timing-restore-" + w.vars["scenario"], "timing": w.startTiming}); err != nil {
					errs = append(errs, "restoring the timing profile: "+err.Error())
				}
			}
			w.startTiming = ""
		}
		for _, uid := range w.fresh {
			if err := w.ctl.do(ctx, http.MethodDelete, "/accounts/"+uid, nil, nil); err != nil {
				errs = append(errs, "deleting the scenario's account: "+err.Error())
			}
		}
		w.fresh = nil
	}
	if w.own != nil {
		w.own.Close()
	}
	if len(errs) > 0 {
		return fmt.Errorf("ecmock: %s", strings.Join(errs, "; "))
	}
	return nil
}

// Server is the scenario's in-process ecmock (nil against a remote endpoint).
func (w *World) Server() *mock.Server { return w.srv }

// Account returns the current account's credentials.
func (w *World) Account() Credentials { return w.accounts[w.account] }

// Var returns a remembered value.
func (w *World) Var(name string) (string, bool) {
	v, ok := w.vars[name]
	return v, ok
}

// SetVar remembers a value for later {name} substitution.
func (w *World) SetVar(name, value string) { w.vars[name] = value }

// Last is the last raw call's answer (nil before the first call).
func (w *World) Last() *Response { return w.last }

var varRE = regexp.MustCompile(`\{([A-Za-z_][A-Za-z0-9_.\-]*)\}`)

// expand replaces {name} with remembered values; an unknown name is an
// error, so that a typo does not send a literal "{pc}".
func (w *World) expand(s string) (string, error) {
	var missing []string
	out := varRE.ReplaceAllStringFunc(s, func(m string) string {
		name := m[1 : len(m)-1]
		if v, ok := w.vars[name]; ok {
			return v
		}
		missing = append(missing, name)
		return m
	})
	if len(missing) > 0 {
		known := make([]string, 0, len(w.vars))
		for k := range w.vars {
			known = append(known, k)
		}
		sort.Strings(known)
		return "", fmt.Errorf("nothing remembered as %s (remembered: %s)", strings.Join(missing, ", "), strings.Join(known, ", "))
	}
	return out, nil
}

// tableParams reads a two-column table (name | value) into parameters,
// expanding {names}. A first row "parameter | value" or "name | value" is a
// header.
func (w *World) tableParams(t *godog.Table) (map[string]string, error) {
	out := map[string]string{}
	if t == nil {
		return out, nil
	}
	for i, row := range t.Rows {
		if len(row.Cells) != 2 {
			return nil, fmt.Errorf("table row %d has %d cells; want 2 (name | value)", i+1, len(row.Cells))
		}
		k, v := strings.TrimSpace(row.Cells[0].Value), row.Cells[1].Value
		if i == 0 && (strings.EqualFold(k, "parameter") || strings.EqualFold(k, "name") || strings.EqualFold(k, "path")) && strings.EqualFold(strings.TrimSpace(v), "value") {
			continue
		}
		ev, err := w.expand(v)
		if err != nil {
			return nil, fmt.Errorf("row %s: %w", k, err)
		}
		out[k] = ev
	}
	return out, nil
}

const base36 = "0123456789abcdefghijklmnopqrstuvwxyz"

// randomSuffix is n random lowercase base-36 characters.
func randomSuffix(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = base36[int(b[i])%36]
	}
	return string(b)
}

// createAccounts makes the scenario's accounts A and B through the accounts
// API of a remote ecmock.
func (w *World) createAccounts(ctx context.Context) error {
	w.accounts = map[string]Credentials{}
	for _, n := range []string{"A", "B"} {
		var a struct {
			UID             string `json:"uid"`
			AccessKeyID     string `json:"accessKeyId"`
			AccessKeySecret string `json:"accessKeySecret"`
		}
		if err := w.ctl.do(ctx, http.MethodPost, "/accounts", map[string]any{}, &a); err != nil {
			return fmt.Errorf("creating the scenario's account %s (%s): %w", n, EnvFresh, err)
		}
		w.fresh = append(w.fresh, a.UID)
		w.accounts[n] = Credentials{Name: n, UID: a.UID, AccessKeyID: a.AccessKeyID, AccessKeySecret: a.AccessKeySecret}
	}
	return nil
}

// globalSteps are the steps whose effect reaches beyond the scenario's
// accounts: fault rules and scenarios, the clock and the timing profile, the
// polling step and the client steps (their waits move the clock).
var globalSteps = sync.OnceValue(func() []*regexp.Regexp {
	var out []*regexp.Regexp
	for _, d := range Defs() {
		if d.Group == "Faults and scenarios" || d.Group == "Your client" ||
			strings.Contains(d.Expr, "timing profile") || strings.Contains(d.Expr, "pass(?:es)?") ||
			strings.Contains(d.Expr, "ecmock time moves") || strings.HasPrefix(d.Expr, "^I poll ") {
			out = append(out, regexp.MustCompile(d.Expr))
		}
	}
	return out
})

// touchesGlobal reports whether a scenario has a step with a global effect:
// such scenarios run alone on a shared server.
func touchesGlobal(s *godog.Scenario) bool {
	for _, st := range s.Steps {
		for _, re := range globalSteps() {
			if re.MatchString(st.Text) {
				return true
			}
		}
	}
	return false
}
