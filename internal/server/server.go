// Package server assembles ecmock: the RPC front door (parsing, signatures,
// dispatch, envelopes), the control API, the store, clock, journal and fault
// engine of one server. Nothing in it is global: many servers run side by side
// in one process.
package server

import (
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/mux"

	"github.com/ecmock/ecmock/internal/accounts"
	"github.com/ecmock/ecmock/internal/api"
	"github.com/ecmock/ecmock/internal/catalog"
	"github.com/ecmock/ecmock/internal/clock"
	"github.com/ecmock/ecmock/internal/journal"
	"github.com/ecmock/ecmock/internal/persist"
	"github.com/ecmock/ecmock/internal/products"
	"github.com/ecmock/ecmock/internal/store"
)

// Options configure a server. The zero value is a verifying server with the
// built-in accounts, fast timing, a real clock and seed 1.
type Options struct {
	// Auth is "verify" (default: signatures checked) or "open".
	Auth string
	// Accounts replace the built-in pair when not empty.
	Accounts []*accounts.Account
	// Timing is the profile of automatic transitions: instant, fast
	// (default), realistic.
	Timing string
	// Clock is "real" (default) or "manual"; TimeScale multiplies a real clock.
	Clock     string
	TimeScale float64
	// ClockStart is where a manual clock starts (clock.Epoch when zero).
	ClockStart time.Time
	// Seed makes IDs, request IDs and probabilistic faults repeatable.
	Seed int64
	// JournalSize bounds the journal ring (journal.DefaultSize when 0).
	JournalSize int
	// AdminToken, when set, is required as a Bearer token on /_ecmock/.
	AdminToken string
	// SeparateAdmin serves the control API only from AdminHandler.
	SeparateAdmin bool
	// Strict answers InternalError when a handler returns a response field the
	// catalogue does not list (tests use it to hold handlers to the catalogue).
	Strict bool
	// Logger receives one line per call and every internal error.
	Logger *slog.Logger
	// StateDir keeps the state on disk (README: Persistence); "" keeps it
	// in memory.
	StateDir string
}

// Timing profiles.
var timings = map[string]bool{"instant": true, "fast": true, "realistic": true}

// Server is one ecmock instance.
type Server struct {
	opts     Options
	cat      *catalog.Catalog
	reg      *api.Registry
	accounts *accounts.Registry
	store    *store.Store
	clock    clock.Clock
	journal  *journal.Journal
	faults   Faults
	log      *slog.Logger
	api      http.Handler
	admin    http.Handler

	mu     sync.Mutex
	timing string
	nonces nonceCache

	db       *persist.DB // the state directory, nil in memory
	restored bool
}

// New builds a server from options.
func New(o Options) (*Server, error) {
	if o.Auth == "" {
		o.Auth = "verify"
	}
	if o.Auth != "verify" && o.Auth != "open" {
		return nil, fmt.Errorf("--auth must be verify or open, not %q", o.Auth)
	}
	if o.Timing == "" {
		o.Timing = "fast"
	}
	if !timings[o.Timing] {
		return nil, fmt.Errorf("--timing must be instant, fast or realistic, not %q", o.Timing)
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	var clk clock.Clock
	switch o.Clock {
	case "", "real":
		clk = clock.NewReal(o.TimeScale)
	case "manual":
		clk = clock.NewManual(o.ClockStart)
	default:
		return nil, fmt.Errorf("--clock must be real or manual, not %q", o.Clock)
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler) // disabled: no line is formatted
	}
	cat, err := catalog.Load()
	if err != nil {
		return nil, err
	}
	accts, err := accounts.NewRegistry(o.Accounts, o.Auth == "open")
	if err != nil {
		return nil, err
	}
	s := &Server{
		opts: o, cat: cat, accounts: accts, clock: clk, log: o.Logger,
		journal: journal.New(o.JournalSize), timing: o.Timing,
		store: store.New(clk, o.Seed),
	}
	s.nonces.init()
	s.reg = api.NewRegistry()
	products.Register(s.reg)
	s.reg.Setup(s.store)
	s.faults = newFaults(s)
	s.store.SetPolicy(s.lifecyclePolicy)
	s.store.SetStatic(func() bool { return !s.faults.Shapes() })
	if o.StateDir != "" {
		if err := s.openState(o.StateDir); err != nil {
			return nil, err
		}
	}
	s.buildRoutes()
	return s, nil
}

// Catalog returns the server's catalogue.
func (s *Server) Catalog() *catalog.Catalog { return s.cat }

