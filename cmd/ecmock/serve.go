package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/ecmock/ecmock/internal/accounts"
	"github.com/ecmock/ecmock/internal/journal"
	"github.com/ecmock/ecmock/mock"
)

// serveFlags are the flags of `ecmock serve`; each has an ECMOCK_* variable.
type serveFlags struct {
	addr, adminAddr, adminToken, auth, credentials, timing, clock, logFormat string
	tenants, tlsCert, tlsKey, tlsSelfSigned, tlsHosts, stateDir              string
	timeScale                                                                float64
	seed                                                                     int64
	scenarios                                                                multiFlag
	journalSize                                                              int
	journalBytes                                                             int64
	readTimeout, writeTimeout, idleTimeout, shutdownGrace                    time.Duration
	maxConns                                                                 int
	printCredentials                                                         bool
}

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

// envName maps a flag to its environment variable: --admin-token → ECMOCK_ADMIN_TOKEN.
func envName(flagName string) string {
	return "ECMOCK_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

func newServeFlagSet(f *serveFlags, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&f.addr, "addr", "127.0.0.1:8080", "API listen address (and control API unless --admin-addr)")
	fs.StringVar(&f.adminAddr, "admin-addr", "", "serve the control API (/_ecmock/) on this address instead")
	fs.StringVar(&f.adminToken, "admin-token", "", "bearer token required by the control API (required on a non-loopback address)")
	fs.Var(&f.scenarios, "scenario", "scenario to apply at start: a shipped name or a YAML/JSON file (repeatable)")
	fs.StringVar(&f.auth, "auth", "verify", "verify: check signatures; open: accept any request, each AccessKeyId its own account")
	fs.StringVar(&f.tenants, "tenants", "", "tenants file (YAML or JSON): teams sharing the server, each with a control API token and its accounts (needs --admin-token)")
	fs.StringVar(&f.tlsCert, "tls-cert", "", "serve HTTPS with this certificate (PEM; with --tls-key)")
	fs.StringVar(&f.tlsKey, "tls-key", "", "private key of --tls-cert (PEM)")
	fs.StringVar(&f.tlsSelfSigned, "tls-self-signed", "", "serve HTTPS with a certificate for the listen host, localhost and 127.0.0.1 signed by a CA written to DIR/ca.pem (kept across restarts)")
	fs.StringVar(&f.tlsHosts, "tls-hosts", "", "more names or IPs (comma-separated) the --tls-self-signed certificate covers, e.g. a service's DNS names")
	fs.StringVar(&f.credentials, "credentials", "", "credentials file (YAML or JSON) replacing the built-in accounts")
	fs.StringVar(&f.timing, "timing", "fast", "timing profile of automatic transitions: instant, fast, realistic")
	fs.StringVar(&f.clock, "clock", "real", "real (wall time × --time-scale) or manual (moves only through the control API)")
	fs.Float64Var(&f.timeScale, "time-scale", 1, "speed of the real clock")
	fs.Int64Var(&f.seed, "seed", 1, "seed of generated IDs and probabilistic faults")
	fs.StringVar(&f.logFormat, "log-format", "text", "log format: text or json")
	fs.IntVar(&f.journalSize, "journal-size", journal.DefaultSize, fmt.Sprintf("capacity of the journal ring in entries (1-%d)", journal.MaxSize))
	fs.Int64Var(&f.journalBytes, "journal-bytes", journal.DefaultBytes, fmt.Sprintf("capacity of the journal ring in bytes (%d-%d); values over %d bytes are truncated", journal.MinBytes, int64(journal.MaxBytes), journal.MaxValue))
	fs.DurationVar(&f.readTimeout, "read-timeout", mock.DefaultReadTimeout, "longest time to read a whole request, body included (0: none)")
	fs.DurationVar(&f.writeTimeout, "write-timeout", mock.DefaultWriteTimeout, "longest time to answer a call, injected delays included (0: none)")
	fs.DurationVar(&f.idleTimeout, "idle-timeout", mock.DefaultIdleTimeout, "close keep-alive connections idle this long (0: none)")
	fs.IntVar(&f.maxConns, "max-conns", mock.DefaultMaxConns, "most concurrent connections per listener; more wait to be accepted (0: no cap)")
	fs.DurationVar(&f.shutdownGrace, "shutdown-grace", mock.DefaultShutdownGrace, "on SIGTERM, how long calls in flight may finish before the rest answer ServiceUnavailable")
	fs.BoolVar(&f.printCredentials, "print-credentials", false, "print every account's AccessKeySecret at start (only the built-in demonstration accounts' otherwise)")
	fs.StringVar(&f.stateDir, "state-dir", "", "keep the state in this directory (every acknowledged change on disk; a restart continues it)")
	fs.Usage = func() { serveUsage(fs) }
	return fs
}

