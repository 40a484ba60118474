package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/ecmock/ecmock/internal/accounts"
	"github.com/ecmock/ecmock/internal/api"
	"github.com/ecmock/ecmock/internal/catalog"
	"github.com/ecmock/ecmock/internal/journal"
)

// maxBody bounds a request body (1 MiB): the APIs take only small forms.
const maxBody = 1 << 20

// signingParams are not business parameters: they are left out of the
// journal and of fault matching on params.
var signingParams = map[string]bool{
	"Signature": true, "SignatureMethod": true, "SignatureVersion": true, "SignatureNonce": true,
	"SignatureType": true, "AccessKeyId": true, "Timestamp": true, "Format": true, "Version": true,
	"Action": true, "SecurityToken": true, "BearerToken": true,
}

// rpcCall is the state of one API request through the front door.
type rpcCall struct {
	start     time.Time
	requestID string
	params    map[string]string
	body      []byte
	product   *catalog.Product
	action    *catalog.Action
	actionNm  string
	version   string
	xml       bool
	account   *accounts.Account
	accessKey string
	region    string
	rule      string
	network   string
	// fault is the fault engine's decision (slow bodies read its shape);
	// ctx ends with the client's request.
	fault *Decision
	ctx   context.Context
	// release returns the body's buffer to its pool (nil before parse).
	release func()
	// commit writes the call's changes to the state directory (nil in
	// memory); it runs after the store's lock is released.
	commit func() error
}

func (s *Server) newRequestID() string { return s.store.NewRequestID() }

// serveRPC is the one path of every API call: parse, find product and action,
// authenticate, consult the fault engine, validate, dispatch, render, record.
func (s *Server) serveRPC(w http.ResponseWriter, r *http.Request) {
	c := &rpcCall{start: time.Now(), requestID: s.newRequestID()}
	faults := s.Chaos().Version()
	defer func() {
		if c.release != nil {
			c.body = nil
			c.release()
		}
	}()
	defer func() {
		if p := recover(); p != nil {
			s.log.Error("handler panic", "requestId", c.requestID, "action", c.actionNm, "panic", fmt.Sprint(p))
			s.answerError(w, c, api.Errf("InternalError", "panic: %v", p))
		}
	}()
	resp, err := s.handle(w, r, c)
	if c.commit != nil {
		if cerr := c.commit(); cerr != nil && err == nil {
			s.log.Error("state not saved", "requestId", c.requestID, "err", cerr)
			resp, err = nil, api.Errf("InternalError", "the change could not be saved: %v", cerr)
		}
	}
	s.store.MarkGenerator() // --state-dir: the request ID drawn is kept
	if s.store.Durable() && s.Chaos().Version() != faults {
		s.persistNow() // a fault rule's counters moved: saved before the answer
	}
	if errors.Is(err, errHijacked) {
		return
	}
	if err != nil {
		s.answerError(w, c, err)
		return
	}
	s.answer(w, c, resp)
}

var errHijacked = errors.New("connection taken over by a network fault")

