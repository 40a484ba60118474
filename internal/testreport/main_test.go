package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReport(t *testing.T) {
	in := strings.Join([]string{
		`{"Action":"start","Package":"p"}`,
		`{"Action":"run","Package":"p","Test":"TestA"}`,
		`{"Action":"output","Package":"p","Test":"TestA","Output":"quiet\n"}`,
		`{"Action":"pass","Package":"p","Test":"TestA"}`,
		`{"Action":"run","Package":"p","Test":"TestB"}`,
		`{"Action":"output","Package":"p","Test":"TestB","Output":"    b_test.go:9: got 1; want 2\n"}`,
		`{"Action":"fail","Package":"p","Test":"TestB"}`,
		`{"Action":"skip","Package":"p","Test":"TestC"}`,
		`{"Action":"fail","Package":"p","Elapsed":1.5}`,
		`{"Action":"skip","Package":"empty"}`,
		`# p [p.test]`,
		`{"ImportPath":"q","Action":"build-output","Output":"q.go:1: undefined: x\n"}`,
	}, "\n")
	var out strings.Builder
	c := report(strings.NewReader(in), &out)
	if c.Passed != 1 || c.Failed != 1 || c.Skipped != 1 {
		t.Errorf("counts %+v; want 1 passed, 1 failed, 1 skipped", c)
	}
	got := out.String()
	for _, want := range []string{"got 1; want 2", "FAIL p", "1 passed, 1 failed, 1 skipped", "# p [p.test]", "undefined: x"} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	for _, not := range []string{"quiet", "empty"} {
		if strings.Contains(got, not) {
			t.Errorf("output shows %q:\n%s", not, got)
		}
	}
}

func TestTallyAndSummary(t *testing.T) {
	path := filepath.Join(t.TempDir(), "reports", "tally")
	if err := add(path, counts{Passed: 3, Skipped: 1, Runs: 1}); err != nil {
		t.Fatal(err)
	}
	if code := printSummary(path, "make test"); code != 0 {
		t.Errorf("summary of a green tally exits %d; want 0", code)
	}
	if err := add(path, counts{Passed: 2, Failed: 1, Runs: 1, FailedRuns: 1}); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	if !strings.Contains(string(b), `"Passed":5`) {
		t.Errorf("tally %s; want 5 passed", b)
	}
	if code := printSummary(path, "make test"); code != 1 {
		t.Errorf("summary of a failed tally exits %d; want 1", code)
	}
}
