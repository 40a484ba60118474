// Package server assembles ecmock: the RPC front door (parsing, signatures,
// dispatch, envelopes), the control API, the store, clock, journal and fault
// engine of one server. Nothing in it is global: many servers run side by side
// in one process.
package server

import (
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
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
	// JournalSize bounds the journal ring in entries (journal.DefaultSize
	// when 0, at most journal.MaxSize).
	JournalSize int
	// JournalBytes bounds the journal ring in bytes (journal.DefaultBytes when
	// 0; between journal.MinBytes and journal.MaxBytes).
	JournalBytes int64
	// AdminToken, when set, is required as a Bearer token on /_ecmock/
	// (a tenant's token gives that tenant's share of it).
	AdminToken string
	// Tenants share the server: each has a token for the control API and
	// owns accounts; with its token the control API sees and changes only
	// its world. Needs AdminToken.
	Tenants []TenantSpec
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

// MaxTimeScale bounds --time-scale: a real clock running faster would pass
// the clock's limit (MaxClockYear) within days.
const MaxTimeScale = 10000

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
	// abort is closed when a shutdown's grace has run out: calls still held
	// (injected delays, slow bodies) answer ServiceUnavailable at once.
	abort     chan struct{}
	abortOnce sync.Once
	// tenants by name (nil without a tenants file); read-only after New.
	tenants map[string]*tenant
	metrics *metrics
	ready   atomic.Bool

	db       *persist.DB // the state directory, nil in memory
	restored bool
}

// Abort makes every call still in flight answer ServiceUnavailable (the end
// of a shutdown's grace). It cannot be undone.
func (s *Server) Abort() { s.abortOnce.Do(func() { close(s.abort) }) }

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
	if math.IsNaN(o.TimeScale) || o.TimeScale < 0 || o.TimeScale > MaxTimeScale {
		return nil, fmt.Errorf("--time-scale must be above 0 and at most %d, not %v", MaxTimeScale, o.TimeScale)
	}
	if err := journal.CheckLimits(o.JournalSize, o.JournalBytes); err != nil {
		return nil, err
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
		journal: journal.NewLimited(o.JournalSize, o.JournalBytes), timing: o.Timing,
		abort: make(chan struct{}),
		store: store.New(clk, o.Seed),
	}
	s.nonces.init()
	s.reg = api.NewRegistry()
	products.Register(s.reg)
	s.reg.Setup(s.store)
	s.faults = newFaults(s)
	s.metrics = newMetrics(s)
	s.store.SetPolicy(s.lifecyclePolicy)
	s.store.SetStatic(func() bool { return !s.faults.Shapes() })
	moves := map[[2]string]bool{} // the catalogue's transitions
	for _, p := range s.cat.Products {
		for typ, ts := range p.Lifecycles {
			for _, t := range ts {
				moves[[2]string{typ, t.From}] = true
			}
		}
	}
	s.store.SetMovable(func(typ, status string) bool {
		return moves[[2]string{typ, status}] || s.faults.ShapesStatus(typ, status)
	})
	// The state directory first: it restores accounts, which the tenants
	// file then gives to their tenants.
	if o.StateDir != "" {
		if err := s.openState(o.StateDir); err != nil {
			return nil, err
		}
	}
	if err := s.setupTenants(o.Tenants); err != nil {
		return nil, err
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

// MaxClockYear bounds ecmock time: the clock does not move past the start of
// this year (time stays representable in every format ecmock writes).
const MaxClockYear = 2200

// MaxAdvance bounds one move of the clock.
const MaxAdvance = 100 * 365 * 24 * time.Hour

// AdvanceClock moves ecmock's clock forward by d, refusing a move that is not
// positive, longer than MaxAdvance, or past MaxClockYear.
func (s *Server) AdvanceClock(d time.Duration) error {
	if d <= 0 {
		return fmt.Errorf("must be positive, not %v", d)
	}
	if d > MaxAdvance {
		return fmt.Errorf("at most %v (100 years) at a time, not %v", MaxAdvance, d)
	}
	limit := time.Date(MaxClockYear, 1, 1, 0, 0, 0, 0, time.UTC)
	if now := s.clock.Now(); limit.Sub(now) < d {
		return fmt.Errorf("ecmock time is %s: moving it by %v would pass %d-01-01, ecmock's limit", now.Format(time.RFC3339), d, MaxClockYear)
	}
	s.clock.Advance(d)
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
	s.admin = s.recoverControl(s.authorize(s.persistAfter(ctl)))

	// Probes and metrics answer on both listeners; the API's root sends
	// the control API's prefix to it and everything else to the RPC front
	// door (plain tests: no router work on every API call).
	healthz, readyz, metrics := http.HandlerFunc(s.serveHealthz), http.HandlerFunc(s.serveReadyz), s.metricsHandler()
	probe := func(w http.ResponseWriter, r *http.Request) bool {
		if r.Method != http.MethodGet {
			return false
		}
		switch r.URL.Path {
		case "/healthz":
			healthz.ServeHTTP(w, r)
		case "/readyz":
			readyz.ServeHTTP(w, r)
		case "/metrics":
			metrics.ServeHTTP(w, r)
		default:
			return false
		}
		return true
	}
	ctlOnly, separate := s.admin, s.opts.SeparateAdmin
	s.admin = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !probe(w, r) {
			ctlOnly.ServeHTTP(w, r)
		}
	})
	s.api = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if probe(w, r) {
			return
		}
		if !separate && strings.HasPrefix(r.URL.Path, "/_ecmock/") {
			ctlOnly.ServeHTTP(w, r)
			return
		}
		s.serveRPC(w, r)
	})
}
