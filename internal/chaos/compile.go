package chaos

import (
	"math"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/ecmock/ecmock/internal/catalog"
)

// Network effects.
var networkKinds = []string{"reset", "drop", "truncate", "slow"}

// Timing profiles a scenario may name.
var timingProfiles = []string{"instant", "fast", "realistic"}

// TransientKeyword selects the codes the catalogue marks transient.
const TransientKeyword = "transient"

var nameRE = regexp.MustCompile(`^[A-Za-z0-9._-]{1,128}$`)

// compiled is a rule checked against the catalogue, with its counters.
type compiled struct {
	Rule
	seq   int64
	added time.Time
	calls []span
	// key is the index key: "Product.Action", "Product" or "".
	key string
	// codes are the error codes the rule may answer, by "Product.Action";
	// nil when the rule answers no error. An action absent from a non-nil
	// map is one whose catalogue documents none of the rule's codes: the rule
	// does not apply to it.
	codes map[string][]string
	// types limits a lifecycle rule given a product to that product's types.
	types map[string]bool

	matched, hits int64
	buckets       map[string]*bucket
	shaped        map[string]struct{}
}

// compile checks a rule against the catalogue. Every mistake is reported.
func (e *Engine) compile(r Rule) (*compiled, Errors) {
	var es Errors
	c := &compiled{Rule: r}
	if r.Name != "" && !nameRE.MatchString(r.Name) {
		r.errAt(&es, "name", "%q: a rule name uses letters, digits, '.', '_' and '-' only (at most 128)", r.Name)
	}
	switch {
	case r.Do == nil && r.Lifecycle == nil:
		r.errAt(&es, "", "a rule needs do (what happens to matching calls) or lifecycle (how matching resources move)")
		return nil, es
	case r.Do != nil && r.Lifecycle != nil:
		r.errAt(&es, "lifecycle", "a rule has either do or lifecycle, not both: make two rules")
		return nil, es
	}
	scope := e.scope(&r, &es)
	if r.Do != nil {
		e.compileCall(c, scope, &es)
	} else {
		e.compileLifecycle(c, scope, &es)
	}
	if len(es) > 0 {
		return nil, es
	}
	return c, nil
}

// scope is the actions a rule's product/action matchers allow.
func (e *Engine) scope(r *Rule, es *Errors) []*catalog.Action {
	cat := e.cfg.Catalog
	m := r.Match
	if m.Product != "" && cat.Products[m.Product] == nil {
		r.errAt(es, "match.product", "unknown product %q (known: %s)", m.Product, strings.Join(cat.ProductNames(), ", "))
		return nil
	}
	if m.Action != "" {
		var a *catalog.Action
		if m.Product != "" {
			a = cat.Action(m.Product, m.Action)
		} else {
			a = cat.FindAction(m.Action)
		}
		if a == nil {
			where := "the catalogue"
			if m.Product != "" {
				where = "product " + m.Product
			}
			r.errAt(es, "match.action", "unknown action %q in %s (`ecmock spec` lists every action)%s", m.Action, where, suggest(m.Action, e.allActionNames()))
			return nil
		}
		return []*catalog.Action{a}
	}
	var out []*catalog.Action
	for _, pn := range cat.ProductNames() {
		if m.Product != "" && pn != m.Product {
			continue
		}
		p := cat.Products[pn]
		for _, an := range p.ActionNames() {
			out = append(out, p.Actions[an])
		}
	}
	return out
}

func (e *Engine) allActionNames() []string {
	var out []string
	for _, pn := range e.cfg.Catalog.ProductNames() {
		out = append(out, e.cfg.Catalog.Products[pn].ActionNames()...)
	}
	return out
}

// suggest proposes a close name ("; did you mean X?").
func suggest(s string, names []string) string {
	best, bestD := "", 4
	ls := strings.ToLower(s)
	for _, n := range names {
		if d := distance(ls, strings.ToLower(n)); d < bestD {
			best, bestD = n, d
		}
	}
	if best == "" {
		return ""
	}
	return "; did you mean " + best + "?"
}

