package main

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"

	"github.com/ecmock/ecmock/internal/catalog"
	"gopkg.in/yaml.v3"
)

// credentialFields are the fields of one account in a credentials file.
var credentialFields = []string{"uid", "accessKeyId", "accessKeySecret", "whitelisted", "flags", "quotas"}

// checkCredentialsFile reads a credentials file (YAML or JSON) the way a
// person wrote it and reports, with FILE:LINE, what ecmock would not use:
// unknown fields, values of the wrong kind, quota names the catalogue does
// not define (a misspelt quota would otherwise silently keep its default).
func checkCredentialsFile(path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("--credentials %s: no such file", path)
		}
		return fmt.Errorf("--credentials %s: %v", path, err)
	}
	cat, err := catalog.Load()
	if err != nil {
		return err
	}
	return checkCredentials(path, b, quotaNames(cat))
}

func quotaNames(cat *catalog.Catalog) []string {
	var out []string
	for _, p := range cat.Products {
		for _, q := range p.Quotas {
			out = append(out, q.Name)
		}
	}
	sort.Strings(out)
	return out
}

func checkCredentials(path string, b []byte, quotas []string) error {
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return fmt.Errorf("%s: %s", path, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	var errs []string
	at := func(n *yaml.Node, format string, a ...any) {
		errs = append(errs, fmt.Sprintf("%s:%d: %s", path, n.Line, fmt.Sprintf(format, a...)))
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return fmt.Errorf("%s: a credentials file is an object {accounts: [...]}", path)
	}
	root := doc.Content[0]
	var list *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if k.Value != "accounts" {
			at(k, "unknown field %q (a credentials file has only accounts)", k.Value)
			continue
		}
		list = v
	}
	if list == nil || list.Kind != yaml.SequenceNode || len(list.Content) == 0 {
		errs = append(errs, path+": no accounts (accounts: [{uid, accessKeyId, accessKeySecret}, ...])")
		return errors.New(strings.Join(errs, "\n"))
	}
	for ai, acct := range list.Content {
		if acct.Kind != yaml.MappingNode {
			at(acct, "accounts[%d] must be an object with %s", ai, strings.Join(credentialFields, ", "))
			continue
		}
		for i := 0; i+1 < len(acct.Content); i += 2 {
			k, v := acct.Content[i], acct.Content[i+1]
			field := fmt.Sprintf("accounts[%d].%s", ai, k.Value)
			switch k.Value {
			case "uid", "accessKeyId", "accessKeySecret":
				if v.Kind != yaml.ScalarNode || v.Value == "" {
					at(v, "%s must be a non-empty string", field)
				}
			case "whitelisted":
				if v.Kind != yaml.ScalarNode || v.Tag != "!!bool" {
					at(v, "%s must be true or false", field)
				}
			case "flags":
				if v.Kind != yaml.MappingNode {
					at(v, "%s must be an object of flag names to true/false", field)
					continue
				}
				for j := 0; j+1 < len(v.Content); j += 2 {
					if v.Content[j+1].Tag != "!!bool" {
						at(v.Content[j+1], "%s.%s must be true or false", field, v.Content[j].Value)
					}
				}
			case "quotas":
				if v.Kind != yaml.MappingNode {
					at(v, "%s must be an object of quota names to numbers", field)
					continue
				}
				for j := 0; j+1 < len(v.Content); j += 2 {
					qk, qv := v.Content[j], v.Content[j+1]
					if !slices.Contains(quotas, qk.Value) {
						hint := ""
						for _, q := range quotas {
							if strings.EqualFold(q, qk.Value) {
								hint = " (did you mean " + q + "?)"
							}
						}
						at(qk, "%s: unknown quota %q%s; ecmock knows: %s", field, qk.Value, hint, strings.Join(quotas, ", "))
					}
					if qv.Tag != "!!int" || strings.HasPrefix(qv.Value, "-") {
						at(qv, "%s.%s must be a whole number >= 0, not %q", field, qk.Value, qv.Value)
					}
				}
			default:
				at(k, "%s: unknown field %q; an account has %s", field, k.Value, strings.Join(credentialFields, ", "))
			}
		}
	}
	if len(errs) > 0 {
		return errors.New(strings.Join(errs, "\n"))
	}
	return nil
}
