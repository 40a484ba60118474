package server

import (
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/gorilla/mux"

	"github.com/ecmock/ecmock/internal/journal"
	"github.com/ecmock/ecmock/internal/store"
)

// adminAuth requires the bearer token on every control request when one is set.
func (s *Server) adminAuth(next http.Handler) http.Handler {
	if s.opts.AdminToken == "" {
		return next
	}
	want := []byte("Bearer " + s.opts.AdminToken)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), want) != 1 {
			writeJSONError(w, http.StatusUnauthorized, "the control API needs Authorization: Bearer <admin token>")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// controlRoutes registers the control API (README: The control API) under /_ecmock.
func (s *Server) controlRoutes(r *mux.Router) {
	r.HandleFunc("/health", s.ctlHealth).Methods(http.MethodGet)
	r.HandleFunc("/reset", s.ctlReset).Methods(http.MethodPost)
	r.HandleFunc("/state", s.ctlStateGet).Methods(http.MethodGet)
	r.HandleFunc("/state", s.ctlStatePut).Methods(http.MethodPut)
	r.HandleFunc("/clock", s.ctlClock).Methods(http.MethodGet)
	r.HandleFunc("/clock/advance", s.ctlClockAdvance).Methods(http.MethodPost)
	r.HandleFunc("/resources/{id}/status", s.ctlResourceStatus).Methods(http.MethodPost)
	r.HandleFunc("/journal", s.ctlJournal).Methods(http.MethodGet)
	r.HandleFunc("/pact/states", s.pactStatesHandler()).Methods(http.MethodPost)
	s.chaosRoutes(r)
}

func (s *Server) ctlHealth(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func (s *Server) ctlReset(w http.ResponseWriter, _ *http.Request) {
	s.Reset()
	writeJSON(w, http.StatusOK, map[string]string{"status": "reset"})
}

func (s *Server) ctlStateGet(w http.ResponseWriter, _ *http.Request) {
	var snap store.Snapshot
	s.WithStore(func(st *store.Store) { snap = st.Export() })
	writeJSON(w, http.StatusOK, snap)
}

func (s *Server) ctlStatePut(w http.ResponseWriter, r *http.Request) {
	var snap store.Snapshot
	if err := decodeBody(r, &snap); err != nil {
		writeJSONError(w, http.StatusBadRequest, err.Error())
		return
	}
	var err error
	s.WithStore(func(st *store.Store) { err = st.Import(snap) })
	if err != nil {
		writeJSONError(w, http.StatusBadRequest, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, map[string]int{"resources": len(snap.Resources)})
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
		writeJSONError(w, http.StatusBadRequest, fmt.Sprintf("by must be a positive Go duration such as \"90s\" or \"72h\", not %q", body.By))
		return
	}
	s.clock.Advance(d)
	s.ctlClock(w, r)
}

func (s *Server) ctlResourceStatus(w http.ResponseWriter, r *http.Request) {
	id := mux.Vars(r)["id"]
	var body struct {
		Status string `json:"status"`
	}
	if err := decodeBody(r, &body); err != nil {
		writeJSONError(w, http.StatusBadRequest, err.Error())
		return
	}
	if body.Status == "" {
		writeJSONError(w, http.StatusBadRequest, "status is required")
		return
	}
	var res *store.Resource
	s.WithStore(func(st *store.Store) {
		if res = st.Get(id); res != nil {
			st.SetStatus(res, body.Status, true)
		}
	})
	if res == nil {
		writeJSONError(w, http.StatusNotFound, "no resource "+id)
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
			writeJSONError(w, http.StatusBadRequest, "limit must be a non-negative integer")
			return
		}
		jq.Limit = n
	}
	entries := s.journal.List(jq)
	writeJSON(w, http.StatusOK, map[string]any{"entries": entries, "total": s.journal.Total(), "capacity": s.journal.Size()})
}

// decodeBody reads a JSON body (at most 1 MiB) strictly.
func decodeBody(r *http.Request, v any) error {
	b, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return fmt.Errorf("reading body: %v", err)
	}
	if len(b) > maxBody {
		return fmt.Errorf("body larger than 1 MiB")
	}
	dec := json.NewDecoder(bytesReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("body is not the expected JSON: %v", err)
	}
	return nil
}
