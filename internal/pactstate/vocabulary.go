package pactstate

import (
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Def is one provider state of the vocabulary: a pattern whose {placeholders}
// are filled from the state's text (or from its params), and what it becomes.
type Def struct {
	// Pattern is the state's text with {placeholders}, e.g.
	// "a {type} {id} exists in status {status}".
	Pattern string
	// Example is a state written with it.
	Example string
	// Doc says what ecmock does for it.
	Doc string
	// Group is "generic" or "business".
	Group string
	// Params are the example's params, when it needs some.
	Params map[string]any

	re    *regexp.Regexp
	names []string
	build func(b *builder) error
	// resource: the state adds a resource that params describe (id,
	// status, attributes).
	resource bool
}

// What each placeholder may match in a state's text.
var placeholderRE = map[string]string{
	"type":    `[A-Za-z][A-Za-z ]*?`,
	"id":      `[A-Za-z0-9]+-[A-Za-z0-9_.-]+`,
	"ecr":     `[A-Za-z0-9]+-[A-Za-z0-9_.-]+`,
	"pc":      `[A-Za-z0-9]+-[A-Za-z0-9_.-]+`,
	"tr":      `[A-Za-z0-9]+-[A-Za-z0-9_.-]+`,
	"cen":     `[A-Za-z0-9]+-[A-Za-z0-9_.-]+`,
	"status":  `Allocation Failed|[A-Za-z_]+`,
	"n":       `[0-9]+`,
	"code":    `\S+`,
	"action":  `[A-Za-z]+`,
	"quota":   `[A-Za-z][A-Za-z0-9_.]*`,
	"calls":   `[0-9][0-9,\- ]*`,
	"profile": `[a-z]+`,
	"what":    `.+?`,
}

var placeholder = regexp.MustCompile(`\{([a-z]+)\}`)

func def(group, pattern, example, doc string, build func(b *builder) error) Def {
	d := Def{Pattern: pattern, Example: example, Doc: doc, Group: group, build: build}
	var re strings.Builder
	re.WriteString(`(?i)^\s*`)
	last := 0
	for _, m := range placeholder.FindAllStringSubmatchIndex(pattern, -1) {
		re.WriteString(literal(pattern[last:m[0]]))
		name := pattern[m[2]:m[3]]
		expr, ok := placeholderRE[name]
		if !ok {
			panic("pactstate: unknown placeholder {" + name + "} in " + pattern)
		}
		re.WriteString("(?P<" + name + ">" + expr + ")")
		d.names = append(d.names, name)
		last = m[1]
	}
	re.WriteString(literal(pattern[last:]))
	re.WriteString(`\s*$`)
	d.re = regexp.MustCompile(re.String())
	return d
}

func (d Def) with(params map[string]any) Def { d.Params = params; return d }

// res marks a state that adds a resource described by its params.
func (d Def) res() Def { d.resource = true; return d }

// Entry is the state's vocabulary entry in one line, for error messages.
func (d *Def) Entry() string {
	s := fmt.Sprintf("%q (e.g. %q", d.Pattern, d.Example)
	if len(d.Params) > 0 {
		p, _ := json.Marshal(d.Params)
		s += " with params " + string(p)
	}
	return s + ", params: " + strings.Join(d.allowedParams(), ", ") + ")"
}

// literal quotes a pattern's text; "an?" stays an optional article, spaces
// match any run of spaces.
func literal(s string) string {
	q := regexp.QuoteMeta(s)
	q = strings.ReplaceAll(q, `an\?`, `an?`)
	return strings.ReplaceAll(q, " ", `\s+`)
}

// vocabulary is every state ecmock knows, most specific first.
var vocabulary = []Def{
	// Resources.
	def("generic", "an? {type} {id} exists in status {status}",
		"a TransitRouterEcrAttachment tr-attach-pact00000000000001 exists in status Attaching",
		"Adds a fixture: the resource in that status, owned by the state's account, in its region. Params named like API fields (capitalised, e.g. EcrId) become its attributes, as does an `attrs` object.",
		func(b *builder) error { return b.fixture(b.v["type"], b.v["id"], b.v["status"]) }).res(),
	def("generic", "an? {type} {id} exists",
		"an ExpressConnectRouter ecr-pact00000000000000001 exists",
		"The same in the resource's default fixture status (Enabled, active, ACTIVE, Active, Attached...), or `status` from params.",
		func(b *builder) error { return b.fixture(b.v["type"], b.v["id"], b.v["status"]) }).res(),
	def("generic", "an? {type} exists",
		"a physical connection exists",
		"The same, with the ID (and status) from params: {\"id\": \"pc-...\"}.",
		func(b *builder) error { return b.fixture(b.v["type"], b.v["id"], b.v["status"]) }).
		with(map[string]any{"id": "pc-pact000000000000000001", "status": "Confirmed"}).res(),
	def("generic", "{type} {id} does not exist",
		"ExpressConnectRouter ecr-pact0000000000gone0001 does not exist",
		"Nothing to add: every interaction starts from an empty ecmock.",
		func(b *builder) error { _, err := b.resourceType(b.v["type"], b.v["id"]); return err }),
	def("generic", "no resources exist",
		"no resources exist",
		"Nothing to add: every interaction starts from an empty ecmock.",
		func(*builder) error { return nil }),
	def("generic", "{type} {id} stays {status} for {n} reads",
		"TransitRouterEcrAttachment tr-attach-pact00000000000001 stays Attaching for 2 reads",
		"Adds the resource in that status if no other state did, and a lifecycle rule: it leaves the status only after n reads that find it there (Describe/List calls).",
		func(b *builder) error { return b.stays(b.v["type"], b.v["id"], b.v["status"], b.v["n"]) }).res(),
	def("generic", "{type} {id} stays {status}",
		"PhysicalConnection pc-pact000000000000000001 stays Allocating",
		"The same, and the resource never leaves the status on its own.",
		func(b *builder) error { return b.stays(b.v["type"], b.v["id"], b.v["status"], "") }).res(),
	def("generic", "{type}s stay {status} for {n} reads",
		"transit router ECR attachments stay Attaching for 3 reads",
		"A lifecycle rule for every resource of the type (also those the interaction creates).",
		func(b *builder) error { return b.staysAll(b.v["type"], b.v["status"], b.v["n"]) }),
	def("generic", "{type}s stay {status}",
		"physical connections stay Allocating",
		"The same, never leaving the status on its own.",
		func(b *builder) error { return b.staysAll(b.v["type"], b.v["status"], "") }),
	// Faults.
	def("generic", "action {action} fails with {code} for the next {n} calls",
		"action CreateExpressConnectRouter fails with Conflict.Lock for the next 2 calls",
		"A fault rule: the next n calls of the action answer the code (with its documented HTTP status and message), then calls pass.",
		func(b *builder) error { return b.fails(b.v["action"], b.v["code"], "1-"+b.v["n"]) }),
	def("generic", "action {action} fails with {code} on call {calls}",
		"action CreateTransitRouterEcrAttachment fails with IncorrectStatus.EcrResource on call 1,3",
		"A fault rule firing on the given matching calls (\"3\", \"1-2\", \"4-\", \"1,3\").",
		func(b *builder) error { return b.fails(b.v["action"], b.v["code"], b.v["calls"]) }),
	def("generic", "action {action} fails with {code}",
		"action CreatePhysicalConnection fails with QuotaExceeded.freePconnPerAP",
		"A fault rule: every call of the action (from any account unless an `account` param names one) answers the code. Params: `calls`, `message`, `delay`, and `force`/`status` for a code the catalogue does not document. A family name (QuotaExceeded, IncorrectStatus) picks the action's documented code.",
		func(b *builder) error { return b.fails(b.v["action"], b.v["code"], b.v["calls"]) }),
	// Accounts and time.
	def("generic", "account quota {quota} is {n}",
		"account quota EcrCountPerUser is 0",
		"Sets a quota of the state's account (names as `ecmock spec` lists them).",
		func(b *builder) error { return b.quota(b.v["quota"], b.v["n"]) }),
	def("generic", "the account is not whitelisted for ECR",
		"the account is not whitelisted for ECR",
		"The state's account may not create ECRs (OperationFailed.UserNotInWhiteList).",
		func(b *builder) error { f := false; b.plan.Whitelisted = &f; return nil }),
	def("generic", "timing is {profile}",
		"timing is instant",
		"The timing profile of automatic transitions: instant, fast or realistic.",
		func(b *builder) error { b.plan.Timing = strings.ToLower(b.v["profile"]); return nil }),
	// Business-named states.
	def("business", "an? {status} physical connection {id}",
		"an Enabled physical connection pc-pact000000000000000001",
		"A dedicated physical connection fixture in that status (Initial, Allocated, Confirmed, Enabled, Terminated...).",
		func(b *builder) error { return b.fixture("PhysicalConnection", b.v["id"], b.v["status"]) }).res(),
	def("business", "an? {status} VBR {id} on physical connection {pc}",
		"an active VBR vbr-pact00000000000000001 on physical connection pc-pact000000000000000001",
		"An Enabled physical connection (unless another state added it) and a VBR on it in that status.",
		func(b *builder) error {
			if err := b.add("PhysicalConnection", b.v["pc"], "Enabled", nil); err != nil {
				return err
			}
			return b.fixture("VirtualBorderRouter", b.v["id"], b.v["status"], [2]any{"PhysicalConnectionId", b.v["pc"]})
		}).res(),
	def("business", "an? {status} express connect router {id}",
		"an ACTIVE express connect router ecr-pact00000000000000001",
		"An ECR fixture in that status.",
		func(b *builder) error { return b.fixture("ExpressConnectRouter", b.v["id"], b.v["status"]) }).res(),
	def("business", "express connect router {id} is locked by an operation in progress",
		"express connect router ecr-pact00000000000000001 is locked by an operation in progress",
		"An ACTIVE ECR (unless another state added it) with an association that stays CREATING: the ECR shows ASSOCIATING and its mutating calls answer Conflict.Lock.",
		func(b *builder) error { return b.locked(b.v["id"]) }).res(),
	def("business", "an? {status} transit router {id} in CEN {cen}",
		"an Active transit router tr-pact0000000000000000001 in CEN cen-pact00000000000000001",
		"An Active CEN (unless another state added it) and an Enterprise Edition transit router in it in that status.",
		func(b *builder) error {
			if err := b.add("Cen", b.v["cen"], "Active", nil); err != nil {
				return err
			}
			return b.fixture("TransitRouter", b.v["id"], b.v["status"], [2]any{"CenId", b.v["cen"]})
		}).res(),
	def("business", "an? {status} transit router ECR attachment {id} of express connect router {ecr} on transit router {tr} in CEN {cen}",
		"an Attaching transit router ECR attachment tr-attach-pact00000000000001 of express connect router ecr-pact00000000000000001 on transit router tr-pact0000000000000000001 in CEN cen-pact00000000000000001",
		"The CEN, the Active transit router, the ACTIVE ECR and their ACTIVE association (unless other states added them) and the attachment in that status.",
		func(b *builder) error {
			if err := b.associated(b.v["ecr"], b.v["tr"], b.v["cen"]); err != nil {
				return err
			}
			return b.fixture("TransitRouterEcrAttachment", b.v["id"], b.v["status"],
				[2]any{"CenId", b.v["cen"]}, [2]any{"TransitRouterId", b.v["tr"]}, [2]any{"EcrId", b.v["ecr"]})
		}).res(),
	def("business", "express connect router {ecr} is associated with transit router {tr} in CEN {cen}",
		"express connect router ecr-pact00000000000000001 is associated with transit router tr-pact0000000000000000001 in CEN cen-pact00000000000000001",
		"The CEN, the Active Enterprise Edition transit router and the ACTIVE ECR (unless other states added them) and an ACTIVE association ecr-assoc-<ECR suffix> between them: what CreateTransitRouterEcrAttachment needs.",
		func(b *builder) error { return b.associated(b.v["ecr"], b.v["tr"], b.v["cen"]) }),
	def("business", "the account has no {what} quota left",
		"the account has no ECR quota left",
		"Sets the quota that limits creating that resource to 0: ECR (EcrCountPerUser), physical connection (PhysicalConnectionsNotEnabled), hosted connection (VpconnCountPerPconn), transit router (TransitRoutersPerCenRegion), ECR attachment (CenQuotaEcrAttachPerTransitRouter).",
		func(b *builder) error {
			q, ok := quotaFor[normal(b.v["what"])]
			if !ok {
				return fmt.Errorf("no quota known for %q (ECR, physical connection, hosted connection, transit router, ECR attachment)", b.v["what"])
			}
			return b.quota(q, "0")
		}),
}

var quotaFor = map[string]string{
	"ecr": "EcrCountPerUser", "expressconnectrouter": "EcrCountPerUser",
	"physicalconnection": "PhysicalConnectionsNotEnabled",
	"hostedconnection":   "VpconnCountPerPconn", "virtualphysicalconnection": "VpconnCountPerPconn",
	"transitrouter": "TransitRoutersPerCenRegion",
	"ecrattachment": "CenQuotaEcrAttachPerTransitRouter", "transitrouterecrattachment": "CenQuotaEcrAttachPerTransitRouter",
}

// Vocabulary returns the provider states ecmock knows, in matching order.
func Vocabulary() []Def { return append([]Def(nil), vocabulary...) }

// Resource type names and their aliases (compared without case, spaces,
// hyphens or underscores).
var typeAliases = map[string]string{}

func init() {
	// Longer business patterns first: "an Attaching transit router ECR
	// attachment ..." must not be read as "an? {status} transit router ...".
	sort.SliceStable(vocabulary, func(i, j int) bool {
		gi, gj := vocabulary[i].Group == "business", vocabulary[j].Group == "business"
		if gi != gj || !gi {
			return !gi && gj
		}
		return len(vocabulary[i].names) > len(vocabulary[j].names)
	})
	for canon, aliases := range map[string][]string{
		"PhysicalConnection":              {"pc", "physical connection", "dedicated connection"},
		"VirtualBorderRouter":             {"vbr", "virtual border router"},
		"ExpressCloudConnection":          {"ecc", "express cloud connection"},
		"ExpressConnectRouter":            {"ecr", "express connect router"},
		"ExpressConnectRouterAssociation": {"association", "ecr association", "express connect router association"},
		"ExpressConnectRouterGrant":       {"grant", "ecr grant", "express connect router grant"},
		"Cen":                             {"cen", "cen instance"},
		"TransitRouter":                   {"tr", "transit router"},
		"TransitRouterEcrAttachment":      {"attachment", "ecr attachment", "tr ecr attachment", "transit router ecr attachment"},
	} {
		typeAliases[normal(canon)] = canon
		for _, a := range aliases {
			typeAliases[normal(a)] = canon
		}
	}
}

// ID prefixes, longest first, for "resource {id}".
var prefixTypes = []struct{ prefix, typ string }{
	{"tr-attach-", "TransitRouterEcrAttachment"}, {"ecr-assoc-", "ExpressConnectRouterAssociation"},
	{"pc-", "PhysicalConnection"}, {"vbr-", "VirtualBorderRouter"}, {"ecc-", "ExpressCloudConnection"},
	{"ecr-", "ExpressConnectRouter"}, {"cen-", "Cen"}, {"tr-", "TransitRouter"},
}

func normal(s string) string {
	s = strings.ToLower(s)
	return strings.NewReplacer(" ", "", "-", "", "_", "", "\t", "").Replace(s)
}

// builder turns one matched state into a Plan.
type builder struct {
	state  string
	v      map[string]string
	params map[string]any
	opts   Options
	plan   *Plan
}

func (b *builder) resourceType(name, id string) (string, error) {
	n := normal(name)
	if n == "resource" || n == "" {
		for _, p := range prefixTypes {
			if strings.HasPrefix(id, p.prefix) {
				return p.typ, nil
			}
		}
		return "", fmt.Errorf("cannot tell the type of %q from its prefix (pc-, vbr-, ecc-, ecr-, ecr-assoc-, cen-, tr-, tr-attach-)", id)
	}
	if t, ok := typeAliases[n]; ok {
		return t, nil
	}
	return "", fmt.Errorf("unknown resource type %q (PhysicalConnection, VirtualBorderRouter, ExpressCloudConnection, ExpressConnectRouter, ExpressConnectRouterAssociation, ExpressConnectRouterGrant, Cen, TransitRouter, TransitRouterEcrAttachment, or their names in words)", name)
}

// fixture adds the state's main resource: the params' attributes and
// extra apply to it.
func (b *builder) fixture(typ, id, status string, extra ...[2]any) error {
	t, err := b.resourceType(typ, id)
	if err != nil {
		return err
	}
	attrs, err := b.paramAttrs(t)
	if err != nil {
		return err
	}
	for _, kv := range extra {
		attrs[kv[0].(string)] = kv[1]
	}
	return b.add(t, id, status, attrs)
}

// add adds a resource a state needs besides its main one.
func (b *builder) add(typ, id, status string, attrs map[string]any) error {
	t, err := b.resourceType(typ, id)
	if err != nil {
		return err
	}
	if id == "" {
		return fmt.Errorf("a resource ID is needed (in the state's text or an `id` param)")
	}
	if status, err = canonicalStatus(t, status); err != nil {
		return err
	}
	if attrs == nil {
		attrs = map[string]any{}
	}
	b.plan.Fixtures = append(b.plan.Fixtures, Fixture{Type: t, ID: id, Account: b.opts.Account,
		Region: b.opts.Region, Status: status, Attrs: attrs})
	return nil
}

// paramAttrs are the attributes the params give: capitalised keys and the
// `attrs` object.
// Capitalised keys must be fields of the resource's type, with values of
// the field's type; the `attrs` object is taken as it is.
func (b *builder) paramAttrs(typ string) (map[string]any, error) {
	out := map[string]any{}
	if m, ok := b.params["attrs"].(map[string]any); ok {
		for k, v := range m {
			out[k] = v
		}
	}
	for k, v := range b.params {
		if k != "" && k[0] >= 'A' && k[0] <= 'Z' {
			cv, err := checkAttr(typ, k, v)
			if err != nil {
				return nil, fmt.Errorf("param %w", err)
			}
			out[k] = cv
		}
	}
	return out, nil
}

func (b *builder) ruleName(kind string) string {
	h := sha1.Sum([]byte(fmt.Sprintf("%s|%d|%s", b.state, len(b.plan.Faults), kind)))
	return "pact-" + kind + "-" + hex.EncodeToString(h[:4])
}

func (b *builder) fails(action, code, calls string) error {
	rule := map[string]any{"name": b.ruleName("fault"),
		"description": "provider state: " + b.state,
		"match":       map[string]any{"action": action}}
	// Calls match whatever account sends them, unless the state names one:
	// a verifier's requests may carry any access key.
	if acct := str(b.params["account"]); acct != "" {
		rule["match"].(map[string]any)["account"] = acct
	}
	do := map[string]any{"error": code}
	if m := str(b.params["message"]); m != "" {
		do["message"] = m
	}
	if d := str(b.params["delay"]); d != "" {
		do["delay"] = d
	}
	if f, ok := b.params["force"].(bool); ok && f {
		do["force"] = true
		if s := str(b.params["status"]); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil {
				return fmt.Errorf("status %q is not an HTTP status", s)
			}
			do["status"] = n
		}
	}
	rule["do"] = do
	if calls = strings.ReplaceAll(calls, " ", ""); calls != "" {
		rule["when"] = map[string]any{"calls": calls}
	}
	b.plan.Faults = append(b.plan.Faults, rule)
	return nil
}

