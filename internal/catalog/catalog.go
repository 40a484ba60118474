// Package catalog is ecmock's machine-readable API description: every action
// served, its parameters and their rules, its response fields, and its
// documented error codes with HTTP status and message, transcribed from the API
// documentation in the API reference pages. The front door validates requests from it, the
// error envelope takes statuses and messages from it, the chaos engine resolves
// error families with it, and `ecmock spec` prints it.
//
// The data lives in data/*.yaml (embedded). One file may describe part of a
// product; files of the same product are merged.
package catalog

import (
	"embed"
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"gopkg.in/yaml.v3"
)

//go:embed data/*.yaml
var dataFS embed.FS

// Catalog is the loaded description of every product.
type Catalog struct {
	Products map[string]*Product // by name
	versions map[string]*Product // by API version
	Common   map[string]*ErrorDef
	common   []*ErrorDef
}

// Product is one API product (Vpc, ExpressConnectRouter, Cbn).
type Product struct {
	Name    string `yaml:"product" json:"product"`
	Version string `yaml:"version" json:"version"`
	// Envelope is "rpc" (RequestId + fields) or "ecr" (adds Success, Code,
	// Message, HttpStatusCode, DynamicCode, DynamicMessage and
	// AccessDeniedDetail: empty / null on success, the error's on errors).
	Envelope string `yaml:"envelope" json:"envelope"`
	// MissingError and InvalidError are the codes used when a parameter is
	// absent or breaks a rule and the parameter names no code of its own. They
	// may contain %s (the parameter name).
	MissingError string `yaml:"missingError" json:"missingError"`
	InvalidError string `yaml:"invalidError" json:"invalidError"`
	// Notes are product-wide decisions (validation order, guesses).
	Notes   []string           `yaml:"notes" json:"notes,omitempty"`
	Quotas  []*Quota           `yaml:"quotas" json:"quotas,omitempty"`
	Actions map[string]*Action `yaml:"actions" json:"actions"`
	// Lifecycles lists the transitions the cloud makes on its own, by resource type.
	Lifecycles map[string][]*Transition `yaml:"lifecycles" json:"lifecycles,omitempty"`
	// Statuses lists every status a resource type can show, by type (the
	// control API refuses to force a resource into any other without force).
	Statuses map[string][]string `yaml:"statuses" json:"statuses,omitempty"`
	// Flags are the account flags the product's handlers read (credentials
	// file, scenarios and the accounts API accept only these names).
	Flags []*Flag `yaml:"flags" json:"flags,omitempty"`
}

// Flag is an account-level condition some documented errors depend on.
type Flag struct {
	Name string `yaml:"name" json:"name"`
	Doc  string `yaml:"doc" json:"doc"`
}

// Quota is a per-account limit with its default, overridable per account.
type Quota struct {
	Name    string `yaml:"name" json:"name"`
	Default int    `yaml:"default" json:"default"`
	Doc     string `yaml:"doc" json:"doc"`
	Source  string `yaml:"source" json:"source"`
}

// Transition is an automatic state change of a resource type. To "-" means the
// resource is gone. Realistic and Fast are the durations of the realistic and
// fast timing profiles (fast defaults to one second, instant is always zero).
type Transition struct {
	From      string   `yaml:"from" json:"from"`
	To        string   `yaml:"to" json:"to"`
	Realistic Duration `yaml:"realistic" json:"realistic"`
	Fast      Duration `yaml:"fast" json:"fast,omitempty"`
	Doc       string   `yaml:"doc" json:"doc,omitempty"`
	// Failure is the documented status the transition ends in when the cloud
	// fails it (PhysicalConnection Allocating → "Allocation Failed"); "" when
	// none is documented.
	Failure string `yaml:"failure" json:"failure,omitempty"`
}

// Duration is a time.Duration written as "90s" in YAML and JSON.
type Duration time.Duration