func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func actionKey(a *catalog.Action) string { return a.Product + "." + a.Name }

func (e *Engine) compileCall(c *compiled, scope []*catalog.Action, es *Errors) {
	r := &c.Rule
	w := r.When
	if w.Calls != "" {
		spans, err := parseCalls(w.Calls)
		if err != nil {
			r.errAt(es, "when.calls", "%v", err)
		}
		c.calls = spans
	}
	if w.Every < 0 {
		r.errAt(es, "when.every", "must be 1 or more (every k-th matching call)")
	}
	if w.Probability < 0 || w.Probability > 1 {
		r.errAt(es, "when.probability", "must be between 0 and 1, not %v", w.Probability)
	}
	if w.Limit < 0 {
		r.errAt(es, "when.limit", "must not be negative")
	}
	if w.From < 0 || w.Until < 0 {
		r.errAt(es, "when.from", "a window must not be negative")
	}
	if w.Until > 0 && w.Until <= w.From {
		r.errAt(es, "when.until", "until (%v) must be after from (%v)", w.Until, w.From)
	}
	d := r.Do
	if d.Error == "" && d.Delay == 0 && d.DelayMax == 0 && d.Network == "" && d.Throttle == nil {
		r.errAt(es, "do", "an effect needs at least one of error, delay, network, throttle")
	}
	if d.Network != "" && !contains(networkKinds, d.Network) {
		r.errAt(es, "do.network", "unknown network fault %q (known: %s)", d.Network, strings.Join(networkKinds, ", "))
	}
	if (d.Network == "reset" || d.Network == "drop") && d.Error != "" {
		r.errAt(es, "do.error", "network %s closes the connection before any answer: the error would never be seen", d.Network)
	}
	if (d.Chunk != 0 || d.Pause != 0) && d.Network != "slow" {
		r.errAt(es, "do.chunk", "chunk and pause shape network: slow only")
	}
	if d.Chunk < 0 {
		r.errAt(es, "do.chunk", "must be 1 byte or more")
	}
	if d.Delay < 0 || d.DelayMax < 0 {
		r.errAt(es, "do.delay", "must not be negative")
	}
	if d.DelayMax > 0 && d.DelayMax < d.Delay {
		r.errAt(es, "do.delay", "max (%v) is below min (%v)", d.DelayMax, d.Delay)
	}
	if d.Delay > MaxDelay || d.DelayMax > MaxDelay {
		r.errAt(es, "do.delay", "must be at most %v (a call held longer is a dropped call: use network: drop)", MaxDelay)
	}
	if d.Pause < 0 || d.Pause > MaxDelay {
		r.errAt(es, "do.pause", "must be between 0 and %v", MaxDelay)
	}
	if d.Status != 0 && !d.Force {
		r.errAt(es, "do.status", "the HTTP status comes from the catalogue; set force: true to choose it")
	}
	if d.Status != 0 && (d.Status < 100 || d.Status > 599) {
		r.errAt(es, "do.status", "must be an HTTP status (100-599), not %d", d.Status)
	}
	if d.Force && d.Error == "" {
		r.errAt(es, "do.code", "force: true needs the code to answer (error or code)")
	}
	if d.Force && strings.ContainsAny(d.Error, "|") {
		r.errAt(es, "do.error", "a forced rule answers exactly one code")
	}
	if t := d.Throttle; t != nil {
		if t.Rate <= 0 || math.IsInf(t.Rate, 0) || math.IsNaN(t.Rate) {
			r.errAt(es, "do.throttle.rate", "must be a positive rate such as \"2/s\"")
		}
		if t.Burst < 0 {
			r.errAt(es, "do.throttle.burst", "must not be negative")
		}
	}
	// Error codes per action in scope.
	alts := []string{}
	if d.Error != "" {
		alts = strings.Split(d.Error, "|")
	} else if d.Throttle != nil {
		alts = []string{"Throttling.User"}
	}
	if len(alts) > 0 {
		c.codes = map[string][]string{}
		for _, alt := range alts {
			alt = strings.TrimSpace(alt)
			if alt == "" {
				r.errAt(es, "do.error", "an empty code")
				continue
			}
			found := false
			for _, a := range scope {
				var codes []string
				if d.Force {
					codes = []string{alt}
				} else {
					codes = e.resolve(a, alt)
				}
				if len(codes) == 0 {
					continue
				}
				found = true
				k := actionKey(a)
				c.codes[k] = appendNew(c.codes[k], codes...)
			}
			if !found && len(scope) > 0 {
				e.undocumented(r, scope, alt, es)
			}
		}
	}
	switch {
	case r.Match.Action != "" && len(scope) == 1:
		c.key = actionKey(scope[0])
	case r.Match.Product != "":
		c.key = r.Match.Product
	}
}

