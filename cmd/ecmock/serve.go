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

	"strings"
	"syscall"

	"github.com/ecmock/ecmock/mock"
)

// serveFlags are the flags of `ecmock serve`; each has an ECMOCK_* variable.
type serveFlags struct {
	addr, adminAddr, adminToken, auth, credentials, timing, clock, logFormat string
	stateDir                                                                 string
	timeScale                                                                float64
	seed                                                                     int64
	scenarios                                                                multiFlag
	journalSize                                                              int
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
	fs.StringVar(&f.credentials, "credentials", "", "credentials file (YAML or JSON) replacing the built-in accounts")
	fs.StringVar(&f.timing, "timing", "fast", "timing profile of automatic transitions: instant, fast, realistic")
	fs.StringVar(&f.clock, "clock", "real", "real (wall time × --time-scale) or manual (moves only through the control API)")
	fs.Float64Var(&f.timeScale, "time-scale", 1, "speed of the real clock")
	fs.Int64Var(&f.seed, "seed", 1, "seed of generated IDs and probabilistic faults")
	fs.StringVar(&f.logFormat, "log-format", "text", "log format: text or json")
	fs.IntVar(&f.journalSize, "journal-size", 10000, "capacity of the journal ring")
	fs.StringVar(&f.stateDir, "state-dir", "", "keep the state in this directory (every acknowledged change on disk; a restart continues it)")
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

func runServe(args []string, stdout, stderr io.Writer) int {
	var f serveFlags
	fs := newServeFlagSet(&f, stderr)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if err := applyEnv(fs, os.Getenv); err != nil {
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
	opts := mock.Options{Auth: f.auth, CredentialsFile: f.credentials, Timing: f.timing, Clock: f.clock,
		TimeScale: f.timeScale, Seed: f.seed, AdminToken: f.adminToken, Logger: logger, JournalSize: f.journalSize,
		SeparateAdmin: f.adminAddr != "", Scenarios: f.scenarios, StateDir: f.stateDir}
	srv, err := mock.New(opts)
	if err != nil {
		fmt.Fprintln(stderr, "ecmock:", err)
		return 1
	}
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		fmt.Fprintln(stderr, "ecmock:", err)
		return 1
	}
	srv.Serve(ln)
	if f.adminAddr != "" {
		aln, err := net.Listen("tcp", f.adminAddr)
		if err != nil {
			fmt.Fprintln(stderr, "ecmock:", err)
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
	if f.auth == "verify" {
		fmt.Fprintln(stdout, "accounts:")
		for _, a := range srv.Accounts() {
			fmt.Fprintf(stdout, "  uid %s  accessKeyId %s  accessKeySecret %s\n", a.UID, a.AccessKeyID, a.AccessKeySecret)
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	fmt.Fprintln(stdout, "ecmock: shutting down")
	if err := srv.Close(); err != nil {
		fmt.Fprintln(stderr, "ecmock:", err)
		return 1
	}
	return 0
}
