package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

func TestServeRefusesOpenControlAPI(t *testing.T) {
	var out, errb bytes.Buffer
	code := run([]string{"serve", "--addr", "0.0.0.0:0"}, &out, &errb)
	if code != 2 || !strings.Contains(errb.String(), "without --admin-token") {
		t.Fatalf("got exit %d, stderr %q; want 2 and a refusal", code, errb.String())
	}
	errb.Reset()
	code = run([]string{"serve", "--addr", "127.0.0.1:0", "--admin-addr", "0.0.0.0:0"}, &out, &errb)
	if code != 2 {
		t.Fatalf("non-loopback --admin-addr without token: got exit %d; want 2", code)
	}
}

func TestServeFlagsFromEnvironment(t *testing.T) {
	var f serveFlags
	fs := newServeFlagSet(&f, &bytes.Buffer{})
	if err := fs.Parse([]string{"--timing", "instant"}); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"ECMOCK_TIMING": "realistic", "ECMOCK_AUTH": "open", "ECMOCK_SEED": "7",
		"ECMOCK_SCENARIO": "a, b", "ECMOCK_ADMIN_TOKEN": "tok", "ECMOCK_TIME_SCALE": "60"}
	if err := applyEnv(fs, func(k string) string { return env[k] }); err != nil {
		t.Fatal(err)
	}
	if f.timing != "instant" {
		t.Errorf("timing = %q; want the command line's instant to win over the environment", f.timing)
	}
	if f.auth != "open" || f.seed != 7 || f.adminToken != "tok" || f.timeScale != 60 || strings.Join(f.scenarios, "|") != "a|b" {
		t.Errorf("got %+v; want values from ECMOCK_*", f)
	}
	bad := map[string]string{"ECMOCK_SEED": "many"}
	fs2 := newServeFlagSet(&serveFlags{}, &bytes.Buffer{})
	_ = fs2.Parse(nil)
	if err := applyEnv(fs2, func(k string) string { return bad[k] }); err == nil || !strings.Contains(err.Error(), "ECMOCK_SEED") {
		t.Fatalf("got %v; want an error naming ECMOCK_SEED", err)
	}
}

func TestSpecCommand(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"spec"}, &out, &errb); code != 0 || !strings.Contains(out.String(), "CreatePhysicalConnection") {
		t.Fatalf("spec: exit %d, output %q", code, out.String())
	}
	out.Reset()
	if code := run([]string{"spec", "CreatePhysicalConnection"}, &out, &errb); code != 0 || !strings.Contains(out.String(), "InvalidLineOperator.Malformd") {
		t.Fatalf("spec CreatePhysicalConnection: exit %d, output %q", code, out.String())
	}
	out.Reset()
	if code := run([]string{"spec", "--json", "CreatePhysicalConnection"}, &out, &errb); code != 0 || !strings.HasPrefix(out.String(), "{") {
		t.Fatalf("spec --json: exit %d, output %q", code, out.String())
	}
	if code := run([]string{"spec", "NoSuchAction"}, &out, &errb); code != 1 {
		t.Fatalf("unknown action: exit %d; want 1", code)
	}
	if code := run([]string{"bogus"}, &out, &errb); code != 2 {
		t.Fatalf("unknown command: exit %d; want 2", code)
	}
}

// TestCatalogueDocIsCurrent keeps docs/catalogue.md what `ecmock spec
// --markdown` prints (regenerate: go run ./cmd/ecmock spec --markdown > docs/catalogue.md).
func TestCatalogueDocIsCurrent(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"spec", "--markdown"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	have, err := os.ReadFile("../../docs/catalogue.md")
	if err != nil {
		t.Fatal(err)
	}
	if string(have) != out.String() {
		t.Fatal("docs/catalogue.md is stale: run go run ./cmd/ecmock spec --markdown > docs/catalogue.md")
	}
}