// applyEnv sets every flag not given on the command line from ECMOCK_*.
func applyEnv(fs *flag.FlagSet, getenv func(string) string) error {
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		if given[f.Name] || err != nil {
			return
		}
		if v := getenv(envName(f.Name)); v != "" {
			if f.Name == "scenario" {
				for _, s := range strings.Split(v, ",") {
					_ = fs.Set(f.Name, strings.TrimSpace(s))
				}
				return
			}
			if e := fs.Set(f.Name, v); e != nil {
				err = fmt.Errorf("%s=%q: %v", envName(f.Name), v, e)
			}
		}
	})
	return err
}

func isLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// printAccounts lists the accounts at start. Secrets are shown only for the
// two built-in demonstration accounts (public, in the README) unless all is
// set: a credentials file's secrets stay out of logs.
func printAccounts(w io.Writer, list []mock.Account, all bool) {
	fmt.Fprintln(w, "accounts:")
	for _, a := range list {
		secret := "(hidden; --print-credentials shows it)"
		if all || isBuiltin(a) {
			secret = a.AccessKeySecret
		}
		fmt.Fprintf(w, "  uid %s  accessKeyId %s  accessKeySecret %s\n", a.UID, a.AccessKeyID, secret)
	}
}

func isBuiltin(a mock.Account) bool {
	for _, b := range []accounts.Account{accounts.BuiltinA, accounts.BuiltinB} {
		if a.UID == b.UID && a.AccessKeyID == b.AccessKeyID && a.AccessKeySecret == b.AccessKeySecret {
			return true
		}
	}
	return false
}

