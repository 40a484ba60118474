package server

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gorilla/mux"

	"github.com/ecmock/ecmock/internal/journal"
	"github.com/ecmock/ecmock/internal/store"
)

// controlRoutes registers the control API (README: The control API) under /_ecmock.
func (s *Server) controlRoutes(r *mux.Router) {
	r.HandleFunc("/health", s.ctlHealth).Methods(http.MethodGet)
	r.HandleFunc("/reset", s.ctlReset).Methods(http.MethodPost)
	r.HandleFunc("/state", s.ctlStateGet).Methods(http.MethodGet)
	r.HandleFunc("/state", s.ctlStatePut).Methods(http.MethodPut)
	r.HandleFunc("/clock", s.ctlClock).Methods(http.MethodGet)
	r.HandleFunc("/clock/advance", adminOnly("moving the clock", s.ctlClockAdvance)).Methods(http.MethodPost)
	r.HandleFunc("/resources/{id}/status", s.ctlResourceStatus).Methods(http.MethodPost)
	r.HandleFunc("/journal", s.ctlJournal).Methods(http.MethodGet)
	r.HandleFunc("/pact/states", s.pactStatesHandler()).Methods(http.MethodPost)
	s.chaosRoutes(r)
	s.accountRoutes(r)
}

func (s *Server) ctlHealth(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func (s *Server) ctlReset(w http.ResponseWriter, r *http.Request) {
	if t := tenantOf(r); t != nil {
		s.ResetTenant(t.name)
		writeJSON(w, http.StatusOK, map[string]string{"status": "reset", "tenant": t.name})
		return
	}
	s.Reset()
	writeJSON(w, http.StatusOK, map[string]string{"status": "reset"})
}

// ctlStateGet exports the state as one JSON document. Each resource is
// encoded while the store is locked — a consistent snapshot that API calls
// cannot change half-way; the read lock when nothing is due, so other
// accounts' reads go on — into a spool (memory, then an unlinked temporary
// file), which is streamed to the client once the lock is released: a slow
// client holds no lock, and a large state costs no memory.
func (s *Server) ctlStateGet(w http.ResponseWriter, r *http.Request) {
	t := tenantOf(r)
	var out spool
	defer out.Close()
	var err error
	export := func(st *store.Store) {
		snap := st.Export()
		err = writeSnapshot(&out, snap.Time, s.ownedResources(t, snap.Resources))
	}
	if s.readLock() {
		func() {
			defer s.store.RUnlock() // a panic (answered 500) must not keep it
			export(s.store)
		}()
	} else {
		s.WithStore(export) // something is due: settled first
	}
	if err != nil {
		writeJSONError(w, http.StatusInternalServerError, "encoding the state: "+err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.FormatInt(out.Len(), 10))
	w.WriteHeader(http.StatusOK)
	_, _ = out.WriteTo(w)
}

// writeSnapshot writes {"time":..., "resources":[...]} with one resource a
// line.
func writeSnapshot(dst io.Writer, at time.Time, resources []*store.Resource) error {
	w := bufio.NewWriterSize(dst, 64<<10)
	tb, _ := json.Marshal(at)
	w.WriteString(`{"time":`)
	w.Write(tb)
	w.WriteString(`,"resources":[`)
	var one []byte
	for i, res := range resources {
		if i > 0 {
			w.WriteByte(',')
		}
		w.WriteByte('\n')
		var err error
		if one, err = appendResource(one[:0], res); err != nil {
			return fmt.Errorf("resource %s: %w", res.ID, err)
		}
		w.Write(one)
	}
	w.WriteString("\n]}\n")
	return w.Flush()
}

// appendResource appends a resource as its JSON form (store.Resource's
// fields, shared attributes included) without reflection: an export of
// 100,000 resources holds the store's read lock for this.
func appendResource(b []byte, r *store.Resource) ([]byte, error) {
	str := func(b []byte, k, v string) []byte {
		b = append(b, '"')
		b = append(b, k...)
		b = append(b, `":`...)
		b = appendJSONString(b, v)
		return append(b, ',')
	}
	at := func(b []byte, k string, t time.Time) []byte {
		b = append(b, '"')
		b = append(b, k...)
		b = append(b, `":"`...)
		b = t.AppendFormat(b, time.RFC3339Nano)
		return append(b, `",`...)
	}
	b = append(b, '{')
	b = str(b, "id", r.ID)
	b = str(b, "type", r.Type)
	b = str(b, "owner", r.Owner)
	b = str(b, "region", r.Region)
	b = str(b, "status", r.Status)
	b = at(b, "since", r.Since)
	b = append(b, `"reads":`...)
	b = strconv.AppendInt(b, atomic.LoadInt64(&r.Reads), 10)
	b = append(b, ',')
	b = str(b, "createdBy", r.CreatedBy)
	b = at(b, "created", r.Created)
	b = append(b, `"seq":`...)
	b = strconv.AppendInt(b, r.Seq, 10)
	b = append(b, `,"attrs":{`...)
	attrs := r.Attrs
	if r.Shared() != nil {
		attrs = r.AllAttrs()
	}
	keys := make([]string, 0, len(attrs))
	for k := range attrs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var err error
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, k)
		b = append(b, ':')
		switch v := attrs[k].(type) {
		case []any:
			if v == nil { // as encoding/json: a nil list is null, not []
				b = append(b, "null"...)
				continue
			}
		case map[string]any:
			if v == nil {
				b = append(b, "null"...)
				continue
			}
		}
		if b, err = appendJSON(b, attrs[k]); err != nil {
			return b, err
		}
	}
	return append(b, "}}"...), nil
}

