package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPactEnv(t *testing.T) {
	dir := t.TempDir()
	code, _, errs := runCmd(t, "pact-env", "--lib", dir)
	if code != 1 || !strings.Contains(errs, "no libpact_ffi.so in "+dir+": build ecmock with `make build`") {
		t.Fatalf("no library: exit %d %q", code, errs)
	}
	if err := os.WriteFile(filepath.Join(dir, pactLibName), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCmd(t, "pact-env", "--lib", dir)
	for _, want := range []string{"export CGO_ENABLED=1", "export CGO_LDFLAGS='-L" + dir + " -Wl,-rpath," + dir + "'",
		"export LD_LIBRARY_PATH='" + dir + "'${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}", "export PACT_GO_LIB_DOWNLOAD_PATH='" + dir + "'",
		"export PACT_DO_NOT_TRACK=true"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("exit %d %q: lacks %q", code, out+errs, want)
		}
	}
	if code, _, _ := runCmd(t, "pact-env", "extra"); code != 2 {
		t.Errorf("pact-env extra: exit %d; want 2", code)
	}
	if got := shellQuote("it's"); got != `'it'\''s'` {
		t.Errorf("shellQuote: %s", got)
	}
}
