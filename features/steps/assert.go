package steps

import (
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"github.com/cucumber/godog"
	"github.com/tidwall/gjson"
)

// describe renders an answer for failure messages.
func describe(r *Response) string {
	if r == nil {
		return "no call was made"
	}
	if r.Err != nil {
		return "no answer: " + r.Err.Error()
	}
	body := string(r.Body)
	if len(body) > 1500 {
		body = body[:1500] + "…"
	}
	if r.Code != "" {
		return fmt.Sprintf("HTTP %d %s: %s — body %s", r.Status, r.Code, r.Message, body)
	}
	return fmt.Sprintf("HTTP %d — body %s", r.Status, body)
}

func (w *World) lastCall() (*Response, error) {
	if w.last == nil {
		return nil, fmt.Errorf("no call was made yet")
	}
	return w.last, nil
}

func (w *World) theCallSucceeds() error {
	r, err := w.lastCall()
	if err != nil {
		return err
	}
	if !r.OK() {
		return fmt.Errorf("the call failed; want success: %s", describe(r))
	}
	return nil
}

func (w *World) theCallFailsWith(code string) error {
	r, err := w.lastCall()
	if err != nil {
		return err
	}
	code, err = w.expand(code)
	if err != nil {
		return err
	}
	if r.OK() {
		return fmt.Errorf("the call succeeded; want %s: %s", code, describe(r))
	}
	if r.Code != code {
		return fmt.Errorf("got error %q; want %q: %s", r.Code, code, describe(r))
	}
	return nil
}

func (w *World) theCallFailsWithStatus(code string, status int) error {
	if err := w.theCallFailsWith(code); err != nil {
		return err
	}
	return w.theHTTPStatusIs(status)
}

func (w *World) theHTTPStatusIs(status int) error {
	r, err := w.lastCall()
	if err != nil {
		return err
	}
	if r.Status != status {
		return fmt.Errorf("got HTTP %d; want %d: %s", r.Status, status, describe(r))
	}
	return nil
}

func (w *World) theErrorMessageContains(s string) error {
	r, err := w.lastCall()
	if err != nil {
		return err
	}
	s, err = w.expand(s)
	if err != nil {
		return err
	}
	if r.OK() || !strings.Contains(r.Message, s) {
		return fmt.Errorf("error message %q does not contain %q: %s", r.Message, s, describe(r))
	}
	return nil
}

func (w *World) theCallGetsNoAnswer() error {
	r, err := w.lastCall()
	if err != nil {
		return err
	}
	if r.Err == nil {
		return fmt.Errorf("the call got an answer; want a network failure: %s", describe(r))
	}
	return nil
}

func (w *World) field(path string) (gjson.Result, *Response, error) {
	r, err := w.lastCall()
	if err != nil {
		return gjson.Result{}, nil, err
	}
	if r.Err != nil {
		return gjson.Result{}, r, fmt.Errorf("the call got no answer: %v", r.Err)
	}
	p, err := w.expand(path)
	if err != nil {
		return gjson.Result{}, r, err
	}
	return gjson.GetBytes(r.Body, p), r, nil
}

func (w *World) fieldIs(path, want string) error {
	got, r, err := w.field(path)
	if err != nil {
		return err
	}
	want, err = w.expand(want)
	if err != nil {
		return err
	}
	if !got.Exists() {
		return fmt.Errorf("%q is absent; want %q: %s", path, want, describe(r))
	}
	if got.String() != want {
		return fmt.Errorf("%q is %q; want %q: %s", path, got.String(), want, describe(r))
	}
	return nil
}

func (w *World) fieldIsNot(path, want string) error {
	got, r, err := w.field(path)
	if err != nil {
		return err
	}
	want, err = w.expand(want)
	if err != nil {
		return err
	}
	if got.Exists() && got.String() == want {
		return fmt.Errorf("%q is %q; want anything else: %s", path, want, describe(r))
	}
	return nil
}

func (w *World) fieldMatches(path, pattern string) error {
	got, r, err := w.field(path)
	if err != nil {
		return err
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		return fmt.Errorf("bad pattern %q: %v", pattern, err)
	}
	if !got.Exists() || !re.MatchString(got.String()) {
		return fmt.Errorf("%q is %q; want a match of %s: %s", path, got.String(), pattern, describe(r))
	}
	return nil
}

func (w *World) fieldExists(path string) error {
	got, r, err := w.field(path)
	if err != nil {
		return err
	}
	if !got.Exists() {
		return fmt.Errorf("%q is absent; want it present: %s", path, describe(r))
	}
	return nil
}

