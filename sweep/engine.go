package sweep

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/ecmock/ecmock/internal/catalog"
	"github.com/ecmock/ecmock/internal/chaos"
	"github.com/ecmock/ecmock/internal/journal"
	"github.com/ecmock/ecmock/internal/store"
)

// result is how one run of the workflow ended.
type result struct {
	exit   int
	hung   bool
	output string
}

// runner runs the workflow once against env; it returns when the run ends
// or at env.Context's end (then hung).
type runner func(env Env) result

// Sweeper runs a sweep: the baseline, the plan, the variants.
type Sweeper struct {
	opts Options
	cat  *catalog.Catalog
	be   backend
	run  runner
	// gone are the statuses whose transition leads to "-" (a deletion in
	// progress), by type.
	gone map[string]bool
}

func newSweeper(o Options, run runner) (*Sweeper, error) {
	if err := o.defaults(); err != nil {
		return nil, err
	}
	s := &Sweeper{opts: o, cat: catalog.MustLoad(), run: run, gone: map[string]bool{}}
	if err := CheckCodes(s.cat, o.Codes); err != nil {
		return nil, err
	}
	if o.Server != "" {
		rb, err := newRemote(&s.opts)
		if err != nil {
			return nil, err
		}
		if !rb.accounts {
			s.opts.Parallel = 1
		}
		s.be = rb
	} else {
		s.be = localBackend{o: &s.opts}
	}
	for _, p := range s.cat.Products {
		for typ, trs := range p.Lifecycles {
			for _, tr := range trs {
				if tr.To == store.Gone {
					s.gone[typ+":"+tr.From] = true
				}
			}
		}
	}
	return s, nil
}

// once runs the workflow on fresh state with rules armed and returns the run
// with its journal and final resources.
func (s *Sweeper) once(name string, arm func(instance) []chaos.Rule) (res result, calls []journal.Entry, rs []store.Resource,
	hits map[string]int64, dur time.Duration, err error) {
	inst, err := s.be.open()
	if err != nil {
		return res, nil, nil, nil, 0, fmt.Errorf("starting ecmock: %w", err)
	}
	defer inst.close()
	if rules := arm(inst); len(rules) > 0 {
		if err := inst.addFaults(rules...); err != nil {
			return res, nil, nil, nil, 0, fmt.Errorf("arming the fault: %w", err)
		}
	}
	env := inst.env()
	env.Variant = name
	ctx, cancel := context.WithTimeout(context.Background(), s.opts.Timeout)
	defer cancel()
	env.Context = ctx
	start := time.Now()
	res = s.run(env)
	dur = time.Since(start)
	if calls, err = inst.journal(); err != nil {
		return
	}
	if rs, err = inst.resources(); err != nil {
		return
	}
	hits, err = inst.hits()
	return
}

// observeRules are lifecycle rules that change nothing under instant timing
// (at once, to the profile's next status) and count the resources they see in
// each transitional status: how the baseline learns the statuses its
// resources went through.
func (s *Sweeper) observeRules() ([]chaos.Rule, map[string]string) {
	var rules []chaos.Rule
	names := map[string]string{}
	for _, pn := range s.cat.ProductNames() {
		p := s.cat.Products[pn]
		for _, t := range p.LifecycleTypes() {
			for _, tr := range p.Lifecycles[t] {
				n := fmt.Sprintf("sweep-observe-%d", len(rules)+1)
				rules = append(rules, chaos.Rule{Name: n, Lifecycle: &chaos.Lifecycle{Type: t, From: tr.From}})
				names[n] = t + ":" + tr.From
			}
		}
	}
	return rules, names
}

// Baseline runs the workflow without faults. A run that does not exit 0 is
// an error (the sweep cannot judge variants against it).
func (s *Sweeper) Baseline() (*Baseline, error) {
	var names map[string]string
	observe := false
	res, calls, rs, hits, dur, err := s.once("baseline", func(inst instance) []chaos.Rule {
		if observe = inst.observable(); !observe {
			return nil
		}
		var rules []chaos.Rule
		rules, names = s.observeRules()
		return rules
	})
	if err != nil {
		return nil, err
	}
	b := &Baseline{Trace: trace(calls), State: stateOf(rs), ExitCode: res.exit, Output: res.output, Duration: dur}
	if res.hung {
		return b, fmt.Errorf("the baseline run (no faults) did not end within %s", s.opts.Timeout)
	}
	if res.exit != 0 {
		return b, fmt.Errorf("the baseline run (no faults) failed with exit code %d", res.exit)
	}
	if len(b.Trace) == 0 {
		return b, fmt.Errorf("the baseline run made no call to ecmock: is the client aimed at ECMOCK_ENDPOINT?")
	}
	if observe {
		for n, h := range hits {
			if h > 0 && names[n] != "" {
				b.Transitional = append(b.Transitional, names[n])
			}
		}
	} else {
		b.Transitional = s.transitionalOf(b.Trace)
	}
	sort.Strings(b.Transitional)
	return b, nil
}

