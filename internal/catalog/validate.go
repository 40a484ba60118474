package catalog

import (
	"fmt"
	"net/netip"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// Violation is a parameter that breaks a documented rule: Code is the error
// code to answer (placeholders filled), Param the parameter's name, Reason a
// human explanation for logs and the journal.
type Violation struct {
	Code   string
	Param  string
	Reason string
}

func (v *Violation) Error() string { return v.Code + ": " + v.Reason }

var formats = map[string]func(string) string{
	// name: 2–128 characters, letters (any script), digits, ".", "_", "-";
	// starts with a letter; not http:// or https://.
	"name": func(s string) string { return nameRule(s, 2, 128, true) },
	// description: 2–256 characters, starts with a letter, not http(s)://.
	"description": func(s string) string { return nameRule(s, 2, 256, false) },
	// ecr-name / ecr-description: empty or up to 128/256 characters, not http(s)://.
	"ecr-name":        func(s string) string { return lenNoURL(s, 0, 128) },
	"ecr-description": func(s string) string { return lenNoURL(s, 0, 256) },
	"ipv4": func(s string) string {
		if a, err := netip.ParseAddr(s); err != nil || !a.Is4() {
			return "not an IPv4 address"
		}
		return ""
	},
	"ipv6": func(s string) string {
		if a, err := netip.ParseAddr(s); err != nil || !a.Is6() {
			return "not an IPv6 address"
		}
		return ""
	},
	"ipv4-cidr": func(s string) string {
		if p, err := netip.ParsePrefix(s); err != nil || !p.Addr().Is4() {
			return "not an IPv4 CIDR block"
		}
		return ""
	},
	"tag-key": func(s string) string {
		switch {
		case s == "":
			return "tag key is empty"
		case len([]rune(s)) > 128:
			return "tag key longer than 128 characters"
		case strings.HasPrefix(s, "aliyun") || strings.HasPrefix(s, "acs:"):
			return "tag key starts with aliyun or acs:"
		case strings.Contains(s, "http://") || strings.Contains(s, "https://"):
			return "tag key contains http:// or https://"
		}
		return ""
	},
	"tag-value": func(s string) string {
		switch {
		case len([]rune(s)) > 128:
			return "tag value longer than 128 characters"
		case strings.HasPrefix(s, "acs:"):
			return "tag value starts with acs:"
		case strings.Contains(s, "http://") || strings.Contains(s, "https://"):
			return "tag value contains http:// or https://"
		}
		return ""
	},
}

// FormatNames lists the shared rules a parameter's format may name.
func FormatNames() []string {
	out := make([]string, 0, len(formats))
	for k := range formats {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// CheckFormat applies a named shared rule; "" means the value passes.
func CheckFormat(format, v string) string {
	f := formats[format]
	if f == nil {
		return "unknown format " + format
	}
	return f(v)
}

func nameRule(s string, min, max int, nameChars bool) string {
	n := len([]rune(s))
	if n < min || n > max {
		return fmt.Sprintf("must be %d to %d characters long", min, max)
	}
	if strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") {
		return "must not start with http:// or https://"
	}
	first := []rune(s)[0]
	if !unicode.IsLetter(first) {
		return "must start with a letter or a Chinese character"
	}
	if nameChars {
		for _, r := range s {
			if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '_' || r == '-') {
				return fmt.Sprintf("must contain only letters, digits, '.', '_' and '-' (found %q)", r)
			}
		}
	}
	return ""
}

func lenNoURL(s string, min, max int) string {
	n := len([]rune(s))
	if n < min || n > max {
		return fmt.Sprintf("must be %d to %d characters long", min, max)
	}
	if strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") {
		return "must not start with http:// or https://"
	}
	return ""
}

func (p *Param) compile() error {
	switch p.Type {
	case "String", "Integer", "Long", "Boolean", "Float", "Object", "":
	default:
		return fmt.Errorf("unknown type %q", p.Type)
	}
	if p.Format != "" && formats[p.Format] == nil {
		return fmt.Errorf("unknown format %q", p.Format)
	}
	if p.Pattern != "" {
		re, err := regexp.Compile("^(?:" + p.Pattern + ")$")
		if err != nil {
			return fmt.Errorf("pattern: %w", err)
		}
		p.re = re
	}
	for _, f := range p.Fields {
		if err := f.compile(); err != nil {
			return fmt.Errorf("%s: %w", f.Name, err)
		}
	}
	return nil
}

// Validate checks the parameters of a request against the action's rules, in
// the order the parameters are listed in the catalogue. It returns the first
// violation, or nil.
func (a *Action) Validate(params map[string]string) *Violation {
	p := a.product
	for _, prm := range a.Params {
		if prm.List {
			if v := prm.validateList(p, params); v != nil {
				return v
			}
			continue
		}
		val, ok := params[prm.Name]
		if !ok || val == "" {
			if prm.Required {
				return &Violation{Code: fill(first(prm.Missing, p.MissingError), prm.Name), Param: prm.Name, Reason: prm.Name + " is required"}
			}
			continue
		}
		if v := prm.check(p, prm.Name, val); v != nil {
			return v
		}
	}
	return nil
}