func (w *World) fieldDoesNotExist(path string) error {
	got, r, err := w.field(path)
	if err != nil {
		return err
	}
	if got.Exists() {
		return fmt.Errorf("%q is %s; want it absent: %s", path, got.Raw, describe(r))
	}
	return nil
}

func (w *World) fieldHasItems(path string, n int) error {
	got, r, err := w.field(path)
	if err != nil {
		return err
	}
	count := 0
	switch {
	case !got.Exists():
	case got.IsArray():
		count = len(got.Array())
	default:
		return fmt.Errorf("%q is %s, not a list: %s", path, got.Raw, describe(r))
	}
	if count != n {
		return fmt.Errorf("%q has %d items; want %d: %s", path, count, n, describe(r))
	}
	return nil
}

func (w *World) fieldContains(path, want string) error {
	got, r, err := w.field(path)
	if err != nil {
		return err
	}
	want, err = w.expand(want)
	if err != nil {
		return err
	}
	if got.IsArray() {
		for _, e := range got.Array() {
			if e.String() == want {
				return nil
			}
		}
		return fmt.Errorf("%q has no item %q: %s", path, want, describe(r))
	}
	if !strings.Contains(got.String(), want) {
		return fmt.Errorf("%q is %q; want it to contain %q: %s", path, got.String(), want, describe(r))
	}
	return nil
}

func (w *World) fieldDoesNotContain(path, want string) error {
	got, r, err := w.field(path)
	if err != nil {
		return err
	}
	want, err = w.expand(want)
	if err != nil {
		return err
	}
	if got.IsArray() {
		for _, e := range got.Array() {
			if e.String() == want {
				return fmt.Errorf("%q has item %q; want none: %s", path, want, describe(r))
			}
		}
		return nil
	}
	if strings.Contains(got.String(), want) {
		return fmt.Errorf("%q is %q; want it not to contain %q: %s", path, got.String(), want, describe(r))
	}
	return nil
}

func (w *World) fieldIsAtLeast(path string, n float64) error {
	got, r, err := w.field(path)
	if err != nil {
		return err
	}
	if !got.Exists() || got.Float() < n {
		return fmt.Errorf("%q is %s; want at least %v: %s", path, got.Raw, n, describe(r))
	}
	return nil
}

func (w *World) theAnswerHas(t *godog.Table) error {
	want, err := w.tableParams(t)
	if err != nil {
		return err
	}
	var errs []string
	for path, v := range want {
		if err := w.fieldIs(path, v); err != nil {
			errs = append(errs, err.Error())
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("%s", strings.Join(errs, "\n"))
	}
	return nil
}

// theAnswerIncludesJSON compares semantically: every member of the expected
// JSON must be in the answer with an equal value (objects may have more
// members; lists must have the same length and match item by item).
func (w *World) theAnswerIncludesJSON(doc *godog.DocString) error {
	r, err := w.lastCall()
	if err != nil {
		return err
	}
	text, err := w.expand(doc.Content)
	if err != nil {
		return err
	}
	var want, got any
	if err := json.Unmarshal([]byte(text), &want); err != nil {
		return fmt.Errorf("expected JSON does not parse: %v", err)
	}
	if err := json.Unmarshal(r.Body, &got); err != nil {
		return fmt.Errorf("the answer is not JSON: %s", describe(r))
	}
	if where := subset(want, got, "$"); where != "" {
		return fmt.Errorf("the answer differs at %s: %s", where, describe(r))
	}
	return nil
}

func subset(want, got any, at string) string {
	switch wv := want.(type) {
	case map[string]any:
		gv, ok := got.(map[string]any)
		if !ok {
			return at + " (not an object)"
		}
		for k, v := range wv {
			g, ok := gv[k]
			if !ok {
				return at + "." + k + " (absent)"
			}
			if d := subset(v, g, at+"."+k); d != "" {
				return d
			}
		}
		return ""
	case []any:
		gv, ok := got.([]any)
		if !ok || len(gv) != len(wv) {
			return at + fmt.Sprintf(" (want a list of %d)", len(wv))
		}
		for i := range wv {
			if d := subset(wv[i], gv[i], at+"["+strconv.Itoa(i)+"]"); d != "" {
				return d
			}
		}
		return ""
	default:
		if !reflect.DeepEqual(want, got) {
			return fmt.Sprintf("%s (got %v, want %v)", at, got, want)
		}
		return ""
	}
}

func (w *World) iRememberAs(path, name string) error {
	got, r, err := w.field(path)
	if err != nil {
		return err
	}
	if !got.Exists() || got.String() == "" {
		return fmt.Errorf("cannot remember %q: it is absent or empty: %s", path, describe(r))
	}
	w.vars[name] = got.String()
	return nil
}
