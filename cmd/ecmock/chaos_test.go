package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecmock/ecmock/mock"
)

func runCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestChaosCommandAgainstRunningServer(t *testing.T) {
	srv := mock.StartTest(t, mock.Options{Clock: "manual", AdminToken: "tok"})
	s := []string{"--server", srv.URL(), "--token", "tok"}

	if code, _, errs := runCmd(t, "chaos", "list", "--server", srv.URL()); code != 1 || !strings.Contains(errs, "Bearer") {
		t.Fatalf("list without token: exit %d, %q; want 1 and the token refusal", code, errs)
	}
	code, out, errs := runCmd(t, append([]string{"chaos", "add", "--name", "lock", "--action", "CreatePhysicalConnection",
		"--calls", "2-3", "--error", "QuotaExceeded"}, s...)...)
	if code != 0 || !strings.Contains(out, "added lock") {
		t.Fatalf("add: exit %d, %q %q", code, out, errs)
	}
	code, _, errs = runCmd(t, append([]string{"chaos", "add", "--action", "CreatePhysicalConnection", "--error", "Conflict.Lock"}, s...)...)
	if code != 1 || !strings.Contains(errs, `does not document "Conflict.Lock"`) {
		t.Fatalf("add undocumented: exit %d, %q", code, errs)
	}
	code, out, _ = runCmd(t, append([]string{"chaos", "add", "--name", "stuck", "--lifecycle", "TransitRouterEcrAttachment:Attaching->Attached@5reads"}, s...)...)
	if code != 0 {
		t.Fatalf("add lifecycle: exit %d %q", code, out)
	}
	rule := filepath.Join(t.TempDir(), "rule.yaml")
	if err := os.WriteFile(rule, []byte("name: from-file\ndo: {throttle: {rate: 2/s, burst: 5}}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, out, errs := runCmd(t, append([]string{"chaos", "add", "--file", rule}, s...)...); code != 0 {
		t.Fatalf("add --file: exit %d %q %q", code, out, errs)
	}
	code, out, _ = runCmd(t, append([]string{"chaos", "list"}, s...)...)
	if code != 0 || !strings.Contains(out, "lock") || !strings.Contains(out, "stuck") || !strings.Contains(out, "from-file") || !strings.Contains(out, "HITS") {
		t.Fatalf("list: exit %d %q", code, out)
	}
	// Each rule's trigger and a readable lifecycle.
	for _, want := range []string{"calls: 2-3", "action=CreatePhysicalConnection error QuotaExceeded",
		"TransitRouterEcrAttachment Attaching → Attached after 5 reads in Attaching", "throttle 2/s burst 5"} {
		if !strings.Contains(out, want) {
			t.Errorf("list lacks %q:\n%s", want, out)
		}
	}
	if code, out, _ := runCmd(t, append([]string{"chaos", "list", "--json"}, s...)...); code != 0 || !strings.Contains(out, `"hits"`) {
		t.Fatalf("list --json: exit %d %q", code, out)
	}
	if code, out, _ := runCmd(t, append([]string{"chaos", "rm", "stuck"}, s...)...); code != 0 || len(srv.Faults()) != 2 {
		t.Fatalf("rm: exit %d %q, %d rules left", code, out, len(srv.Faults()))
	}
	if code, _, errs := runCmd(t, append([]string{"chaos", "rm", "stuck"}, s...)...); code != 1 || !strings.Contains(errs, "no fault rule named stuck") {
		t.Fatalf("rm twice: exit %d %q", code, errs)
	}
	if code, out, _ := runCmd(t, append([]string{"chaos", "clear"}, s...)...); code != 0 || !strings.Contains(out, "removed 2") {
		t.Fatalf("clear: exit %d %q", code, out)
	}
	// load: a shipped name, then a file; the environment gives server and token.
	t.Setenv("ECMOCK_SERVER", srv.URL())
	t.Setenv("ECMOCK_ADMIN_TOKEN", "tok")
	if code, out, errs := runCmd(t, "chaos", "load", "throttling-storm"); code != 0 || !strings.Contains(out, "applied throttling-storm") {
		t.Fatalf("load shipped: exit %d %q %q", code, out, errs)
	}
	sc := filepath.Join(t.TempDir(), "sc.yaml")
	if err := os.WriteFile(sc, []byte("name: mine\nfaults:\n  - {name: m1, do: {delay: 1ms}}\n  - {name: m2, do: {nope: 1}}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := runCmd(t, "chaos", "load", sc); code != 1 || !strings.Contains(errs, sc+":4: faults[1].do.nope") || strings.Contains(errs, "request body") {
		t.Fatalf("load broken file: exit %d %q", code, errs)
	}
	if n := len(srv.Faults()); n != 1 {
		t.Fatalf("%d rules after a refused load; want 1", n)
	}
	if code, _, errs := runCmd(t, "chaos", "load", "./missing.yml"); code != 1 || !strings.Contains(errs, "./missing.yml: no such file") {
		t.Fatalf("load a missing file: exit %d %q", code, errs)
	}
	if code, _, _ := runCmd(t, "chaos", "bogus"); code != 2 {
		t.Fatalf("unknown subcommand: exit %d; want 2", code)
	}
}

func TestScenariosCommand(t *testing.T) {
	code, out, _ := runCmd(t, "scenarios")
	for _, n := range []string{"quota-exhausted", "lock-contention", "incorrect-status", "slow-provisioning", "stuck-attaching",
		"application-rejected", "throttling-storm", "flaky-network", "staging-baseline"} {
		if !strings.Contains(out, n) {
			t.Errorf("scenarios lacks %s", n)
		}
	}
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	if code, out, _ := runCmd(t, "scenarios", "stuck-attaching"); code != 0 || !strings.Contains(out, "never: true") {
		t.Fatalf("scenarios NAME: exit %d %q", code, out)
	}
	if code, _, _ := runCmd(t, "scenarios", "nope"); code != 1 {
		t.Fatalf("unknown scenario: exit %d; want 1", code)
	}
}

func TestServeRefusesBadScenario(t *testing.T) {
	p := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(p, []byte("name: bad\nfaults:\n  - {do: {delay: soon}}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errs := runCmd(t, "serve", "--addr", "127.0.0.1:0", "--scenario", p)
	if code != 1 || !strings.Contains(errs, p+":3: faults[0].do.delay: bad duration") {
		t.Fatalf("got exit %d %q; want 1 and the located error", code, errs)
	}
	code, _, errs = runCmd(t, "serve", "--addr", "127.0.0.1:0", "--scenario", "no-such-scenario")
	if code != 1 || !strings.Contains(errs, "staging-baseline") {
		t.Fatalf("got exit %d %q; want 1 and the shipped names", code, errs)
	}
}
