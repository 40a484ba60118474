package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// controlClient talks to a running server's control API.
type controlClient struct {
	base  string
	token string
	http  *http.Client
}

// controlFlags adds --server and --token (ECMOCK_SERVER, ECMOCK_ADMIN_TOKEN).
func controlFlags(fs *flag.FlagSet) (server, token *string) {
	server = fs.String("server", "", "base URL of the running ecmock (default $ECMOCK_SERVER or http://127.0.0.1:8080)")
	token = fs.String("token", "", "admin bearer token (default $ECMOCK_ADMIN_TOKEN)")
	return
}

func newControlClient(server, token string) *controlClient {
	if server == "" {
		server = os.Getenv("ECMOCK_SERVER")
	}
	if server == "" {
		server = "http://127.0.0.1:8080"
	}
	if !strings.Contains(server, "://") {
		server = "http://" + server
	}
	if token == "" {
		token = os.Getenv("ECMOCK_ADMIN_TOKEN")
	}
	return &controlClient{base: strings.TrimRight(server, "/"), token: token, http: &http.Client{Timeout: 30 * time.Second}}
}

// do sends a control request and decodes the JSON answer; a 4xx/5xx
// answer becomes its "error" text.
func (c *controlClient) do(method, path string, body []byte, out any) error {
	req, err := http.NewRequest(method, c.base+"/_ecmock"+path, bytes.NewReader(body))
	if err != nil {
		return err
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("cannot reach ecmock at %s: %v", c.base, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return err
	}
	if res.StatusCode >= 400 {
		var e struct {
			Error string `json:"error"`
		}
		if json.Unmarshal(b, &e) == nil && e.Error != "" {
			return errors.New(e.Error)
		}
		return fmt.Errorf("%s %s: HTTP %d: %s", method, path, res.StatusCode, strings.TrimSpace(string(b)))
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			return fmt.Errorf("%s %s: unexpected answer %q", method, path, b)
		}
	}
	return nil
}

const chaosUsage = `Usage: ecmock chaos <list|add|rm|clear|load> [flags]

Manage the fault rules of a running ecmock through its control API
(--server URL or $ECMOCK_SERVER, --token or $ECMOCK_ADMIN_TOKEN).

  list [--json]                 rules in order, with hit counts
  add  --file RULE.yaml|-       add one rule (YAML or JSON, scenarios/README.md)
  add  --action A --error CODE [--calls 2-3] ...
                                add one rule from flags (see 'ecmock chaos add -h')
  rm NAME                       remove one rule
  clear                         remove every rule
  load NAME|FILE                apply a shipped scenario or a scenario file
`

