// Package mock runs an ecmock server inside a Go program or test: a stateful
// mock of Alibaba Cloud's Express Connect APIs (Vpc physical connections and
// VBRs, hosted connections, Express Cloud Connect, Express Connect Router and
// CEN transit-router ECR attachments) on 127.0.0.1:0.
//
//	srv := mock.StartTest(t, mock.Options{Clock: "manual"})
//	client, _ := vpc.NewClientWithAccessKey("cn-hangzhou", srv.AccountA().AccessKeyID, srv.AccountA().AccessKeySecret)
//	client.Domain = srv.Endpoint() // and request.Scheme = "http"
//
// Each Server owns its state; many run in parallel in one process.
package mock

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/ecmock/ecmock/internal/accounts"
	"github.com/ecmock/ecmock/internal/journal"
	"github.com/ecmock/ecmock/internal/server"
	"github.com/ecmock/ecmock/internal/store"
)

// Options configure a server. The zero value verifies signatures with the two
// built-in accounts, uses the fast timing profile on a real clock, seed 1.
type Options struct {
	// Addr to listen on; "127.0.0.1:0" (a free port) when empty.
	Addr string
	// Auth is "verify" (default) or "open" (signatures not checked; each
	// access key is an account).
	Auth string
	// Accounts replace the built-in pair.
	Accounts []Account
	// CredentialsFile is read when Accounts is empty (YAML or JSON, README: Accounts, authentication and the credentials file).
	CredentialsFile string
	// Timing: "instant", "fast" (default) or "realistic".
	Timing string
	// Clock: "real" (default) or "manual" (time moves only with Advance).
	Clock string
	// TimeScale multiplies a real clock (1 when 0).
	TimeScale float64
	// ClockStart is where a manual clock starts (2026-01-01T00:00:00Z when zero).
	ClockStart time.Time
	// Seed makes IDs, request IDs and probabilistic faults repeatable (1 when 0).
	Seed int64
	// JournalSize bounds the journal ring (10,000 when 0).
	JournalSize int
	// AdminToken protects the control API (/_ecmock/) with a bearer token.
	AdminToken string
	// Strict makes a handler answering a field the catalogue does not list an
	// InternalError (ecmock's own tests use it).
	Strict bool
	// SeparateAdmin serves the control API only on the listener given to
	// ServeAdmin, not on the API listener.
	SeparateAdmin bool
	// Scenarios are applied in order at start: shipped names or file paths.
	// With a StateDir that already holds a state they are not applied again.
	Scenarios []string
	// StateDir keeps the server's state in a directory so a restart
	// continues it (README: Persistence). Empty: in memory only.
	StateDir string
	// Logger receives a line per call (silent when nil).
	Logger *slog.Logger
}

// Account is an ecmock account: the UID the API shows, an access key pair,
// the ECR whitelist flag and quota overrides.
type Account struct {
	UID             string
	AccessKeyID     string
	AccessKeySecret string
	// NotWhitelisted marks an account that may not create ECRs
	// (OperationFailed.UserNotInWhiteList).
	NotWhitelisted bool
	Quotas         map[string]int
	// Flags are account-level conditions some documented errors depend on
	// (e.g. internationalSite, transitRouterServiceNotOpen, vpconnDenied; the
	// catalogue's notes name them: `ecmock spec`).
	Flags map[string]bool
}

// Server is a running ecmock.
type Server struct {
	core  *server.Server
	hs    *http.Server
	ln    net.Listener
	url   string
	done  chan struct{}
	admin *http.Server
	aln   net.Listener
	adone chan struct{}
}

// New builds a server without listening (use Handler for an in-process
// transport, or Start).
func New(o Options) (*Server, error) {
	so := server.Options{Auth: o.Auth, Timing: o.Timing, Clock: o.Clock, TimeScale: o.TimeScale,
		ClockStart: o.ClockStart, Seed: o.Seed, JournalSize: o.JournalSize, AdminToken: o.AdminToken,
		Strict: o.Strict, Logger: o.Logger, SeparateAdmin: o.SeparateAdmin, StateDir: o.StateDir}
	for _, a := range o.Accounts {
		wl := !a.NotWhitelisted
		so.Accounts = append(so.Accounts, &accounts.Account{UID: a.UID, AccessKeyID: a.AccessKeyID,
			AccessKeySecret: a.AccessKeySecret, Whitelisted: &wl, Quotas: a.Quotas, Flags: a.Flags})
	}
	if len(so.Accounts) == 0 && o.CredentialsFile != "" {
		list, err := accounts.LoadFile(o.CredentialsFile)
		if err != nil {
			return nil, err
		}
		so.Accounts = list
	}
	core, err := server.New(so)
	if err != nil {
		return nil, err
	}
	for _, sc := range o.Scenarios {
		if core.Restored() {
			break // the saved state holds what they applied
		}
		if err := core.ApplyScenarioRef(sc); err != nil {
			_ = core.Close()
			return nil, err
		}
	}
	return &Server{core: core}, nil
}

// Start builds a server and listens on o.Addr (127.0.0.1:0 by default).
func Start(o Options) (*Server, error) {
	s, err := New(o)
	if err != nil {
		return nil, err
	}
	addr := o.Addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	s.Serve(ln)
	return s, nil
}

