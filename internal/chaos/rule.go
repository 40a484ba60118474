package chaos

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Rule is one fault rule (scenarios/README.md): which calls or resources it concerns
// (Match), when it fires (When) and what it does — either to a call (Do) or
// to a resource's lifecycle (Lifecycle). Exactly one of Do and Lifecycle is
// set.
type Rule struct {
	// Name identifies the rule in listings, the journal and DELETE
	// /_ecmock/faults/{name}: letters, digits, '.', '_', '-'. Generated
	// ("rule-1", ...) when empty.
	Name        string
	Description string
	Match       Match
	When        When
	Do          *Effect
	Lifecycle   *Lifecycle
	// Tenant, set by the server (never read from a rule's text), confines
	// the rule to the accounts of that tenant whatever Match says.
	Tenant string

	// pos maps field paths ("match.action") to source lines when the rule
	// was read from a file.
	pos  map[string]int
	file string
	path string // "faults[2]" inside a scenario
}

// Match selects calls (and, for lifecycle rules, resources). Every field is
// optional; all fields given must hold.
type Match struct {
	// Product is Vpc, ExpressConnectRouter or Cbn.
	Product string
	// Action is the API action; for lifecycle rules, the action that
	// created the resource.
	Action string
	// Account is an access key ID or a UID.
	Account string
	// Region is the call's RegionId (cn-hangzhou when absent); a resource's
	// region for lifecycle rules.
	Region string
	// Resource matches a call having any *Id parameter equal to it (or a
	// Filter on an *Id key with that value); for lifecycle rules, the
	// resource ID.
	Resource string
	// Params are parameters that must have exactly these values.
	Params map[string]string
	// JSON maps gjson paths over the call's parameters as a JSON object
	// (flattened lists become arrays: Tag.1.Key → {"Tag":[{"Key":..}]}) to
	// the text they must yield.
	JSON map[string]string
}

// When decides which matching calls a rule fires on. Zero fields do not
// restrict.
type When struct {
	// Calls selects matching calls by their 1-based number: "3", "1-2",
	// "4-", or a comma-separated list of those ("1,3,5-").
	Calls string
	// Every fires on every k-th matching call (k, 2k, 3k, ...).
	Every int
	// Probability fires with this chance (0 < p <= 1), drawn from the
	// seeded generator.
	Probability float64
	// Limit bounds how often the rule fires in all.
	Limit int
	// From and Until are a window of ecmock time since the rule was added.
	From, Until time.Duration
}

// MaxDelay bounds an injected delay (and a slow body's pause).
const MaxDelay = 24 * time.Hour

// Effect is what a call rule does, in this order: delay, then network fault,
// then error.
type Effect struct {
	// Error is a code the catalogue documents for the action (or a common
	// code), a family name (QuotaExceeded, Conflict, IncorrectStatus, ...)
	// resolved to the action's documented codes, "transient" (the action's
	// and the common codes marked transient), or several of those separated
	// by "|" (a YAML list in files). When several codes result, the seeded
	// generator picks one per call.
	Error string
	// Force allows any Error code; Status and Message are then free.
	Force bool
	// Status overrides the HTTP status (only with Force).
	Status int
	// Message overrides the catalogue's message.
	Message string
	// Delay holds the answer back; with DelayMax > Delay the delay is drawn
	// uniformly from [Delay, DelayMax] by the seeded generator.
	Delay    time.Duration
	DelayMax time.Duration
	// Network is reset (RST), drop (close without answer), truncate (full
	// Content-Length, half the body, close) or slow (the body in Chunk-byte
	// pieces with Pause between them; 16 bytes and 100ms by default).
	Network string
	Chunk   int
	Pause   time.Duration
	// Throttle makes the rule a token bucket per account and action: calls
	// pass while the bucket has tokens; when it is empty the rule fires and
	// answers Throttling.User (or Error).
	Throttle *Throttle
}

// Throttle is a token bucket: Rate tokens per second of ecmock time, at most
// Burst stored (and at the start).
type Throttle struct {
	Rate  float64
	Burst int
}

// Lifecycle shapes an automatic transition of resources in status From:
// to To (the catalogue's next status when empty) after a duration of ecmock
// time, after Reads reads in From, never, or at once when none is given (a
// diversion). Type limits it to one resource type. The same shape overrides
// a timing profile's transition in a scenario's timing.transitions.
type Lifecycle struct {
	Type  string
	From  string
	To    string
	After time.Duration
	Reads int
	Never bool
}

