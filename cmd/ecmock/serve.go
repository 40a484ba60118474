package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"

	"github.com/ecmock/ecmock/mock"
)

// serveFlags are the flags of `ecmock serve`; each has an ECMOCK_* variable.
type serveFlags struct {
	addr, adminAddr, adminToken, auth, credentials, timing, clock, logFormat string
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
	fs.Usage = func() { serveUsage(fs) }
	return fs
}

// serveUsage lists every flag with its ECMOCK_* variable.
func serveUsage(fs *flag.FlagSet) {
	w := fs.Output()
	fmt.Fprintln(w, `Usage: ecmock serve [flags]

Runs the mock: the Express Connect APIs and the control API (/_ecmock/).
Every flag can also be set by its environment variable; the command line wins.
ECMOCK_SCENARIO takes a comma-separated list.

Flags:`)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fs.VisitAll(func(fl *flag.Flag) {
		name, use := flag.UnquoteUsage(fl)
		arg := "--" + fl.Name
		if name != "" {
			arg += " " + name
		}
		def := ""
		if fl.DefValue != "" && fl.DefValue != "0" && fl.DefValue != "[]" {
			def = " (default " + fl.DefValue + ")"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s%s\n", arg, envName(fl.Name), use, def)
	})
	_ = tw.Flush()
	fmt.Fprintln(w, "\nThe chaos command reads ECMOCK_SERVER (the server's URL) and ECMOCK_ADMIN_TOKEN.")
}

// validate checks the values of the flags (origin names where one came
// from: "--timing" or "ECMOCK_TIMING").
func (f *serveFlags) validate(origin func(string) string) error {
	bad := func(name, val, want string) error {
		return fmt.Errorf("%s=%q: %s", origin(name), val, want)
	}
	if err := checkListenAddr(f.addr); err != nil {
		return bad("addr", f.addr, err.Error())
	}
	if f.adminAddr != "" {
		if err := checkListenAddr(f.adminAddr); err != nil {
			return bad("admin-addr", f.adminAddr, err.Error())
		}
	}
	for _, e := range []struct{ name, val, want string }{
		{"auth", f.auth, "verify open"},
		{"timing", f.timing, "instant fast realistic"},
		{"clock", f.clock, "real manual"},
		{"log-format", f.logFormat, "text json"},
	} {
		if !slices.Contains(strings.Fields(e.want), e.val) {
			return bad(e.name, e.val, "must be one of "+strings.Join(strings.Fields(e.want), ", "))
		}
	}
	if !(f.timeScale > 0) || math.IsInf(f.timeScale, 0) {
		return bad("time-scale", strconv.FormatFloat(f.timeScale, 'g', -1, 64), "must be a number greater than 0 (2 runs the clock twice as fast, 0.5 half as fast)")
	}
	if f.journalSize < 1 {
		return bad("journal-size", strconv.Itoa(f.journalSize), "must be at least 1")
	}
	return nil
}

// checkListenAddr accepts HOST:PORT, [IPv6]:PORT or :PORT with a port
// number (0 picks a free one).
func checkListenAddr(addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("not a listen address: use HOST:PORT, e.g. 127.0.0.1:8080 (port 0 picks a free port)")
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("port %q is not a number from 0 to 65535", port)
	}
	if strings.ContainsAny(host, " /") {
		return fmt.Errorf("host %q is not a host name or IP address", host)
	}
	return nil
}

// listenError explains a failed listen: an address in use says which and
// what to do.
func listenError(flagName, addr string, err error) error {
	if errors.Is(err, syscall.EADDRINUSE) {
		return fmt.Errorf("cannot listen on %s (%s): the address is already in use, perhaps by another ecmock; "+
			"stop that process or choose another address with %s HOST:PORT (port 0 picks a free one)", addr, flagName, flagName)
	}
	if errors.Is(err, syscall.EACCES) {
		return fmt.Errorf("cannot listen on %s (%s): permission denied (ports below 1024 need privileges); choose a port above 1023", addr, flagName)
	}
	return fmt.Errorf("cannot listen on %s (%s): %v", addr, flagName, err)
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
	opts := mock.Options{Auth: f.auth, CredentialsFile: f.credentials, Timing: f.timing, Clock: f.clock,
		TimeScale: f.timeScale, Seed: f.seed, AdminToken: f.adminToken, Logger: logger, JournalSize: f.journalSize,
		SeparateAdmin: f.adminAddr != "", Scenarios: f.scenarios}
	srv, err := mock.New(opts)
	if err != nil {
		fmt.Fprintln(stderr, "ecmock:", err)
		return 1
	}
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
