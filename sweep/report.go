package sweep

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"html/template"
	"io"
	"sort"
	"strings"
	"time"
)

// Describe is a variant in one line: name, outcome and what supports it.
func Describe(v *Variant) string {
	if v.Outcome == "" {
		return fmt.Sprintf("%s: skipped (%s)", v.Name, v.Skipped)
	}
	var parts []string
	parts = append(parts, fmt.Sprintf("exit %d", v.ExitCode))
	if len(v.Diff) > 0 {
		parts = append(parts, "state differs from the baseline: "+strings.Join(v.Diff, " "))
	}
	if len(v.Leftovers) > 0 {
		parts = append(parts, "left behind: "+strings.Join(v.Leftovers, ", "))
	}
	if len(v.Held) > 0 {
		parts = append(parts, "held by the fault: "+strings.Join(v.Held, ", "))
	}
	if v.Fault.Class != FaultLifecycle {
		r := fmt.Sprintf("%d retries", v.Retries)
		if v.ReusedToken != nil {
			if *v.ReusedToken {
				r += " (same ClientToken)"
			} else {
				r += " (ClientToken NOT reused)"
			}
		}
		if v.NonRetryableRetried {
			r += " of a non-retryable " + v.Fault.Kind + " code"
		}
		parts = append(parts, r)
	}
	if v.Polled {
		parts = append(parts, "fastest poll "+v.FastestPoll.String())
	}
	return fmt.Sprintf("%s: %s (%s)", v.Name, v.Outcome, strings.Join(parts, "; "))
}

// Summary is the counts in one line.
func Summary(r *Report) string {
	var parts []string
	for _, o := range Outcomes {
		parts = append(parts, fmt.Sprintf("%d %s", r.Counts[o], o))
	}
	return fmt.Sprintf("%d variants: %s; skipped %d equivalent, %d not reached; %s",
		len(r.Variants), strings.Join(parts, ", "), r.Skipped.Equivalent, r.Skipped.NotReached, r.Duration.Round(time.Millisecond))
}

// maxDetails bounds the failing variants (and retry notes) the terminal
// report details.
const maxDetails = 20

var cellText = map[string]string{OK: "ok", Diverged: "DIVERGED", FailedClean: "clean", FailedDirty: "DIRTY", Hung: "HUNG"}

func cell(v *Variant) string {
	if v == nil {
		return ""
	}
	if v.Outcome == "" {
		if strings.HasPrefix(v.Skipped, "equivalent") {
			return "="
		}
		return "·"
	}
	return cellText[v.Outcome]
}

// matrix arranges the variants: rows are calls (trace order, then lifecycle
// targets), columns faults (first seen first).
func matrix(r *Report) (rows, cols []string, at map[[2]string]*Variant) {
	at = map[[2]string]*Variant{}
	seenR, seenC := map[string]bool{}, map[string]bool{}
	for _, v := range r.Variants {
		if !seenR[v.Call] {
			seenR[v.Call] = true
			rows = append(rows, v.Call)
		}
		if !seenC[v.FaultName] {
			seenC[v.FaultName] = true
			cols = append(cols, v.FaultName)
		}
		at[[2]string{v.Call, v.FaultName}] = v
	}
	return rows, cols, at
}

