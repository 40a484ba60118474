package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/ecmock/ecmock/internal/pactstate"
	"github.com/ecmock/ecmock/mock"
)

// verifierVersion names ecmock to the Pact verifier (and a broker's
// published results); set with -ldflags "-X main.verifierVersion=...".
var verifierVersion = "dev"

// verifyList is a repeatable string flag.
type verifyList []string

func (l *verifyList) String() string     { return strings.Join(*l, ",") }
func (l *verifyList) Set(v string) error { *l = append(*l, v); return nil }

// verifyFlags are `ecmock verify`'s options.
type verifyFlags struct {
	pacts             verifyList
	provider          string
	brokerURL         string
	brokerToken       string
	brokerUser        string
	brokerPassword    string
	selectors         verifyList
	consumerTags      verifyList
	consumers         verifyList
	enablePending     bool
	includeWIPSince   string
	providerVersion   string
	providerBranch    string
	providerTags      verifyList
	buildURL          string
	publish           bool
	filterDescription string
	filterState       string
	filterNoState     bool
	account           string
	accountSecret     string
	region            string
	timing            string
	scenarios         verifyList
	seed              int64
	requestTimeout    time.Duration
	jsonOut           string
}

// verifyRun is one verification: what to verify, against which ecmock.
type verifyRun struct {
	flags       verifyFlags
	providerURL string
	stateURL    string
}

// verifyResult is what the Pact verifier reported.
type verifyResult struct {
	code   int    // 0: every interaction verified
	output string // the verifier's report (also printed by it)
	json   []byte // the verifier's result document
}

func newVerifyFlagSet(f *verifyFlags, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Var(&f.pacts, "pact", "pact `FILE|DIR|URL` to verify (repeatable)")
	fs.StringVar(&f.provider, "provider", "alibaba-cloud-express-connect", "provider `name`: selects pacts from directories and the broker, names published results")
	fs.StringVar(&f.brokerURL, "broker-url", os.Getenv("PACT_BROKER_BASE_URL"), "Pact Broker `URL` to fetch the provider's pacts from ($PACT_BROKER_BASE_URL)")
	fs.StringVar(&f.brokerToken, "broker-token", os.Getenv("PACT_BROKER_TOKEN"), "broker bearer `token` ($PACT_BROKER_TOKEN), also used for pact URLs")
	fs.StringVar(&f.brokerUser, "broker-username", os.Getenv("PACT_BROKER_USERNAME"), "broker basic-auth `user` ($PACT_BROKER_USERNAME)")
	fs.StringVar(&f.brokerPassword, "broker-password", os.Getenv("PACT_BROKER_PASSWORD"), "broker basic-auth `password` ($PACT_BROKER_PASSWORD)")
	fs.Var(&f.selectors, "consumer-version-selector", "consumer version selector as `JSON`, e.g. '{\"mainBranch\":true}' (repeatable)")
	fs.Var(&f.consumerTags, "consumer-version-tag", "consumer version `tag` to fetch from the broker (repeatable)")
	fs.Var(&f.consumers, "consumer", "verify only pacts of this `consumer` (repeatable)")
	fs.BoolVar(&f.enablePending, "enable-pending", false, "include pending pacts: their failures are reported but do not fail the run (broker)")
	fs.StringVar(&f.includeWIPSince, "include-wip-pacts-since", "", "include work-in-progress pacts since `YYYY-MM-DD` (broker)")
	fs.StringVar(&f.providerVersion, "provider-version", "", "`version` of the verified provider, for published results")
	fs.StringVar(&f.providerBranch, "provider-branch", "", "provider `branch`, for published results and pending pacts")
	fs.Var(&f.providerTags, "provider-tag", "provider `tag`, for published results and pending pacts (repeatable)")
	fs.StringVar(&f.buildURL, "build-url", "", "`URL` of the CI build, for published results")
	fs.BoolVar(&f.publish, "publish", false, "publish the verification results to the broker (needs --provider-version)")
	fs.StringVar(&f.filterDescription, "filter-description", "", "verify only interactions whose description matches this `regexp`")
	fs.StringVar(&f.filterState, "filter-state", "", "verify only interactions whose provider state matches this `regexp`")
	fs.BoolVar(&f.filterNoState, "filter-no-state", false, "verify only interactions without a provider state")
	fs.StringVar(&f.account, "account", "", "access `key` or UID that provider states put fixtures and quotas in (default: the access key of the pacts' requests when they all carry one, else LTAIecmockAccountA); a key ecmock does not know becomes an account of the run")
	fs.StringVar(&f.accountSecret, "account-secret", "", "`secret` of an --account access key that is not one of ecmock's accounts (default: the pacts' metadata ecmock.accessKeySecret); it becomes an account of the run")
	fs.StringVar(&f.region, "region", pactstate.DefaultRegion, "`region` of fixtures that provider states add")
	fs.StringVar(&f.timing, "timing", "fast", "timing `profile` of the ecmock under verification: instant, fast, realistic")
	fs.Var(&f.scenarios, "scenario", "shipped scenario `NAME|FILE` applied before verifying (repeatable)")
	fs.Int64Var(&f.seed, "seed", 1, "`seed` of IDs and probabilistic faults")
	fs.DurationVar(&f.requestTimeout, "request-timeout", 30*time.Second, "timeout of each request and state change")
	fs.StringVar(&f.jsonOut, "json", "", "write the verifier's result document to `FILE`")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), `Usage: ecmock verify --pact FILE|DIR|URL... [--broker-url URL ...] [flags]

Verifies pacts — of any client, in any language — against an ecmock started
in this process (open auth: recorded signatures are not checked). Provider
states are ecmock's vocabulary (contracts/README.md), sent by the verifier to
this ecmock's state-change handler on setup and teardown. Prints the
verifier's report of each interaction, then a summary; exits 1 when an
interaction fails, 2 on a usage or setup error.

Flags:`)
		fs.PrintDefaults()
	}
	return fs
}

