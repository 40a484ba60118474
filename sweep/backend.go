package sweep

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
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
}

func newRemote(o *Options) (*remoteBackend, error) {
	u, err := url.Parse(o.Server)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, fmt.Errorf("--server %q: want a base URL such as http://127.0.0.1:8080", o.Server)
	}
	return &remoteBackend{o: o, base: u.Scheme + "://" + u.Host, hc: &http.Client{Timeout: 30 * time.Second}}, nil
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
	u, _ := url.Parse(b.base)
	key, secret := b.o.AccessKeyID, b.o.AccessKeySecret
	if key == "" {
		key, secret = "LTAIecmockAccountA", "ecmock-secret-a"
	}
	return &remote{b: b, e: Env{Endpoint: u.Host, URL: b.base, AccessKeyID: key, AccessKeySecret: secret,
		RegionID: b.o.RegionID, CallTimeout: b.o.CallTimeout}}, nil
}

type remote struct {
	b *remoteBackend
	e Env
}

func (r *remote) env() Env { return r.e }

func (r *remote) addFaults(rules ...chaos.Rule) error {
	for _, rule := range rules {
		if err := r.b.do(http.MethodPost, "/_ecmock/faults", rule, nil); err != nil {
			return err
		}
	}
	return nil
}

func (r *remote) journal() ([]journal.Entry, error) {
	var out struct {
		Entries []journal.Entry `json:"entries"`
	}
	err := r.b.do(http.MethodGet, "/_ecmock/journal", nil, &out)
	return out.Entries, err
}

func (r *remote) resources() ([]store.Resource, error) {
	var snap store.Snapshot
	if err := r.b.do(http.MethodGet, "/_ecmock/state", nil, &snap); err != nil {
		return nil, err
	}
	out := make([]store.Resource, 0, len(snap.Resources))
	for _, x := range snap.Resources {
		out = append(out, *x)
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
		m[f.Name] = f.Hits
	}
	return m, nil
}

func (r *remote) observable() bool { return false }

func (r *remote) close() {}
