package sweep

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/ecmock/ecmock/internal/chaos"
	"github.com/ecmock/ecmock/internal/journal"
	"github.com/ecmock/ecmock/internal/store"
	"github.com/ecmock/ecmock/mock"
)

// A backend gives each run fresh state: an in-process server per run, or a
// running server reset before each run. (A backend creating one account per
// run on a shared server fits the same interface: its resources and journal
// would be that account's.)
type backend interface {
	open() (instance, error)
}

// instance is the state one run works against.
type instance interface {
	env() Env
	addFaults(rules ...chaos.Rule) error
	journal() ([]journal.Entry, error)
	resources() ([]store.Resource, error)
	// hits is how often each rule fired (lifecycle rules: resources shaped).
	hits() (map[string]int64, error)
	// observable says whether lifecycle rules that only count can be added
	// without changing how resources move: instant timing and no timing
	// transitions of a scenario.
	observable() bool
	close()
}

type localBackend struct{ o *Options }

func (b localBackend) open() (instance, error) {
	srv, err := mock.Start(mock.Options{Timing: b.o.Timing, Clock: b.o.Clock, Seed: b.o.Seed, Scenarios: b.o.Scenarios})
	if err != nil {
		return nil, err
	}
	a := srv.AccountA()
	if b.o.AccessKeyID != "" {
		a.AccessKeyID, a.AccessKeySecret = b.o.AccessKeyID, b.o.AccessKeySecret
	}
	return &local{srv: srv, e: Env{Endpoint: srv.Endpoint(), URL: srv.URL(), AccessKeyID: a.AccessKeyID,
		AccessKeySecret: a.AccessKeySecret, RegionID: b.o.RegionID, CallTimeout: b.o.CallTimeout, Server: srv}}, nil
}

type local struct {
	srv *mock.Server
	e   Env
}

func (l *local) env() Env { return l.e }

func (l *local) addFaults(rules ...chaos.Rule) error { return l.srv.Core().Chaos().Add(rules...) }

func (l *local) journal() ([]journal.Entry, error) { return l.srv.Journal(""), nil }

func (l *local) resources() ([]store.Resource, error) {
	var out []store.Resource
	l.srv.Core().WithStore(func(st *store.Store) {
		for _, r := range st.Export().Resources {
			out = append(out, *r)
		}
	})
	return out, nil
}

func (l *local) hits() (map[string]int64, error) {
	out := map[string]int64{}
	for _, f := range l.srv.Faults() {
		out[f.Rule.Name] = f.Hits
	}
	return out, nil
}

func (l *local) observable() bool {
	return l.srv.Core().Timing() == "instant" && len(l.srv.Core().Chaos().Transitions()) == 0
}

func (l *local) close() { _ = l.srv.Close() }

// remoteBackend drives a running ecmock through its control API.
type remoteBackend struct {
	o    *Options
	base string
	hc   *http.Client
	// accounts: every run gets an account of its own from the accounts API
	// instead of a reset server.
	accounts bool
	seq      atomic.Int64
}

func newRemote(o *Options) (*remoteBackend, error) {
	u, err := url.Parse(o.Server)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, fmt.Errorf("--server %q: want a base URL such as http://127.0.0.1:8080", o.Server)
	}
	b := &remoteBackend{o: o, base: u.Scheme + "://" + u.Host, hc: &http.Client{Timeout: 30 * time.Second}}
	if o.AccessKeyID == "" && len(o.Scenarios) == 0 {
		// A server with the accounts API answers its list.
		b.accounts = b.do(http.MethodGet, "/_ecmock/accounts", nil, nil) == nil
	}
	return b, nil
}

func (b *remoteBackend) doRaw(method, path string, data []byte) error {
	return b.send(method, path, bytes.NewReader(data), nil)
}

func (b *remoteBackend) do(method, path string, body any, out any) error {
	var rd io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(data)
	}
	return b.send(method, path, rd, out)
}

func (b *remoteBackend) send(method, path string, rd io.Reader, out any) error {
	req, err := http.NewRequest(method, b.base+path, rd)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if b.o.AdminToken != "" {
		req.Header.Set("Authorization", "Bearer "+b.o.AdminToken)
	}
	resp, err := b.hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode >= 300 {
		return fmt.Errorf("%s %s: %s: %s", method, path, resp.Status, bytes.TrimSpace(data))
	}
	if out != nil {
		return json.Unmarshal(data, out)
	}
	return nil
}