// UnmarshalYAML reads a Go duration string.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	v, err := time.ParseDuration(n.Value)
	if err != nil {
		return fmt.Errorf("line %d: bad duration %q", n.Line, n.Value)
	}
	*d = Duration(v)
	return nil
}

// MarshalJSON writes a Go duration string.
func (d Duration) MarshalJSON() ([]byte, error) {
	return []byte(`"` + time.Duration(d).String() + `"`), nil
}

// Action is one API action.
type Action struct {
	Name    string `yaml:"-" json:"name"`
	Product string `yaml:"-" json:"product"`
	Summary string `yaml:"summary" json:"summary"`
	// Source says where the description comes from: "api-reference" (the
	// action's page in the Alibaba Cloud API reference, see ReferenceURL),
	// "sdk", "decided" (behaviour chosen here where the documentation is silent).
	Source string `yaml:"source" json:"source"`
	// Mutating actions change state (journal, locks, idempotency).
	Mutating bool `yaml:"mutating" json:"mutating"`
	// Idempotency names the client-token parameter (ClientToken, Token) if any.
	Idempotency string `yaml:"idempotency" json:"idempotency,omitempty"`
	// DryRun is the code answered by a successful dry run ("" when the action
	// has no DryRun parameter).
	DryRun string `yaml:"dryRun" json:"dryRun,omitempty"`
	// Resource is the resource type the action creates or works on.
	Resource string      `yaml:"resource" json:"resource,omitempty"`
	Params   []*Param    `yaml:"params" json:"params"`
	Response []*Field    `yaml:"response" json:"response"`
	Errors   []*ErrorDef `yaml:"errors" json:"errors"`
	Notes    []string    `yaml:"notes" json:"notes,omitempty"`
	product  *Product
	errIndex map[string]*ErrorDef
	tmpl     []*ErrorDef // codes with %s
}

// Param is one request parameter and its rules. A parameter with List set
// arrives flattened as Name.1, Name.2, ...; Fields describe the members of a
// list of objects (Tag.1.Key).
type Param struct {
	Name      string   `yaml:"name" json:"name"`
	Type      string   `yaml:"type" json:"type"` // String, Integer, Long, Boolean, Float
	Required  bool     `yaml:"required" json:"required,omitempty"`
	List      bool     `yaml:"list" json:"list,omitempty"`
	MaxItems  int      `yaml:"maxItems" json:"maxItems,omitempty"`
	Fields    []*Param `yaml:"fields" json:"fields,omitempty"`
	Enum      []string `yaml:"enum" json:"enum,omitempty"`
	Min       *float64 `yaml:"min" json:"min,omitempty"`
	Max       *float64 `yaml:"max" json:"max,omitempty"`
	MinLength int      `yaml:"minLength" json:"minLength,omitempty"`
	MaxLength int      `yaml:"maxLength" json:"maxLength,omitempty"`
	Pattern   string   `yaml:"pattern" json:"pattern,omitempty"`
	// Format names a shared rule: name, description, ecr-name, ecr-description,
	// ipv4, ipv4-cidr, ipv6, ipv6-cidr, tag-key, tag-value.
	Format string `yaml:"format" json:"format,omitempty"`
	// Default is the documented default value (informational; handlers apply it).
	Default string `yaml:"default" json:"default,omitempty"`
	// Error is the code answered when a rule of this parameter fails; Missing
	// the code when a required parameter is absent. Both default to the
	// product's InvalidError / MissingError.
	Error   string `yaml:"error" json:"error,omitempty"`
	Missing string `yaml:"missing" json:"missing,omitempty"`
	Doc     string `yaml:"doc" json:"doc,omitempty"`
	Source  string `yaml:"source" json:"source,omitempty"`
	re      *regexp.Regexp
}

// Field is one response field.
type Field struct {
	Name   string   `yaml:"name" json:"name"`
	Type   string   `yaml:"type" json:"type"`
	Doc    string   `yaml:"doc" json:"doc,omitempty"`
	Source string   `yaml:"source" json:"source,omitempty"` // seed, sdk, decided
	Fields []*Field `yaml:"fields" json:"fields,omitempty"`
}