// Accounts returns the account registry.
func (s *Server) Accounts() *accounts.Registry { return s.accounts }

// Clock returns ecmock's clock.
func (s *Server) Clock() clock.Clock { return s.clock }

// Journal returns the journal.
func (s *Server) Journal() *journal.Journal { return s.journal }

// Store returns the store (callers must hold its lock: use WithStore).
func (s *Server) WithStore(f func(*store.Store)) {
	s.store.Lock()
	defer s.store.Unlock()
	f(s.store)
}

// Faults returns the fault engine.
func (s *Server) Faults() Faults { return s.faults }

// Registry returns the dispatch table.
func (s *Server) Registry() *api.Registry { return s.reg }

// Handler serves the API (and the control API unless SeparateAdmin).
func (s *Server) Handler() http.Handler { return s.api }

// AdminHandler serves the control API alone.
func (s *Server) AdminHandler() http.Handler { return s.admin }

// Timing returns the current timing profile.
func (s *Server) Timing() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.timing
}

// SetTiming changes the timing profile.
func (s *Server) SetTiming(t string) error {
	if !timings[t] {
		return fmt.Errorf("unknown timing profile %q (instant, fast, realistic)", t)
	}
	s.mu.Lock()
	s.timing = t
	s.mu.Unlock()
	s.store.PolicyChanged()
	s.persistNow()
	return nil
}

// Reset empties state, faults and journal and puts the clock back to start.
func (s *Server) Reset() {
	s.store.Lock()
	s.store.Reseed(s.opts.Seed) // a scenario's seed does not outlive a reset
	s.store.Reset()
	s.store.Unlock()
	s.faults.Reset()
	s.journal.Reset()
	s.clock.Reset()
	s.accounts.Reset()
	s.nonces.reset()
	s.mu.Lock()
	s.timing = s.opts.Timing
	s.mu.Unlock()
	s.store.PolicyChanged()
	s.persistNow()
}

// lifecyclePolicy is the store's policy: the catalogue's transitions timed by
// the profile, then the fault engine's lifecycle rules.
func (s *Server) lifecyclePolicy(r *store.Resource) *store.Step {
	var def *store.Step
	for _, p := range s.cat.Products {
		for _, t := range p.Lifecycles[r.Type] {
			if t.From != r.Status {
				continue
			}
			def = &store.Step{To: t.To, After: s.stepDuration(t)}
			break
		}
		if def != nil {
			break
		}
	}
	return s.faults.Lifecycle(r, def)
}

func (s *Server) stepDuration(t *catalog.Transition) time.Duration {
	switch s.Timing() {
	case "instant":
		return 0
	case "realistic":
		if t.Realistic > 0 {
			return time.Duration(t.Realistic)
		}
		return time.Minute
	default:
		if t.Fast > 0 {
			return time.Duration(t.Fast)
		}
		return time.Second
	}
}

func (s *Server) buildRoutes() {
	ctl := mux.NewRouter()
	s.controlRoutes(ctl.PathPrefix("/_ecmock").Subrouter())
	ctl.NotFoundHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSONError(w, http.StatusNotFound, "no such control endpoint: "+r.Method+" "+r.URL.Path)
	})
	s.admin = s.adminAuth(s.persistAfter(ctl))

	// The API's root: the control API's prefix, everything else to the RPC
	// front door (a plain prefix test: no router work on every API call).
	admin, separate := s.admin, s.opts.SeparateAdmin
	s.api = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !separate && strings.HasPrefix(r.URL.Path, "/_ecmock/") {
			admin.ServeHTTP(w, r)
			return
		}
		s.serveRPC(w, r)
	})
}

// nonceCache remembers signature nonces for 15 minutes (bounded).
type nonceCache struct {
	mu   sync.Mutex
	seen map[string]time.Time
}

const nonceLimit = 100000

func (n *nonceCache) init()  { n.seen = map[string]time.Time{} }
func (n *nonceCache) reset() { n.mu.Lock(); n.seen = map[string]time.Time{}; n.mu.Unlock() }

// use records a nonce; false when it was seen within the window.
func (n *nonceCache) use(key string, now time.Time) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	if t, ok := n.seen[key]; ok && now.Sub(t) < 15*time.Minute {
		return false
	}
	if len(n.seen) >= nonceLimit {
		for k, t := range n.seen {
			if now.Sub(t) >= 15*time.Minute || len(n.seen) >= nonceLimit {
				delete(n.seen, k)
			}
		}
	}
	n.seen[key] = now
	return true
}
