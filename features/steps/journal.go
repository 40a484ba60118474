package steps

import (
	"context"
	"fmt"
	"strings"
)

// Journal returns the calls ecmock recorded during this scenario, oldest
// first; action "" means every action. Against a shared (remote) ecmock only
// the calls of the scenario's accounts count: another suite's calls, and
// unsigned calls that name no account, are left out.
func (w *World) Journal(ctx context.Context, action string) ([]JournalEntry, error) {
	es, err := w.ctl.journal(ctx, action, w.startSeq)
	if err != nil || w.srv != nil {
		return es, err
	}
	mine := map[string]bool{}
	for _, a := range w.accounts {
		mine[a.UID], mine[a.AccessKeyID] = true, true
	}
	delete(mine, "")
	out := es[:0]
	for _, e := range es {
		if mine[e.Account] || mine[e.AccessKey] {
			out = append(out, e)
		}
	}
	return out, nil
}

func summarize(es []JournalEntry) string {
	if len(es) == 0 {
		return "none"
	}
	parts := make([]string, len(es))
	for i, e := range es {
		res := "OK"
		if e.Code != "" {
			res = e.Code
		}
		if e.Rule != "" {
			res += " (rule " + e.Rule + ")"
		}
		if e.Network != "" {
			res += " (network " + e.Network + ")"
		}
		parts[i] = fmt.Sprintf("%s %s→%s", e.Time.Format("15:04:05"), e.Action, res)
	}
	return strings.Join(parts, ", ")
}

func (w *World) ecmockReceived(ctx context.Context, n int, action string) error {
	es, err := w.Journal(ctx, action)
	if err != nil {
		return err
	}
	if len(es) != n {
		return fmt.Errorf("ecmock received %d %s calls; want %d (calls: %s)", len(es), action, n, summarize(es))
	}
	return nil
}

func (w *World) ecmockReceivedNo(ctx context.Context, action string) error {
	return w.ecmockReceived(ctx, 0, action)
}

func (w *World) ecmockAnswered(ctx context.Context, n int, action, code string) error {
	es, err := w.Journal(ctx, action)
	if err != nil {
		return err
	}
	got := 0
	for _, e := range es {
		if e.Code == code || (code == "OK" && e.Code == "") {
			got++
		}
	}
	if got != n {
		return fmt.Errorf("ecmock answered %d %s calls with %s; want %d (calls: %s)", got, action, code, n, summarize(es))
	}
	return nil
}

func (w *World) theLastCallCarried(ctx context.Context, action, param, value string) error {
	es, err := w.Journal(ctx, action)
	if err != nil {
		return err
	}
	if len(es) == 0 {
		return fmt.Errorf("ecmock received no %s call", action)
	}
	value, err = w.expand(value)
	if err != nil {
		return err
	}
	e := es[len(es)-1]
	if got, ok := e.Params[param]; !ok || got != value {
		return fmt.Errorf("the last %s call carried %s=%q (present: %v); want %q", action, param, got, ok, value)
	}
	return nil
}

func (w *World) everyCallCarried(ctx context.Context, action, param string) error {
	es, err := w.Journal(ctx, action)
	if err != nil {
		return err
	}
	if len(es) == 0 {
		return fmt.Errorf("ecmock received no %s call", action)
	}
	first := es[0].Params[param]
	for i, e := range es {
		v, ok := e.Params[param]
		if !ok || v == "" {
			return fmt.Errorf("%s call %d of %d carried no %s", action, i+1, len(es), param)
		}
		if v != first {
			return fmt.Errorf("%s call %d carried %s=%q, call 1 %q: a retry must repeat the same %s", action, i+1, param, v, first, param)
		}
	}
	return nil
}

func (w *World) theFaultRuleFired(ctx context.Context, n int) error {
	if len(w.rules) == 0 {
		return fmt.Errorf("no fault rule was added in this scenario")
	}
	es, err := w.Journal(ctx, "")
	if err != nil {
		return err
	}
	got := 0
	for _, e := range es {
		for _, r := range w.rules {
			if e.Rule == r {
				got++
			}
		}
	}
	if got != n {
		return fmt.Errorf("fault rules fired %d times; want %d (calls: %s)", got, n, summarize(es))
	}
	return nil
}