// ErrorDef is a documented error: its code (possibly with %s), HTTP status and
// message (possibly with %s).
type ErrorDef struct {
	Code    string `yaml:"code" json:"code"`
	Status  int    `yaml:"status" json:"status"`
	Message string `yaml:"message" json:"message"`
	Doc     string `yaml:"doc" json:"doc,omitempty"`
	// Source is "api-reference" (the default) unless the code was decided here ("decided") or taken
	// from the SDK or a real client ("sdk", "terraform").
	Source string `yaml:"source" json:"source,omitempty"`
	// Transient marks codes a staging scenario may inject as passing failures.
	Transient bool `yaml:"transient" json:"transient,omitempty"`
	// Kind classifies the code by what a client should make of it (Kinds):
	// given in the YAML where the code's family says the wrong thing,
	// otherwise derived from the code by DefaultKind when the catalogue loads.
	Kind string `yaml:"kind" json:"kind"`
}

type commonFile struct {
	Errors []*ErrorDef `yaml:"errors"`
}

// SourceAPIReference is the source of what is transcribed from the action's
// page in the Alibaba Cloud API reference (ReferenceURL).
const SourceAPIReference = "api-reference"

// ReferenceURL is the public API reference page of an action of a product
// version, e.g. https://api.aliyun.com/document/Vpc/2016-04-28/CreatePhysicalConnection.
func ReferenceURL(product, version, action string) string {
	return "https://api.aliyun.com/document/" + product + "/" + version + "/" + action
}

// Load returns the embedded catalogue. It is parsed once per process and
// shared by every caller (every server of a test binary): a Catalog is
// immutable after loading, so callers must never change what it returns.
func Load() (*Catalog, error) {
	embedded.once.Do(func() { embedded.cat, embedded.err = LoadFS(dataFS, "data") })
	return embedded.cat, embedded.err
}

// embedded is the process-wide parse of the embedded catalogue.
var embedded struct {
	once sync.Once
	cat  *Catalog
	err  error
}

// MustLoad is Load for callers that cannot go on without a catalogue; the
// embedded data is tested, so a failure here is a build defect.
func MustLoad() *Catalog {
	c, err := Load()
	if err != nil {
		panic("ecmock: embedded catalogue is invalid: " + err.Error())
	}
	return c
}

// LoadFS reads every *.yaml file in dir of fsys.
func LoadFS(fsys fs.FS, dir string) (*Catalog, error) {
	c := &Catalog{Products: map[string]*Product{}, versions: map[string]*Product{}, Common: map[string]*ErrorDef{}}
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".yaml") {
			continue
		}
		b, err := fs.ReadFile(fsys, dir+"/"+e.Name())
		if err != nil {
			return nil, err
		}
		if e.Name() == "common.yaml" {
			var cf commonFile
			if err := strictUnmarshal(b, &cf); err != nil {
				return nil, fmt.Errorf("%s: %w", e.Name(), err)
			}
			for _, d := range cf.Errors {
				if err := d.classify(); err != nil {
					return nil, fmt.Errorf("%s: %w", e.Name(), err)
				}
				c.Common[d.Code] = d
				c.common = append(c.common, d)
			}
			continue
		}
		var p Product
		if err := strictUnmarshal(b, &p); err != nil {
			return nil, fmt.Errorf("%s: %w", e.Name(), err)
		}
		if err := c.merge(&p); err != nil {
			return nil, fmt.Errorf("%s: %w", e.Name(), err)
		}
	}
	for _, p := range c.Products {
		for name, a := range p.Actions {
			if err := a.index(name, p); err != nil {
				return nil, fmt.Errorf("%s.%s: %w", p.Name, name, err)
			}
		}
	}
	return c, nil
}