// describe is a one-line summary of a rule (CLI listings).
func (r *Rule) describe() string {
	var parts []string
	m := r.Match
	for _, kv := range [][2]string{{"product", m.Product}, {"action", m.Action}, {"account", m.Account},
		{"region", m.Region}, {"resource", m.Resource}} {
		if kv[1] != "" {
			parts = append(parts, kv[0]+"="+kv[1])
		}
	}
	if r.Lifecycle != nil {
		l := r.Lifecycle
		s := "lifecycle " + l.Type + " " + l.From + "→" + l.To
		switch {
		case l.Never:
			s += " never"
		case l.Reads > 0:
			s += fmt.Sprintf(" after %d reads", l.Reads)
		case l.After > 0:
			s += " after " + l.After.String()
		}
		parts = append(parts, s)
	}
	if d := r.Do; d != nil {
		if d.Throttle != nil {
			parts = append(parts, fmt.Sprintf("throttle %s burst %d", formatRate(d.Throttle.Rate), d.Throttle.Burst))
		}
		if d.Delay > 0 {
			s := "delay " + d.Delay.String()
			if d.DelayMax > d.Delay {
				s += "-" + d.DelayMax.String()
			}
			parts = append(parts, s)
		}
		if d.Network != "" {
			parts = append(parts, "network "+d.Network)
		}
		if d.Error != "" {
			parts = append(parts, "error "+d.Error)
		}
	}
	return strings.Join(parts, " ")
}

func formatRate(r float64) string {
	return strconv.FormatFloat(r, 'g', -1, 64) + "/s"
}

// MarshalJSON writes a rule in the scenario format (durations as "250ms").
func (r Rule) MarshalJSON() ([]byte, error) {
	return json.Marshal(r.object())
}

// object is the rule as scenario-format JSON/YAML data.
func (r *Rule) object() map[string]any {
	out := map[string]any{"name": r.Name}
	if r.Description != "" {
		out["description"] = r.Description
	}
	m := map[string]any{}
	for k, v := range map[string]string{"product": r.Match.Product, "action": r.Match.Action, "account": r.Match.Account,
		"region": r.Match.Region, "resource": r.Match.Resource} {
		if v != "" {
			m[k] = v
		}
	}
	if len(r.Match.Params) > 0 {
		m["params"] = r.Match.Params
	}
	if len(r.Match.JSON) > 0 {
		m["json"] = r.Match.JSON
	}
	if len(m) > 0 {
		out["match"] = m
	}
	w := map[string]any{}
	if r.When.Calls != "" {
		w["calls"] = r.When.Calls
	}
	if r.When.Every > 0 {
		w["every"] = r.When.Every
	}
	if r.When.Probability > 0 {
		w["probability"] = r.When.Probability
	}
	if r.When.Limit > 0 {
		w["limit"] = r.When.Limit
	}
	if r.When.From > 0 {
		w["from"] = r.When.From.String()
	}
	if r.When.Until > 0 {
		w["until"] = r.When.Until.String()
	}
	if len(w) > 0 {
		out["when"] = w
	}
	if d := r.Do; d != nil {
		o := map[string]any{}
		if d.Error != "" {
			if strings.Contains(d.Error, "|") {
				o["error"] = strings.Split(d.Error, "|")
			} else {
				o["error"] = d.Error
			}
		}
		if d.Force {
			o["force"] = true
		}
		if d.Status != 0 {
			o["status"] = d.Status
		}
		if d.Message != "" {
			o["message"] = d.Message
		}
		if d.DelayMax > d.Delay {
			o["delay"] = map[string]string{"min": d.Delay.String(), "max": d.DelayMax.String()}
		} else if d.Delay > 0 {
			o["delay"] = d.Delay.String()
		}
		if d.Network != "" {
			o["network"] = d.Network
		}
		if d.Chunk > 0 {
			o["chunk"] = d.Chunk
		}
		if d.Pause > 0 {
			o["pause"] = d.Pause.String()
		}
		if d.Throttle != nil {
			o["throttle"] = map[string]any{"rate": formatRate(d.Throttle.Rate), "burst": d.Throttle.Burst}
		}
		out["do"] = o
	}
	if l := r.Lifecycle; l != nil {
		out["lifecycle"] = l.object()
	}
	return out
}

func (l *Lifecycle) object() map[string]any {
	o := map[string]any{}
	if l.Type != "" {
		o["type"] = l.Type
	}
	if l.From != "" {
		o["from"] = l.From
	}
	if l.To != "" {
		o["to"] = l.To
	}
	switch {
	case l.Never:
		o["never"] = true
	case l.Reads > 0:
		o["reads"] = l.Reads
	case l.After > 0:
		o["after"] = l.After.String()
	}
	return o
}

// MarshalJSON writes a transition in the scenario format.
func (l Lifecycle) MarshalJSON() ([]byte, error) { return json.Marshal(l.object()) }