// maxStateBody bounds a PUT /_ecmock/state document (512 MiB: about 700,000
// resources as GET exports them).
const maxStateBody = 512 << 20

func (s *Server) ctlStatePut(w http.ResponseWriter, r *http.Request) {
	force, ok := forceParam(w, r)
	if !ok {
		return
	}
	var snap store.Snapshot
	if err := decodeStream(r.Body, &snap, maxStateBody); err != nil {
		writeDecodeError(w, err)
		return
	}
	if fe := s.CheckSnapshot(&snap, force); fe != nil {
		writeFieldError(w, fe)
		return
	}
	t := tenantOf(r)
	if t != nil {
		for i, res := range snap.Resources {
			if !s.owns(t, res.Owner) {
				writeFieldError(w, &FieldError{Field: fmt.Sprintf("resources[%d].owner", i), Msg: fmt.Sprintf("no account %s among tenant %s's", res.Owner, t.name)})
				return
			}
		}
	}
	var err error
	s.WithStore(func(st *store.Store) {
		if t != nil {
			err = st.ImportOwned(snap, func(uid string) bool { return s.owns(t, uid) })
			return
		}
		err = st.Import(snap)
	})
	if err != nil {
		writeJSONError(w, http.StatusBadRequest, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, map[string]int{"resources": len(snap.Resources)})
}

// CheckSnapshot validates a state document before anything changes: no null
// entry, id, type, owner and status present, a known resource type, a status
// the catalogue knows for the type (unless force), no duplicate ID, no
// negative counters.
func (s *Server) CheckSnapshot(snap *store.Snapshot, force bool) *FieldError {
	if snap.Resources == nil {
		return &FieldError{Field: "resources", Msg: "resources is required (a list; [] for none): wiping state is POST /_ecmock/reset"}
	}
	ids := make(map[string]int, len(snap.Resources))
	for i, res := range snap.Resources {
		f := fmt.Sprintf("resources[%d]", i)
		if res == nil {
			return &FieldError{Field: f, Msg: "null is not a resource"}
		}
		switch {
		case res.ID == "":
			return &FieldError{Field: f + ".id", Msg: "id is required"}
		case res.Owner == "":
			return &FieldError{Field: f + ".owner", Msg: "owner (an account UID) is required"}
		case res.Seq < 0:
			return &FieldError{Field: f + ".seq", Msg: "must not be negative"}
		case res.Reads < 0:
			return &FieldError{Field: f + ".reads", Msg: "must not be negative"}
		}
		if j, dup := ids[res.ID]; dup {
			return &FieldError{Field: f + ".id", Msg: fmt.Sprintf("id %s is also resources[%d]", res.ID, j)}
		}
		ids[res.ID] = i
		if fe := s.checkTypeStatus(f, res.Type, res.Status, force); fe != nil {
			return fe
		}
	}
	return nil
}

// ResourceTypes lists every resource type the server stores.
func (s *Server) ResourceTypes() []string {
	set := map[string]bool{}
	for _, t := range s.reg.FixtureTypes() {
		set[t] = true
	}
	for _, p := range s.cat.Products {
		for t := range p.Statuses {
			set[t] = true
		}
		for t := range p.Lifecycles {
			set[t] = true
		}
	}
	return sortedSet(set)
}

// checkTypeStatus checks a resource's type and status at field path f.
func (s *Server) checkTypeStatus(f, typ, status string, force bool) *FieldError {
	types := s.ResourceTypes()
	if typ == "" {
		return &FieldError{Field: f + ".type", Msg: "type is required (one of " + strings.Join(types, ", ") + ")"}
	}
	if !contains(types, typ) {
		return &FieldError{Field: f + ".type", Msg: fmt.Sprintf("unknown resource type %q (known: %s)", typ, strings.Join(types, ", "))}
	}
	return s.checkStatus(join(f, "status"), typ, status, force)
}

func join(prefix, field string) string {
	if prefix == "" {
		return field
	}
	return prefix + "." + field
}

// maxStatusLen bounds a forced status.
const maxStatusLen = 64

func (s *Server) checkStatus(f, typ, status string, force bool) *FieldError {
	if status == "" {
		return &FieldError{Field: f, Msg: "status is required"}
	}
	if len(status) > maxStatusLen {
		return &FieldError{Field: f, Msg: fmt.Sprintf("a status is at most %d characters", maxStatusLen)}
	}
	if force {
		return nil
	}
	known := s.cat.Statuses(typ)
	if !contains(known, status) {
		return &FieldError{Field: f, Msg: fmt.Sprintf("%q is not a status of a %s (known: %s; force: true to set it anyway)", status, typ, strings.Join(known, ", "))}
	}
	return nil
}

// forceParam reads ?force=true|false.
func forceParam(w http.ResponseWriter, r *http.Request) (bool, bool) {
	v := r.URL.Query().Get("force")
	if v == "" {
		return false, true
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		writeFieldError(w, &FieldError{Field: "force", Msg: fmt.Sprintf("must be true or false, not %q", v)})
		return false, false
	}
	return b, true
}

type clockView struct {
	Now    time.Time `json:"now"`
	Kind   string    `json:"kind"`
	Timing string    `json:"timing"`
}

func (s *Server) ctlClock(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, clockView{Now: s.clock.Now(), Kind: s.clock.Kind(), Timing: s.Timing()})
}