func strictUnmarshal(b []byte, v any) error {
	dec := yaml.NewDecoder(strings.NewReader(string(b)))
	dec.KnownFields(true)
	return dec.Decode(v)
}

func (c *Catalog) merge(p *Product) error {
	if p.Name == "" || p.Version == "" {
		return fmt.Errorf("product and version are required")
	}
	have, ok := c.Products[p.Name]
	if !ok {
		if p.Actions == nil {
			p.Actions = map[string]*Action{}
		}
		if p.Lifecycles == nil {
			p.Lifecycles = map[string][]*Transition{}
		}
		if p.Statuses == nil {
			p.Statuses = map[string][]string{}
		}
		c.Products[p.Name] = p
		c.versions[p.Version] = p
		return nil
	}
	if have.Version != p.Version {
		return fmt.Errorf("product %s has versions %s and %s", p.Name, have.Version, p.Version)
	}
	for name, a := range p.Actions {
		if _, dup := have.Actions[name]; dup {
			return fmt.Errorf("action %s described twice", name)
		}
		have.Actions[name] = a
	}
	for t, tr := range p.Lifecycles {
		have.Lifecycles[t] = append(have.Lifecycles[t], tr...)
	}
	for t, st := range p.Statuses {
		have.Statuses[t] = append(have.Statuses[t], st...)
	}
	have.Flags = append(have.Flags, p.Flags...)
	have.Quotas = append(have.Quotas, p.Quotas...)
	have.Notes = append(have.Notes, p.Notes...)
	if have.Envelope == "" {
		have.Envelope = p.Envelope
	}
	if have.MissingError == "" {
		have.MissingError = p.MissingError
	}
	if have.InvalidError == "" {
		have.InvalidError = p.InvalidError
	}
	return nil
}

func (a *Action) index(name string, p *Product) error {
	a.Name, a.Product, a.product = name, p.Name, p
	a.errIndex = map[string]*ErrorDef{}
	for _, e := range a.Errors {
		if e.Code == "" || e.Status < 400 || e.Status > 599 {
			return fmt.Errorf("error %q: code and a 4xx/5xx status are required", e.Code)
		}
		if _, dup := a.errIndex[e.Code]; dup {
			return fmt.Errorf("error %s listed twice", e.Code)
		}
		if err := e.classify(); err != nil {
			return err
		}
		a.errIndex[e.Code] = e
		if strings.Contains(e.Code, "%s") {
			a.tmpl = append(a.tmpl, e)
		}
	}
	for _, prm := range a.Params {
		if err := prm.compile(); err != nil {
			return fmt.Errorf("param %s: %w", prm.Name, err)
		}
	}
	return nil
}

// Statuses lists the statuses the catalogue knows for a resource type: those
// declared under `statuses` and every status a lifecycle transition starts
// from or leads to (nil for an unknown type).
func (c *Catalog) Statuses(typ string) []string {
	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		if s != "" && s != "-" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, name := range c.ProductNames() {
		p := c.Products[name]
		for _, s := range p.Statuses[typ] {
			add(s)
		}
		for _, t := range p.Lifecycles[typ] {
			add(t.From)
			add(t.To)
		}
	}
	return out
}

// FlagNames lists every account flag of every product, sorted.
func (c *Catalog) FlagNames() []string {
	var out []string
	for _, p := range c.Products {
		for _, f := range p.Flags {
			out = append(out, f.Name)
		}
	}
	sort.Strings(out)
	return out
}

// QuotaNames lists every quota of every product, sorted.
func (c *Catalog) QuotaNames() []string {
	var out []string
	for _, p := range c.Products {
		for _, q := range p.Quotas {
			out = append(out, q.Name)
		}
	}
	sort.Strings(out)
	return out
}

// ByVersion returns the product served under an API version.
func (c *Catalog) ByVersion(v string) *Product { return c.versions[v] }