func runChaos(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" || args[0] == "help" {
		fmt.Fprint(stdout, chaosUsage)
		return 0
	}
	sub, rest := args[0], args[1:]
	fs := flag.NewFlagSet("chaos "+sub, flag.ContinueOnError)
	server, token := controlFlags(fs)
	var (
		run   func(c *controlClient) error
		use   string // the subcommand's synopsis
		nArgs int    // positional arguments it takes
	)
	switch sub {
	case "list":
		use = "ecmock chaos list [--json]"
		asJSON := fs.Bool("json", false, "print the control API's JSON")
		run = func(c *controlClient) error { return chaosList(c, stdout, *asJSON) }
	case "add":
		use = "ecmock chaos add --file RULE.yaml|- | --action A --error CODE [--calls 2-3] ..."
		rf := addRuleFlags(fs)
		run = func(c *controlClient) error {
			body, err := rf.body()
			if err != nil {
				return err
			}
			var st map[string]any
			if err := c.do(http.MethodPost, "/faults", body, &st); err != nil {
				return fileError(rf.file, err)
			}
			fmt.Fprintf(stdout, "added %v: %s (%s)\n", st["name"], ruleSummary(st), whenSummary(st))
			return nil
		}
	case "rm":
		use, nArgs = "ecmock chaos rm NAME", 1
		run = func(c *controlClient) error {
			if err := c.do(http.MethodDelete, "/faults/"+url.PathEscape(args[0]), nil, nil); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "removed %s\n", args[0])
			return nil
		}
	case "clear":
		use = "ecmock chaos clear"
		run = func(c *controlClient) error {
			var out struct {
				Removed int `json:"removed"`
			}
			if err := c.do(http.MethodDelete, "/faults", nil, &out); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "removed %d rules\n", out.Removed)
			return nil
		}
	case "load":
		use, nArgs = "ecmock chaos load NAME|FILE", 1
		run = func(c *controlClient) error { return chaosLoad(c, args[0], stdout) }
	default:
		fmt.Fprintf(stderr, "ecmock chaos: unknown subcommand %q\n\n%s", sub, chaosUsage)
		return 2
	}
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: %s [--server URL] [--token TOKEN]\n\nFlags:\n", use)
		fs.PrintDefaults()
	}
	pos, code, done := parseArgs(fs, rest, stdout, stderr)
	if done {
		return code
	}
	if len(pos) != nArgs {
		if len(pos) < nArgs {
			fmt.Fprintf(stderr, "ecmock chaos %s: missing argument\nusage: %s\n", sub, use)
		} else {
			fmt.Fprintf(stderr, "ecmock chaos %s: unexpected argument(s) %q\nusage: %s\n", sub, pos[nArgs:], use)
		}
		return 2
	}
	args = pos
	if err := run(newControlClient(*server, *token)); err != nil {
		fmt.Fprintln(stderr, "ecmock chaos "+sub+":", err)
		return 1
	}
	return 0
}

// fileError names the file an error of the control API is about: the
// server only knows it read a "request body".
func fileError(file string, err error) error {
	if file == "" || file == "-" {
		return err
	}
	msg := strings.ReplaceAll(err.Error(), "request body", file)
	if strings.HasPrefix(msg, file) {
		return errors.New(msg)
	}
	return fmt.Errorf("%s: %s", file, msg)
}

// ruleSummary renders one rule of GET /_ecmock/faults (scenario format)
// in one line: what it matches, when it fires, what it does.
func ruleSummary(f map[string]any) string {
	var parts []string
	if m, ok := f["match"].(map[string]any); ok {
		for _, k := range []string{"product", "action", "account", "region", "resource"} {
			if v, ok := m[k]; ok {
				parts = append(parts, fmt.Sprintf("%s=%v", k, v))
			}
		}
		for _, k := range []string{"params", "json"} {
			if v, ok := m[k]; ok {
				b, _ := json.Marshal(v)
				parts = append(parts, k+"="+string(b))
			}
		}
	}
	if l, ok := f["lifecycle"].(map[string]any); ok {
		parts = append(parts, lifecycleSummary(l))
		return strings.Join(parts, " ")
	}
	if len(parts) == 0 {
		parts = append(parts, "every call")
	}
	if d, ok := f["do"].(map[string]any); ok {
		if t, ok := d["throttle"].(map[string]any); ok {
			s := fmt.Sprintf("throttle %v", t["rate"])
			if b, ok := t["burst"]; ok {
				s += fmt.Sprintf(" burst %v", b)
			}
			parts = append(parts, s)
		}
		switch v := d["delay"].(type) {
		case string:
			parts = append(parts, "delay "+v)
		case map[string]any:
			parts = append(parts, fmt.Sprintf("delay %v-%v", v["min"], v["max"]))
		}
		if v, ok := d["network"]; ok {
			parts = append(parts, fmt.Sprintf("network %v", v))
		}
		switch v := d["error"].(type) {
		case string:
			parts = append(parts, "error "+v)
		case []any:
			var codes []string
			for _, c := range v {
				codes = append(codes, fmt.Sprint(c))
			}
			parts = append(parts, "error "+strings.Join(codes, "|"))
		}
		if v, ok := d["status"]; ok {
			parts = append(parts, fmt.Sprintf("status %v", v))
		}
	}
	return strings.Join(parts, " ")
}

