//go:build pact

package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestVerifyCommittedPactsPasses(t *testing.T) {
	var out, errb bytes.Buffer
	code := run([]string{"verify", "--pact", "../../contracts/pacts"}, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d; want 0\nstdout:\n%s\nstderr:\n%s", code, out.String(), errb.String())
	}
	if !strings.Contains(out.String(), "passed, 0 failed") || !strings.Contains(out.String(), "verification PASSED") {
		t.Fatalf("summary:\n%s", out.String())
	}
}

// TestVerifyWrongPactFails runs `ecmock verify` on a pact that expects what
// the API does not do (a 400 where the catalogue documents 404, a field
// named EcrID instead of EcrId) in a child process, so that the Pact
// verifier's own report, which it prints on the process's standard output,
// can be read.
func TestVerifyWrongPactFails(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^TestVerifyHelperProcess$")
	cmd.Env = append(os.Environ(), "ECMOCK_VERIFY_CHILD=verify\x1f--pact\x1f../../contracts/testdata/wrong-pact.json")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("got %v; want exit status 1\n%s", err, out.String())
	}
	for _, want := range []string{
		// The verifier's report of each interaction.
		"has status code 400 (FAILED)",
		"has a matching body (FAILED)",
		"expected 400 but was 404",
		"Actual map is missing the following keys: EcrID",
		"There were 2 pact failures",
		// ecmock's summary.
		"Summary: 2 interaction(s): 0 passed, 2 failed",
		"- $.HttpStatusCode: Expected 404 (Integer) to be equal to 400 (Integer)",
		"verification FAILED",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("output:\n%s", out.String())
	}
}

func TestVerifyUnknownStateFails(t *testing.T) {
	dir := t.TempDir()
	b, err := os.ReadFile("../../contracts/testdata/wrong-pact.json")
	if err != nil {
		t.Fatal(err)
	}
	doc := strings.Replace(string(b), `"name": "no resources exist"`, `"name": "the moon is made of cheese"`, 1)
	if doc == string(b) {
		t.Fatal("the testdata pact changed: no state to replace")
	}
	if err := os.WriteFile(dir+"/p.json", []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	code := run([]string{"verify", "--pact", dir + "/p.json", "--filter-state", "moon"}, &out, &errb)
	if code != 1 || !strings.Contains(out.String(), `unknown provider state "the moon is made of cheese"`) {
		t.Fatalf("exit %d; want 1 with a failed state change\n%s%s", code, out.String(), errb.String())
	}
}

// TestVerifyHelperProcess is the child of the tests above: it runs ecmock's
// command line with the arguments in ECMOCK_VERIFY_CHILD and exits.
func TestVerifyHelperProcess(t *testing.T) {
	args := os.Getenv("ECMOCK_VERIFY_CHILD")
	if args == "" {
		t.Skip("runs only as the child process of TestVerifyWrongPactFails")
	}
	os.Exit(run(strings.Split(args, "\x1f"), os.Stdout, os.Stderr))
}

func TestVerifyFilterMatchingNothingFails(t *testing.T) {
	var out, errb bytes.Buffer
	code := run([]string{"verify", "--pact", "../../contracts/pacts", "--filter-description", "^no such interaction$"}, &out, &errb)
	if code != 1 || !strings.Contains(errb.String(), `no interaction was verified: no interaction matches --filter-description "^no such interaction$"`) ||
		strings.Contains(out.String(), "verification PASSED") {
		t.Fatalf("exit %d; want 1 saying nothing was verified\n%s%s", code, out.String(), errb.String())
	}
}

// A pact recorded with a team's own access key: states put fixtures in the
// account of the key the requests carry (or --account), which becomes an
// account of the run.
func TestVerifyPactOfAnotherTeamsKey(t *testing.T) {
	b, err := os.ReadFile("../../contracts/pacts/ecmock-reference-client-alibaba-cloud-express-connect.json")
	if err != nil {
		t.Fatal(err)
	}
	p := t.TempDir() + "/team.json"
	if err := os.WriteFile(p, bytes.ReplaceAll(b, []byte("LTAIecmockAccountA"), []byte("LTAInetteamCI0001")), 0o644); err != nil {
		t.Fatal(err)
	}
	// The interactions about ECRs (states with no UIDs of ecmock's own accounts).
	filter := []string{"--filter-state", "ACTIVE express connect router"}
	var out, errb bytes.Buffer
	code := run(append([]string{"verify", "--pact", p}, filter...), &out, &errb)
	if code != 0 || !strings.Contains(out.String(), "provider states use account LTAInetteamCI0001 (the access key every request of the pacts carries") ||
		!strings.Contains(out.String(), "4 passed, 0 failed") {
		t.Fatalf("exit %d; want 0\n%s%s", code, out.String(), errb.String())
	}
	// --account names the account explicitly (here: the wrong one, so the
	// team's calls find nothing).
	out.Reset()
	code = run(append([]string{"verify", "--pact", p, "--account", "LTAIsomeoneElse"}, filter...), &out, &errb)
	if code != 1 || strings.Contains(out.String(), "provider states use account") {
		t.Fatalf("--account another key: exit %d; want 1 (fixtures in the other account)\n%s", code, out.String())
	}
}

// TestVerifyBuiltBinaryRunsWhereverCopied builds bin/ as `make build` does
// (into a temporary BIN), moves it elsewhere and runs it there without
// LD_LIBRARY_PATH: the library beside it is found through $ORIGIN. Its
// pact-env then points at that library.
func TestVerifyBuiltBinaryRunsWhereverCopied(t *testing.T) {
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("make is not installed")
	}
	built := t.TempDir()
	mk := exec.Command("make", "-s", "-C", "../..", "build", "BIN="+built)
	if out, err := mk.CombinedOutput(); err != nil {
		t.Fatalf("make build: %v\n%s", err, out)
	}
	moved := filepath.Join(t.TempDir(), "tools")
	if err := os.Rename(built, moved); err != nil {
		t.Fatal(err)
	}
	pacts, err := filepath.Abs("../../contracts/pacts")
	if err != nil {
		t.Fatal(err)
	}
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "LD_LIBRARY_PATH=") {
			env = append(env, kv)
		}
	}
	cmd := exec.Command(filepath.Join(moved, "ecmock"), "verify", "--pact", pacts, "--filter-state", "ACTIVE express connect router")
	cmd.Env, cmd.Dir = env, t.TempDir()
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "verification PASSED") {
		t.Fatalf("moved bin/ecmock verify: %v\n%s", err, out)
	}
	cmd = exec.Command(filepath.Join(moved, "ecmock"), "pact-env")
	cmd.Env = env
	out, err = cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "export CGO_LDFLAGS='-L"+moved+" -Wl,-rpath,"+moved+"'") {
		t.Fatalf("moved bin/ecmock pact-env: %v\n%s", err, out)
	}
}
