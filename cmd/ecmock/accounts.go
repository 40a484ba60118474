package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
)

const accountsUsage = `Usage: ecmock accounts <create|list|show|rm> [flags]

Manage the accounts of a running ecmock through its control API
(--server URL or $ECMOCK_SERVER, --token or $ECMOCK_ADMIN_TOKEN; a tenant's
token manages that tenant's accounts only).

  create [--uid UID] [--access-key-id KEY] [--access-key-secret SECRET]
         [--quota NAME=N]... [--flag NAME[=false]]... [--not-whitelisted] [--json]
                      create an account; what is not given is generated. The
                      secret is printed once: keep it.
  list [--json]       every account (secrets are never listed)
  show UID [--json]   one account
  rm UID              delete an account with its resources, idempotency
                      tokens, journal entries and the fault rules naming it
`

// kvFlag collects repeated NAME=VALUE flags.
type kvFlag []string

func (k *kvFlag) String() string     { return strings.Join(*k, ",") }
func (k *kvFlag) Set(v string) error { *k = append(*k, v); return nil }

func runAccounts(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stdout, accountsUsage)
		return 0
	}
	sub, rest := args[0], args[1:]
	fs := flag.NewFlagSet("accounts "+sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	server, token := controlFlags(fs)
	asJSON := fs.Bool("json", false, "print the control API's JSON")
	var pos []string
	var run func(c *controlClient) error
	switch sub {
	case "create":
		var quotas, flags kvFlag
		uid := fs.String("uid", "", "the account's UID (generated when empty)")
		key := fs.String("access-key-id", "", "its AccessKeyId (generated when empty)")
		secret := fs.String("access-key-secret", "", "its AccessKeySecret (generated when empty)")
		notWL := fs.Bool("not-whitelisted", false, "the account may not create ECRs")
		fs.Var(&quotas, "quota", "quota override NAME=N (repeatable; `ecmock spec` lists the quotas)")
		fs.Var(&flags, "flag", "account flag NAME or NAME=false (repeatable)")
		run = func(c *controlClient) error {
			body := map[string]any{}
			if *uid != "" {
				body["uid"] = *uid
			}
			if *key != "" {
				body["accessKeyId"] = *key
			}
			if *secret != "" {
				body["accessKeySecret"] = *secret
			}
			if *notWL {
				body["whitelisted"] = false
			}
			if len(quotas) > 0 {
				q := map[string]int{}
				for _, kv := range quotas {
					name, v, ok := strings.Cut(kv, "=")
					n, err := strconv.Atoi(v)
					if !ok || err != nil {
						return fmt.Errorf("--quota %q: want NAME=N", kv)
					}
					q[name] = n
				}
				body["quotas"] = q
			}
			if len(flags) > 0 {
				f := map[string]bool{}
				for _, kv := range flags {
					name, v, ok := strings.Cut(kv, "=")
					on := true
					if ok {
						b, err := strconv.ParseBool(v)
						if err != nil {
							return fmt.Errorf("--flag %q: want NAME or NAME=true|false", kv)
						}
						on = b
					}
					f[name] = on
				}
				body["flags"] = f
			}
			b, _ := json.Marshal(body)
			var out map[string]any
			if err := c.do(http.MethodPost, "/accounts", b, &out); err != nil {
				return err
			}
			if *asJSON {
				return writeJSONOut(stdout, out)
			}
			fmt.Fprintf(stdout, "uid %v\naccessKeyId %v\naccessKeySecret %v\n", out["uid"], out["accessKeyId"], out["accessKeySecret"])
			return nil
		}
	case "list":
		run = func(c *controlClient) error {
			var out struct {
				Accounts []map[string]any `json:"accounts"`
			}
			if err := c.do(http.MethodGet, "/accounts", nil, &out); err != nil {
				return err
			}
			if *asJSON {
				return writeJSONOut(stdout, out)
			}
			tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "UID\tACCESS KEY\tTENANT\tWHITELISTED\tQUOTAS\tFLAGS")
			for _, a := range out.Accounts {
				fmt.Fprintf(tw, "%v\t%v\t%v\t%v\t%s\t%s\n", a["uid"], a["accessKeyId"], orDash(a["tenant"]), a["whitelisted"], pairs(a["quotas"]), pairs(a["flags"]))
			}
			return tw.Flush()
		}
	case "show", "rm":
		run = func(c *controlClient) error {
			path := "/accounts/" + url.PathEscape(pos[0])
			var out map[string]any
			if sub == "rm" {
				if err := c.do(http.MethodDelete, path, nil, &out); err != nil {
					return err
				}
				if *asJSON {
					return writeJSONOut(stdout, out)
				}
				fmt.Fprintf(stdout, "deleted %s: %v resources, %v idempotency tokens, %v journal entries, fault rules %v\n",
					pos[0], out["resources"], out["tokens"], out["journal"], out["faults"])
				return nil
			}
			if err := c.do(http.MethodGet, path, nil, &out); err != nil {
				return err
			}
			return writeJSONOut(stdout, out)
		}
	default:
		fmt.Fprintf(stderr, "ecmock accounts: unknown subcommand %q\n\n%s", sub, accountsUsage)
		return 2
	}
	p, code, done := parseArgs(fs, rest, stdout, stderr)
	if done {
		return code
	}
	want, usage := 0, "ecmock accounts "+sub+" [flags]"
	if sub == "show" || sub == "rm" {
		want, usage = 1, "ecmock accounts "+sub+" [flags] UID"
		if len(p) == 0 {
			fmt.Fprintf(stderr, "ecmock accounts %s: missing UID\nusage: %s\n", sub, usage)
			return 2
		}
	}
	if !wantArgs(stderr, "accounts "+sub, p, want, usage) {
		return 2
	}
	pos = p
	if err := run(newControlClient(*server, *token)); err != nil {
		fmt.Fprintln(stderr, "ecmock accounts "+sub+":", err)
		return 1
	}
	return 0
}

func writeJSONOut(w io.Writer, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(w, string(b))
	return err
}

func orDash(v any) string {
	if s, _ := v.(string); s != "" {
		return s
	}
	return "-"
}

// pairs prints a JSON object as k=v,k=v (sorted), "-" when empty.
func pairs(v any) string {
	m, _ := v.(map[string]any)
	if len(m) == 0 {
		return "-"
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []string
	for _, k := range keys {
		out = append(out, fmt.Sprintf("%s=%v", k, m[k]))
	}
	return strings.Join(out, ",")
}
