package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ecmock/ecmock/mock"
)

var (
	pcclientOnce sync.Once
	pcclientPath string
	pcclientErr  error
)

// pcclient builds the sweep's demo client (sweep/testdata/pcclient) once per
// test binary; go build's cache makes later builds instant.
func pcclient(t *testing.T) string {
	t.Helper()
	pcclientOnce.Do(func() {
		dir, err := os.MkdirTemp("", "ecmock-pcclient-")
		if err != nil {
			pcclientErr = err
			return
		}
		pcclientPath = filepath.Join(dir, "pcclient")
		out, err := exec.Command("go", "build", "-o", pcclientPath, "../../sweep/testdata/pcclient").CombinedOutput()
		if err != nil {
			pcclientErr = err
			t.Logf("%s", out)
		}
	})
	if pcclientErr != nil {
		t.Fatalf("building pcclient: %v", pcclientErr)
	}
	return pcclientPath
}

type sweepDoc struct {
	Command  string
	Baseline struct{ State []string }
	Variants []struct {
		Name, Call, Outcome, Skipped string
		ExitCode                     int
		Leftovers, Diff              []string
	}
	Skipped map[string]int
}

// sweepCLI runs `ecmock sweep` with a JSON report and returns the exit
// code, the terminal output and the report's variants by name.
func sweepCLI(t *testing.T, args ...string) (int, string, map[string]string, sweepDoc) {
	t.Helper()
	js := filepath.Join(t.TempDir(), "r.json")
	var out, errb bytes.Buffer
	code := run(append([]string{"sweep", "--json", js}, args...), &out, &errb)
	var doc sweepDoc
	if data, err := os.ReadFile(js); err == nil {
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
	}
	got := map[string]string{}
	for _, v := range doc.Variants {
		got[v.Name] = v.Outcome
	}
	return code, out.String() + errb.String(), got, doc
}

// TestSweepCatchesFaultyClients runs the three faulty demo clients and the
// correct one through `ecmock sweep`: each fault is caught with the right
// outcome naming the variant (exit 1), the correct client passes (exit 0).
func TestSweepCatchesFaultyClients(t *testing.T) {
	bin := pcclient(t)
	for _, tc := range []struct {
		name string
		args []string
		code int
		want map[string]string
	}{
		{"leak", []string{"--faults", "errors", "--codes", "ServiceUnavailable", "--", bin, "-bug", "leak"}, 1, map[string]string{
			"CreatePhysicalConnection#1 ServiceUnavailable":    "failed-clean",
			"DescribePhysicalConnections#1 ServiceUnavailable": "failed-dirty",
			"DeletePhysicalConnection#1 ServiceUnavailable":    "failed-dirty",
		}},
		{"ignore-delete", []string{"--faults", "errors", "--codes", "ServiceUnavailable", "--", bin, "-bug", "ignore-delete"}, 1, map[string]string{
			"CancelPhysicalConnection#1 ServiceUnavailable": "ok",
			"DeletePhysicalConnection#1 ServiceUnavailable": "diverged",
		}},
		{"poll-forever", []string{"--faults", "lifecycle", "--timeout", "1500ms", "-j", "4", "--", bin, "-bug", "poll-forever", "-wait-for", "300ms"}, 1, map[string]string{
			"PhysicalConnection:Approved never settles":         "hung",
			"PhysicalConnection:Initial → Rejected":             "failed-clean",
			"PhysicalConnection:Allocating hold 3 reads":        "ok",
			"PhysicalConnection:Allocating → Allocation Failed": "failed-clean",
		}},
		// the correct client, over the faults that catch the three bugs (the
		// sweep package's TestCorrectClientPasses gives it every fault)
		{"correct", []string{"--faults", "errors,lifecycle", "--codes", "ServiceUnavailable,QuotaExceeded", "--timeout", "5s", "-j", "4",
			"--", bin, "-wait-for", "300ms"}, 0, map[string]string{
			"CreatePhysicalConnection#1 QuotaExceeded.pConnPerAP": "failed-clean",
			"DescribePhysicalConnections#1 ServiceUnavailable":    "ok",
			"DeletePhysicalConnection#1 ServiceUnavailable":       "ok",
			"PhysicalConnection:Approved never settles":           "failed-clean",
			"PhysicalConnection:Allocating → Allocation Failed":   "failed-clean",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, got, _ := sweepCLI(t, tc.args...)
			if code != tc.code {
				t.Fatalf("exit %d; want %d\n%s", code, tc.code, out)
			}
			for name, want := range tc.want {
				if got[name] != want {
					t.Errorf("%s: %q; want %q", name, got[name], want)
				}
				if want != "ok" && want != "failed-clean" && !strings.Contains(out, name+": "+want) {
					t.Errorf("the terminal report does not name %q as %s:\n%s", name, want, out)
				}
			}
		})
	}
}

// TestSweepThreeCallsInSeconds: a 3-call workflow with --faults errors.
func TestSweepThreeCallsInSeconds(t *testing.T) {
	bin := pcclient(t)
	start := time.Now()
	code, out, got, _ := sweepCLI(t, "--faults", "errors", "--", bin, "-no-wait")
	if code != 0 || len(got) < 15 || !strings.Contains(out, "baseline: exit 0, 3 calls") {
		t.Fatalf("exit %d, %d variants\n%s", code, len(got), out)
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Fatalf("the sweep took %s; want seconds", d)
	}
}

