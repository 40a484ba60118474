package pactstate

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/ecmock/ecmock/internal/catalog"
)

// Statuses a fixture of each type may be in: what the handlers and the
// catalogue's lifecycles use (a test keeps the lifecycles' statuses here).
// A state's status is matched without case and written as listed here.
var typeStatuses = map[string][]string{
	"PhysicalConnection": {"Initial", "Approved", "Allocating", "Allocated", "Allocation Failed", "Confirmed",
		"Enabled", "Rejected", "Canceled", "Terminating", "Terminated"},
	"VirtualBorderRouter":    {"unconfirmed", "active", "terminating", "terminated", "recovering", "deleting"},
	"ExpressCloudConnection": {"Initial", "Approved", "Allocating", "Allocated", "Confirmed", "Enabled", "Rejected", "Canceled", "Terminating", "Terminated"},
	"ExpressConnectRouter":   {"ACTIVE", "ASSOCIATING", "DISSOCIATING", "UPDATING", "LOCKED_ATTACHING", "LOCKED_DETACHING", "DELETING", "RECLAIMING"},
	"ExpressConnectRouterAssociation": {"CREATING", "ACTIVE", "INACTIVE", "ASSOCIATING", "DISSOCIATING", "UPDATING",
		"DELETING"},
	"ExpressConnectRouterGrant":  {"ACTIVE"},
	"Cen":                        {"Creating", "Active", "Deleting", "Modifying"},
	"TransitRouter":              {"Creating", "Active", "Deleting", "Modifying"},
	"TransitRouterEcrAttachment": {"Attaching", "Attached", "Detaching"},
}

// Attributes the handlers keep on a resource besides the fields the API
// shows (store/types.go), accepted as capitalised params too.
var internalAttrs = map[string][]string{
	"PhysicalConnection":              {"ParentOwner", "ProductType", "AliUid", "ParentPhysicalConnectionId", "VirtualPhysicalConnectionStatus", "VlanId", "OrderMode", "Spec", "RegionId"},
	"VirtualBorderRouter":             {"PhysicalConnectionOwnerUid", "RegionId"},
	"ExpressConnectRouterAssociation": {"TransitRouterOwnerId", "RegionId"},
	"ExpressConnectRouterGrant":       {"EcrOwnerAliUid", "InstanceRegionId", "RegionId"},
	"TransitRouter":                   {"NeedUpgrade", "Type", "RegionId"},
	"TransitRouterEcrAttachment":      {"EcrOwnerId", "RegionId"},
	"Cen":                             {"ProtectionLevel"},
	"ExpressConnectRouter":            {"RegionId"},
	"ExpressCloudConnection":          {"RegionId"},
}

// canonicalStatus checks status against the statuses of typ (without case)
// and returns it as the API writes it.
func canonicalStatus(typ, status string) (string, error) {
	list, ok := typeStatuses[typ]
	if !ok || status == "" {
		return status, nil
	}
	for _, s := range list {
		if strings.EqualFold(s, status) {
			return s, nil
		}
	}
	return "", fmt.Errorf("%q is not a status of a %s (statuses: %s)", status, typ, strings.Join(list, ", "))
}

// readActions show each type's fields: a fixture's attributes are named
// like their response fields.
var readActions = map[string][]string{
	"PhysicalConnection":              {"DescribePhysicalConnections", "ListVirtualPhysicalConnections"},
	"VirtualBorderRouter":             {"DescribeVirtualBorderRouters", "DescribeVirtualBorderRoutersForPhysicalConnection"},
	"ExpressCloudConnection":          {"DescribeExpressCloudConnections"},
	"ExpressConnectRouter":            {"DescribeExpressConnectRouter"},
	"ExpressConnectRouterAssociation": {"DescribeExpressConnectRouterAssociation"},
	"ExpressConnectRouterGrant":       {"DescribeInstanceGrantedToExpressConnectRouter"},
	"Cen":                             {"DescribeCens"},
	"TransitRouter":                   {"ListTransitRouters"},
	"TransitRouterEcrAttachment":      {"ListTransitRouterEcrAttachments"},
}

// docFieldRE finds field names in a doc ("VbrId, Name, Status, ...").
var docFieldRE = regexp.MustCompile(`\b[A-Z][A-Za-z0-9]+\b`)

// attrField is what the catalogue says of an attribute of a type.
type attrField struct{ name, typ string }

var (
	fieldsOnce sync.Once
	fieldsErr  error
	typeFields map[string]map[string]attrField // type → lower-case name → field
)

