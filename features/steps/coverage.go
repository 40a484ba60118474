package steps

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"text/tabwriter"
)

// Coverage collects the error codes ecmock answered during a suite, from
// every scenario's journal, and compares them with the codes the catalogue
// documents. A code answered because a fault rule fired counts as injected,
// any other as natural. Safe for concurrent scenarios.
type Coverage struct {
	mu      sync.Mutex
	actions map[string]*codeUse // "Product.Action.Code" (template code)
	common  map[string]*codeUse // common gateway codes, any action
	extra   map[string]*codeUse // answered but not documented for the action
}

type codeUse struct {
	natural, injected int
	scenario          string // first scenario that answered it
}

// CodeRow is one line of the coverage table.
type CodeRow struct {
	Product, Action, Code string
	Status                int
	Natural, Injected     int
	// Scenario is the first scenario that answered the code.
	Scenario string
}

// How says how the code was exercised: natural, injected, natural+injected
// or none.
func (r CodeRow) How() string {
	switch {
	case r.Natural > 0 && r.Injected > 0:
		return "natural+injected"
	case r.Natural > 0:
		return "natural"
	case r.Injected > 0:
		return "injected"
	}
	return "none"
}

// Record adds a scenario's journal.
func (c *Coverage) Record(scenario string, entries []JournalEntry) {
	cat, err := Catalog()
	if err != nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.actions == nil {
		c.actions, c.common, c.extra = map[string]*codeUse{}, map[string]*codeUse{}, map[string]*codeUse{}
	}
	for _, e := range entries {
		if e.Code == "" {
			continue
		}
		var m map[string]*codeUse
		var key string
		a := cat.Action(e.Product, e.Action)
		if a != nil {
			if res, ok := a.Error(e.Code); ok {
				m, key = c.actions, e.Product+"."+e.Action+"."+res.Template
			}
		}
		if m == nil {
			if res, ok := cat.CommonError(e.Code); ok {
				m, key = c.common, res.Template
			} else {
				m, key = c.extra, e.Product+"."+e.Action+"."+e.Code
			}
		}
		u := m[key]
		if u == nil {
			u = &codeUse{scenario: scenario}
			m[key] = u
		}
		if e.Rule != "" {
			u.injected++
		} else {
			u.natural++
		}
	}
}

// Actions returns a row for every documented error code of every action
// the server serves (served reports whether an action is served; nil means
// every catalogue action).
func (c *Coverage) Actions(served func(product, action string) bool) ([]CodeRow, error) {
	cat, err := Catalog()
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	var rows []CodeRow
	for _, pn := range cat.ProductNames() {
		p := cat.Products[pn]
		for _, an := range p.ActionNames() {
			if served != nil && !served(pn, an) {
				continue
			}
			for _, e := range p.Actions[an].Errors {
				r := CodeRow{Product: pn, Action: an, Code: e.Code, Status: e.Status}
				if u := c.actions[pn+"."+an+"."+e.Code]; u != nil {
					r.Natural, r.Injected, r.Scenario = u.natural, u.injected, u.scenario
				}
				rows = append(rows, r)
			}
		}
	}
	return rows, nil
}

// Common returns a row for every common gateway code (answered by any action).
func (c *Coverage) Common() ([]CodeRow, error) {
	cat, err := Catalog()
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	var rows []CodeRow
	for _, e := range cat.CommonErrors() {
		r := CodeRow{Product: "*", Action: "*", Code: e.Code, Status: e.Status}
		if u := c.common[e.Code]; u != nil {
			r.Natural, r.Injected, r.Scenario = u.natural, u.injected, u.scenario
		}
		rows = append(rows, r)
	}
	return rows, nil
}

// Undocumented lists codes answered that the action does not document and
// that are not common codes ("Product.Action.Code").
func (c *Coverage) Undocumented() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for k := range c.extra {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Missing lists the rows exercised by no scenario.
func Missing(rows []CodeRow) []CodeRow {
	var out []CodeRow
	for _, r := range rows {
		if r.How() == "none" {
			out = append(out, r)
		}
	}
	return out
}

// WriteTable prints rows as an aligned table with a summary line.
func WriteTable(out io.Writer, title string, rows []CodeRow) {
	tw := tabwriter.NewWriter(out, 2, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "%s\n", title)
	fmt.Fprintln(tw, "PRODUCT\tACTION\tCODE\tHTTP\tEXERCISED\tCALLS\tFIRST SCENARIO")
	counts := map[string]int{}
	for _, r := range rows {
		counts[r.How()]++
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%d\t%s\n", r.Product, r.Action, r.Code, r.Status, r.How(), r.Natural+r.Injected, r.Scenario)
	}
	_ = tw.Flush()
	var parts []string
	for _, k := range []string{"natural", "injected", "natural+injected", "none"} {
		parts = append(parts, fmt.Sprintf("%s %d", k, counts[k]))
	}
	fmt.Fprintf(out, "%d codes: %s\n\n", len(rows), strings.Join(parts, ", "))
}