// TestSweepAgainstRunningServer: --server gives every run an account of its
// own through the accounts API (runs in parallel, a bystander's resources
// untouched, no account left behind), and resets the server per run with a
// scenario.
func TestSweepAgainstRunningServer(t *testing.T) {
	bin := pcclient(t)
	srv := mock.StartTest(t, mock.Options{Timing: "instant", AdminToken: "s3cret"})
	by := srv.AccountB()
	if _, err := srv.ApplyScenarioYAML("fixtures: [{type: PhysicalConnection, id: pc-bystander01, account: " + by.AccessKeyID + ", status: Enabled}]\n"); err != nil {
		t.Fatal(err)
	}
	accounts := len(srv.Accounts())
	code, out, got, _ := sweepCLI(t, "--server", srv.URL(), "--admin-token", "s3cret", "--faults", "errors", "-j", "3",
		"--codes", "ServiceUnavailable", "--", bin, "-bug", "ignore-delete", "-no-wait")
	if code != 1 || got["DeletePhysicalConnection#1 ServiceUnavailable"] != "diverged" || got["CreatePhysicalConnection#1 ServiceUnavailable"] != "ok" {
		t.Fatalf("exit %d %v\n%s", code, got, out)
	}
	if r, ok := srv.Resource("pc-bystander01"); !ok || r.Status != "Enabled" {
		t.Errorf("the bystander's connection after the sweep: %+v, %v; want it Enabled", r, ok)
	}
	if n := len(srv.Accounts()); n != accounts {
		t.Errorf("%d accounts after the sweep; want the %d before (each run deletes its own)", n, accounts)
	}
	if n := len(srv.Faults()); n != 0 {
		t.Errorf("%d fault rules left after the sweep; want 0", n)
	}
	sc := filepath.Join(t.TempDir(), "fx.yaml")
	if err := os.WriteFile(sc, []byte("fixtures: [{type: Cen, id: cen-fx, status: Active}]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, got, doc := sweepCLI(t, "--server", srv.URL(), "--admin-token", "s3cret", "--scenario", sc, "--faults", "errors",
		"--codes", "InternalError", "--", bin, "-no-wait")
	if code != 0 || strings.Join(doc.Baseline.State, " ") != "Cen/Active" || got["DeletePhysicalConnection#1 InternalError"] != "ok" {
		t.Fatalf("with a scenario: exit %d, baseline state %v, %v\n%s", code, doc.Baseline.State, got, out)
	}
	code, out, _, _ = sweepCLI(t, "--server", srv.URL(), "--admin-token", "wrong", "--", bin)
	if code != 2 || !strings.Contains(out, "401") {
		t.Fatalf("a wrong token: exit %d\n%s", code, out)
	}
}

// TestSweepUsage: usage problems and a failing baseline exit 2.
func TestSweepUsage(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"--faults", "errors,disk", "--", "true"},
		{"--fail-on", "bad", "--", "true"},
		{"--codes", "NoSuchCode", "--", "true"},
		{"-j", "0", "--", "true"},
		{"--access-key-id", "x", "--", "true"},
	} {
		var out, errb bytes.Buffer
		if code := run(append([]string{"sweep"}, args...), &out, &errb); code != 2 || errb.Len() == 0 {
			t.Errorf("%v: exit %d, stderr %q; want 2 and a message", args, code, errb.String())
		}
	}
	var out, errb bytes.Buffer
	code := run([]string{"sweep", "--", "sh", "-c", "echo broken-client; exit 3"}, &out, &errb)
	if code != 2 || !strings.Contains(errb.String(), "exit code 3") || !strings.Contains(errb.String(), "broken-client") {
		t.Fatalf("failing baseline: exit %d, stderr %q", code, errb.String())
	}
	errb.Reset()
	if code := run([]string{"sweep", "--", "true"}, &out, &errb); code != 2 || !strings.Contains(errb.String(), "made no call") {
		t.Fatalf("a command making no call: exit %d, %q", code, errb.String())
	}
}

// TestSweepHelpDocumentsEveryFlag: --help and docs/sweep.md name every flag.
func TestSweepHelpDocumentsEveryFlag(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"sweep", "--help"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d", code)
	}
	help := out.String() // -h prints on stdout, like every command
	doc, err := os.ReadFile("../../docs/sweep.md")
	if err != nil {
		t.Fatal(err)
	}
	// the flags, as the help lists them
	n := 0
	for _, line := range strings.Split(help, "\n") {
		f := strings.Fields(line)
		if len(f) == 0 || !strings.HasPrefix(f[0], "-") || strings.HasPrefix(line, "Usage") {
			continue
		}
		name := strings.TrimLeft(f[0], "-")
		n++
		if !strings.Contains(string(doc), "`--"+name) && !strings.Contains(string(doc), "`-"+name) {
			t.Errorf("docs/sweep.md does not document --%s", name)
		}
	}
	if n < 18 || !strings.Contains(help, "ECMOCK_ENDPOINT") || !strings.Contains(help, "Exit status") {
		t.Fatalf("help lists %d flags:\n%s", n, help)
	}
}

// TestSpecShowsErrorKinds: `ecmock spec --json` gives every error its kind.
func TestSpecShowsErrorKinds(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"spec", "--json", "CreateExpressConnectRouter"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var a struct {
		Errors []struct{ Code, Kind string }
	}
	if err := json.Unmarshal(out.Bytes(), &a); err != nil {
		t.Fatal(err)
	}
	kinds := map[string]string{}
	for _, e := range a.Errors {
		kinds[e.Code] = e.Kind
	}
	if kinds["Conflict.Lock"] != "lock" || kinds["QuotaExceeded.EcrCountPerUser"] != "quota" || len(kinds) < 5 {
		t.Fatalf("kinds %v", kinds)
	}
	for c, k := range kinds {
		if k == "" {
			t.Errorf("%s has no kind", c)
		}
	}
}
