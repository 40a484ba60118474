// Package accounts holds ecmock's accounts: UIDs, access keys, flags and
// per-account quotas, loaded from the built-in pair or a credentials file
// (YAML or JSON, README: Accounts, authentication and the credentials file).
package accounts

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"
)

// Account is one Alibaba Cloud account as ecmock sees it.
type Account struct {
	UID             string          `yaml:"uid" json:"uid"`
	AccessKeyID     string          `yaml:"accessKeyId" json:"accessKeyId"`
	AccessKeySecret string          `yaml:"accessKeySecret" json:"accessKeySecret,omitempty"`
	Whitelisted     *bool           `yaml:"whitelisted" json:"whitelisted,omitempty"`
	Flags           map[string]bool `yaml:"flags" json:"flags,omitempty"`
	Quotas          map[string]int  `yaml:"quotas" json:"quotas,omitempty"`
	// Tenant names the tenant that owns the account ("" for accounts of the
	// server itself: built-in, credentials file, created with the admin
	// token). Every resource, token, journal entry and fault rule of the
	// account belongs to that tenant.
	Tenant string `yaml:"tenant,omitempty" json:"tenant,omitempty"`
}

// IsWhitelisted reports the ECR whitelist flag (true unless set to false).
func (a *Account) IsWhitelisted() bool { return a.Whitelisted == nil || *a.Whitelisted }

// Built-in accounts, printed at start-up and in the README.
var (
	BuiltinA = Account{UID: "1000000000000001", AccessKeyID: "LTAIecmockAccountA", AccessKeySecret: "ecmock-secret-a"}
	BuiltinB = Account{UID: "1000000000000002", AccessKeyID: "LTAIecmockAccountB", AccessKeySecret: "ecmock-secret-b"}
)

// File is the credentials file format.
type File struct {
	Accounts []*Account `yaml:"accounts" json:"accounts"`
}

// Registry is the set of accounts a server knows. In open mode an unknown
// access key becomes a new account with a UID derived from the key.
type Registry struct {
	mu    sync.RWMutex
	open  bool
	byKey map[string]*Account
	byUID map[string]*Account
	base  []*Account
}

// NewRegistry builds a registry from accounts (the built-in pair when empty).
func NewRegistry(list []*Account, open bool) (*Registry, error) {
	if len(list) == 0 {
		a, b := BuiltinA, BuiltinB
		list = []*Account{&a, &b}
	}
	r := &Registry{open: open}
	r.base = list
	if err := r.rebuild(); err != nil {
		return nil, err
	}
	return r, nil
}

func (r *Registry) rebuild() error {
	r.byKey, r.byUID = map[string]*Account{}, map[string]*Account{}
	for i, a := range r.base {
		if a.UID == "" || a.AccessKeyID == "" {
			return fmt.Errorf("account %d: uid and accessKeyId are required", i+1)
		}
		if !r.open && a.AccessKeySecret == "" {
			return fmt.Errorf("account %s: accessKeySecret is required with --auth verify", a.UID)
		}
		if _, dup := r.byKey[a.AccessKeyID]; dup {
			return fmt.Errorf("access key %s listed twice", a.AccessKeyID)
		}
		cp := *a
		cp.Quotas = copyMap(a.Quotas)
		if a.Flags != nil {
			cp.Flags = make(map[string]bool, len(a.Flags))
			for k, v := range a.Flags {
				cp.Flags[k] = v
			}
		}
		r.byKey[a.AccessKeyID] = &cp
		if _, ok := r.byUID[a.UID]; !ok {
			r.byUID[a.UID] = &cp
		}
	}
	return nil
}