func (b *remoteBackend) open() (instance, error) {
	u, _ := url.Parse(b.base)
	if b.accounts {
		var a struct {
			UID             string `json:"uid"`
			AccessKeyID     string `json:"accessKeyId"`
			AccessKeySecret string `json:"accessKeySecret"`
		}
		if err := b.do(http.MethodPost, "/_ecmock/accounts", map[string]any{}, &a); err != nil {
			return nil, fmt.Errorf("creating the run's account: %w", err)
		}
		return &remote{b: b, uid: a.UID, key: a.AccessKeyID, prefix: fmt.Sprintf("sweep%d-", b.seq.Add(1)),
			e: Env{Endpoint: u.Host, URL: b.base, AccessKeyID: a.AccessKeyID, AccessKeySecret: a.AccessKeySecret,
				RegionID: b.o.RegionID, CallTimeout: b.o.CallTimeout}}, nil
	}
	if err := b.do(http.MethodPost, "/_ecmock/reset", nil, nil); err != nil {
		return nil, err
	}
	for _, sc := range b.o.Scenarios {
		if data, err := os.ReadFile(sc); err == nil {
			if err := b.doRaw(http.MethodPost, "/_ecmock/scenarios", data); err != nil {
				return nil, fmt.Errorf("scenario %s: %w", sc, err)
			}
		} else if err := b.do(http.MethodPost, "/_ecmock/scenarios/"+url.PathEscape(sc), nil, nil); err != nil {
			return nil, fmt.Errorf("scenario %s: %w", sc, err)
		}
	}
	key, secret := b.o.AccessKeyID, b.o.AccessKeySecret
	if key == "" {
		key, secret = "LTAIecmockAccountA", "ecmock-secret-a"
	}
	return &remote{b: b, e: Env{Endpoint: u.Host, URL: b.base, AccessKeyID: key, AccessKeySecret: secret,
		RegionID: b.o.RegionID, CallTimeout: b.o.CallTimeout}}, nil
}

// remote is one run on a running server: on an account of its own (uid,
// key; its fault rules named with prefix and confined to the account), or on
// the whole reset server (uid "").
type remote struct {
	b         *remoteBackend
	e         Env
	uid, key  string
	prefix    string
	ruleNames []string
}

func (r *remote) env() Env { return r.e }

func (r *remote) addFaults(rules ...chaos.Rule) error {
	for _, rule := range rules {
		if r.uid != "" {
			rule.Name = r.prefix + rule.Name
			rule.Match.Account = r.key
		}
		if err := r.b.do(http.MethodPost, "/_ecmock/faults", rule, nil); err != nil {
			return err
		}
		r.ruleNames = append(r.ruleNames, rule.Name)
	}
	return nil
}

func (r *remote) journal() ([]journal.Entry, error) {
	var out struct {
		Entries []journal.Entry `json:"entries"`
	}
	path := "/_ecmock/journal"
	if r.uid != "" {
		path += "?account=" + url.QueryEscape(r.uid)
	}
	err := r.b.do(http.MethodGet, path, nil, &out)
	return out.Entries, err
}

func (r *remote) resources() ([]store.Resource, error) {
	var snap store.Snapshot
	if err := r.b.do(http.MethodGet, "/_ecmock/state", nil, &snap); err != nil {
		return nil, err
	}
	out := make([]store.Resource, 0, len(snap.Resources))
	for _, x := range snap.Resources {
		if r.uid == "" || x.Owner == r.uid {
			out = append(out, *x)
		}
	}
	return out, nil
}

func (r *remote) hits() (map[string]int64, error) {
	var out struct {
		Faults []struct {
			Name string `json:"name"`
			Hits int64  `json:"hits"`
		} `json:"faults"`
	}
	if err := r.b.do(http.MethodGet, "/_ecmock/faults", nil, &out); err != nil {
		return nil, err
	}
	m := map[string]int64{}
	for _, f := range out.Faults {
		if r.uid != "" {
			name, ok := strings.CutPrefix(f.Name, r.prefix)
			if !ok {
				continue
			}
			m[name] = f.Hits
			continue
		}
		m[f.Name] = f.Hits
	}
	return m, nil
}

func (r *remote) observable() bool { return false }

// close deletes the run's account, with its resources, journal entries and
// the fault rules confined to it.
func (r *remote) close() {
	if r.uid != "" {
		_ = r.b.do(http.MethodDelete, "/_ecmock/accounts/"+url.PathEscape(r.uid), nil, nil)
		for _, n := range r.ruleNames {
			_ = r.b.do(http.MethodDelete, "/_ecmock/faults/"+url.PathEscape(n), nil, nil)
		}
	}
}
