package main

import (
	"errors"
	"flag"
	"fmt"
	"math"
	"net"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
)

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