func appendNew(list []string, codes ...string) []string {
	for _, c := range codes {
		if !contains(list, c) {
			list = append(list, c)
		}
	}
	return list
}

// resolve turns a code, a family or "transient" into concrete codes of an
// action: its own documented code, a common code, its codes of the family
// (templated codes such as IllegalParamFormat.%s excluded: name one), the
// common codes of the family.
func (e *Engine) resolve(a *catalog.Action, code string) []string {
	cat := e.cfg.Catalog
	if code == TransientKeyword {
		var out []string
		for _, d := range a.Errors {
			if d.Transient && !strings.Contains(d.Code, "%s") {
				out = append(out, d.Code)
			}
		}
		for _, d := range cat.CommonErrors() {
			if d.Transient && !strings.Contains(d.Code, "%s") {
				out = appendNew(out, d.Code)
			}
		}
		return out
	}
	if strings.Contains(code, "%s") {
		return nil
	}
	if _, ok := a.Error(code); ok {
		return []string{code}
	}
	if _, ok := cat.CommonError(code); ok {
		return []string{code}
	}
	var out []string
	for _, d := range a.Family(code) {
		if !strings.Contains(d.Code, "%s") {
			out = append(out, d.Code)
		}
	}
	if len(out) > 0 {
		return out
	}
	for _, d := range cat.CommonErrors() {
		if strings.HasPrefix(d.Code, code+".") && !strings.Contains(d.Code, "%s") {
			out = append(out, d.Code)
		}
	}
	return out
}

func (e *Engine) undocumented(r *Rule, scope []*catalog.Action, code string, es *Errors) {
	if len(scope) == 1 {
		a := scope[0]
		var codes []string
		for _, d := range a.Errors {
			codes = append(codes, d.Code)
		}
		list := "none"
		if len(codes) > 0 {
			list = strings.Join(codes, ", ")
		}
		hint := ""
		for _, d := range a.Errors {
			if strings.Contains(d.Code, "%s") && strings.HasPrefix(d.Code, code) {
				hint = "; " + d.Code + " is a template: name the parameter, e.g. " + strings.Replace(d.Code, "%s", "Name", 1)
			}
		}
		r.errAt(es, "do.error", "%s %s does not document %q (its codes: %s; common codes: %s; families such as QuotaExceeded or Conflict pick among its codes)%s; set force: true to answer an undocumented code",
			a.Product, a.Name, code, list, strings.Join(e.commonCodes(), ", "), hint)
		return
	}
	r.errAt(es, "do.error", "%q is documented for none of the %d actions this rule matches (nor a common code: %s); name the action in match.action, or set force: true",
		code, len(scope), strings.Join(e.commonCodes(), ", "))
}

func (e *Engine) commonCodes() []string {
	var out []string
	for _, d := range e.cfg.Catalog.CommonErrors() {
		out = append(out, d.Code)
	}
	return out
}

