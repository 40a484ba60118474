package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/ecmock/ecmock/sweep"
)

// runSweep is `ecmock sweep [flags] -- COMMAND [ARGS...]` (docs/sweep.md).
func runSweep(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("sweep", flag.ContinueOnError)
	fs.SetOutput(stderr)
	faults := fs.String("faults", "errors,network,lifecycle", "`LIST` of fault classes to sweep: errors, network, lifecycle (comma-separated)")
	codes := fs.String("codes", "", "narrow error faults to this `LIST` of codes, families (QuotaExceeded) or kinds (lock, quota, ...), comma-separated; named codes are swept even when their kind is not swept by default")
	callTimeout := fs.Duration("call-timeout", 2*time.Second, "the client's timeout for one call: the delay fault holds an answer twice as long (given to COMMAND as ECMOCK_CALL_TIMEOUT)")
	timeout := fs.Duration("timeout", 60*time.Second, "time one run of COMMAND may take; a run still going is killed and counts as hung")
	parallel := fs.Int("j", 1, "variants run at once, each on its own in-process server or --server account (1 when --server is reset per run)")
	reads := fs.Int("reads", 3, "reads a held transitional status lasts (the 'hold' lifecycle fault)")
	timing := fs.String("timing", "instant", "timing profile of the in-process servers: instant, fast, realistic")
	seed := fs.Int64("seed", 1, "seed of the in-process servers (IDs, request IDs)")
	var scenarios multiFlag
	fs.Var(&scenarios, "scenario", "scenario applied to every run's fresh state before COMMAND starts: a shipped `NAME|FILE` (accounts, fixtures such as an existing CEN; fixtures are never leftovers); repeatable")
	server := fs.String("server", "", "`URL` of a running ecmock to use instead of in-process servers: every run gets an account of its own from its accounts API (deleted after the run); with --access-key-id or --scenario, or a server without an accounts API, it is reset before every run instead (so -j is 1)")
	token := fs.String("admin-token", "", "bearer `TOKEN` of --server's control API (default $ECMOCK_ADMIN_TOKEN)")
	keyID := fs.String("access-key-id", "", "account COMMAND uses (default: built-in account A)")
	keySecret := fs.String("access-key-secret", "", "its secret (with --access-key-id)")
	region := fs.String("region", "cn-hangzhou", "ALIBABA_CLOUD_REGION_ID given to COMMAND")
	jsonFile := fs.String("json", "", "write the report as JSON to `FILE`")
	junitFile := fs.String("junit", "", "write one JUnit testcase per variant to `FILE`")
	htmlFile := fs.String("html", "", "write a self-contained HTML report to `FILE`")
	failOn := fs.String("fail-on", strings.Join(sweep.DefaultFailOn, ","), "`LIST` of outcomes that make the sweep exit 1: ok, diverged, failed-clean, failed-dirty, hung")
	noProgress := fs.Bool("no-progress", false, "no live progress line (it is shown only when stderr is a terminal anyway)")
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprint(w, `Usage: ecmock sweep [flags] -- COMMAND [ARGS...]

Runs COMMAND once without faults (the baseline: it must exit 0), then once per
fault each of its calls can meet — the action's documented state, conflict,
dependency, lock, quota, throttling and server codes, a connection reset, an
answer held past --call-timeout — and per transitional status its resources
went through (held --reads reads, never settling, diverted to the documented
failure status), each run against fresh state with exactly that fault armed
once. Each variant is judged: ok, diverged (exit 0, final state differs from
the baseline's), failed-clean, failed-dirty (failed and left resources), hung
(killed at --timeout). COMMAND gets ECMOCK_ENDPOINT (host:port), ECMOCK_URL,
ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET,
ALIBABA_CLOUD_REGION_ID, ECMOCK_CALL_TIMEOUT and ECMOCK_SWEEP_VARIANT.

Exit status: 0 when no variant's outcome is in --fail-on, 1 otherwise, 2 for a
usage problem or a baseline that does not exit 0. See docs/sweep.md.

Flags:
`)
		fs.PrintDefaults()
	}
	// Flags stand before COMMAND only: what follows belongs to COMMAND.
	var usage bytes.Buffer
	fs.SetOutput(&usage)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			stdout.Write(usage.Bytes())
			return 0
		}
		stderr.Write(usage.Bytes())
		return 2
	}
	fs.SetOutput(stderr)
	argv := fs.Args()
	if len(argv) == 0 {
		fmt.Fprintln(stderr, "ecmock sweep: no command: ecmock sweep [flags] -- COMMAND [ARGS...]")
		return 2
	}
	if *token == "" {
		*token = os.Getenv("ECMOCK_ADMIN_TOKEN")
	}
	if (*keyID == "") != (*keySecret == "") {
		fmt.Fprintln(stderr, "ecmock sweep: --access-key-id and --access-key-secret go together")
		return 2
	}
	if *parallel < 1 {
		fmt.Fprintln(stderr, "ecmock sweep: -j must be at least 1")
		return 2
	}
	fo, err := sweep.ParseFailOn(splitList(*failOn))
	if err != nil {
		fmt.Fprintln(stderr, "ecmock sweep: --fail-on:", err)
		return 2
	}
	o := sweep.Options{Faults: splitList(*faults), Codes: splitList(*codes), CallTimeout: *callTimeout, Timeout: *timeout,
		Parallel: *parallel, Reads: *reads, Timing: *timing, Seed: *seed, Scenarios: scenarios, Server: *server, AdminToken: *token,
		AccessKeyID: *keyID, AccessKeySecret: *keySecret, RegionID: *region, FailOn: fo}
	if !*noProgress && isTerminal(stderr) {
		o.Progress = func(p sweep.Progress) {
			last := "baseline done"
			if p.Last != nil {
				last = p.Last.Name
			}
			var parts []string
			for _, k := range append(append([]string{}, sweep.Outcomes...), "skipped") {
				if p.Counts[k] > 0 {
					parts = append(parts, fmt.Sprintf("%s %d", k, p.Counts[k]))
				}
			}
			line := fmt.Sprintf("[%d/%d] %s  %s", p.Done, p.Total, strings.Join(parts, " "), last)
			if len(line) > 120 {
				line = line[:117] + "..."
			}
			fmt.Fprintf(stderr, "\r\033[K%s", line)
		}
	}
	s, err := sweep.NewCommand(o, argv)
	if err != nil {
		fmt.Fprintln(stderr, "ecmock sweep:", err)
		return 2
	}
	rep, err := s.All(strings.Join(argv, " "))
	if o.Progress != nil {
		fmt.Fprint(stderr, "\r\033[K")
	}
	if rep != nil && rep.Baseline != nil && err != nil && len(rep.Variants) == 0 {
		fmt.Fprintf(stderr, "ecmock sweep: %v; its output:\n%s\n", err, rep.Baseline.Output)
		return 2
	}
	if err != nil && rep == nil || rep.Baseline == nil {
		fmt.Fprintln(stderr, "ecmock sweep:", err)
		return 2
	}
	sweep.WriteText(stdout, rep)
	for _, out := range []struct {
		file  string
		write func(io.Writer, *sweep.Report) error
	}{{*jsonFile, sweep.WriteJSON}, {*junitFile, sweep.WriteJUnit}, {*htmlFile, sweep.WriteHTML}} {
		if out.file == "" {
			continue
		}
		if werr := writeFile(out.file, rep, out.write); werr != nil {
			fmt.Fprintln(stderr, "ecmock sweep:", werr)
			return 2
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, "ecmock sweep:", err)
		return 2
	}
	if len(rep.Failing()) > 0 {
		return 1
	}
	return 0
}

func writeFile(name string, rep *sweep.Report, write func(io.Writer, *sweep.Report) error) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	if err := write(f, rep); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", name, err)
	}
	return f.Close()
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
