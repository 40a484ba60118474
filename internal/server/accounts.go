package server

import (
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/gorilla/mux"

	"github.com/ecmock/ecmock/internal/accounts"
	"github.com/ecmock/ecmock/internal/journal"
)

// AccountSpec is the body of POST /_ecmock/accounts: every field is
// optional; uid, accessKeyId and accessKeySecret are generated when absent.
type AccountSpec struct {
	UID             string          `json:"uid"`
	AccessKeyID     string          `json:"accessKeyId"`
	AccessKeySecret string          `json:"accessKeySecret"`
	Quotas          map[string]int  `json:"quotas"`
	Flags           map[string]bool `json:"flags"`
	Whitelisted     *bool           `json:"whitelisted"`
}

// AccountView is an account as the control API shows it. The secret is shown
// only in the answer that creates the account.
type AccountView struct {
	UID             string          `json:"uid"`
	AccessKeyID     string          `json:"accessKeyId"`
	AccessKeySecret string          `json:"accessKeySecret,omitempty"`
	Whitelisted     bool            `json:"whitelisted"`
	Quotas          map[string]int  `json:"quotas"`
	Flags           map[string]bool `json:"flags"`
	Tenant          string          `json:"tenant,omitempty"`
}

func viewOf(a *accounts.Account, secret bool) AccountView {
	v := AccountView{UID: a.UID, AccessKeyID: a.AccessKeyID, Whitelisted: a.IsWhitelisted(),
		Quotas: map[string]int{}, Flags: map[string]bool{}, Tenant: a.Tenant}
	for k, n := range a.Quotas {
		v.Quotas[k] = n
	}
	for k, b := range a.Flags {
		v.Flags[k] = b
	}
	if secret {
		v.AccessKeySecret = a.AccessKeySecret
	}
	return v
}

// Limits of account fields given to the accounts API.
var (
	uidPattern    = regexp.MustCompile(`^[1-9][0-9]{0,18}$`)
	keyPattern    = regexp.MustCompile(`^[A-Za-z0-9._-]{4,64}$`)
	secretPattern = regexp.MustCompile(`^[!-~]{8,128}$`)
)

// MaxQuota bounds a quota value set through the control API.
const MaxQuota = 1_000_000

// ErrNotFound is an account (or resource) the caller cannot see.
var ErrNotFound = errors.New("not found")