func (prm *Param) validateList(p *Product, params map[string]string) *Violation {
	// Every index sent counts, gaps included (Tag.2 without Tag.1 is still
	// checked): handlers read all of them.
	idx := ListIndices(prm.Name, params, len(prm.Fields) > 0)
	for _, i := range idx {
		prefix := prm.Name + "." + strconv.Itoa(i)
		if len(prm.Fields) == 0 {
			if v := prm.check(p, prefix, params[prefix]); v != nil {
				return v
			}
			continue
		}
		for _, f := range prm.Fields {
			key := prefix + "." + f.Name
			val, ok := params[key]
			if !ok {
				if f.Required {
					return &Violation{Code: fill(first(f.Missing, prm.Missing, p.MissingError), key), Param: key, Reason: key + " is required"}
				}
				continue
			}
			if v := f.checkWithParent(p, prm, key, val); v != nil {
				return v
			}
		}
	}
	n := len(idx)
	if n == 0 && prm.Required {
		return &Violation{Code: fill(first(prm.Missing, p.MissingError), prm.Name+".1"), Param: prm.Name, Reason: prm.Name + ".1 is required"}
	}
	if prm.MaxItems > 0 && n > prm.MaxItems {
		return &Violation{Code: fill(first(prm.Error, p.InvalidError), prm.Name), Param: prm.Name, Reason: fmt.Sprintf("at most %d items", prm.MaxItems)}
	}
	return nil
}

// ListIndices returns the sorted positive indices N of name.N (scalars) or
// name.N.Field (objects) present in params: every index sent, gaps included.
func ListIndices(name string, params map[string]string, objects bool) []int {
	prefix := name + "."
	seen := map[int]bool{}
	for k := range params {
		if !strings.HasPrefix(k, prefix) {
			continue
		}
		rest := k[len(prefix):]
		if objects {
			dot := strings.IndexByte(rest, '.')
			if dot < 0 {
				continue
			}
			rest = rest[:dot]
		}
		if n, err := strconv.Atoi(rest); err == nil && n > 0 {
			seen[n] = true
		}
	}
	out := make([]int, 0, len(seen))
	for n := range seen {
		out = append(out, n)
	}
	sort.Ints(out)
	return out
}

func (f *Param) checkWithParent(p *Product, parent *Param, key, val string) *Violation {
	v := f.check(p, key, val)
	if v != nil && f.Error == "" && parent.Error != "" {
		v.Code = fill(parent.Error, key)
	}
	return v
}

func (prm *Param) check(p *Product, key, val string) *Violation {
	bad := func(reason string) *Violation {
		return &Violation{Code: fill(first(prm.Error, p.InvalidError), key), Param: key, Reason: fmt.Sprintf("%s=%q: %s", key, val, reason)}
	}
	var num float64
	isNum := false
	switch prm.Type {
	case "Integer", "Long":
		i, err := strconv.ParseInt(val, 10, 64)
		if err != nil {
			return bad("not an integer")
		}
		num, isNum = float64(i), true
	case "Float":
		f, err := strconv.ParseFloat(val, 64)
		if err != nil {
			return bad("not a number")
		}
		num, isNum = f, true
	case "Boolean":
		if val != "true" && val != "false" {
			return bad("must be true or false")
		}
	}
	if len(prm.Enum) > 0 {
		ok := false
		for _, e := range prm.Enum {
			if e == val {
				ok = true
				break
			}
		}
		if !ok {
			return bad("must be one of " + strings.Join(prm.Enum, ", "))
		}
	}
	if isNum {
		if prm.Min != nil && num < *prm.Min {
			return bad(fmt.Sprintf("must be at least %v", *prm.Min))
		}
		if prm.Max != nil && num > *prm.Max {
			return bad(fmt.Sprintf("must be at most %v", *prm.Max))
		}
	}
	n := len([]rune(val))
	if prm.MinLength > 0 && n < prm.MinLength {
		return bad(fmt.Sprintf("must be at least %d characters", prm.MinLength))
	}
	if prm.MaxLength > 0 && n > prm.MaxLength {
		return bad(fmt.Sprintf("must be at most %d characters", prm.MaxLength))
	}
	if prm.re != nil && !prm.re.MatchString(val) {
		return bad("must match " + prm.Pattern)
	}
	if prm.Format != "" {
		if r := formats[prm.Format](val); r != "" {
			return bad(r)
		}
	}
	return nil
}

func first(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

func fill(code, param string) string {
	if code == "" {
		code = "InvalidParameter"
	}
	return strings.ReplaceAll(code, "%s", param)
}
