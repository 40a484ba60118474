//go:build pact

package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
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