func runVerify(args []string, stdout, stderr io.Writer) int {
	var f verifyFlags
	fs := newVerifyFlagSet(&f, stderr)
	pos, code, done := parseArgs(fs, args, stdout, stderr)
	if done {
		return code
	}
	if len(pos) > 0 {
		fmt.Fprintf(stderr, "ecmock verify: unexpected arguments %q (pacts go after --pact)\n", pos)
		return 2
	}
	if err := f.validate(); err != nil {
		fmt.Fprintln(stderr, "ecmock verify:", err)
		return 2
	}
	// What would verify nothing fails before the verifier runs.
	local, err := f.localPacts(stderr)
	if err != nil {
		fmt.Fprintln(stderr, "ecmock verify:", err)
		return 1
	}
	if !pactBuild {
		fmt.Fprintln(stderr, "ecmock verify:", errNoPact)
		return 2
	}
	if key, secret, why := pactsAccount(local); key != "" {
		if f.account == "" {
			f.account = key
			fmt.Fprintf(stdout, "ecmock verify: provider states use account %s (%s; --account overrides)\n", key, why)
		}
		if f.accountSecret == "" && f.account == key {
			f.accountSecret = secret
		}
	}
	srv, err := mock.Start(mock.Options{Auth: "open", Timing: f.timing, Seed: f.seed, Scenarios: f.scenarios})
	if err != nil {
		fmt.Fprintln(stderr, "ecmock verify: starting ecmock:", err)
		return 2
	}
	defer srv.Close()
	// The state-change handler with this run's defaults, on its own port.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(stderr, "ecmock verify:", err)
		return 2
	}
	stateLog := &stateFailures{h: srv.Core().PactStates(pactstate.Options{Account: f.account, Region: f.region, AccountSecret: f.accountSecret})}
	states := &http.Server{Handler: stateLog, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = states.Serve(ln) }()
	defer states.Close()
	run := verifyRun{flags: f, providerURL: srv.URL(), stateURL: "http://" + ln.Addr().String() + "/"}
	fmt.Fprintf(stdout, "ecmock verify: ecmock at %s (open auth, %s timing), provider states at %s\n\n", run.providerURL, f.timing, run.stateURL)
	res, err := verifyPacts(run)
	if err != nil {
		fmt.Fprintln(stderr, "ecmock verify:", err)
		return 2
	}
	if f.jsonOut != "" {
		if err := os.WriteFile(f.jsonOut, res.json, 0o644); err != nil {
			fmt.Fprintln(stderr, "ecmock verify:", err)
			return 2
		}
	}
	sum, err := summarise(res)
	if err != nil {
		fmt.Fprintln(stderr, "ecmock verify:", err)
	}
	fmt.Fprint(stdout, sum)
	if msgs := stateLog.list(); len(msgs) > 0 {
		fmt.Fprintln(stdout, "Provider state changes that failed:")
		for _, m := range msgs {
			fmt.Fprintf(stdout, "  - %s\n", strings.ReplaceAll(m, "\n", "\n    "))
		}
	}
	if res.code != 0 {
		return 1
	}
	if n, ok := verifiedCount(res); ok && n == 0 {
		fmt.Fprintf(stderr, "ecmock verify: FAILED: no interaction was verified: %s\n", f.whyNothing())
		return 1
	}
	return 0
}