// WriteText writes the terminal report: the matrix (one column per fault,
// numbered in a legend), then every variant whose outcome fails the sweep
// with its details and the tail of its output.
func WriteText(w io.Writer, r *Report) {
	fmt.Fprintf(w, "ecmock sweep: %s\n", r.Command)
	if b := r.Baseline; b != nil {
		fmt.Fprintf(w, "baseline: exit %d, %d calls, final state [%s] (%s)\n", b.ExitCode, len(b.Trace),
			strings.Join(b.State, " "), b.Duration.Round(time.Millisecond))
		if len(b.Transitional) > 0 {
			fmt.Fprintf(w, "transitional statuses: %s\n", strings.Join(b.Transitional, " "))
		}
	}
	if len(r.Variants) == 0 {
		fmt.Fprintln(w, "no variant planned")
		return
	}
	rows, cols, at := matrix(r)
	fmt.Fprintln(w, "\nfaults:")
	for i, c := range cols {
		fmt.Fprintf(w, "  f%-3d %s\n", i+1, c)
	}
	wRow := 4
	for _, row := range rows {
		if len(row) > wRow {
			wRow = len(row)
		}
	}
	const wCell = 8
	fmt.Fprintf(w, "\n%-*s", wRow, "call")
	for i := range cols {
		fmt.Fprintf(w, " %-*s", wCell, fmt.Sprintf("f%d", i+1))
	}
	fmt.Fprintln(w)
	for _, row := range rows {
		fmt.Fprintf(w, "%-*s", wRow, row)
		for _, c := range cols {
			fmt.Fprintf(w, " %-*s", wCell, cell(at[[2]string{row, c}]))
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, "\nok = exit 0, same final state; DIVERGED = exit 0, different state; clean = failed, nothing left;")
	fmt.Fprintln(w, "DIRTY = failed, resources left; HUNG = killed at the timeout; = equivalent (not run); · not reached")
	if f := r.Failing(); len(f) > 0 {
		fmt.Fprintf(w, "\n%d variants fail the sweep (--fail-on %s):\n", len(f), strings.Join(r.FailOn, ","))
		for i, v := range f {
			if i == maxDetails {
				fmt.Fprintf(w, "\n  ... and %d more (every variant is in --json, --junit and --html)\n", len(f)-i)
				break
			}
			fmt.Fprintf(w, "\n  %s\n", Describe(v))
			if len(v.CallsAfter) > 0 {
				fmt.Fprintf(w, "    calls after the fault: %s\n", clip(strings.Join(v.CallsAfter, ", "), 300))
			}
			if out := tailLines(v.Output, 8); out != "" {
				fmt.Fprintln(w, indent(out))
			}
		}
	}
	var notes []string
	for _, v := range r.Judged() {
		if v.NonRetryableRetried {
			notes = append(notes, fmt.Sprintf("%s: a non-retryable %s code was retried %d times", v.Name, v.Fault.Kind, v.Retries))
		}
		if v.ReusedToken != nil && !*v.ReusedToken {
			notes = append(notes, v.Name+": retried without the failed call's ClientToken")
		}
	}
	if len(notes) > 0 {
		fmt.Fprintln(w, "\nretry notes:")
		for i, n := range notes {
			if i == maxDetails {
				fmt.Fprintf(w, "  ... and %d more\n", len(notes)-i)
				break
			}
			fmt.Fprintln(w, "  "+n)
		}
	}
	fmt.Fprintf(w, "\n%s\n", Summary(r))
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

func tailLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// WriteJSON writes the report as JSON.
func WriteJSON(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

type junitSuite struct {
	XMLName  xml.Name    `xml:"testsuite"`
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Time     string      `xml:"time,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Class   string        `xml:"classname,attr"`
	Name    string        `xml:"name,attr"`
	Time    string        `xml:"time,attr"`
	Failure *junitFailure `xml:"failure,omitempty"`
	Skipped *junitSkipped `xml:"skipped,omitempty"`
	Out     string        `xml:"system-out,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

// WriteJUnit writes one testcase per variant (class = the call, name = the
// fault); outcomes in FailOn are failures, skipped variants skipped.
func WriteJUnit(w io.Writer, r *Report) error {
	s := junitSuite{Name: "ecmock sweep: " + r.Command, Time: secs(r.Duration)}
	for _, v := range r.Variants {
		c := junitCase{Class: v.Call, Name: v.FaultName, Time: secs(v.Duration), Out: v.Output}
		switch {
		case v.Outcome == "":
			c.Skipped = &junitSkipped{Message: v.Skipped}
			s.Skipped++
		case in(r.FailOn, v.Outcome):
			c.Failure = &junitFailure{Message: v.Outcome, Type: v.Outcome, Text: Describe(v)}
			s.Failures++
		}
		s.Tests++
		s.Cases = append(s.Cases, c)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(s); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func secs(d time.Duration) string { return fmt.Sprintf("%.3f", d.Seconds()) }

var htmlPage = template.Must(template.New("sweep").Funcs(template.FuncMap{
	"describe": Describe,
	"cell":     cell,
	"join":     strings.Join,
	"ms":       func(d time.Duration) string { return d.Round(time.Millisecond).String() },
}).Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>ecmock sweep: {{.R.Command}}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:1em 0}
th,td{border:1px solid #ccc;padding:3px 7px;text-align:left;vertical-align:top}
th{background:#f3f3f3}
th.f{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap}
td.c a{color:inherit;text-decoration:none;display:block}
.ok{background:#c8ecc8}.diverged{background:#f6b26b}.failed-clean{background:#e6f0ff}
.failed-dirty{background:#f4a6a6}.hung{background:#c27ba0;color:#fff}.skipped{background:#eee;color:#888}
pre{background:#f7f7f7;padding:.6em;overflow:auto;max-height:25em}
details{margin:.3em 0}summary{cursor:pointer}
</style></head><body>
<h1>ecmock sweep</h1>
<p><code>{{.R.Command}}</code></p>
<p>{{.Summary}}. Failing outcomes: {{join .R.FailOn ", "}}.</p>
{{with .R.Baseline}}<p>Baseline: exit {{.ExitCode}}, {{len .Trace}} calls, final state <code>{{join .State " "}}</code>{{if .Transitional}}, transitional statuses <code>{{join .Transitional " "}}</code>{{end}} ({{ms .Duration}}).</p>{{end}}
<table><tr><th>call</th>{{range .Cols}}<th class="f">{{.}}</th>{{end}}</tr>
{{range $row := .Rows}}<tr><th>{{$row}}</th>{{range $.Cols}}{{with index $.At (print $row "\x00" .)}}<td class="c {{if .Outcome}}{{.Outcome}}{{else}}skipped{{end}}" title="{{describe .V}}"><a href="#v{{.Index}}">{{cell .V}}</a></td>{{else}}<td></td>{{end}}{{end}}</tr>
{{end}}</table>
<p><span class="ok">&nbsp;ok&nbsp;</span> exit 0, same final state · <span class="diverged">&nbsp;diverged&nbsp;</span> exit 0, different state · <span class="failed-clean">&nbsp;failed-clean&nbsp;</span> failed, nothing left · <span class="failed-dirty">&nbsp;failed-dirty&nbsp;</span> failed, resources left · <span class="hung">&nbsp;hung&nbsp;</span> killed at the timeout · <span class="skipped">&nbsp;= ·&nbsp;</span> equivalent / not reached</p>
<h2>Variants</h2>
{{range .Vs}}<details id="v{{.Index}}"{{if .Open}} open{{end}}><summary class="{{if .V.Outcome}}{{.V.Outcome}}{{else}}skipped{{end}}">{{describe .V}}</summary>
{{if .V.CallsAfter}}<p>Calls after the fault: {{join .V.CallsAfter ", "}}</p>{{end}}
{{if .V.Output}}<pre>{{.V.Output}}</pre>{{end}}</details>
{{end}}
{{with .R.Baseline}}<h2>Baseline output</h2><pre>{{.Output}}</pre>{{end}}
</body></html>
`))

type htmlVariant struct {
	V     *Variant
	Index int
	Open  bool
	// Outcome for the matrix cell's class.
	Outcome string
}

// WriteHTML writes a single self-contained page: the matrix coloured by
// outcome, then every variant's details and output.
func WriteHTML(w io.Writer, r *Report) error {
	rows, cols, at := matrix(r)
	cells := map[string]*htmlVariant{}
	var vs []*htmlVariant
	for i, v := range r.Variants {
		hv := &htmlVariant{V: v, Index: i, Open: in(r.FailOn, v.Outcome), Outcome: v.Outcome}
		vs = append(vs, hv)
	}
	byPtr := map[*Variant]*htmlVariant{}
	for _, hv := range vs {
		byPtr[hv.V] = hv
	}
	for k, v := range at {
		cells[k[0]+"\x00"+k[1]] = byPtr[v]
	}
	sort.SliceStable(vs, func(i, j int) bool { return rank(vs[i].V) < rank(vs[j].V) })
	return htmlPage.Execute(w, map[string]any{"R": r, "Rows": rows, "Cols": cols, "At": cells, "Vs": vs, "Summary": Summary(r)})
}

// rank orders variants for reading: failing outcomes first.
func rank(v *Variant) int {
	switch v.Outcome {
	case Hung:
		return 0
	case Diverged:
		return 1
	case FailedDirty:
		return 2
	case FailedClean:
		return 3
	case OK:
		return 4
	}
	return 5
}