// CheckAccountSpec validates an account body: field formats, known quota and
// flag names (listing the known ones), quota ranges.
func (s *Server) CheckAccountSpec(sp *AccountSpec) *FieldError {
	if sp.UID != "" {
		if !uidPattern.MatchString(sp.UID) {
			return &FieldError{Field: "uid", Msg: "must be the account's numeric ID (1-19 digits, e.g. 1234567890123456)"}
		}
		if _, err := strconv.ParseInt(sp.UID, 10, 64); err != nil {
			return &FieldError{Field: "uid", Msg: "must fit a 64-bit integer (the API shows UIDs as Long)"}
		}
	}
	if sp.AccessKeyID != "" && !keyPattern.MatchString(sp.AccessKeyID) {
		return &FieldError{Field: "accessKeyId", Msg: "must be 4-64 letters, digits, '.', '_' or '-'"}
	}
	if sp.AccessKeySecret != "" && !secretPattern.MatchString(sp.AccessKeySecret) {
		return &FieldError{Field: "accessKeySecret", Msg: "must be 8-128 printable characters without spaces"}
	}
	quotas := s.cat.QuotaNames()
	for _, q := range sortedKeys(sp.Quotas) {
		if !contains(quotas, q) {
			return &FieldError{Field: "quotas." + q, Msg: fmt.Sprintf("unknown quota %q (known: %s)", q, strings.Join(quotas, ", "))}
		}
		if n := sp.Quotas[q]; n < 0 || n > MaxQuota {
			return &FieldError{Field: "quotas." + q, Msg: fmt.Sprintf("must be between 0 and %d, not %d", MaxQuota, n)}
		}
	}
	flags := s.cat.FlagNames()
	for _, f := range sortedKeys(sp.Flags) {
		if !contains(flags, f) {
			return &FieldError{Field: "flags." + f, Msg: fmt.Sprintf("unknown flag %q (known: %s)", f, strings.Join(flags, ", "))}
		}
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// randomString draws n characters of alphabet from crypto/rand: generated
// secrets must not be guessable from the seed.
func randomString(alphabet string, n int) string {
	b := make([]byte, n)
	max := big.NewInt(int64(len(alphabet)))
	for i := range b {
		k, err := rand.Int(rand.Reader, max)
		if err != nil {
			panic("ecmock: crypto/rand failed: " + err.Error())
		}
		b[i] = alphabet[k.Int64()]
	}
	return string(b)
}

// CreateAccount creates an account owned by tenant ("" for the server's
// own), generating what the spec leaves out. A UID or key in use is an
// *accounts.ConflictError.
func (s *Server) CreateAccount(sp AccountSpec, tenant string) (*accounts.Account, error) {
	if fe := s.CheckAccountSpec(&sp); fe != nil {
		return nil, fe
	}
	a := &accounts.Account{UID: sp.UID, AccessKeyID: sp.AccessKeyID, AccessKeySecret: sp.AccessKeySecret,
		Quotas: map[string]int{}, Flags: map[string]bool{}, Tenant: tenant}
	for k, v := range sp.Quotas {
		a.Quotas[k] = v
	}
	for k, v := range sp.Flags {
		a.Flags[k] = v
	}
	if sp.Whitelisted != nil {
		w := *sp.Whitelisted
		a.Whitelisted = &w
	}
	for i := 0; a.UID == "" && i < 100; i++ {
		uid := "3" + randomString("0123456789", 15)
		if _, taken := s.accounts.ByUID(uid); !taken {
			a.UID = uid
		}
	}
	if a.AccessKeyID == "" {
		a.AccessKeyID = "LTAI" + randomString(alnum, 20)
	}
	if a.AccessKeySecret == "" {
		a.AccessKeySecret = randomString(alnum, 30)
	}
	if err := s.accounts.Create(a); err != nil {
		return nil, err
	}
	s.log.Info("account created", "uid", a.UID, "accessKeyId", a.AccessKeyID, "tenant", tenant)
	return a, nil
}

// AccountRemoval says what deleting an account removed.
type AccountRemoval struct {
	UID       string   `json:"uid"`
	Resources int      `json:"resources"`
	Tokens    int      `json:"tokens"`
	Journal   int      `json:"journal"`
	Faults    []string `json:"faults"`
}

// DeleteAccount removes an account with its resources, idempotency tokens,
// journal entries and the fault rules that name it. ErrNotFound when there
// is no such account; the last account cannot go.
func (s *Server) DeleteAccount(uid string) (*AccountRemoval, error) {
	if _, ok := s.accounts.ByUID(uid); !ok {
		return nil, ErrNotFound
	}
	if len(s.accounts.List()) <= len(s.accounts.Keys(uid)) {
		return nil, &accounts.ConflictError{Msg: "the server keeps at least one account: create another first"}
	}
	keys := s.accounts.Keys(uid)
	out := &AccountRemoval{UID: uid, Faults: []string{}}
	s.store.Lock()
	out.Resources, out.Tokens = s.store.RemoveOwner(uid)
	s.store.Unlock()
	names := map[string]bool{uid: true}
	for _, k := range keys {
		names[k] = true
	}
	for _, r := range s.Chaos().Rules() {
		if names[r.Rule.Match.Account] && s.Chaos().Remove(r.Rule.Name) {
			out.Faults = append(out.Faults, r.Rule.Name)
		}
	}
	out.Journal = s.journal.Remove(func(e *journal.Entry) bool { return e.Account == uid })
	s.accounts.Delete(uid)
	s.log.Info("account deleted", "uid", uid, "resources", out.Resources, "faults", len(out.Faults))
	return out, nil
}

func (s *Server) accountRoutes(r *mux.Router) {
	r.HandleFunc("/accounts", s.ctlAccountsList).Methods(http.MethodGet)
	r.HandleFunc("/accounts", s.ctlAccountsCreate).Methods(http.MethodPost)
	r.HandleFunc("/accounts/{uid}", s.ctlAccountGet).Methods(http.MethodGet)
	r.HandleFunc("/accounts/{uid}", s.ctlAccountDelete).Methods(http.MethodDelete)
}

func (s *Server) ctlAccountsList(w http.ResponseWriter, r *http.Request) {
	t := tenantOf(r)
	list := []AccountView{}
	for _, a := range s.accounts.List() {
		if s.owns(t, a.UID) {
			list = append(list, viewOf(a, false))
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"accounts": list})
}

func (s *Server) ctlAccountsCreate(w http.ResponseWriter, r *http.Request) {
	var sp AccountSpec
	if err := decodeBody(r, &sp); err != nil {
		writeDecodeError(w, err)
		return
	}
	owner := ""
	if t := tenantOf(r); t != nil {
		owner = t.name
	}
	a, err := s.CreateAccount(sp, owner)
	var fe *FieldError
	var ce *accounts.ConflictError
	switch {
	case errors.As(err, &fe):
		writeFieldError(w, fe)
	case errors.As(err, &ce):
		writeJSONError(w, http.StatusConflict, ce.Msg)
	case err != nil:
		writeJSONError(w, http.StatusBadRequest, err.Error())
	default:
		writeJSON(w, http.StatusCreated, viewOf(a, true))
	}
}

func (s *Server) ctlAccountGet(w http.ResponseWriter, r *http.Request) {
	uid := mux.Vars(r)["uid"]
	a, ok := s.accounts.ByUID(uid)
	if !ok || !s.owns(tenantOf(r), uid) {
		writeJSONError(w, http.StatusNotFound, "no account "+uid)
		return
	}
	writeJSON(w, http.StatusOK, viewOf(a, false))
}

func (s *Server) ctlAccountDelete(w http.ResponseWriter, r *http.Request) {
	uid := mux.Vars(r)["uid"]
	if !s.owns(tenantOf(r), uid) {
		writeJSONError(w, http.StatusNotFound, "no account "+uid)
		return
	}
	out, err := s.DeleteAccount(uid)
	var ce *accounts.ConflictError
	switch {
	case errors.Is(err, ErrNotFound):
		writeJSONError(w, http.StatusNotFound, "no account "+uid)
	case errors.As(err, &ce):
		writeJSONError(w, http.StatusConflict, ce.Msg)
	case err != nil:
		writeJSONError(w, http.StatusBadRequest, err.Error())
	default:
		writeJSON(w, http.StatusOK, out)
	}
}