// whenSummary is a rule's trigger: "calls 2-3", "every 3rd call, p=0.5,
// at most 4 times", or "every matching call".
func whenSummary(f map[string]any) string {
	w, ok := f["when"].(map[string]any)
	if !ok || len(w) == 0 {
		if _, life := f["lifecycle"]; life {
			return "-"
		}
		return "every matching call"
	}
	var parts []string
	if v, ok := w["calls"]; ok {
		parts = append(parts, fmt.Sprintf("calls: %v", v))
	}
	if v, ok := w["every"]; ok {
		parts = append(parts, fmt.Sprintf("every %s call", ordinal(v)))
	}
	if v, ok := w["probability"]; ok {
		parts = append(parts, fmt.Sprintf("probability %v", v))
	}
	if v, ok := w["from"]; ok {
		parts = append(parts, fmt.Sprintf("from %v", v))
	}
	if v, ok := w["until"]; ok {
		parts = append(parts, fmt.Sprintf("until %v", v))
	}
	if v, ok := w["limit"]; ok {
		parts = append(parts, fmt.Sprintf("at most %v times", v))
	}
	return strings.Join(parts, ", ")
}

func ordinal(v any) string {
	n, ok := v.(float64)
	if !ok {
		return fmt.Sprint(v)
	}
	i := int(n)
	suffix := "th"
	switch {
	case i%100 >= 11 && i%100 <= 13:
	case i%10 == 1:
		suffix = "st"
	case i%10 == 2:
		suffix = "nd"
	case i%10 == 3:
		suffix = "rd"
	}
	return strconv.Itoa(i) + suffix
}

// lifecycleSummary renders a lifecycle rule or a timing transition:
// "TransitRouterEcrAttachment Attaching → Attached after 5 reads",
// "PhysicalConnection stays Allocating (never leaves on its own)".
func lifecycleSummary(l map[string]any) string {
	typ := "every type"
	if t, ok := l["type"].(string); ok && t != "" {
		typ = t
	}
	from := fmt.Sprint(l["from"])
	to, _ := l["to"].(string)
	switch {
	case to == "-":
		to = "gone"
	case to == "":
		to = "its next status"
	}
	if never, _ := l["never"].(bool); never {
		return fmt.Sprintf("%s stays %s (never leaves it on its own)", typ, from)
	}
	s := fmt.Sprintf("%s %s → %s", typ, from, to)
	switch {
	case l["reads"] != nil:
		s += fmt.Sprintf(" after %v reads in %s", l["reads"], from)
	case l["after"] != nil:
		s += fmt.Sprintf(" after %v", l["after"])
	default:
		s += " at once"
	}
	return s
}

func chaosList(c *controlClient, stdout io.Writer, asJSON bool) error {
	var out struct {
		Faults      []map[string]any `json:"faults"`
		Transitions []map[string]any `json:"transitions"`
	}
	var raw json.RawMessage
	if err := c.do(http.MethodGet, "/faults", nil, &raw); err != nil {
		return err
	}
	if asJSON {
		var buf bytes.Buffer
		_ = json.Indent(&buf, raw, "", "  ")
		fmt.Fprintln(stdout, buf.String())
		return nil
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		return err
	}
	if len(out.Faults) == 0 && len(out.Transitions) == 0 {
		fmt.Fprintln(stdout, "no fault rules")
		return nil
	}
	if len(out.Faults) > 0 {
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "NAME\tHITS\tMATCHED\tWHEN\tRULE")
		for _, f := range out.Faults {
			fmt.Fprintf(tw, "%v\t%v\t%v\t%s\t%s\n", f["name"], f["hits"], f["matched"], whenSummary(f), ruleSummary(f))
		}
		_ = tw.Flush()
	}
	if len(out.Transitions) > 0 {
		fmt.Fprintln(stdout, "timing transitions (in place of the timing profile's):")
		for _, t := range out.Transitions {
			fmt.Fprintf(stdout, "  %s\n", lifecycleSummary(t))
		}
	}
	return nil
}