func (b *builder) lifecycle(typ, id, status, n string) (map[string]any, error) {
	status, err := canonicalStatus(typ, status)
	if err != nil {
		return nil, err
	}
	lc := map[string]any{"type": typ, "from": status}
	if n == "" {
		lc["never"] = true
	} else {
		reads, err := strconv.Atoi(n)
		if err != nil || reads < 1 {
			return nil, fmt.Errorf("reads must be a positive number, not %q", n)
		}
		lc["reads"] = reads
	}
	rule := map[string]any{"name": b.ruleName("lifecycle"), "description": "provider state: " + b.state, "lifecycle": lc}
	if id != "" {
		rule["match"] = map[string]any{"resource": id}
	}
	return rule, nil
}

func (b *builder) stays(typ, id, status, n string) error {
	t, err := b.resourceType(typ, id)
	if err != nil {
		return err
	}
	rule, err := b.lifecycle(t, id, status, n)
	if err != nil {
		return err
	}
	if err := b.fixture(t, id, status); err != nil {
		return err
	}
	b.plan.Faults = append(b.plan.Faults, rule)
	return nil
}

func (b *builder) staysAll(typ, status, n string) error {
	t, err := b.resourceType(typ, "")
	if err != nil {
		// "physical connections" → "physical connection".
		t2, err2 := b.resourceType(strings.TrimSuffix(strings.TrimSpace(typ), "s"), "")
		if err2 != nil {
			return err
		}
		t = t2
	}
	rule, err := b.lifecycle(t, "", status, n)
	if err != nil {
		return err
	}
	b.plan.Faults = append(b.plan.Faults, rule)
	return nil
}