// verifiedCount is how many interactions the verifier's result lists.
func verifiedCount(res *verifyResult) (int, bool) {
	var doc verifierDoc
	if len(res.json) == 0 || json.Unmarshal(res.json, &doc) != nil {
		return 0, false
	}
	return len(doc.InteractionResults), true
}

// whyNothing guesses why a run verified no interaction.
func (f *verifyFlags) whyNothing() string {
	var filters []string
	if f.filterDescription != "" {
		filters = append(filters, fmt.Sprintf("--filter-description %q", f.filterDescription))
	}
	if f.filterState != "" {
		filters = append(filters, fmt.Sprintf("--filter-state %q", f.filterState))
	}
	if f.filterNoState {
		filters = append(filters, "--filter-no-state")
	}
	if len(filters) > 0 {
		return "no interaction matches " + strings.Join(filters, " and ")
	}
	if f.brokerURL != "" {
		return fmt.Sprintf("the broker has no pacts for provider %q with these selectors", f.provider)
	}
	return fmt.Sprintf("the pacts have no interactions for provider %q", f.provider)
}

func (f *verifyFlags) validate() error {
	if len(f.pacts) == 0 && f.brokerURL == "" {
		return errors.New("nothing to verify: give --pact FILE|DIR|URL (repeatable) or --broker-url")
	}
	if f.publish && (f.providerVersion == "" || f.brokerURL == "") {
		return errors.New("--publish needs --provider-version and --broker-url")
	}
	if (f.enablePending || f.includeWIPSince != "" || len(f.selectors) > 0 || len(f.consumerTags) > 0) && f.brokerURL == "" {
		return errors.New("--enable-pending, --include-wip-pacts-since, --consumer-version-selector and --consumer-version-tag apply to pacts from a broker: give --broker-url")
	}
	for _, s := range f.selectors {
		var v map[string]any
		if err := json.Unmarshal([]byte(s), &v); err != nil {
			return fmt.Errorf("--consumer-version-selector %q is not a JSON object: %v", s, err)
		}
	}
	if f.includeWIPSince != "" {
		if _, err := time.Parse("2006-01-02", f.includeWIPSince); err != nil {
			return fmt.Errorf("--include-wip-pacts-since must be YYYY-MM-DD, not %q", f.includeWIPSince)
		}
	}
	switch f.timing {
	case "instant", "fast", "realistic":
	default:
		return fmt.Errorf("--timing must be instant, fast or realistic, not %q", f.timing)
	}
	for _, p := range f.pacts {
		if strings.HasPrefix(p, "http://") || strings.HasPrefix(p, "https://") {
			continue
		}
		if _, err := os.Stat(p); err != nil {
			return fmt.Errorf("--pact %s: %v", p, err)
		}
	}
	return nil
}

// verifierDoc is the part of the verifier's result document the summary
// reads: one error (or pending error) per failed interaction.
type verifierDoc struct {
	Result             bool           `json:"result"`
	Errors             []verifierFail `json:"errors"`
	PendingErrors      []verifierFail `json:"pendingErrors"`
	InteractionResults []struct {
		Description string `json:"description"`
		Result      string `json:"result"`
	} `json:"interactionResults"`
}

type verifierFail struct {
	Interaction string          `json:"interaction"`
	Mismatch    json.RawMessage `json:"mismatch"`
}