// Action returns the action of a product, or nil.
func (c *Catalog) Action(product, action string) *Action {
	p := c.Products[product]
	if p == nil {
		return nil
	}
	return p.Actions[action]
}

// FindAction looks an action up by name in every product.
func (c *Catalog) FindAction(name string) *Action {
	for _, pn := range c.ProductNames() {
		if a := c.Products[pn].Actions[name]; a != nil {
			return a
		}
	}
	return nil
}

// ProductNames lists products in a stable order.
func (c *Catalog) ProductNames() []string {
	out := make([]string, 0, len(c.Products))
	for n := range c.Products {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// ActionNames lists a product's actions sorted.
func (p *Product) ActionNames() []string {
	out := make([]string, 0, len(p.Actions))
	for n := range p.Actions {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// LifecycleTypes lists the resource types with automatic transitions in the
// product, sorted.
func (p *Product) LifecycleTypes() []string {
	out := make([]string, 0, len(p.Lifecycles))
	for t := range p.Lifecycles {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// CommonErrors lists the common errors in file order.
func (c *Catalog) CommonErrors() []*ErrorDef { return c.common }

// ProductOf returns the action's product.
func (a *Action) ProductOf() *Product { return a.product }

// Resolved is an error code made concrete for one action: placeholders filled.
type Resolved struct {
	Code    string
	Status  int
	Message string
	// Template is the documented code the concrete code came from
	// (IllegalParamFormat.%s for IllegalParamFormat.Name).
	Template string
	Def      *ErrorDef
}

// Error resolves a concrete code for this action: an exact documented code, or
// one that fills a documented %s template. ok is false when the action does not
// document the code.
func (a *Action) Error(code string) (Resolved, bool) {
	if d, ok := a.errIndex[code]; ok {
		return Resolved{Code: code, Status: d.Status, Message: d.Message, Template: d.Code, Def: d}, true
	}
	for _, d := range a.tmpl {
		if arg, ok := matchTemplate(d.Code, code); ok {
			return Resolved{Code: code, Status: d.Status, Message: strings.ReplaceAll(d.Message, "%s", arg), Template: d.Code, Def: d}, true
		}
	}
	return Resolved{}, false
}

// Documents reports whether code (concrete or template) is documented for the action.
func (a *Action) Documents(code string) bool {
	_, ok := a.Error(code)
	if !ok {
		_, ok = a.errIndex[code]
	}
	return ok
}

// Family returns the documented codes of the action in a family: codes equal
// to family or starting with family + ".".
func (a *Action) Family(family string) []*ErrorDef {
	var out []*ErrorDef
	for _, e := range a.Errors {
		if e.Code == family || strings.HasPrefix(e.Code, family+".") {
			out = append(out, e)
		}
	}
	return out
}

// Param returns the named parameter description, or nil.
func (a *Action) Param(name string) *Param {
	for _, p := range a.Params {
		if p.Name == name {
			return p
		}
	}
	return nil
}

func matchTemplate(tmpl, code string) (string, bool) {
	i := strings.Index(tmpl, "%s")
	prefix, suffix := tmpl[:i], tmpl[i+2:]
	if len(code) <= len(prefix)+len(suffix) || !strings.HasPrefix(code, prefix) || !strings.HasSuffix(code, suffix) {
		return "", false
	}
	return code[len(prefix) : len(code)-len(suffix)], true
}

// Common resolves a common error code (with %s filled by arg when given).
func (c *Catalog) CommonError(code string) (Resolved, bool) {
	if d, ok := c.Common[code]; ok {
		return Resolved{Code: code, Status: d.Status, Message: d.Message, Template: code, Def: d}, true
	}
	for _, d := range c.common {
		if strings.Contains(d.Code, "%s") {
			if arg, ok := matchTemplate(d.Code, code); ok {
				return Resolved{Code: code, Status: d.Status, Message: strings.ReplaceAll(d.Message, "%s", arg), Template: d.Code, Def: d}, true
			}
		}
	}
	return Resolved{}, false
}
