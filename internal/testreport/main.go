// Command testreport runs `go test -json ...`, prints one progress line per
// package as it finishes (with the output of every failing test), adds the
// run's counts to a tally file, and with -summary prints the closing line of
// a whole `make test`: "make test: N passed, N failed, N skipped".
//
//	go run ./internal/testreport -tally reports/tally -- go test -race -json ./...
//	go run ./internal/testreport -tally reports/tally -summary
//
// Its exit status is the command's (or, with -summary, 1 when any run failed).
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// event is one line of `go test -json` (cmd/test2json).
type event struct {
	Action  string
	Package string
	Test    string
	Elapsed float64
	Output  string
}

// counts are what one run (or a whole tally) passed, failed and skipped.
type counts struct {
	Passed, Failed, Skipped int
	// Runs is how many commands were tallied; FailedRuns how many exited non-zero.
	Runs, FailedRuns int
}

func main() {
	tally := flag.String("tally", "", "file that accumulates the counts of every run (JSON)")
	summary := flag.Bool("summary", false, "print the tally's closing line instead of running a command")
	label := flag.String("label", "make test", "word(s) before the closing line")
	failedSteps := flag.Int("failed-steps", 0, "with -summary: steps other than go test runs that failed (lint, vet, a verifier), counted as failures")
	flag.Parse()
	if *summary {
		if *failedSteps > 0 {
			if err := add(*tally, counts{Failed: *failedSteps}); err != nil {
				fmt.Fprintln(os.Stderr, "testreport:", err)
			}
			fmt.Printf("%d step(s) other than go test failed: see above\n", *failedSteps)
		}
		os.Exit(printSummary(*tally, *label))
	}
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "testreport: usage: testreport [-tally FILE] -- go test -json ...")
		os.Exit(2)
	}
	os.Exit(run(flag.Args(), *tally))
}

// run executes the command, reports its events, and records its counts.
func run(args []string, tally string) int {
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		fmt.Fprintln(os.Stderr, "testreport:", err)
		return 2
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "testreport:", err)
		return 2
	}
	c := report(out, os.Stdout)
	code := 0
	if err := cmd.Wait(); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			fmt.Fprintln(os.Stderr, "testreport:", err)
			return 2
		}
		code = ee.ExitCode()
	}
	c.Runs = 1
	if code != 0 {
		c.FailedRuns = 1
	}
	fmt.Printf("%s: %d passed, %d failed, %d skipped in %s\n",
		strings.Join(args, " "), c.Passed, c.Failed, c.Skipped, time.Since(start).Round(100*time.Millisecond))
	if tally != "" {
		if err := add(tally, c); err != nil {
			fmt.Fprintln(os.Stderr, "testreport:", err)
			return 2
		}
	}
	return code
}

// report reads `go test -json` events from r and writes progress to w: a line
// per finished package, the whole output of each failed test, and non-JSON
// lines (build errors) as they are. It counts tests, subtests included.
func report(r io.Reader, w io.Writer) counts {
	var c counts
	// Output of tests still running, kept until they pass (dropped) or fail.
	pending := map[string]*strings.Builder{}
	perPkg := map[string]*counts{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	for sc.Scan() {
		line := sc.Bytes()
		var e event
		if len(line) == 0 || line[0] != '{' || json.Unmarshal(line, &e) != nil {
			fmt.Fprintf(w, "%s\n", line)
			continue
		}
		pc := perPkg[e.Package]
		if pc == nil {
			pc = &counts{}
			perPkg[e.Package] = pc
		}
		key := e.Package + " " + e.Test
		switch e.Action {
		case "build-output":
			fmt.Fprint(w, e.Output)
		case "output":
			b := pending[key]
			if b == nil {
				b = &strings.Builder{}
				pending[key] = b
			}
			if b.Len() < 1<<20 {
				b.WriteString(e.Output)
			}
		case "pass", "fail", "skip":
			if e.Test == "" {
				// The package is done.
				status := map[string]string{"pass": "ok  ", "fail": "FAIL", "skip": "skip"}[e.Action]
				if e.Action == "fail" {
					if b := pending[key]; b != nil {
						fmt.Fprint(w, b.String())
					}
				}
				if pc.Passed+pc.Failed+pc.Skipped > 0 || e.Action == "fail" {
					fmt.Fprintf(w, "%s %-55s %6.1fs  %d passed, %d failed, %d skipped\n",
						status, e.Package, e.Elapsed, pc.Passed, pc.Failed, pc.Skipped)
				}
				delete(pending, key)
				continue
			}
			switch e.Action {
			case "pass":
				pc.Passed++
				c.Passed++
			case "fail":
				pc.Failed++
				c.Failed++
				if b := pending[key]; b != nil {
					fmt.Fprint(w, b.String())
				}
			case "skip":
				pc.Skipped++
				c.Skipped++
			}
			delete(pending, key)
		}
	}
	return c
}

// add adds c to the tally file.
func add(path string, c counts) error {
	var t counts
	if b, err := os.ReadFile(path); err == nil {
		if err := json.Unmarshal(b, &t); err != nil {
			return fmt.Errorf("tally %s: %w", path, err)
		}
	}
	t.Passed += c.Passed
	t.Failed += c.Failed
	t.Skipped += c.Skipped
	t.Runs += c.Runs
	t.FailedRuns += c.FailedRuns
	b, _ := json.Marshal(t)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}

// printSummary prints the closing line of the tally and returns the exit status.
func printSummary(path, label string) int {
	var t counts
	b, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "testreport: no tally:", err)
		return 1
	}
	if err := json.Unmarshal(b, &t); err != nil {
		fmt.Fprintln(os.Stderr, "testreport:", err)
		return 1
	}
	runs := fmt.Sprintf("%d go test runs", t.Runs)
	if t.FailedRuns > 0 {
		runs += fmt.Sprintf(", %d failed", t.FailedRuns)
	}
	fmt.Printf("(%s)\n%s: %d passed, %d failed, %d skipped\n", runs, strings.ReplaceAll(label, " ", "-"), t.Passed, t.Failed, t.Skipped)
	if t.Failed > 0 || t.FailedRuns > 0 {
		return 1
	}
	return 0
}
