package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// pactLibName is the Pact FFI library `make build` copies beside bin/ecmock.
const pactLibName = "libpact_ffi.so"

func runPactEnv(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("pact-env", flag.ContinueOnError)
	lib := fs.String("lib", "", "`DIR` holding "+pactLibName+" (default: the directory of this ecmock, where `make build` puts it)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), `Usage: ecmock pact-env [--lib DIR]

Prints, as shell exports, the environment that builds and runs Go tests with
pact-go v2 (-tags pact) against the Pact library beside this ecmock:

  eval "$(bin/ecmock pact-env)"
  go test -tags pact ./...

The library is the one 'make build' copies next to bin/ecmock (libpact_ffi
0.4.28, the version pact-go v2.4.x needs); 'make pact-env' prints the same for
a checkout's .pact/ directory.

Flags:`)
		fs.PrintDefaults()
	}
	pos, code, done := parseArgs(fs, args, stdout, stderr)
	if done {
		return code
	}
	if !wantArgs(stderr, "pact-env", pos, 0, "ecmock pact-env [--lib DIR]") {
		return 2
	}
	dir := *lib
	if dir == "" {
		exe, err := os.Executable()
		if err == nil {
			exe, err = filepath.EvalSymlinks(exe)
		}
		if err != nil {
			fmt.Fprintln(stderr, "ecmock pact-env: cannot find this executable:", err)
			return 1
		}
		dir = filepath.Dir(exe)
	}
	env, err := pactEnv(dir)
	if err != nil {
		fmt.Fprintln(stderr, "ecmock pact-env:", err)
		return 1
	}
	fmt.Fprint(stdout, env)
	return 0
}

// pactEnv is the shell environment for pact-go tests linked against the
// library in dir.
func pactEnv(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(filepath.Join(abs, pactLibName)); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return "", fmt.Errorf("no %s in %s: build ecmock with `make build` (it copies the library beside bin/ecmock), or give --lib DIR", pactLibName, abs)
		}
		return "", err
	}
	q := shellQuote(abs)
	var b strings.Builder
	fmt.Fprintf(&b, "# pact-go v2 (-tags pact) with %s from %s\n", pactLibName, abs)
	fmt.Fprintln(&b, "export CGO_ENABLED=1")
	fmt.Fprintf(&b, "export CGO_LDFLAGS=%s\n", shellQuote("-L"+abs+" -Wl,-rpath,"+abs))
	fmt.Fprintf(&b, "export LD_LIBRARY_PATH=%s${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}\n", q)
	fmt.Fprintf(&b, "export PACT_GO_LIB_DOWNLOAD_PATH=%s\n", q)
	fmt.Fprintln(&b, "export PACT_DO_NOT_TRACK=true")
	fmt.Fprintln(&b, "export PACT_LOG_LEVEL=${PACT_LOG_LEVEL:-WARN}")
	return b.String(), nil
}

// shellQuote quotes s for a POSIX shell.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
