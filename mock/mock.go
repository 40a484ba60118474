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
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"testing"
	"time"

	"golang.org/x/net/netutil"

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
	// JournalSize bounds the journal ring in entries (10,000 when 0, at most
	// 1,000,000).
	JournalSize int
	// JournalBytes bounds the journal ring in bytes (32 MiB when 0; between
	// 64 KiB and 16 GiB).
	JournalBytes int64
	// ReadTimeout bounds reading a whole request, body included (30s when 0;
	// negative: none).
	ReadTimeout time.Duration
	// WriteTimeout bounds answering a call from the end of its headers,
	// injected delays included (5m when 0; negative: none).
	WriteTimeout time.Duration
	// IdleTimeout closes a keep-alive connection idle that long (2m when 0;
	// negative: none).
	IdleTimeout time.Duration
	// MaxConns caps concurrent connections per listener; others wait to be
	// accepted (1024 when 0; negative: no cap).
	MaxConns int
	// TLSCertFile and TLSKeyFile serve HTTPS with this certificate and key
	// (PEM).
	TLSCertFile, TLSKeyFile string
	// TLSSelfSignedDir serves HTTPS with a certificate for the listen host,
	// localhost and 127.0.0.1 signed by a CA written there (ca.pem: give it
	// to clients); see SelfSignedTLS.
	TLSSelfSignedDir string
	// TLSHosts are more names or IPs the self-signed certificate covers
	// (e.g. the Kubernetes service's names).
	TLSHosts []string
	// ShutdownGrace is how long Close lets calls in flight finish before
	// those still held answer ServiceUnavailable (30s when 0).
	ShutdownGrace time.Duration
	// AdminToken protects the control API (/_ecmock/) with a bearer token.
	AdminToken string
	// Tenants share the server (needs AdminToken): each tenant's Token
	// gives the control API over its own accounts only. An account given
	// by UID alone must exist; others are created with their credentials.
	Tenants []Tenant
	// TenantsFile is read when Tenants is empty (YAML or JSON: `tenants:`
	// with name, token, accounts; unknown fields are errors).
	TenantsFile string
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

// Defaults of the connection limits (Options and `ecmock serve` flags).
const (
	DefaultReadTimeout   = 30 * time.Second
	DefaultWriteTimeout  = 5 * time.Minute
	DefaultIdleTimeout   = 2 * time.Minute
	DefaultMaxConns      = 1024
	DefaultShutdownGrace = 30 * time.Second
	// headerTimeout bounds reading a request's headers.
	headerTimeout = 10 * time.Second
)

// Tenant is one team sharing a server: its control API token and the
// accounts it owns.
type Tenant struct {
	Name     string
	Token    string
	Accounts []Account
}