func (s *Server) handle(w http.ResponseWriter, r *http.Request, c *rpcCall) (api.M, error) {
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		return nil, api.Errf("UnsupportedHTTPMethod", "method %s", r.Method)
	}
	if err := s.parse(r, c); err != nil {
		return nil, err
	}
	version := first(c.params["Version"], r.Header.Get("x-acs-version"))
	c.version = version
	c.actionNm = first(c.params["Action"], r.Header.Get("x-acs-action"))
	if version == "" {
		return nil, api.Err("MissingParameter", "Version")
	}
	c.product = s.cat.ByVersion(version)
	if c.product == nil {
		// Journal who asked (by the access key sent, not verified: the
		// request is refused before authentication).
		c.accessKey = first(c.params["AccessKeyId"], v3KeyID(r.Header.Get("Authorization")))
		c.account, _ = s.accounts.ByKey(c.accessKey)
		return nil, api.Errf("InvalidVersion", "no product is served under Version %q (see `ecmock spec`)", version)
	}
	if c.actionNm == "" {
		return nil, api.Err("MissingParameter", "Action")
	}
	h := s.reg.Lookup(c.product.Name, c.actionNm)
	c.action = c.product.Actions[c.actionNm]
	if h == nil || c.action == nil {
		return nil, api.Errf("InvalidAction.NotFound", "%s %s does not serve action %q", c.product.Name, c.product.Version, c.actionNm)
	}
	if err := s.authenticate(r, c); err != nil {
		return nil, err
	}
	c.region = c.params["RegionId"]
	if c.region == "" {
		c.region = "cn-hangzhou"
	}

	biz := api.Params{}
	for k, v := range c.params {
		if !signingParams[k] {
			biz[k] = v
		}
	}
	if d := s.faults.Decide(&FaultInput{Product: c.product.Name, Action: c.action.Name, Account: c.account.UID,
		AccessKey: c.accessKey, Region: c.region, Params: biz, Now: s.clock.Now()}); d != nil {
		c.rule, c.fault, c.ctx = d.Rule, d, r.Context()
		if d.Delay > 0 {
			t := time.NewTimer(d.Delay)
			select {
			case <-t.C:
			case <-r.Context().Done():
				t.Stop()
				return nil, api.Errf("ServiceUnavailable", "client went away during an injected delay")
			case <-s.abort:
				t.Stop()
				return nil, api.Errf("ServiceUnavailable", "the server is shutting down: its grace ran out during an injected delay")
			}
		}
		if d.Network != "" {
			c.network = d.Network
			if s.networkFault(w, c, d.Network, func() { s.record(c, 0, "") }) {
				return nil, errHijacked
			}
		}
		if d.Error != nil {
			return nil, d.Error
		}
	}

	if v := c.action.Validate(c.params); v != nil {
		return nil, &api.Error{Code: v.Code, Args: []string{v.Param}, Reason: v.Reason}
	}

	call := &api.Call{Ctx: r.Context(), Action: c.action, Params: biz, Account: c.account, Accounts: s.accounts,
		Region: c.region, RequestID: c.requestID, Host: r.Host}
	tokenKey := ""
	if tp := c.action.Idempotency; tp != "" && biz[tp] != "" && !call.DryRun() {
		tokenKey = c.account.UID + "|" + c.product.Name + "|" + c.action.Name + "|" + biz[tp]
	}
	// A read-only action runs under the store's read lock, in parallel with
	// every other read, when nothing is due to settle; anything else holds
	// the store's lock for the whole handler.
	if readOnly := !c.action.Mutating && tokenKey == ""; readOnly && s.readLock() {
		defer s.store.RUnlock()
	} else {
		s.store.Lock()
		defer s.store.Unlock()
	}
	if tokenKey != "" {
		if prev, ok := s.store.Token(tokenKey); ok {
			return cloneM(prev.(api.M)), nil
		}
	}
	call.Store, call.Now = s.store, s.store.Now()
	resp, err := s.invoke(h, call)
	if err != nil {
		return nil, err
	}
	if resp == nil {
		resp = api.M{}
	}
	if tokenKey != "" {
		s.store.RememberToken(tokenKey, cloneM(resp))
	}
	c.commit = s.store.PrepareCommit() // written after the lock is released, before the answer (--state-dir)
	return resp, nil
}

// readLock takes the store's read lock when a read-only call may run under
// it (store.ReadReady); false (no lock held) otherwise.
func (s *Server) readLock() bool {
	s.store.RLock()
	if s.store.ReadReady() {
		return true
	}
	s.store.RUnlock()
	return false
}

// invoke runs a handler; a panic becomes InternalError (never a stack trace
// to the client).
func (s *Server) invoke(h api.Handler, call *api.Call) (resp api.M, err error) {
	defer func() {
		if p := recover(); p != nil {
			s.log.Error("handler panic", "requestId", call.RequestID, "action", call.Action.Name, "panic", fmt.Sprint(p))
			resp, err = nil, api.Errf("InternalError", "handler panic: %v", p)
		}
	}()
	return h(call)
}

