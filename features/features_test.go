package features_test

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/cucumber/godog"

	"github.com/ecmock/ecmock/features/steps"
	"github.com/ecmock/ecmock/mock"
)

// defaultPaths are the feature directories of a full run; a run given other
// -godog.paths is partial.
var defaultPaths = []string{"api", "client"}

// godog's flags (-godog.format, -godog.tags, -godog.random, -godog.concurrency,
// -godog.paths ...) plus ours.
var (
	opts = godog.Options{
		Format:      "progress",
		Strict:      true,
		NoColors:    true,
		Randomize:   -1,
		Concurrency: 4 * runtime.NumCPU(),
		Paths:       append([]string(nil), defaultPaths...),
	}
	coverageOut = flag.String("ecmock.coverage-out", "", "write the error-code coverage table to this file")
)

func init() { godog.BindFlags("godog.", flag.CommandLine, &opts) }

// suiteOptions completes the options of a run: the seed (printed, so that a
// failing order can be replayed with -godog.random=SEED), the tags a remote
// endpoint excludes, and the scenario concurrency.
func suiteOptions(t *testing.T, cfg *steps.Config) godog.Options {
	o := opts
	o.TestingT = t
	if o.Randomize == -1 {
		o.Randomize = time.Now().UnixNano() & 0x7fffffff
	}
	fmt.Printf("godog: scenarios in random order with seed %d (replay: go test ./features -godog.random=%d)\n", o.Randomize, o.Randomize)
	t.Logf("godog seed %d", o.Randomize)
	if cfg.Remote() {
		// Scenarios share the server's accounts: the step library runs them
		// one at a time whatever the concurrency (this run keeps godog's, to
		// show it), and none that inject faults (or, without a control API,
		// none that need ecmock).
		exclude := "~@chaos && ~@inprocess"
		if cfg.NoControl {
			exclude += " && ~@ecmock"
		}
		if o.Tags != "" {
			o.Tags = "(" + o.Tags + ") && " + exclude
		} else {
			o.Tags = exclude
		}
	}
	return o
}

// TestFeatures runs every feature file against a fresh in-process ecmock per
// scenario (or against ECMOCK_ENDPOINT), and checks that every error code the
// catalogue documents for a served action was answered by some scenario.
func TestFeatures(t *testing.T) {
	cfg, err := steps.FromEnv()
	if err != nil {
		t.Fatal(err)
	}
	cov := &steps.Coverage{}
	cfg.Coverage = cov
	cfg.NewClient = referenceClient(nil)
	o := suiteOptions(t, cfg)
	suite := godog.TestSuite{
		Name:                "ecmock",
		ScenarioInitializer: func(sc *godog.ScenarioContext) { steps.Register(sc, cfg) },
		Options:             &o,
	}
	if st := suite.Run(); st != 0 {
		t.Fatalf("features failed (status %d); replay the order with -godog.random=%d", st, o.Randomize)
	}
	checkCoverage(t, cov, cfg.Remote() || o.Tags != "" || !sameStrings(o.Paths, defaultPaths) || strings.Contains(flag.Lookup("test.run").Value.String(), "/"))
}

func sameStrings(a, b []string) bool { return strings.Join(a, ",") == strings.Join(b, ",") }

// served reports whether this build of ecmock serves an action.
func served() func(product, action string) bool {
	s, err := mock.New(mock.Options{})
	if err != nil {
		panic(err)
	}
	reg := s.Core().Registry()
	return func(p, a string) bool { return reg.Lookup(p, a) != nil }
}

// checkCoverage writes the table when asked and fails when a documented code
// of a served action, or a common gateway code, was answered by no scenario.
// partial runs (tags, some paths, a remote endpoint) only report.
func checkCoverage(t *testing.T, cov *steps.Coverage, partial bool) {
	rows, err := cov.Actions(served())
	if err != nil {
		t.Fatal(err)
	}
	common, err := cov.Common()
	if err != nil {
		t.Fatal(err)
	}
	if *coverageOut != "" {
		var b strings.Builder
		steps.WriteTable(&b, "Documented error codes of every served action", rows)
		steps.WriteTable(&b, "Common gateway codes (any action)", common)
		if u := cov.Undocumented(); len(u) > 0 {
			fmt.Fprintf(&b, "Answered but not documented for the action: %s\n", strings.Join(u, ", "))
		}
		if err := os.WriteFile(*coverageOut, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if partial {
		return
	}
	var missing []string
	for _, r := range append(steps.Missing(rows), steps.Missing(common)...) {
		missing = append(missing, fmt.Sprintf("%s %s %s", r.Product, r.Action, r.Code))
	}
	if len(missing) > 0 {
		t.Errorf("%d documented error codes are exercised by no scenario (make coverage-errors prints the table):\n  %s",
			len(missing), strings.Join(missing, "\n  "))
	}
	if u := cov.Undocumented(); len(u) > 0 {
		t.Errorf("ecmock answered codes its catalogue does not document for the action: %s", strings.Join(u, ", "))
	}
}