func orEmpty(v any) string {
	if v == nil {
		return ""
	}
	return fmt.Sprint(v)
}

func chaosLoad(c *controlClient, ref string, stdout io.Writer) error {
	var res map[string]any
	data, err := os.ReadFile(ref)
	switch {
	case err == nil:
		if err := c.do(http.MethodPost, "/scenarios", data, &res); err != nil {
			return fileError(ref, err)
		}
	case looksLikePath(ref):
		if errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("%s: no such file (a shipped scenario is named without a path or extension: 'ecmock scenarios' lists them)", ref)
		}
		return err
	default:
		if err := c.do(http.MethodPost, "/scenarios/"+url.PathEscape(ref), nil, &res); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "applied %v: faults %v, fixtures %v, accounts %v, timing %v\n",
		orEmpty(res["scenario"]), res["faults"], res["fixtures"], res["accounts"], res["timing"])
	return nil
}

// looksLikePath tells a file from a shipped scenario's name (which has no
// slash and no extension).
func looksLikePath(ref string) bool {
	return strings.ContainsAny(ref, `/\`) || strings.HasSuffix(ref, ".yml") || strings.HasSuffix(ref, ".yaml") || strings.HasSuffix(ref, ".json")
}

// ruleFlags build one rule from the command line.
type ruleFlags struct {
	file, name, product, action, account, region, resource, errCode, message, delay, network, calls, throttle string
	every, limit, status                                                                                      int
	probability                                                                                               float64
	force                                                                                                     bool
	lifecycle                                                                                                 string
}

func addRuleFlags(fs *flag.FlagSet) *ruleFlags {
	f := &ruleFlags{}
	fs.StringVar(&f.file, "file", "", "read the rule from a YAML or JSON file ('-' for standard input); other flags are then not allowed")
	fs.StringVar(&f.name, "name", "", "rule name (generated when empty)")
	fs.StringVar(&f.product, "product", "", "match.product: Vpc, ExpressConnectRouter, Cbn")
	fs.StringVar(&f.action, "action", "", "match.action")
	fs.StringVar(&f.account, "account", "", "match.account: access key ID or UID")
	fs.StringVar(&f.region, "region", "", "match.region")
	fs.StringVar(&f.resource, "resource", "", "match.resource: an ID any *Id parameter names")
	fs.StringVar(&f.calls, "calls", "", "when.calls: \"3\", \"1-2\", \"4-\"")
	fs.IntVar(&f.every, "every", 0, "when.every: every k-th matching call")
	fs.Float64Var(&f.probability, "probability", 0, "when.probability (0-1)")
	fs.IntVar(&f.limit, "limit", 0, "when.limit: fire at most this often")
	fs.StringVar(&f.errCode, "error", "", "do.error: a documented code, a family (QuotaExceeded), 'transient', or codes separated by |")
	fs.StringVar(&f.message, "message", "", "do.message")
	fs.BoolVar(&f.force, "force", false, "do.force: allow an undocumented code")
	fs.IntVar(&f.status, "status", 0, "do.status (with --force)")
	fs.StringVar(&f.delay, "delay", "", "do.delay: \"250ms\" or a range \"100ms-2s\"")
	fs.StringVar(&f.network, "network", "", "do.network: reset, drop, truncate, slow")
	fs.StringVar(&f.throttle, "throttle", "", "do.throttle: RATE[,BURST], e.g. \"2/s,5\"")
	fs.StringVar(&f.lifecycle, "lifecycle", "", "a lifecycle rule: \"[Type:]From->To\" with after/reads/never as \"@45s\", \"@5reads\", \"@never\", e.g. \"TransitRouterEcrAttachment:Attaching->Attached@5reads\"")
	return f
}

// body is the rule as JSON for POST /_ecmock/faults.
func (f *ruleFlags) body() ([]byte, error) {
	if f.file != "" {
		if f.action != "" || f.errCode != "" || f.lifecycle != "" || f.delay != "" || f.network != "" || f.throttle != "" {
			return nil, errors.New("--file and rule flags do not mix")
		}
		if f.file == "-" {
			return io.ReadAll(os.Stdin)
		}
		return os.ReadFile(f.file)
	}
	rule := map[string]any{}
	if f.name != "" {
		rule["name"] = f.name
	}
	match := map[string]any{}
	for k, v := range map[string]string{"product": f.product, "action": f.action, "account": f.account, "region": f.region, "resource": f.resource} {
		if v != "" {
			match[k] = v
		}
	}
	if len(match) > 0 {
		rule["match"] = match
	}
	when := map[string]any{}
	if f.calls != "" {
		when["calls"] = f.calls
	}
	if f.every > 0 {
		when["every"] = f.every
	}
	if f.probability > 0 {
		when["probability"] = f.probability
	}
	if f.limit > 0 {
		when["limit"] = f.limit
	}
	if len(when) > 0 {
		rule["when"] = when
	}
	if f.lifecycle != "" {
		l, err := parseLifecycleFlag(f.lifecycle)
		if err != nil {
			return nil, err
		}
		rule["lifecycle"] = l
		return json.Marshal(rule)
	}
	do := map[string]any{}
	if f.errCode != "" {
		do["error"] = f.errCode
	}
	if f.message != "" {
		do["message"] = f.message
	}
	if f.force {
		do["force"] = true
	}
	if f.status != 0 {
		do["status"] = f.status
	}
	if f.delay != "" {
		if lo, hi, ok := strings.Cut(f.delay, "-"); ok {
			do["delay"] = map[string]string{"min": lo, "max": hi}
		} else {
			do["delay"] = f.delay
		}
	}
	if f.network != "" {
		do["network"] = f.network
	}
	if f.throttle != "" {
		rate, burst, ok := strings.Cut(f.throttle, ",")
		t := map[string]any{"rate": rate}
		if ok {
			var n int
			if _, err := fmt.Sscan(burst, &n); err != nil {
				return nil, fmt.Errorf("--throttle %q: the burst after ',' must be a number", f.throttle)
			}
			t["burst"] = n
		}
		do["throttle"] = t
	}
	if len(do) == 0 {
		return nil, errors.New("say what the rule does: --error, --delay, --network, --throttle or --lifecycle (or --file)")
	}
	rule["do"] = do
	return json.Marshal(rule)
}

// parseLifecycleFlag reads "[Type:]From->To[@45s|@5reads|@never]".
func parseLifecycleFlag(s string) (map[string]any, error) {
	l := map[string]any{}
	spec, when, _ := strings.Cut(s, "@")
	if typ, rest, ok := strings.Cut(spec, ":"); ok {
		l["type"], spec = typ, rest
	}
	from, to, _ := strings.Cut(spec, "->")
	if from == "" {
		return nil, fmt.Errorf("--lifecycle %q: use [Type:]From->To[@45s|@5reads|@never]", s)
	}
	l["from"] = from
	if to != "" {
		l["to"] = to
	}
	switch {
	case when == "":
	case when == "never":
		l["never"] = true
	case strings.HasSuffix(when, "reads"):
		var n int
		if _, err := fmt.Sscan(strings.TrimSuffix(when, "reads"), &n); err != nil {
			return nil, fmt.Errorf("--lifecycle %q: @Nreads needs a number", s)
		}
		l["reads"] = n
	default:
		l["after"] = when
	}
	return l, nil
}