func cloneM(m api.M) api.M {
	out := make(api.M, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func first(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// parse merges the query string and a form body into c.params. The body is
// read into a pooled buffer released when the call ends (c.release).
func (s *Server) parse(r *http.Request, c *rpcCall) error {
	body, release, err := readBodyPooled(r, maxBody)
	c.release = release
	if err != nil {
		return badRequest("the request body could not be read")
	}
	if len(body) > maxBody {
		return badRequest("the request body is larger than 1 MiB")
	}
	c.body = body
	c.params = make(map[string]string, 24)
	if !parseForm(c.params, r.URL.RawQuery) {
		return badRequest("the query string is not valid URL encoding")
	}
	if len(body) > 0 {
		ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if ct == "application/x-www-form-urlencoded" || ct == "" {
			if err := parseFormInto(body, c.params); err != nil {
				return badRequest("the form body is not valid URL encoding")
			}
		}
	}
	c.xml = strings.EqualFold(c.params["Format"], "XML")
	return nil
}

// parseForm sets dst from URL-encoded text as url.ParseQuery reads it, the
// first value of a repeated key winning over later ones in the same text and
// over what dst held. Values without escapes are not copied. False when the
// text is not valid URL encoding (a bad escape, a ';').
func parseForm(dst map[string]string, text string) bool {
	ok := true
	// backwards, assigning every pair: the first occurrence is assigned last
	for end := len(text); end >= 0; {
		start := strings.LastIndexByte(text[:end], '&') + 1
		pair := text[start:end]
		end = start - 1
		if pair == "" {
			continue
		}
		if strings.IndexByte(pair, ';') >= 0 {
			ok = false
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		k, err1 := unescapeForm(k)
		v, err2 := unescapeForm(v)
		if err1 != nil || err2 != nil {
			ok = false
			continue
		}
		dst[k] = v
	}
	return ok
}

func unescapeForm(s string) (string, error) {
	if strings.IndexByte(s, '%') < 0 && strings.IndexByte(s, '+') < 0 {
		return s, nil
	}
	return url.QueryUnescape(s)
}

// record writes the call to the journal and the log.
func (s *Server) record(c *rpcCall, status int, code string) {
	e := journal.Entry{
		Time: s.clock.Now(), RequestID: c.requestID, AccessKey: c.accessKey, Action: c.actionNm,
		Region: c.region, Status: status, Code: code, Rule: c.rule, Network: c.network,
		LatencyMs: float64(time.Since(c.start).Microseconds()) / 1000,
	}
	tenant := ""
	if c.account != nil {
		e.Account = c.account.UID
		tenant = c.account.Tenant
	}
	if c.product != nil {
		e.Product = c.product.Name
	}
	// Only authenticated calls keep their parameters (bounded by the
	// journal): unsigned or wrongly signed traffic costs a fixed few hundred
	// bytes per entry whatever its size.
	e.Params = map[string]string{}
	if c.account != nil {
		for k, v := range c.params {
			if !signingParams[k] {
				e.Params[k] = v
			}
		}
	}
	if c.product == nil && c.version != "" {
		e.Params["Version"] = c.version // the version no product is served under
	}
	s.journal.Add(e)
	s.metrics.observe(c, status, code, tenant, time.Since(c.start).Seconds())
	if !s.log.Enabled(context.Background(), slog.LevelInfo) {
		return // no logging wanted: build no line
	}
	s.log.Info("call", "requestId", c.requestID, "action", c.actionNm, "account", e.Account, "tenant", tenant, "status", status, "code", code, "rule", c.rule, "ms", e.LatencyMs)
}

func badRequest(what string) *api.Error {
	return &api.Error{Code: "InvalidParameter.Format", Args: []string{what}, Reason: what}
}