func (s *Server) ctlClockAdvance(w http.ResponseWriter, r *http.Request) {
	var body struct {
		By string `json:"by"`
	}
	if err := decodeBody(r, &body); err != nil {
		writeJSONError(w, http.StatusBadRequest, err.Error())
		return
	}
	d, err := time.ParseDuration(body.By)
	if err != nil || d <= 0 {
		writeFieldError(w, &FieldError{Field: "by", Msg: fmt.Sprintf("must be a positive Go duration such as \"90s\" or \"72h\", not %q", body.By)})
		return
	}
	if err := s.AdvanceClock(d); err != nil {
		writeFieldError(w, &FieldError{Field: "by", Msg: err.Error()})
		return
	}
	s.ctlClock(w, r)
}

func (s *Server) ctlResourceStatus(w http.ResponseWriter, r *http.Request) {
	id := mux.Vars(r)["id"]
	var body struct {
		Status string `json:"status"`
		Force  bool   `json:"force"`
	}
	if err := decodeBody(r, &body); err != nil {
		writeDecodeError(w, err)
		return
	}
	if body.Status == "" {
		writeFieldError(w, &FieldError{Field: "status", Msg: "status is required"})
		return
	}
	var res *store.Resource
	var fe *FieldError
	t := tenantOf(r)
	s.WithStore(func(st *store.Store) {
		if res = st.Get(id); res != nil && !s.owns(t, res.Owner) {
			res = nil // another tenant's resource: as if it did not exist
		}
		if res != nil {
			if fe = s.checkStatus("status", res.Type, body.Status, body.Force); fe == nil {
				st.SetStatus(res, body.Status, true)
			}
		}
	})
	if res == nil {
		writeJSONError(w, http.StatusNotFound, "no resource "+id)
		return
	}
	if fe != nil {
		writeFieldError(w, fe)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"id": id, "type": res.Type, "status": body.Status})
}

