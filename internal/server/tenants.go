package server

import (
	"context"
	"crypto/subtle"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/ecmock/ecmock/internal/accounts"
	"github.com/ecmock/ecmock/internal/journal"
	"github.com/ecmock/ecmock/internal/store"
)

// TenantSpec is one tenant of a tenants file: a name, the bearer token its
// pipelines and tools send to the control API, and the accounts it owns —
// existing ones named by uid alone, or new ones with their credentials.
type TenantSpec struct {
	Name     string              `yaml:"name" json:"name"`
	Token    string              `yaml:"token" json:"token"`
	Accounts []*accounts.Account `yaml:"accounts" json:"accounts"`
}

// TenantsFile is the format of --tenants (YAML or JSON; unknown fields are
// errors).
type TenantsFile struct {
	Tenants []TenantSpec `yaml:"tenants" json:"tenants"`
}

// MinTokenLen is the shortest bearer token a tenant may have.
const MinTokenLen = 16

var tenantName = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,39}$`)

// LoadTenants reads a tenants file.
func LoadTenants(path string) ([]TenantSpec, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var f TenantsFile
	dec := yaml.NewDecoder(strings.NewReader(string(b)))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(f.Tenants) == 0 {
		return nil, fmt.Errorf("%s: no tenants", path)
	}
	return f.Tenants, nil
}

// tenant is a tenant at run time.
type tenant struct {
	name  string
	token []byte
	pact  http.Handler // its provider-state handler, built on first use
}

// setupTenants checks the tenants and gives them their accounts.
func (s *Server) setupTenants(list []TenantSpec) error {
	if len(list) == 0 {
		return nil
	}
	if s.opts.AdminToken == "" {
		return fmt.Errorf("--tenants needs --admin-token (without it the control API is open to anyone)")
	}
	s.tenants = map[string]*tenant{}
	tokens := map[string]string{s.opts.AdminToken: "the admin token"}
	for i, t := range list {
		f := fmt.Sprintf("tenants[%d]", i)
		if !tenantName.MatchString(t.Name) {
			return fmt.Errorf("%s.name: %q: a tenant name is 1-40 lowercase letters, digits and '-'", f, t.Name)
		}
		if _, dup := s.tenants[t.Name]; dup {
			return fmt.Errorf("%s.name: tenant %s is listed twice", f, t.Name)
		}
		if len(t.Token) < MinTokenLen {
			return fmt.Errorf("%s.token: tenant %s needs a token of at least %d characters", f, t.Name, MinTokenLen)
		}
		if other, dup := tokens[t.Token]; dup {
			return fmt.Errorf("%s.token: tenant %s has the same token as %s", f, t.Name, other)
		}
		tokens[t.Token] = "tenant " + t.Name
		s.tenants[t.Name] = &tenant{name: t.Name, token: []byte(t.Token)}
		for j, a := range t.Accounts {
			af := fmt.Sprintf("%s.accounts[%d]", f, j)
			if a == nil || a.UID == "" {
				return fmt.Errorf("%s.uid: an account is named by its uid", af)
			}
			if a.Tenant != "" {
				return fmt.Errorf("%s.tenant: the tenant of an account is the one listing it", af)
			}
			if _, ok := s.accounts.ByUID(a.UID); ok {
				if a.AccessKeyID != "" || a.AccessKeySecret != "" || a.Quotas != nil || a.Flags != nil || a.Whitelisted != nil {
					return fmt.Errorf("%s: account %s exists (credentials): name it by uid alone", af, a.UID)
				}
				if err := s.accounts.SetTenant(a.UID, t.Name); err != nil {
					return fmt.Errorf("%s: %v", af, err)
				}
				continue
			}
			sp := AccountSpec{UID: a.UID, AccessKeyID: a.AccessKeyID, AccessKeySecret: a.AccessKeySecret,
				Quotas: a.Quotas, Flags: a.Flags, Whitelisted: a.Whitelisted}
			if sp.AccessKeyID == "" || sp.AccessKeySecret == "" && !s.accounts.Open() {
				return fmt.Errorf("%s: no account has uid %s: a new account needs accessKeyId and accessKeySecret", af, a.UID)
			}
			if _, err := s.CreateAccount(sp, t.Name); err != nil {
				return fmt.Errorf("%s: %v", af, err)
			}
		}
	}
	return nil
}

type principalKey struct{}

// tenantOf returns the tenant a control request acts for (nil: the admin).
func tenantOf(r *http.Request) *tenant {
	t, _ := r.Context().Value(principalKey{}).(*tenant)
	return t
}

// authorize finds who a control request acts for: the admin token gives
// full power, a tenant's token that tenant's world; without a token the
// request is the admin's only when no admin token is set.
func (s *Server) authorize(next http.Handler) http.Handler {
	admin := []byte("Bearer " + s.opts.AdminToken)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := []byte(r.Header.Get("Authorization"))
		if s.opts.AdminToken != "" && subtle.ConstantTimeCompare(h, admin) == 1 {
			next.ServeHTTP(w, r)
			return
		}
		if bearer, ok := strings.CutPrefix(string(h), "Bearer "); ok && s.tenants != nil {
			for _, t := range s.tenants {
				if subtle.ConstantTimeCompare([]byte(bearer), t.token) == 1 {
					next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), principalKey{}, t)))
					return
				}
			}
		}
		if s.opts.AdminToken == "" {
			next.ServeHTTP(w, r)
			return
		}
		writeJSONError(w, http.StatusUnauthorized, "the control API needs Authorization: Bearer <admin token or a tenant's token>")
	})
}

// adminOnly refuses a tenant's token on global endpoints.
func adminOnly(what string, next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if t := tenantOf(r); t != nil {
			writeJSONError(w, http.StatusForbidden, fmt.Sprintf("%s is global (it changes every tenant's world): it needs the admin token, not tenant %s's", what, t.name))
			return
		}
		next(w, r)
	}
}

// owns reports whether account uid belongs to tenant t (nil t: the admin
// owns everything).
func (s *Server) owns(t *tenant, uid string) bool {
	return t == nil || uid != "" && s.accounts.TenantOf(uid) == t.name
}

// ownsKey reports whether an access key or UID names an account of t.
func (s *Server) ownsKey(t *tenant, keyOrUID string) bool {
	if t == nil {
		return true
	}
	a, ok := s.accounts.Resolve(keyOrUID)
	return ok && a.Tenant == t.name
}

// ResetTenant empties one tenant's world: its accounts' resources and
// idempotency tokens, their journal entries, the tenant's fault rules, and
// its accounts' quotas and flags back to their configuration. Other
// tenants, the clock, the timing profile and the nonce cache are untouched.
func (s *Server) ResetTenant(name string) {
	owned := func(uid string) bool { return s.accounts.TenantOf(uid) == name }
	s.store.Lock()
	for _, a := range s.accounts.List() {
		if a.Tenant == name {
			s.store.RemoveOwner(a.UID)
		}
	}
	s.store.Unlock()
	s.journal.Remove(func(e *journal.Entry) bool { return owned(e.Account) })
	for _, r := range s.Chaos().Rules() {
		if r.Rule.Tenant == name {
			s.Chaos().Remove(r.Rule.Name)
		}
	}
	s.accounts.ResetAccounts(func(a *accounts.Account) bool { return a.Tenant == name })
	s.log.Info("tenant reset", "tenant", name)
}

// tenantPrefix is how a tenant's rule names are kept apart from others':
// "<tenant>.<name>" in the engine, "<name>" as the tenant sees it.
func tenantPrefix(t *tenant) string { return t.name + "." }

// visibleEntries filters journal entries for t and strips its rule prefix.
func (s *Server) visibleEntries(t *tenant, entries []journal.Entry) []journal.Entry {
	if t == nil {
		return entries
	}
	out := entries[:0]
	for _, e := range entries {
		if e.Account != "" && !s.owns(t, e.Account) || e.Account == "" && (e.AccessKey == "" || !s.ownsKey(t, e.AccessKey)) {
			continue
		}
		if strings.HasPrefix(e.Rule, tenantPrefix(t)) {
			e.Rule = strings.TrimPrefix(e.Rule, tenantPrefix(t))
		} else if e.Rule != "" {
			e.Rule = "(admin rule)"
		}
		out = append(out, e)
	}
	return out
}

// ownedResources keeps the resources of t's accounts.
func (s *Server) ownedResources(t *tenant, list []*store.Resource) []*store.Resource {
	if t == nil {
		return list
	}
	out := make([]*store.Resource, 0, len(list))
	for _, r := range list {
		if s.owns(t, r.Owner) {
			out = append(out, r)
		}
	}
	return out
}