// Serve answers on ln in the background until Close.
func (s *Server) Serve(ln net.Listener) {
	s.ln = ln
	s.url = "http://" + ln.Addr().String()
	s.hs = &http.Server{Handler: s.core.Handler(), ReadHeaderTimeout: 10 * time.Second}
	s.done = make(chan struct{})
	go func() {
		defer close(s.done)
		_ = s.hs.Serve(ln)
	}()
}

// ServeAdmin answers the control API alone on ln (with SeparateAdmin).
func (s *Server) ServeAdmin(ln net.Listener) {
	s.aln = ln
	s.admin = &http.Server{Handler: s.core.AdminHandler(), ReadHeaderTimeout: 10 * time.Second}
	s.adone = make(chan struct{})
	go func() {
		defer close(s.adone)
		_ = s.admin.Serve(ln)
	}()
}

// AdminURL is the control API's base URL (the API's URL unless ServeAdmin).
func (s *Server) AdminURL() string {
	if s.aln != nil {
		return "http://" + s.aln.Addr().String()
	}
	return s.url
}

// StartTest starts a server for a test and closes it when the test ends.
func StartTest(t testing.TB, o Options) *Server {
	t.Helper()
	s, err := Start(o)
	if err != nil {
		t.Fatalf("ecmock: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// URL is the server's base URL, e.g. http://127.0.0.1:41234.
func (s *Server) URL() string { return s.url }

// Endpoint is host:port, what the SDK's client.Domain takes.
func (s *Server) Endpoint() string {
	if s.ln == nil {
		return ""
	}
	return s.ln.Addr().String()
}

// Handler serves the API and the control API without a socket.
func (s *Server) Handler() http.Handler { return s.core.Handler() }

// Close stops the server, waiting up to five seconds for calls in flight.
func (s *Server) Close() error {
	if s.admin != nil {
		_ = s.admin.Close()
		<-s.adone
	}
	if s.hs == nil {
		return s.core.Close()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := s.hs.Shutdown(ctx)
	if errors.Is(err, context.DeadlineExceeded) {
		err = s.hs.Close()
	}
	<-s.done
	if cerr := s.core.Close(); err == nil {
		err = cerr
	}
	return err
}

// Accounts lists the server's accounts with their keys.
func (s *Server) Accounts() []Account {
	var out []Account
	for _, a := range s.core.Accounts().List() {
		out = append(out, Account{UID: a.UID, AccessKeyID: a.AccessKeyID, AccessKeySecret: a.AccessKeySecret,
			NotWhitelisted: !a.IsWhitelisted(), Quotas: a.Quotas, Flags: a.Flags})
	}
	return out
}

// AccountA is the first account (the built-in account A by default).
func (s *Server) AccountA() Account { return s.Accounts()[0] }

// AccountB is the second account (the built-in account B by default).
func (s *Server) AccountB() Account {
	l := s.Accounts()
	if len(l) < 2 {
		panic("ecmock: the server has a single account")
	}
	return l[1]
}

// Now is ecmock's current time.
func (s *Server) Now() time.Time { return s.core.Clock().Now() }

// Advance moves ecmock's clock forward.
func (s *Server) Advance(d time.Duration) { s.core.Clock().Advance(d) }

// Reset empties state, faults and journal and puts the clock back to start.
func (s *Server) Reset() { s.core.Reset() }

// SetTiming changes the timing profile (instant, fast, realistic).
func (s *Server) SetTiming(profile string) error { return s.core.SetTiming(profile) }

// SetQuota overrides a quota of an account (by access key or UID).
func (s *Server) SetQuota(account, quota string, n int) error {
	return s.core.Accounts().Update(account, func(a *accounts.Account) { a.Quotas[quota] = n })
}

// SetFlag sets an account flag (by access key or UID).
func (s *Server) SetFlag(account, flag string, on bool) error {
	return s.core.Accounts().Update(account, func(a *accounts.Account) {
		if a.Flags == nil {
			a.Flags = map[string]bool{}
		}
		a.Flags[flag] = on
	})
}

// Call is one journal entry.
type Call = journal.Entry

// Journal returns recorded calls, oldest first; action "" means every action.
func (s *Server) Journal(action string) []Call {
	return s.core.Journal().List(journal.Query{Action: action})
}

// Resource is a resource as ecmock stores it.
type Resource = store.Resource

// Resource returns a copy of a resource by ID (settled to the current time).
func (s *Server) Resource(id string) (Resource, bool) {
	var out Resource
	ok := false
	s.core.WithStore(func(st *store.Store) {
		if r := st.Get(id); r != nil {
			out, ok = *r, true
			out.Attrs = make(map[string]any, len(r.Attrs))
			for k, v := range r.Attrs {
				out.Attrs[k] = v
			}
		}
	})
	return out, ok
}

// SetStatus forces a resource into a status, as the cloud would.
func (s *Server) SetStatus(id, status string) error {
	var err error
	s.core.WithStore(func(st *store.Store) {
		r := st.Get(id)
		if r == nil {
			err = fmt.Errorf("no resource %s", id)
			return
		}
		st.SetStatus(r, status, true)
	})
	return err
}

// Core exposes the server's assembly to ecmock's own packages (cmd, features,
// contracts). Its API is internal and may change.
func (s *Server) Core() *server.Server { return s.core }