// knownTypes lists the resource types of the catalogue (lifecycles and
// actions' resources) and of the products (fixture defaults).
func (e *Engine) knownTypes() []string {
	set := map[string]bool{}
	cat := e.cfg.Catalog
	for _, p := range cat.Products {
		for t := range p.Lifecycles {
			set[t] = true
		}
		for _, a := range p.Actions {
			if a.Resource != "" {
				set[a.Resource] = true
			}
		}
	}
	if e.cfg.ResourceTypes != nil {
		for _, t := range e.cfg.ResourceTypes() {
			set[t] = true
		}
	}
	return sortedKeys(set)
}

// hasTransition reports whether the catalogue moves a type (any when typ is
// "" or, with types, one of them) out of status from on its own.
func (e *Engine) hasTransition(typ, from string, types map[string]bool) bool {
	for _, p := range e.cfg.Catalog.Products {
		for t, trs := range p.Lifecycles {
			if typ != "" && t != typ {
				continue
			}
			if types != nil && !types[t] {
				continue
			}
			for _, tr := range trs {
				if tr.From == from {
					return true
				}
			}
		}
	}
	return false
}

// checkShape checks a lifecycle shape (a rule's or a timing transition's);
// field prefixes the field names in errors.
func (e *Engine) checkShape(l *Lifecycle, types map[string]bool, needType bool, bad func(field, format string, a ...any)) {
	if l.Type != "" {
		known := e.knownTypes()
		if !contains(known, l.Type) {
			bad("type", "unknown resource type %q (known: %s)%s", l.Type, strings.Join(known, ", "), suggest(l.Type, known))
		}
	} else if needType {
		bad("type", "a transition names its resource type (one of %s)", strings.Join(e.knownTypes(), ", "))
	}
	if l.From == "" {
		bad("from", "the status the transition starts from is required (e.g. Allocating, Attaching)")
	}
	n := 0
	if l.After > 0 {
		n++
	}
	if l.Reads != 0 {
		n++
	}
	if l.Never {
		n++
	}
	if n > 1 {
		bad("after", "give one of after, reads, never")
	}
	if l.Reads < 0 {
		bad("reads", "must be 1 or more")
	}
	if l.To == "" && !l.Never && l.From != "" && !e.hasTransition(l.Type, l.From, types) {
		bad("to", "no automatic transition leaves %q in the catalogue: say where it goes (to: ...)", l.From)
	}
	if l.To != "" && l.To == l.From {
		bad("to", "to equals from (%q): use never: true to hold a status", l.To)
	}
}

func (e *Engine) compileLifecycle(c *compiled, scope []*catalog.Action, es *Errors) {
	r := &c.Rule
	if r.When != (When{}) {
		r.errAt(es, "when", "when applies to calls; a lifecycle rule concerns resources (use lifecycle.after / reads / never)")
	}
	if len(r.Match.Params) > 0 || len(r.Match.JSON) > 0 {
		r.errAt(es, "match.params", "params and json match calls; a lifecycle rule matches resources by resource, type, account, region, action (the creating action) and product")
	}
	if r.Match.Product != "" && r.Match.Action == "" {
		p := e.cfg.Catalog.Products[r.Match.Product]
		if p != nil {
			c.types = map[string]bool{}
			for t := range p.Lifecycles {
				c.types[t] = true
			}
			for _, a := range p.Actions {
				if a.Resource != "" {
					c.types[a.Resource] = true
				}
			}
		}
	}
	var types map[string]bool
	if len(scope) == 1 && r.Match.Action != "" && scope[0].Resource != "" && r.Lifecycle.Type == "" {
		types = map[string]bool{scope[0].Resource: true}
	} else if c.types != nil {
		types = c.types
	}
	e.checkShape(r.Lifecycle, types, false, func(field, format string, a ...any) {
		r.errAt(es, "lifecycle."+field, format, a...)
	})
}

// sortStrings returns a sorted copy.
func sortStrings(in []string) []string {
	out := append([]string(nil), in...)
	sort.Strings(out)
	return out
}