// summarise renders the result as a short summary: verified or not, and
// each failed interaction with its mismatches.
func summarise(res *verifyResult) (string, error) {
	var b strings.Builder
	if len(res.json) == 0 {
		fmt.Fprintf(&b, "\nverification %s (no result document)\n", verdict(res.code))
		return b.String(), nil
	}
	var doc verifierDoc
	if err := json.Unmarshal(res.json, &doc); err != nil {
		fmt.Fprintf(&b, "\nverification %s\n", verdict(res.code))
		return b.String(), fmt.Errorf("reading the verifier's result: %v", err)
	}
	byResult := map[string]int{}
	for _, r := range doc.InteractionResults {
		byResult[r.Result]++
	}
	fmt.Fprintf(&b, "\nSummary: %d interaction(s): %d passed, %d failed", len(doc.InteractionResults),
		byResult["OK"], len(doc.Errors))
	if len(doc.PendingErrors) > 0 {
		fmt.Fprintf(&b, ", %d pending failed (reported, not failing the run)", len(doc.PendingErrors))
	}
	b.WriteString("\n")
	list := func(title string, fails []verifierFail) {
		if len(fails) == 0 {
			return
		}
		sort.SliceStable(fails, func(i, j int) bool { return fails[i].Interaction < fails[j].Interaction })
		fmt.Fprintf(&b, "%s:\n", title)
		for _, e := range fails {
			fmt.Fprintf(&b, "  FAILED  %s\n", e.Interaction)
			for _, m := range mismatchLines(e.Mismatch) {
				fmt.Fprintf(&b, "          - %s\n", m)
			}
		}
	}
	list("Failed interactions", doc.Errors)
	list("Pending interactions that failed", doc.PendingErrors)
	if len(doc.InteractionResults) == 0 && res.code == 0 {
		b.WriteString("verification FAILED (no interaction was verified)\n")
		return b.String(), nil
	}
	fmt.Fprintf(&b, "verification %s\n", verdict(res.code))
	return b.String(), nil
}

func verdict(code int) string {
	if code == 0 {
		return "PASSED"
	}
	return fmt.Sprintf("FAILED (verifier exit %d)", code)
}

// mismatchLines reads the verifier's mismatch object: {"type":
// "mismatches", "mismatches": [{"mismatch": "...", ...}]} or {"type":
// "error", "message": "..."}.
func mismatchLines(raw json.RawMessage) []string {
	var m struct {
		Type       string `json:"type"`
		Message    string `json:"message"`
		Mismatches []struct {
			Type     string `json:"type"`
			Path     string `json:"path"`
			Mismatch string `json:"mismatch"`
			Expected any    `json:"expected"`
			Actual   any    `json:"actual"`
		} `json:"mismatches"`
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		return []string{strings.TrimSpace(string(raw))}
	}
	var out []string
	if m.Message != "" {
		out = append(out, m.Message)
	}
	for _, x := range m.Mismatches {
		line := x.Mismatch
		if line == "" {
			line = fmt.Sprintf("expected %v, got %v", x.Expected, x.Actual)
		}
		if x.Path != "" && !strings.Contains(line, x.Path) {
			line = x.Path + ": " + line
		}
		out = append(out, strings.ReplaceAll(line, "\n", " "))
	}
	if len(out) == 0 {
		out = append(out, strings.TrimSpace(string(raw)))
	}
	return out
}

// stateFailures serves the state-change handler and remembers why a state
// change failed: the Pact verifier only says that one did.
type stateFailures struct {
	h    http.Handler
	mu   sync.Mutex
	msgs []string
}

func (s *stateFailures) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rec := httptest.NewRecorder()
	s.h.ServeHTTP(rec, r)
	if rec.Code >= 400 {
		var e struct {
			Error string `json:"error"`
		}
		msg := strings.TrimSpace(rec.Body.String())
		if json.Unmarshal(rec.Body.Bytes(), &e) == nil && e.Error != "" {
			msg = e.Error
		}
		if i := strings.Index(msg, "; ecmock knows these"); i > 0 {
			msg = msg[:i] + " (see contracts/README.md for the vocabulary)"
		}
		s.mu.Lock()
		s.msgs = append(s.msgs, msg)
		s.mu.Unlock()
	}
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.Code)
	_, _ = w.Write(rec.Body.Bytes())
}

func (s *stateFailures) list() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.msgs...)
}