// transitionalOf guesses the transitional statuses of a trace from the
// catalogue (used when the baseline cannot observe them): every automatic
// transition of the resource types its actions work on.
func (s *Sweeper) transitionalOf(tr []Call) []string {
	seen := map[string]bool{}
	var out []string
	for _, c := range tr {
		a := s.cat.Action(c.Product, c.Action)
		if a == nil || a.Resource == "" {
			continue
		}
		for _, t := range a.ProductOf().Lifecycles[a.Resource] {
			k := a.Resource + ":" + t.From
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	return out
}

// trace turns journal entries into calls numbered per action.
func trace(entries []journal.Entry) []Call {
	n := map[string]int{}
	out := make([]Call, 0, len(entries))
	for _, e := range entries {
		if e.Action == "" || e.Account == "" {
			continue // not authenticated: the fault engine never saw it
		}
		n[e.Action]++
		out = append(out, Call{Action: e.Action, N: n[e.Action], Product: e.Product, Code: e.Code, Status: e.Status,
			Time: e.Time, Params: e.Params, Rule: e.Rule, Network: e.Network})
	}
	return out
}

func stateOf(rs []store.Resource) []string {
	out := make([]string, 0, len(rs))
	for _, r := range rs {
		out = append(out, r.Type+"/"+r.Status)
	}
	sort.Strings(out)
	return out
}

// Plan lists the variants of a baseline, in trace order; variants that would
// repeat a trace already planned are marked skipped (equivalent).
func (s *Sweeper) Plan(b *Baseline) []*Variant {
	var out []*Variant
	seen := map[string]string{}
	add := func(v *Variant) {
		v.FaultName = v.Fault.String()
		v.Name = v.Call + " " + v.FaultName
		if first, dup := seen[v.key]; dup {
			v.Skipped = "equivalent to " + first
		} else {
			seen[v.key] = v.Name
		}
		out = append(out, v)
	}
	var canon []string // the trace so far, runs of identical calls collapsed
	for i, c := range b.Trace {
		sig := c.Action + "?" + paramsSig(c.Params, "") + "=" + c.Code
		if len(canon) == 0 || canon[len(canon)-1] != sig {
			canon = append(canon, sig)
		}
		prefix := strings.Join(canon, "\n")
		for _, f := range s.faultsFor(c) {
			add(&Variant{Call: c.ID(), Action: c.Action, Fault: f, index: i, key: prefix + "\n!" + f.String()})
		}
	}
	if s.opts.class(FaultLifecycle) {
		for _, ts := range b.Transitional {
			typ, from, _ := strings.Cut(ts, ":")
			call := typ + ":" + from
			for _, f := range s.lifecycleFaults(typ, from) {
				add(&Variant{Call: call, Fault: f, index: -1, key: call + "!" + f.String()})
			}
		}
	}
	return out
}

// faultsFor lists the error and network faults a call can meet.
func (s *Sweeper) faultsFor(c Call) []Fault {
	var out []Fault
	a := s.cat.Action(c.Product, c.Action)
	if s.opts.class(FaultErrors) && a != nil {
		seen := map[string]bool{}
		consider := func(e *catalog.ErrorDef) {
			if seen[e.Code] || strings.Contains(e.Code, "%s") {
				return
			}
			seen[e.Code] = true
			if len(s.opts.Codes) > 0 {
				if !codeMatches(s.opts.Codes, e.Code, e.Kind) {
					return
				}
			} else if !catalog.Swept(e.Kind) {
				return
			}
			out = append(out, Fault{Class: FaultErrors, Code: e.Code, Kind: e.Kind})
		}
		for _, e := range a.Errors {
			consider(e)
		}
		for _, e := range s.cat.CommonErrors() {
			consider(e)
		}
	}
	if s.opts.class(FaultNetwork) {
		out = append(out, Fault{Class: FaultNetwork, Network: "reset"},
			Fault{Class: FaultNetwork, Network: "delay", Delay: 2 * s.opts.CallTimeout})
	}
	return out
}

// lifecycleFaults are the faults of a transitional status: held for N reads,
// never left, diverted to the documented failure status.
func (s *Sweeper) lifecycleFaults(typ, from string) []Fault {
	out := []Fault{
		{Class: FaultLifecycle, Lifecycle: "hold", Type: typ, From: from, Reads: s.opts.Reads},
		{Class: FaultLifecycle, Lifecycle: "never", Type: typ, From: from},
	}
	for _, p := range s.cat.Products {
		for _, tr := range p.Lifecycles[typ] {
			if tr.From == from && tr.Failure != "" {
				out = append(out, Fault{Class: FaultLifecycle, Lifecycle: "divert", Type: typ, From: from, To: tr.Failure})
			}
		}
	}
	return out
}

// paramsSig is a stable text of parameters without idempotency tokens.
func paramsSig(p map[string]string, tokenParam string) string {
	keys := make([]string, 0, len(p))
	for k := range p {
		if k == "ClientToken" || k == "Token" || k == tokenParam {
			continue
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		b.WriteString(k)
		b.WriteByte('=')
		b.WriteString(p[k])
		b.WriteByte('&')
	}
	return b.String()
}

const faultRule = "sweep-fault"

// rule is the fault rule of a variant: it fires once, at its call.
func (s *Sweeper) rule(v *Variant, b *Baseline) chaos.Rule {
	f := v.Fault
	if f.Class == FaultLifecycle {
		l := &chaos.Lifecycle{Type: f.Type, From: f.From}
		switch f.Lifecycle {
		case "hold":
			l.Reads = f.Reads
		case "never":
			l.Never = true
		case "divert":
			l.To = f.To
		}
		return chaos.Rule{Name: faultRule, Lifecycle: l}
	}
	c := b.Trace[v.index]
	r := chaos.Rule{Name: faultRule, Match: chaos.Match{Product: c.Product, Action: c.Action},
		When: chaos.When{Calls: fmt.Sprint(c.N)}, Do: &chaos.Effect{}}
	switch {
	case f.Class == FaultErrors:
		r.Do.Error = f.Code
	case f.Network == "reset":
		r.Do.Network = "reset"
	default:
		r.Do.Delay = f.Delay
	}
	return r
}

// RunVariant runs one variant and fills its outcome (or Skipped when the
// fault never fired).
func (s *Sweeper) RunVariant(v *Variant, b *Baseline) error {
	if v.Skipped != "" {
		return nil
	}
	res, calls, rs, hits, dur, err := s.once(v.Name, func(instance) []chaos.Rule { return []chaos.Rule{s.rule(v, b)} })
	if err != nil {
		return err
	}
	v.Duration, v.Output, v.ExitCode = dur, res.output, res.exit
	if !res.hung && hits[faultRule] == 0 {
		v.Skipped = "not reached"
		return nil
	}
	s.judge(v, b, res, calls, rs)
	return nil
}

// judge classifies a run and analyses the calls after the fault.
func (s *Sweeper) judge(v *Variant, b *Baseline, res result, entries []journal.Entry, rs []store.Resource) {
	held := func(r store.Resource) bool {
		f := v.Fault
		return f.Class == FaultLifecycle && f.Lifecycle != "divert" && r.Type == f.Type && r.Status == f.From
	}
	for _, r := range rs {
		if held(r) {
			v.Held = append(v.Held, r.Type+" "+r.Status+" "+r.ID)
		}
	}
	switch {
	case res.hung:
		v.Outcome = Hung
	case res.exit == 0:
		v.Diff = diff(b.State, stateOf(rs))
		v.Outcome = OK
		if len(v.Diff) > 0 {
			v.Outcome = Diverged
		}
	default:
		for _, r := range rs {
			if held(r) || s.gone[r.Type+":"+r.Status] || r.CreatedBy == "fixture" {
				continue
			}
			if code := s.blocked(v, r, entries); code != "" {
				v.Held = append(v.Held, fmt.Sprintf("%s %s %s (its removal answered %s)", r.Type, r.Status, r.ID, code))
				continue
			}
			v.Leftovers = append(v.Leftovers, r.Type+" "+r.Status+" "+r.ID)
		}
		v.Outcome = FailedClean
		if len(v.Leftovers) > 0 {
			v.Outcome = FailedDirty
		}
	}
	s.retries(v, trace(entries))
}

// blocked says whether a resource left by a run whose fault holds another
// resource forever was one the client tried to remove and the service
// refused with a lock, state or dependency code — the held resource blocks
// it, so it is not the client's leak. It returns the code ("" otherwise).
func (s *Sweeper) blocked(v *Variant, r store.Resource, entries []journal.Entry) string {
	if v.Fault.Class != FaultLifecycle || v.Fault.Lifecycle != "never" {
		return ""
	}
	for _, e := range entries {
		if e.Code == "" || !strings.HasPrefix(e.Action, "Delete") {
			continue
		}
		names := false
		for _, val := range e.Params {
			if val == r.ID {
				names = true
				break
			}
		}
		if !names {
			continue
		}
		kind := catalog.DefaultKind(e.Code)
		if a := s.cat.Action(e.Product, e.Action); a != nil {
			if res, ok := a.Error(e.Code); ok {
				kind = res.Def.Kind
			}
		}
		if kind == catalog.KindLock || kind == catalog.KindState || kind == catalog.KindDependency {
			return e.Code
		}
	}
	return ""
}

// retries analyses the calls after the faulted one.
func (s *Sweeper) retries(v *Variant, tr []Call) {
	// fastest poll: the shortest gap between two identical reads in a row
	for i := 1; i < len(tr); i++ {
		a := s.cat.Action(tr[i].Product, tr[i].Action)
		if a == nil || a.Mutating || tr[i].Action != tr[i-1].Action || paramsSig(tr[i].Params, "") != paramsSig(tr[i-1].Params, "") {
			continue
		}
		if d := tr[i].Time.Sub(tr[i-1].Time); d >= 0 && (!v.Polled || d < v.FastestPoll) {
			v.FastestPoll, v.Polled = d, true
		}
	}
	at := -1
	for i, c := range tr {
		if c.Rule == faultRule {
			at = i
			break
		}
	}
	if at < 0 { // lifecycle faults: no faulted call
		return
	}
	failed := tr[at]
	a := s.cat.Action(failed.Product, failed.Action)
	tp := ""
	if a != nil {
		tp = a.Idempotency
	}
	sig := paramsSig(failed.Params, tp)
	token := ""
	if tp != "" {
		token = failed.Params[tp]
	}
	reused := true
	for _, c := range tr[at+1:] {
		code := c.Code
		if code == "" {
			code = "OK"
		}
		if len(v.CallsAfter) < 200 {
			v.CallsAfter = append(v.CallsAfter, c.Action+" "+code)
		}
		if c.Action == failed.Action && paramsSig(c.Params, tp) == sig {
			v.Retries++
			if token == "" || c.Params[tp] != token {
				reused = false
			}
		}
	}
	if v.Retries > 0 && token != "" {
		v.ReusedToken = &reused
	}
	if v.Fault.Class == FaultErrors && v.Retries > 0 && !catalog.Retryable(v.Fault.Kind) {
		v.NonRetryableRetried = true
	}
}

// diff compares two sorted multisets of "Type/Status".
func diff(want, got []string) []string {
	count := map[string]int{}
	for _, s := range want {
		count[s]--
	}
	for _, s := range got {
		count[s]++
	}
	keys := make([]string, 0, len(count))
	for k := range count {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []string
	for _, k := range keys {
		for n := count[k]; n > 0; n-- {
			out = append(out, "+"+k)
		}
		for n := count[k]; n < 0; n++ {
			out = append(out, "-"+k)
		}
	}
	return out
}

// All runs the baseline, plans, runs every variant (Parallel at once) and
// returns the report. An error means the sweep could not be judged (bad
// baseline, a server that cannot start); the report then holds what ran.
func (s *Sweeper) All(command string) (*Report, error) {
	start := time.Now()
	rep := &Report{Command: command, FailOn: s.opts.FailOn}
	b, err := s.Baseline()
	rep.Baseline = b
	if err != nil {
		return rep, err
	}
	rep.Variants = s.Plan(b)
	var todo []*Variant
	for _, v := range rep.Variants {
		if v.Skipped == "" {
			todo = append(todo, v)
		}
	}
	var mu sync.Mutex
	done := 0
	counts := map[string]int{}
	progress := func(v *Variant) {
		if s.opts.Progress == nil {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		if v != nil {
			done++
			if v.Outcome != "" {
				counts[v.Outcome]++
			} else {
				counts["skipped"]++
			}
		}
		cp := make(map[string]int, len(counts))
		for k, n := range counts {
			cp[k] = n
		}
		s.opts.Progress(Progress{Done: done, Total: len(todo), Counts: cp, Last: v})
	}
	progress(nil)
	jobs := make(chan *Variant)
	var wg sync.WaitGroup
	var firstErr error
	for w := 0; w < s.opts.Parallel; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for v := range jobs {
				if err := s.RunVariant(v, b); err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = fmt.Errorf("%s: %w", v.Name, err)
					}
					mu.Unlock()
				}
				progress(v)
			}
		}()
	}
	for _, v := range todo {
		jobs <- v
	}
	close(jobs)
	wg.Wait()
	rep.tally()
	rep.Duration = time.Since(start)
	return rep, firstErr
}