func copyMap(m map[string]int) map[string]int {
	out := make(map[string]int, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// LoadFile reads a credentials file (YAML or JSON; unknown fields are errors).
func LoadFile(path string) ([]*Account, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var f File
	dec := yaml.NewDecoder(strings.NewReader(string(b)))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(f.Accounts) == 0 {
		return nil, fmt.Errorf("%s: no accounts", path)
	}
	return f.Accounts, nil
}

// Open reports whether signatures are skipped and unknown keys accepted.
func (r *Registry) Open() bool { return r.open }

// ByKey finds the account of an access key. In open mode an unknown key
// becomes an account of its own.
func (r *Registry) ByKey(key string) (*Account, bool) {
	r.mu.RLock()
	a, ok := r.byKey[key]
	r.mu.RUnlock()
	if ok || !r.open || key == "" {
		return a, ok
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if a, ok := r.byKey[key]; ok {
		return a, true
	}
	a = &Account{UID: uidFor(key), AccessKeyID: key, Quotas: map[string]int{}}
	r.byKey[key] = a
	r.byUID[a.UID] = a
	return a, true
}

// ByUID finds an account by its UID.
func (r *Registry) ByUID(uid string) (*Account, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	a, ok := r.byUID[uid]
	return a, ok
}

// Resolve finds an account by access key or UID.
func (r *Registry) Resolve(keyOrUID string) (*Account, bool) {
	if a, ok := r.ByUID(keyOrUID); ok {
		return a, true
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	a, ok := r.byKey[keyOrUID]
	return a, ok
}

// List returns the accounts sorted by UID then key.
func (r *Registry) List() []*Account {
	r.mu.RLock()
	defer r.mu.RUnlock()
	out := make([]*Account, 0, len(r.byKey))
	for _, a := range r.byKey {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].UID != out[j].UID {
			return out[i].UID < out[j].UID
		}
		return out[i].AccessKeyID < out[j].AccessKeyID
	})
	return out
}

// Update applies a change to the account of key or UID (quotas, flags).
func (r *Registry) Update(keyOrUID string, f func(*Account)) error {
	a, ok := r.Resolve(keyOrUID)
	if !ok && r.open {
		a, ok = r.ByKey(keyOrUID)
	}
	if !ok {
		return fmt.Errorf("unknown account %q", keyOrUID)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if a.Quotas == nil {
		a.Quotas = map[string]int{}
	}
	f(a)
	return nil
}

// Add registers a new account (scenarios may declare accounts).
func (r *Registry) Add(a *Account) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if a.UID == "" {
		a.UID = uidFor(a.AccessKeyID)
	}
	if _, dup := r.byKey[a.AccessKeyID]; dup {
		return fmt.Errorf("access key %s already exists", a.AccessKeyID)
	}
	if a.Quotas == nil {
		a.Quotas = map[string]int{}
	}
	r.byKey[a.AccessKeyID] = a
	if _, ok := r.byUID[a.UID]; !ok {
		r.byUID[a.UID] = a
	}
	return nil
}

// Create registers an account made through the accounts API. It outlives
// Reset (with the quotas and flags it was created with), until Delete.
func (r *Registry) Create(a *Account) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if a.UID == "" || a.AccessKeyID == "" {
		return fmt.Errorf("uid and accessKeyId are required")
	}
	if _, dup := r.byKey[a.AccessKeyID]; dup {
		return &ConflictError{fmt.Sprintf("access key %s is taken", a.AccessKeyID)}
	}
	if _, dup := r.byUID[a.UID]; dup {
		return &ConflictError{fmt.Sprintf("an account with uid %s exists", a.UID)}
	}
	if a.Quotas == nil {
		a.Quotas = map[string]int{}
	}
	base := *a
	base.Quotas = copyMap(a.Quotas)
	if a.Flags != nil {
		base.Flags = make(map[string]bool, len(a.Flags))
		for k, v := range a.Flags {
			base.Flags[k] = v
		}
	}
	r.base = append(r.base, &base)
	r.byKey[a.AccessKeyID] = a
	r.byUID[a.UID] = a
	return nil
}

// ConflictError is an account that cannot be created because its UID or
// access key is in use.
type ConflictError struct{ Msg string }

func (e *ConflictError) Error() string { return e.Msg }

// Delete removes an account (every access key of the UID) for good; false
// when there is none.
func (r *Registry) Delete(uid string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.byUID[uid]; !ok {
		return false
	}
	delete(r.byUID, uid)
	for k, a := range r.byKey {
		if a.UID == uid {
			delete(r.byKey, k)
		}
	}
	kept := r.base[:0:0]
	for _, a := range r.base {
		if a.UID != uid {
			kept = append(kept, a)
		}
	}
	r.base = kept
	return true
}

// SetTenant gives an account (by UID) to a tenant, for good (Reset keeps it).
func (r *Registry) SetTenant(uid, tenant string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.byUID[uid]; !ok {
		return fmt.Errorf("no account %s", uid)
	}
	for _, a := range r.byKey {
		if a.UID == uid {
			if a.Tenant != "" && a.Tenant != tenant {
				return fmt.Errorf("account %s belongs to tenant %s", uid, a.Tenant)
			}
			a.Tenant = tenant
		}
	}
	for _, a := range r.base {
		if a.UID == uid {
			a.Tenant = tenant
		}
	}
	return nil
}

// TenantOf returns the tenant owning an account UID ("" for none).
func (r *Registry) TenantOf(uid string) string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if a, ok := r.byUID[uid]; ok {
		return a.Tenant
	}
	return ""
}