func (b *builder) quota(name, n string) error {
	v, err := strconv.Atoi(n)
	if err != nil || v < 0 {
		return fmt.Errorf("quota %s: %q is not a non-negative number", name, n)
	}
	if b.plan.Quotas == nil {
		b.plan.Quotas = map[string]int{}
	}
	b.plan.Quotas[name] = v
	return nil
}

func (b *builder) locked(ecr string) error {
	if err := b.fixture("ExpressConnectRouter", ecr, "ACTIVE"); err != nil {
		return err
	}
	assoc := "ecr-assoc-" + strings.TrimPrefix(ecr, "ecr-")
	rule, err := b.lifecycle("ExpressConnectRouterAssociation", assoc, "CREATING", "")
	if err != nil {
		return err
	}
	region := b.opts.Region
	if region == "" {
		region = DefaultRegion
	}
	b.plan.Faults = append(b.plan.Faults, rule)
	return b.add("ExpressConnectRouterAssociation", assoc, "CREATING", map[string]any{"EcrId": ecr,
		"AssociationNodeType": "VPC", "VpcId": "vpc-" + strings.TrimPrefix(ecr, "ecr-"),
		"AssociationRegionId": region, "RegionId": region})
}

// associated adds a CEN, an Active transit router in it, an ACTIVE ECR and
// an ACTIVE association of the two.
func (b *builder) associated(ecr, tr, cen string) error {
	region := b.opts.Region
	if region == "" {
		region = DefaultRegion
	}
	for _, f := range []struct {
		typ, id, status string
		attrs           map[string]any
	}{
		{"Cen", cen, "Active", nil},
		{"TransitRouter", tr, "Active", map[string]any{"CenId": cen}},
		{"ExpressConnectRouter", ecr, "ACTIVE", nil},
		{"ExpressConnectRouterAssociation", "ecr-assoc-" + strings.TrimPrefix(ecr, "ecr-"), "ACTIVE", map[string]any{
			"EcrId": ecr, "AssociationNodeType": "TR", "TransitRouterId": tr, "CenId": cen,
			"AssociationRegionId": region, "RegionId": region}},
	} {
		if err := b.add(f.typ, f.id, f.status, f.attrs); err != nil {
			return err
		}
	}
	return nil
}

// str renders a param value (JSON numbers arrive as float64).
func str(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case float64:
		if x == float64(int64(x)) {
			return strconv.FormatInt(int64(x), 10)
		}
		return strconv.FormatFloat(x, 'f', -1, 64)
	default:
		return fmt.Sprint(x)
	}
}
