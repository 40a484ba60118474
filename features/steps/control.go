package steps

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// control is a client of ecmock's control API (README: The control API): faults, scenarios,
// clock, journal, forced statuses. The steps use it for in-process servers
// too, so that every step works the same against a running ecmock.
type control struct {
	base  string // http://host:port
	token string
	hc    *http.Client
}

// JournalEntry is one call recorded by ecmock (GET /_ecmock/journal).
type JournalEntry struct {
	Seq       int64             `json:"seq"`
	Time      time.Time         `json:"time"`
	RequestID string            `json:"requestId"`
	Account   string            `json:"account"`
	AccessKey string            `json:"accessKeyId"`
	Product   string            `json:"product"`
	Action    string            `json:"action"`
	Region    string            `json:"region"`
	Params    map[string]string `json:"params"`
	Status    int               `json:"status"`
	Code      string            `json:"code"`
	Rule      string            `json:"rule"`
	Network   string            `json:"network"`
}

func (c *control) do(ctx context.Context, method, path string, body any, out any) error {
	if c == nil {
		return fmt.Errorf("this endpoint has no ecmock control API (%s is set): the step needs one", EnvNoControl)
	}
	var rd io.Reader
	ctype := "application/json"
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
		if t := strings.TrimSpace(string(b)); !strings.HasPrefix(t, "{") {
			ctype = "application/yaml"
		}
	default:
		j, err := json.Marshal(b)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(j)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+"/_ecmock"+path, rd)
	if err != nil {
		return err
	}
	if rd != nil {
		req.Header.Set("Content-Type", ctype)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	res, err := c.hc.Do(req)
	if err != nil {
		return fmt.Errorf("control API %s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(res.Body, 64<<20))
	if res.StatusCode >= 300 {
		var e struct {
			Error string `json:"error"`
		}
		if json.Unmarshal(raw, &e) == nil && e.Error != "" {
			return fmt.Errorf("control API %s %s: %d: %s", method, path, res.StatusCode, e.Error)
		}
		return fmt.Errorf("control API %s %s: %d: %s", method, path, res.StatusCode, strings.TrimSpace(string(raw)))
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			return fmt.Errorf("control API %s %s: answer is not the expected JSON: %v", method, path, err)
		}
	}
	return nil
}

func (c *control) addFault(ctx context.Context, rule any) error {
	return c.do(ctx, http.MethodPost, "/faults", rule, nil)
}

func (c *control) removeFault(ctx context.Context, name string) error {
	return c.do(ctx, http.MethodDelete, "/faults/"+url.PathEscape(name), nil, nil)
}

// applied is what a scenario applied (the part the steps use).
type applied struct {
	Faults []string `json:"faults"`
}

func (c *control) applyScenario(ctx context.Context, body any) error {
	_, err := c.applyScenarioResult(ctx, body)
	return err
}

func (c *control) applyScenarioResult(ctx context.Context, body any) (applied, error) {
	var a applied
	err := c.do(ctx, http.MethodPost, "/scenarios", body, &a)
	return a, err
}

func (c *control) applyShipped(ctx context.Context, name string) (applied, error) {
	var a applied
	err := c.do(ctx, http.MethodPost, "/scenarios/"+url.PathEscape(name), nil, &a)
	return a, err
}

func (c *control) advance(ctx context.Context, d time.Duration) error {
	return c.do(ctx, http.MethodPost, "/clock/advance", map[string]string{"by": d.String()}, nil)
}

func (c *control) now(ctx context.Context) (time.Time, error) {
	var v struct {
		Now time.Time `json:"now"`
	}
	err := c.do(ctx, http.MethodGet, "/clock", nil, &v)
	return v.Now, err
}

// timing reads the server's timing profile.
func (c *control) timing(ctx context.Context) (string, error) {
	var v struct {
		Timing string `json:"timing"`
	}
	err := c.do(ctx, http.MethodGet, "/clock", nil, &v)
	return v.Timing, err
}

func (c *control) setStatus(ctx context.Context, id, status string) error {
	return c.do(ctx, http.MethodPost, "/resources/"+url.PathEscape(id)+"/status", map[string]string{"status": status}, nil)
}

func (c *control) reset(ctx context.Context) error {
	return c.do(ctx, http.MethodPost, "/reset", nil, nil)
}

// journal returns recorded calls after seq (oldest first), optionally of one action.
func (c *control) journal(ctx context.Context, action string, after int64) ([]JournalEntry, error) {
	q := url.Values{}
	if action != "" {
		q.Set("action", action)
	}
	var v struct {
		Entries []JournalEntry `json:"entries"`
	}
	if err := c.do(ctx, http.MethodGet, "/journal?"+q.Encode(), nil, &v); err != nil {
		return nil, err
	}
	out := v.Entries[:0]
	for _, e := range v.Entries {
		if e.Seq > after {
			out = append(out, e)
		}
	}
	return out, nil
}

// lastSeq is the sequence number of the newest journal entry (0 when empty).
func (c *control) lastSeq(ctx context.Context) (int64, error) {
	var v struct {
		Entries []JournalEntry `json:"entries"`
	}
	if err := c.do(ctx, http.MethodGet, "/journal?limit=1", nil, &v); err != nil {
		return 0, err
	}
	if len(v.Entries) == 0 {
		return 0, nil
	}
	return v.Entries[len(v.Entries)-1].Seq, nil
}

func itoa(n int) string { return strconv.Itoa(n) }