// ResetAccounts puts the quotas, flags and whitelist of the accounts keep
// accepts back to how they were configured or created.
func (r *Registry) ResetAccounts(keep func(*Account) bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, b := range r.base {
		a, ok := r.byKey[b.AccessKeyID]
		if !ok || !keep(a) {
			continue
		}
		a.Quotas = copyMap(b.Quotas)
		a.Flags = nil
		if b.Flags != nil {
			a.Flags = make(map[string]bool, len(b.Flags))
			for k, v := range b.Flags {
				a.Flags[k] = v
			}
		}
		a.Whitelisted = b.Whitelisted
	}
}

// Keys lists the access keys of an account.
func (r *Registry) Keys(uid string) []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	var out []string
	for k, a := range r.byKey {
		if a.UID == uid {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// Reset forgets accounts added at run time (scenarios, open mode) and
// quota/flag changes; accounts of the configuration and of the accounts API
// stay.
func (r *Registry) Reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	_ = r.rebuild()
}

// Flag reports an account flag (false when unset), read under the registry's
// lock so that run-time changes do not race with calls.
func (r *Registry) Flag(a *Account, name string) bool {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return a.Flags[name]
}

// Quota returns the account's value for a quota, or def when not overridden.
func (r *Registry) Quota(a *Account, name string, def int) int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if v, ok := a.Quotas[name]; ok {
		return v
	}
	return def
}

// uidFor derives a stable 16-digit UID from an access key (open mode).
func uidFor(key string) string {
	var h uint64 = 1469598103934665603
	for i := 0; i < len(key); i++ {
		h ^= uint64(key[i])
		h *= 1099511628211
	}
	return fmt.Sprintf("2%015d", h%1_000_000_000_000_000)
}

// State serializes the accounts as they are now (with their quotas and
// flags), for --state-dir.
func (r *Registry) State() ([]byte, error) {
	list := r.List()
	r.mu.RLock()
	defer r.mu.RUnlock()
	return json.Marshal(list)
}

// LoadState replaces the accounts with a saved State (the configured ones
// still come back on Reset).
func (r *Registry) LoadState(b []byte) error {
	var list []*Account
	if err := json.Unmarshal(b, &list); err != nil {
		return err
	}
	byKey, byUID := map[string]*Account{}, map[string]*Account{}
	for i, a := range list {
		if a == nil || a.UID == "" || a.AccessKeyID == "" {
			return fmt.Errorf("saved account %d has no uid or accessKeyId", i+1)
		}
		if a.Quotas == nil {
			a.Quotas = map[string]int{}
		}
		byKey[a.AccessKeyID] = a
		if _, ok := byUID[a.UID]; !ok {
			byUID[a.UID] = a
		}
	}
	r.mu.Lock()
	r.byKey, r.byUID = byKey, byUID
	r.mu.Unlock()
	return nil
}