// fieldsOf lists the response fields of every action about typ (their
// names at any depth, with the type of the first found).
func fieldsOf(typ string) (map[string]attrField, error) {
	fieldsOnce.Do(func() {
		cat, err := catalog.Load()
		if err != nil {
			fieldsErr = err
			return
		}
		typeFields = map[string]map[string]attrField{}
		// Fields inside the answer's lists and objects (not RequestId,
		// TotalCount and such at the top).
		var walk func(m map[string]attrField, fs []*catalog.Field, top bool)
		walk = func(m map[string]attrField, fs []*catalog.Field, top bool) {
			for _, f := range fs {
				if _, seen := m[strings.ToLower(f.Name)]; !seen && !top && f.Type != "Array" && f.Type != "Object" {
					m[strings.ToLower(f.Name)] = attrField{f.Name, f.Type}
				}
				if (f.Type == "Array" || f.Type == "Object") && len(f.Fields) == 0 {
					// A list whose fields the catalogue names in its doc.
					for _, n := range docFieldRE.FindAllString(f.Doc, -1) {
						if _, seen := m[strings.ToLower(n)]; !seen {
							m[strings.ToLower(n)] = attrField{n, "any"}
						}
					}
				}
				walk(m, f.Fields, false)
			}
		}
		for typ, actions := range readActions {
			m := map[string]attrField{}
			typeFields[typ] = m
			for _, name := range actions {
				a := cat.FindAction(name)
				if a == nil {
					fieldsErr = fmt.Errorf("pactstate: no action %s in the catalogue", name)
					return
				}
				walk(m, a.Response, true)
			}
		}
		for typ, names := range internalAttrs {
			m := typeFields[typ]
			if m == nil {
				m = map[string]attrField{}
				typeFields[typ] = m
			}
			for _, n := range names {
				if _, ok := m[strings.ToLower(n)]; !ok {
					m[strings.ToLower(n)] = attrField{n, "any"}
				}
			}
		}
	})
	return typeFields[typ], fieldsErr
}

// checkAttr checks a capitalised param against typ's fields: its name (the
// case counts) and its JSON type; numbers given as strings of digits become
// numbers.
func checkAttr(typ, name string, v any) (any, error) {
	fields, err := fieldsOf(typ)
	if err != nil {
		return nil, err
	}
	f, ok := fields[strings.ToLower(name)]
	if !ok {
		return nil, fmt.Errorf("%s is not a field of a %s (fields: %s; other attributes go in an `attrs` object)", name, typ, fieldNames(fields))
	}
	if f.name != name {
		return nil, fmt.Errorf("%s: the field is spelt %s", name, f.name)
	}
	switch f.typ {
	case "Long", "Integer":
		switch x := v.(type) {
		case float64:
			if x != float64(int64(x)) {
				return nil, fmt.Errorf("%s must be a whole number (%s), not %v", name, f.typ, x)
			}
			return v, nil
		case string:
			n, err := strconv.ParseInt(x, 10, 64)
			if err != nil {
				return nil, fmt.Errorf("%s must be a whole number (%s), not %q", name, f.typ, x)
			}
			return float64(n), nil
		default:
			return nil, fmt.Errorf("%s must be a whole number (%s), not %v", name, f.typ, v)
		}
	case "Boolean":
		switch x := v.(type) {
		case bool:
			return v, nil
		case string:
			if b, err := strconv.ParseBool(x); err == nil {
				return b, nil
			}
		}
		return nil, fmt.Errorf("%s must be true or false (Boolean), not %v", name, v)
	case "String":
		switch v.(type) {
		case string:
			return v, nil
		case float64:
			return str(v), nil
		default:
			return nil, fmt.Errorf("%s must be a string, not %v", name, v)
		}
	}
	return v, nil
}

func fieldNames(m map[string]attrField) string {
	names := make([]string, 0, len(m))
	for _, f := range m {
		names = append(names, f.name)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// Params every state takes.
var commonParams = []string{"account", "accountSecret", "region"}

// allowedParams are the lower-case params a state takes: its placeholders,
// the common ones, and its kind's.
func (d *Def) allowedParams() []string {
	out := append(append([]string{}, d.names...), commonParams...)
	switch {
	case strings.HasPrefix(d.Pattern, "action "):
		out = append(out, "calls", "message", "delay", "force", "status")
	case d.resource:
		out = append(out, "id", "status", "attrs")
	}
	sort.Strings(out)
	return slices.Compact(out)
}

// checkParams refuses params a state does not take and values of the wrong
// kind: a misspelt param would otherwise be dropped silently.
func (d *Def) checkParams(params map[string]any) error {
	allowed := d.allowedParams()
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := params[k]
		if k != "" && k[0] >= 'A' && k[0] <= 'Z' {
			if !d.resource {
				return fmt.Errorf("param %s: this state adds no resource, so it takes no attributes (params: %s)", k, strings.Join(allowed, ", "))
			}
			continue // checked against the resource's type by the builder
		}
		if !slices.Contains(allowed, k) {
			hint := ""
			if d.resource && k != "" {
				hint = fmt.Sprintf(" (attributes are capitalised like the API's fields: %s%s?)", strings.ToUpper(k[:1]), k[1:])
			}
			return fmt.Errorf("unknown param %q%s; this state takes %s", k, hint, strings.Join(allowed, ", "))
		}
		switch k {
		case "attrs":
			if _, ok := v.(map[string]any); !ok {
				return fmt.Errorf("param attrs must be an object of attribute names to values")
			}
		case "force":
			if _, ok := v.(bool); !ok {
				return fmt.Errorf("param force must be true or false")
			}
		case "n":
			if n, err := strconv.Atoi(str(v)); err != nil || n < 0 {
				return fmt.Errorf("param n must be a whole number >= 0, not %v", v)
			}
		default:
			switch v.(type) {
			case string, float64:
			default:
				return fmt.Errorf("param %s must be a string or a number, not %v", k, v)
			}
		}
	}
	return nil
}