func (s *Server) ctlJournal(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	jq := journal.Query{Action: q.Get("action"), Code: q.Get("code"), Account: q.Get("account"), Rule: q.Get("rule"),
		Product: q.Get("product"), Network: q.Get("network")}
	if l := q.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 0 {
			writeFieldError(w, &FieldError{Field: "limit", Msg: "must be a non-negative integer, not " + strconv.Quote(l)})
			return
		}
		jq.Limit = n
	}
	t := tenantOf(r)
	if t != nil {
		jq.Limit = 0 // applied after the tenant's filter
	}
	entries := s.visibleEntries(t, s.journal.List(jq))
	if t != nil && q.Get("limit") != "" && jq.Limit == 0 {
		if n, _ := strconv.Atoi(q.Get("limit")); n > 0 && len(entries) > n {
			entries = entries[len(entries)-n:]
		}
	}
	st := s.journal.Stats()
	writeJSON(w, http.StatusOK, map[string]any{"entries": entries, "total": st.Total, "capacity": st.Capacity,
		"bytes": st.Bytes, "maxBytes": st.MaxBytes, "dropped": st.Dropped})
}

// FieldError is a control API input error: the path of the bad field (e.g.
// "resources[3].status", "by") and what is wrong. It answers 400
// {"error": "<field>: <msg>", "field": "<field>"}.
type FieldError struct {
	Field string
	Msg   string
}

func (e *FieldError) Error() string {
	if e.Field == "" {
		return e.Msg
	}
	return e.Field + ": " + e.Msg
}

func writeFieldError(w http.ResponseWriter, fe *FieldError) {
	writeJSON(w, http.StatusBadRequest, map[string]string{"error": fe.Error(), "field": fe.Field})
}

// writeDecodeError answers a body decodeBody refused, with the field's path
// when the JSON names one.
func writeDecodeError(w http.ResponseWriter, err error) {
	var fe *FieldError
	if errors.As(err, &fe) {
		writeFieldError(w, fe)
		return
	}
	writeJSONError(w, http.StatusBadRequest, err.Error())
}

// decodeBody reads a JSON body (at most 1 MiB) strictly: one JSON object, no
// unknown field, no value of the wrong type, nothing after it.
func decodeBody(r *http.Request, v any) error {
	b, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return fmt.Errorf("reading body: %v", err)
	}
	if len(b) > maxBody {
		return fmt.Errorf("body larger than 1 MiB")
	}
	return decodeJSON(b, v)
}

// decodeStream decodes a JSON object from r as it arrives, as decodeJSON
// does, refusing a body larger than limit.
func decodeStream(r io.Reader, v any, limit int64) error {
	lr := &io.LimitedReader{R: r, N: limit + 1}
	br := bufio.NewReaderSize(lr, 64<<10)
	for {
		c, err := br.ReadByte()
		if err != nil {
			return &FieldError{Msg: "the body must be a JSON object"}
		}
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
			continue
		}
		if c != '{' {
			return &FieldError{Msg: "the body must be a JSON object"}
		}
		_ = br.UnreadByte()
		break
	}
	dec := json.NewDecoder(br)
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if lr.N <= 0 {
		return fmt.Errorf("body larger than %d bytes (the limit of this endpoint)", limit)
	}
	if err != nil {
		return jsonError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return fmt.Errorf("body is not the expected JSON: data after the object")
	}
	return nil
}

func decodeJSON(b []byte, v any) error {
	if t := bytes.TrimSpace(b); len(t) == 0 || bytes.Equal(t, []byte("null")) || t[0] != '{' {
		return &FieldError{Msg: "the body must be a JSON object"}
	}
	dec := json.NewDecoder(bytesReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if dec.More() {
		return fmt.Errorf("body is not the expected JSON: data after the object")
	}
	return nil
}

// jsonError turns a decoding error into what the control API answers: the
// field at fault where there is one.
func jsonError(err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return &FieldError{Field: te.Field, Msg: fmt.Sprintf("must be a JSON %s, not %s", jsonKind(te.Type.Kind().String()), te.Value)}
	}
	if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return &FieldError{Field: strings.Trim(f, `"`), Msg: "unknown field"}
	}
	return fmt.Errorf("body is not the expected JSON: %v", err)
}

func jsonKind(k string) string {
	switch k {
	case "string":
		return "string"
	case "bool":
		return "boolean"
	case "slice", "array":
		return "array"
	case "map", "struct", "ptr":
		return "object"
	default:
		return "number (" + k + ")"
	}
}

// recoverControl answers 500 with a message when a control handler panics
// (never an empty reply), and logs the panic.
func (s *Server) recoverControl(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.log.Error("control panic", "method", r.Method, "path", r.URL.Path, "panic", fmt.Sprint(p))
				writeJSONError(w, http.StatusInternalServerError, fmt.Sprintf("internal error in %s %s (logged): %v", r.Method, r.URL.Path, p))
			}
		}()
		next.ServeHTTP(w, r)
	})
}