func runServe(args []string, stdout, stderr io.Writer) int {
	var f serveFlags
	fs := newServeFlagSet(&f, stderr)
	pos, code, done := parseArgs(fs, args, stdout, stderr)
	if done {
		return code
	}
	if !wantArgs(stderr, "serve", pos, 0, "ecmock serve [flags] (ecmock serve -h lists them)") {
		return 2
	}
	given := map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { given[fl.Name] = true })
	if err := applyEnv(fs, os.Getenv); err != nil {
		fmt.Fprintln(stderr, "ecmock:", err)
		return 2
	}
	origin := func(name string) string {
		if given[name] {
			return "--" + name
		}
		return envName(name)
	}
	if err := f.validate(origin); err != nil {
		fmt.Fprintln(stderr, "ecmock:", err)
		return 2
	}
	ctlAddr := f.addr
	if f.adminAddr != "" {
		ctlAddr = f.adminAddr
	}
	if f.adminToken == "" && !isLoopback(ctlAddr) {
		fmt.Fprintf(stderr, "ecmock: refusing to serve the control API on non-loopback %s without --admin-token\n", ctlAddr)
		return 2
	}
	if f.credentials != "" {
		if err := checkCredentialsFile(f.credentials); err != nil {
			fmt.Fprintln(stderr, "ecmock:", err)
			return 2
		}
	}
	var logger *slog.Logger
	switch f.logFormat {
	case "text":
		logger = slog.New(slog.NewTextHandler(stderr, nil))
	case "json":
		logger = slog.New(slog.NewJSONHandler(stderr, nil))
	default:
		fmt.Fprintf(stderr, "ecmock: --log-format must be text or json, not %q\n", f.logFormat)
		return 2
	}
	if f.timeScale <= 0 {
		fmt.Fprintf(stderr, "ecmock: --time-scale must be above 0, not %v\n", f.timeScale)
		return 2
	}
	if f.journalSize <= 0 {
		fmt.Fprintf(stderr, "ecmock: --journal-size must be between 1 and %d, not %d\n", journal.MaxSize, f.journalSize)
		return 2
	}
	for _, d := range []struct {
		name string
		v    time.Duration
	}{{"read-timeout", f.readTimeout}, {"write-timeout", f.writeTimeout}, {"idle-timeout", f.idleTimeout}, {"shutdown-grace", f.shutdownGrace}} {
		if d.v < 0 {
			fmt.Fprintf(stderr, "ecmock: --%s must not be negative, not %v\n", d.name, d.v)
			return 2
		}
	}
	if f.maxConns < 0 {
		fmt.Fprintf(stderr, "ecmock: --max-conns must not be negative, not %d\n", f.maxConns)
		return 2
	}
	none := func(d time.Duration) time.Duration { // the flags' 0 is "none", the Options' 0 the default
		if d == 0 {
			return -1
		}
		return d
	}
	maxConns := f.maxConns
	if maxConns == 0 {
		maxConns = -1
	}
	grace := f.shutdownGrace
	if grace == 0 {
		grace = time.Nanosecond
	}
	opts := mock.Options{Auth: f.auth, CredentialsFile: f.credentials, Timing: f.timing, Clock: f.clock,
		TimeScale: f.timeScale, Seed: f.seed, AdminToken: f.adminToken, Logger: logger, JournalSize: f.journalSize,
		JournalBytes: f.journalBytes, SeparateAdmin: f.adminAddr != "", Scenarios: f.scenarios, TenantsFile: f.tenants,
		Addr: f.addr, TLSCertFile: f.tlsCert, TLSKeyFile: f.tlsKey, TLSSelfSignedDir: f.tlsSelfSigned, TLSHosts: splitList(f.tlsHosts),
		ReadTimeout: none(f.readTimeout), WriteTimeout: none(f.writeTimeout), IdleTimeout: none(f.idleTimeout),
		MaxConns: maxConns, ShutdownGrace: grace, StateDir: f.stateDir}
	// Signals are caught from here on: a SIGTERM once the address is printed
	// is always a graceful shutdown.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	srv, err := mock.New(opts)
	if err != nil {
		fmt.Fprintln(stderr, "ecmock:", err)
		return 1
	}
	// Loading a large state (a restart, scenarios with many fixtures) leaves
	// garbage, and the state file's first big write leaves its page buffers
	// in a sync.Pool (two collections drop them): collect it all and give it
	// back now, so a long-running server starts from what it holds (100,000
	// fixtures with --state-dir: ~225 MB of heap after loading, ~92 MB after).
	runtime.GC()
	debug.FreeOSMemory()
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		_ = srv.Close()
		fmt.Fprintln(stderr, "ecmock:", listenError(origin("addr"), f.addr, err))
		return 1
	}
	srv.Serve(ln)
	if f.adminAddr != "" {
		aln, err := net.Listen("tcp", f.adminAddr)
		if err != nil {
			_ = srv.Close()
			fmt.Fprintln(stderr, "ecmock:", listenError(origin("admin-addr"), f.adminAddr, err))
			return 1
		}
		srv.ServeAdmin(aln)
	}
	fmt.Fprintf(stdout, "ecmock serving on %s (auth %s, timing %s, clock %s, seed %d)\n", srv.URL(), f.auth, f.timing, f.clock, f.seed)
	if f.stateDir != "" {
		how := "new state"
		if srv.Core().Restored() {
			how = "state restored"
		}
		fmt.Fprintf(stdout, "state directory %s (%s)\n", f.stateDir, how)
	}
	if f.adminAddr != "" {
		fmt.Fprintf(stdout, "control API on %s\n", srv.AdminURL())
	}
	if f.tlsSelfSigned != "" {
		fmt.Fprintf(stdout, "TLS: clients trust %s\n", filepath.Join(f.tlsSelfSigned, mock.CAFile))
	}
	if f.auth == "verify" {
		printAccounts(stdout, srv.Accounts(), f.printCredentials)
	}
	<-ctx.Done()
	fmt.Fprintf(stdout, "ecmock: shutting down (calls in flight have %v)\n", f.shutdownGrace)
	if err := srv.Close(); err != nil {
		fmt.Fprintln(stderr, "ecmock:", err)
		return 1
	}
	return 0
}