// Server is a running ecmock.
type Server struct {
	opts  Options
	tls   *tls.Config
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
		ClockStart: o.ClockStart, Seed: o.Seed, JournalSize: o.JournalSize, JournalBytes: o.JournalBytes, AdminToken: o.AdminToken,
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
	for _, t := range o.Tenants {
		ts := server.TenantSpec{Name: t.Name, Token: t.Token}
		for _, a := range t.Accounts {
			acct := &accounts.Account{UID: a.UID, AccessKeyID: a.AccessKeyID, AccessKeySecret: a.AccessKeySecret,
				Quotas: a.Quotas, Flags: a.Flags}
			if a.NotWhitelisted {
				f := false
				acct.Whitelisted = &f
			}
			ts.Accounts = append(ts.Accounts, acct)
		}
		so.Tenants = append(so.Tenants, ts)
	}
	if len(so.Tenants) == 0 && o.TenantsFile != "" {
		list, err := server.LoadTenants(o.TenantsFile)
		if err != nil {
			return nil, err
		}
		so.Tenants = list
	}
	if o.MaxConns > 1<<20 {
		return nil, fmt.Errorf("--max-conns must be at most %d, not %d", 1<<20, o.MaxConns)
	}
	if o.ShutdownGrace < 0 {
		return nil, fmt.Errorf("--shutdown-grace must not be negative, not %v", o.ShutdownGrace)
	}
	host := "127.0.0.1"
	if o.Addr != "" {
		if h, _, err := net.SplitHostPort(o.Addr); err == nil && h != "" {
			host = h
		}
	}
	tlsCfg, err := o.tlsConfig(host)
	if err != nil {
		return nil, err
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
	return &Server{opts: o, core: core, tls: tlsCfg}, nil
}

func (s *Server) scheme() string {
	if s.tls != nil {
		return "https"
	}
	return "http"
}

// wrapTLS serves TLS on ln when configured.
func (s *Server) wrapTLS(ln net.Listener) net.Listener {
	if s.tls == nil {
		return ln
	}
	return tls.NewListener(ln, s.tls)
}

func orDefault(d, def time.Duration) time.Duration {
	switch {
	case d == 0:
		return def
	case d < 0:
		return 0
	}
	return d
}

// httpServer builds the http.Server of a listener with the connection limits.
func (s *Server) httpServer(h http.Handler) *http.Server {
	return &http.Server{Handler: h, ReadHeaderTimeout: headerTimeout, ConnState: s.core.ConnState,
		ReadTimeout:  orDefault(s.opts.ReadTimeout, DefaultReadTimeout),
		WriteTimeout: orDefault(s.opts.WriteTimeout, DefaultWriteTimeout),
		IdleTimeout:  orDefault(s.opts.IdleTimeout, DefaultIdleTimeout)}
}

// limit caps concurrent connections on ln.
func (s *Server) limit(ln net.Listener) net.Listener {
	n := s.opts.MaxConns
	if n == 0 {
		n = DefaultMaxConns
	}
	if n < 0 {
		return ln
	}
	return netutil.LimitListener(ln, n)
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
	s.url = s.scheme() + "://" + ln.Addr().String()
	s.hs = s.httpServer(s.core.Handler())
	s.done = make(chan struct{})
	lim := s.wrapTLS(s.limit(ln))
	s.core.SetReady(true) // state and scenarios are loaded: New has returned
	go func() {
		defer close(s.done)
		_ = s.hs.Serve(lim)
	}()
}

// ServeAdmin answers the control API alone on ln (with SeparateAdmin).
func (s *Server) ServeAdmin(ln net.Listener) {
	s.aln = ln
	s.admin = s.httpServer(s.core.AdminHandler())
	s.adone = make(chan struct{})
	lim := s.wrapTLS(s.limit(ln))
	go func() {
		defer close(s.adone)
		_ = s.admin.Serve(lim)
	}()
}

// AdminURL is the control API's base URL (the API's URL unless ServeAdmin).
func (s *Server) AdminURL() string {
	if s.aln != nil {
		return s.scheme() + "://" + s.aln.Addr().String()
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

// Close stops the server gracefully within Options.ShutdownGrace (see
// Shutdown).
func (s *Server) Close() error {
	return s.Shutdown(orDefault(s.opts.ShutdownGrace, DefaultShutdownGrace))
}

// abortWait is how long calls released at the end of a grace have to write
// their ServiceUnavailable answer before connections are closed.
const abortWait = 5 * time.Second

// Shutdown stops accepting connections and waits up to grace for every call
// in flight to finish. When grace runs out, calls still held (injected
// delays, slow bodies) answer ServiceUnavailable (a slow body is sent at
// once); connections still open after that are closed. Idle connections
// close at once.
func (s *Server) Shutdown(grace time.Duration) error {
	s.core.SetReady(false) // /readyz answers 503 while draining
	stop := func(hs *http.Server, done chan struct{}) error {
		ctx, cancel := context.WithTimeout(context.Background(), grace)
		e := hs.Shutdown(ctx)
		cancel()
		if errors.Is(e, context.DeadlineExceeded) {
			s.core.Abort()
			ctx, cancel := context.WithTimeout(context.Background(), abortWait)
			e = hs.Shutdown(ctx)
			cancel()
			if errors.Is(e, context.DeadlineExceeded) {
				e = hs.Close()
			}
		}
		<-done
		return e
	}
	ch := make(chan error, 1)
	if s.admin != nil {
		go func() { ch <- stop(s.admin, s.adone) }()
	} else {
		ch <- nil
	}
	var err error
	if s.hs != nil {
		err = stop(s.hs, s.done)
	}
	if e := <-ch; err == nil {
		err = e
	}
	// The state directory is closed once no call is left to write to it.
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

// Advance moves ecmock's clock forward, under the same rules as POST
// /_ecmock/clock/advance: d must be positive, at most 100 years at a time,
// and not take ecmock time past its limit (else an error, and the clock does
// not move).
func (s *Server) Advance(d time.Duration) error { return s.core.AdvanceClock(d) }

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
			out.Attrs = r.AllAttrs()
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

// NewAccount describes an account to create with CreateAccount. Every field
// is optional: UID, AccessKeyID and AccessKeySecret are generated (the secret
// from crypto/rand) when empty. Quota and flag names must be the
// catalogue's (`ecmock spec`); unknown ones are refused, listing the known.
type NewAccount struct {
	UID             string
	AccessKeyID     string
	AccessKeySecret string
	NotWhitelisted  bool
	Quotas          map[string]int
	Flags           map[string]bool
}

// CreateAccount adds an account, as POST /_ecmock/accounts does, and
// returns it with its secret. It outlives Reset until DeleteAccount.
func (s *Server) CreateAccount(a NewAccount) (Account, error) {
	sp := server.AccountSpec{UID: a.UID, AccessKeyID: a.AccessKeyID, AccessKeySecret: a.AccessKeySecret,
		Quotas: a.Quotas, Flags: a.Flags}
	if a.NotWhitelisted {
		f := false
		sp.Whitelisted = &f
	}
	acct, err := s.core.CreateAccount(sp, "")
	if err != nil {
		return Account{}, err
	}
	return Account{UID: acct.UID, AccessKeyID: acct.AccessKeyID, AccessKeySecret: acct.AccessKeySecret,
		NotWhitelisted: !acct.IsWhitelisted(), Quotas: acct.Quotas, Flags: acct.Flags}, nil
}

// Account finds an account by UID or access key.
func (s *Server) Account(uidOrKey string) (Account, bool) {
	a, ok := s.core.Accounts().Resolve(uidOrKey)
	if !ok {
		return Account{}, false
	}
	return Account{UID: a.UID, AccessKeyID: a.AccessKeyID, AccessKeySecret: a.AccessKeySecret,
		NotWhitelisted: !a.IsWhitelisted(), Quotas: a.Quotas, Flags: a.Flags}, true
}

// DeleteAccount removes an account by UID with its resources, idempotency
// tokens, journal entries and the fault rules that name it, as DELETE
// /_ecmock/accounts/{uid} does. The last account cannot be deleted.
func (s *Server) DeleteAccount(uid string) error {
	_, err := s.core.DeleteAccount(uid)
	if errors.Is(err, server.ErrNotFound) {
		return fmt.Errorf("no account %s", uid)
	}
	return err
}
