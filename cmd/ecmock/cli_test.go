package main

import (
	"flag"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ecmock/ecmock/mock"
)

// Every command and subcommand answers -h (and --help) with its usage on
// standard output and exit 0.
func TestHelpExitsZero(t *testing.T) {
	for _, cmd := range [][]string{{}, {"serve"}, {"spec"}, {"scenarios"}, {"verify"}, {"chaos"},
		{"chaos", "list"}, {"chaos", "add"}, {"chaos", "rm"}, {"chaos", "clear"}, {"chaos", "load"}, {"pact-env"},
		{"sweep"}, {"healthcheck"}, {"accounts"}, {"accounts", "create"}, {"accounts", "list"}, {"accounts", "show"}, {"accounts", "rm"}} {
		for _, h := range []string{"-h", "--help"} {
			args := append(append([]string{}, cmd...), h)
			code, out, errs := runCmd(t, args...)
			if code != 0 || !strings.Contains(out, "Usage") || errs != "" {
				t.Errorf("ecmock %s: exit %d, stdout %q, stderr %q; want 0 and the usage on stdout", strings.Join(args, " "), code, out, errs)
			}
		}
	}
}

// The accounts subcommands refuse arguments they do not take, and a missing
// UID, before calling anything.
func TestAccountsArguments(t *testing.T) {
	for _, args := range [][]string{{"accounts", "list", "extra"}, {"accounts", "create", "x"}, {"accounts", "rm"}, {"accounts", "show", "1", "2"}} {
		code, _, errs := runCmd(t, args...)
		if code != 2 || !strings.Contains(errs, "usage: ecmock accounts") {
			t.Errorf("ecmock %s: exit %d, stderr %q; want 2 with the usage", strings.Join(args, " "), code, errs)
		}
	}
}

func TestServeHelpListsEnvironment(t *testing.T) {
	_, out, _ := runCmd(t, "serve", "-h")
	fs := newServeFlagSet(&serveFlags{}, nil)
	fs.VisitAll(func(f *flag.Flag) {
		if !strings.Contains(out, "--"+f.Name) || !strings.Contains(out, envName(f.Name)) {
			t.Errorf("serve -h lacks --%s or %s:\n%s", f.Name, envName(f.Name), out)
		}
	})
}

func TestServeRefusesBadValues(t *testing.T) {
	cred := func(body string) string {
		p := filepath.Join(t.TempDir(), "creds.yaml")
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	misspelt := cred("accounts:\n  - uid: \"1\"\n    accessKeyId: k\n    accessKeySecret: s\n    quotas: {EcrCountPeruser: 3}\n    colour: blue\n")
	badValues := cred(`{"accounts": [{"uid": "1", "accessKeyId": "k", "accessKeySecret": "s", "whitelisted": "yes", "quotas": {"EcrCountPerUser": -1}}]}`)
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want []string
	}{
		{"addr", nil, []string{"--addr", "nonsense"}, []string{`--addr="nonsense": not a listen address: use HOST:PORT`}},
		{"admin addr", nil, []string{"--admin-addr", "127.0.0.1:http"}, []string{`--admin-addr="127.0.0.1:http": port "http" is not a number`}},
		{"extra argument", nil, []string{"--addr", "127.0.0.1:0", "extra"}, []string{`unexpected argument(s) ["extra"]`}},
		{"negative time scale", nil, []string{"--time-scale", "-5"}, []string{`--time-scale="-5": must be a number greater than 0`}},
		{"zero time scale", map[string]string{"ECMOCK_TIME_SCALE": "0"}, nil, []string{`ECMOCK_TIME_SCALE="0": must be a number greater than 0`}},
		{"timing from the environment", map[string]string{"ECMOCK_TIMING": "zzz"}, nil, []string{`ECMOCK_TIMING="zzz": must be one of instant, fast, realistic`}},
		{"timing flag", nil, []string{"--timing", "zzz"}, []string{`--timing="zzz"`}},
		{"auth", map[string]string{"ECMOCK_AUTH": "none"}, nil, []string{`ECMOCK_AUTH="none": must be one of verify, open`}},
		{"clock", nil, []string{"--clock", "fake"}, []string{`--clock="fake": must be one of real, manual`}},
		{"journal size", nil, []string{"--journal-size", "0"}, []string{`--journal-size="0": must be at least 1`}},
		{"misspelt quota", nil, []string{"--credentials", misspelt}, []string{
			misspelt + `:5: accounts[0].quotas: unknown quota "EcrCountPeruser" (did you mean EcrCountPerUser?); ecmock knows: `,
			"PhysicalConnectionsNotEnabled", misspelt + `:6: accounts[0].colour: unknown field "colour"; an account has uid, accessKeyId`}},
		{"bad values", nil, []string{"--credentials", badValues}, []string{
			badValues + `:1: accounts[0].whitelisted must be true or false`, `accounts[0].quotas.EcrCountPerUser must be a whole number >= 0, not "-1"`}},
		{"missing credentials", nil, []string{"--credentials", "no/such.yaml"}, []string{"--credentials no/such.yaml: no such file"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			code, _, errs := runCmd(t, append([]string{"serve"}, tt.args...)...)
			if code != 2 {
				t.Errorf("exit %d; want 2 (stderr %q)", code, errs)
			}
			for _, w := range tt.want {
				if !strings.Contains(errs, w) {
					t.Errorf("stderr %q lacks %q", errs, w)
				}
			}
			if strings.Contains(errs, "accounts.Account") || strings.Contains(errs, "non-loopback") {
				t.Errorf("stderr %q names a Go type or blames the wrong thing", errs)
			}
		})
	}
}

func TestServeAddressInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	addr := ln.Addr().String()
	code, _, errs := runCmd(t, "serve", "--addr", addr)
	if code != 1 || !strings.Contains(errs, "cannot listen on "+addr+" (--addr): the address is already in use") ||
		!strings.Contains(errs, "choose another address with --addr HOST:PORT") {
		t.Fatalf("exit %d, stderr %q; want 1, the address and what to do", code, errs)
	}
	t.Setenv("ECMOCK_ADMIN_ADDR", addr)
	code, _, errs = runCmd(t, "serve", "--addr", "127.0.0.1:0")
	if code != 1 || !strings.Contains(errs, "cannot listen on "+addr+" (ECMOCK_ADMIN_ADDR)") {
		t.Fatalf("admin address in use: exit %d, stderr %q", code, errs)
	}
}

func TestCredentialsFileAccepted(t *testing.T) {
	p := filepath.Join(t.TempDir(), "creds.json")
	body := `{"accounts": [{"uid": "1", "accessKeyId": "k", "accessKeySecret": "s", "whitelisted": false,
		"flags": {"vpconnDenied": true}, "quotas": {"EcrCountPerUser": 2}}]}`
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := checkCredentialsFile(p); err != nil {
		t.Fatal(err)
	}
	// What the check accepts, the server loads.
	srv := mock.StartTest(t, mock.Options{CredentialsFile: p})
	if a := srv.Accounts(); len(a) != 1 || a[0].AccessKeyID != "k" {
		t.Fatalf("accounts %+v", a)
	}
}

func TestFlagsAfterArguments(t *testing.T) {
	code, out, errs := runCmd(t, "spec", "CreateCen", "--json")
	if code != 0 || !strings.HasPrefix(out, "{") || !strings.Contains(out, `"name": "CreateCen"`) {
		t.Fatalf("spec CreateCen --json: exit %d, %q %q", code, out, errs)
	}
	if code, _, errs := runCmd(t, "spec", "CreateCen", "DeleteCen"); code != 2 || !strings.Contains(errs, `unexpected argument(s) ["DeleteCen"]`) {
		t.Fatalf("spec with two actions: exit %d %q", code, errs)
	}
	if code, _, errs := runCmd(t, "scenarios", "a", "b"); code != 2 || !strings.Contains(errs, `["b"]`) {
		t.Fatalf("scenarios with two names: exit %d %q", code, errs)
	}
	if code, _, errs := runCmd(t, "spec", "--markdown", "CreateCen"); code != 2 || !strings.Contains(errs, "takes no ACTION") {
		t.Fatalf("spec --markdown ACTION: exit %d %q", code, errs)
	}
	if code, _, errs := runCmd(t, "verify", "extra", "--pact", "../../contracts/pacts"); code != 2 || !strings.Contains(errs, "unexpected arguments") {
		t.Fatalf("verify extra: exit %d %q", code, errs)
	}
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	j := fs.Bool("json", false, "")
	pos, err := parseInterspersed(fs, []string{"a", "--json", "b", "--", "--c"})
	if err != nil || !*j || !slices.Equal(pos, []string{"a", "b", "--c"}) {
		t.Fatalf("parseInterspersed: %q %v %v", pos, *j, err)
	}
}

func TestSpecOverview(t *testing.T) {
	code, out, _ := runCmd(t, "spec")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{
		"quotas (per account", "EcrCountPerUser                               5",
		"lifecycles (automatic transitions", "TransitRouterEcrAttachment       Attaching → Attached  2m0s / 1s",
		"notes:", "account flags", "transitRouterServiceNotOpen", "common errors", "CreatePhysicalConnection",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("spec lacks %q", want)
		}
	}
}

// The account flags `ecmock spec` lists are the ones the handlers read.
func TestSpecAccountFlagsAreRead(t *testing.T) {
	var src strings.Builder
	err := filepath.WalkDir("../../internal/products", func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return err
		}
		b, err := os.ReadFile(p)
		src.Write(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range accountFlags {
		if !strings.Contains(src.String(), `"`+f.name+`"`) {
			t.Errorf("account flag %q is not read by any handler", f.name)
		}
	}
}
