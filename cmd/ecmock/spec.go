package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/ecmock/ecmock/internal/catalog"
)

func runSpec(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("spec", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print the catalogue (or the action's entry) as JSON")
	asMarkdown := fs.Bool("markdown", false, "print the whole catalogue as Markdown (docs/catalogue.md)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), `Usage: ecmock spec [--json|--markdown] [ACTION]

Without ACTION: per product its actions, quotas (with defaults), automatic
transitions (lifecycles, with their durations) and notes; the account flags;
the common errors. With ACTION: its parameters and their rules, response
fields, documented errors and notes. Flags may follow ACTION.

Flags:`)
		fs.PrintDefaults()
	}
	pos, code, done := parseArgs(fs, args, stdout, stderr)
	if done {
		return code
	}
	if !wantArgs(stderr, "spec", pos, 1, "ecmock spec [--json|--markdown] [ACTION]") {
		return 2
	}
	if *asMarkdown && (*asJSON || len(pos) > 0) {
		fmt.Fprintln(stderr, "ecmock spec: --markdown prints the whole catalogue: it takes no ACTION and no --json")
		return 2
	}
	cat, err := catalog.Load()
	if err != nil {
		fmt.Fprintln(stderr, "ecmock:", err)
		return 1
	}
	if *asMarkdown {
		writeMarkdown(stdout, cat)
		return 0
	}
	if len(pos) == 0 {
		if *asJSON {
			return printJSON(stdout, stderr, cat.Products)
		}
		printCatalogue(stdout, cat)
		return 0
	}
	a := cat.FindAction(pos[0])
	if a == nil {
		fmt.Fprintf(stderr, "ecmock: no action %q in the catalogue (run 'ecmock spec' for the list)\n", pos[0])
		return 1
	}
	if *asJSON {
		return printJSON(stdout, stderr, a)
	}
	printAction(stdout, a)
	return 0
}

// accountFlags are the account flags the handlers read (credentials file
// or scenario `flags:`); the product notes explain them in full.
var accountFlags = []struct{ name, product, effect string }{
	{"vpconnDenied", "Vpc", "the account may not create hosted connections: OperationDenied.CreateVpconn"},
	{"international", "Vpc", "the account is on the international site: a VBR for an account of the other site answers CROSS_BID.FORBIDDEN"},
	{"cenServiceLinkedRoleDenied", "Cbn", "no AliyunServiceRoleForCEN and may not create it: NoPermission.AliyunServiceRolePolicyForCEN"},
	{"transitRouterServiceNotOpen", "Cbn", "the transit router service is not opened: Forbbiden.TransitRouterServiceNotOpen (caller), Forbidden.ResourceOwnerTransitRouterServiceNotOpen (the ECR's owner)"},
	{"internationalSite", "Cbn", "the account is on the international site: an ECR attachment across sites answers Forbbiden.AttachChildInstanceAcrossBid"},
}

// printCatalogue is the plain-text overview: per product its actions,
// quotas, lifecycles and notes, then the account flags and common errors.
func printCatalogue(w io.Writer, cat *catalog.Catalog) {
	for _, pn := range cat.ProductNames() {
		p := cat.Products[pn]
		fmt.Fprintf(w, "%s %s\n  actions:\n", p.Name, p.Version)
		for _, an := range p.ActionNames() {
			fmt.Fprintf(w, "    %-48s %s\n", an, oneLine(p.Actions[an].Summary))
		}
		if len(p.Quotas) > 0 {
			fmt.Fprintln(w, "  quotas (per account; name, default, meaning; change them in the credentials file or a scenario):")
			for _, q := range p.Quotas {
				fmt.Fprintf(w, "    %-40s %6d  %s\n", q.Name, q.Default, oneLine(q.Doc))
			}
		}
		if len(p.Lifecycles) > 0 {
			fmt.Fprintln(w, "  lifecycles (automatic transitions; realistic / fast duration, instant is 0; \"-\" = gone):")
			for _, t := range p.LifecycleTypes() {
				for _, tr := range p.Lifecycles[t] {
					fast := time.Duration(tr.Fast)
					if fast == 0 {
						fast = time.Second
					}
					doc := ""
					if tr.Doc != "" {
						doc = "  " + oneLine(tr.Doc)
					}
					fmt.Fprintf(w, "    %-32s %s → %s  %s / %s%s\n", t, tr.From, tr.To, time.Duration(tr.Realistic), fast, doc)
				}
			}
		}
		if len(p.Notes) > 0 {
			fmt.Fprintln(w, "  notes:")
			for _, n := range p.Notes {
				fmt.Fprintf(w, "    - %s\n", oneLine(n))
			}
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, "account flags (credentials file or scenario `flags: {NAME: true}`):")
	for _, f := range accountFlags {
		fmt.Fprintf(w, "  %-30s %-4s %s\n", f.name, f.product, f.effect)
	}
	fmt.Fprintln(w, "\ncommon errors (any action):")
	for _, e := range cat.CommonErrors() {
		fmt.Fprintf(w, "  %d %-32s %s\n", e.Status, e.Code, e.Message)
	}
	fmt.Fprintln(w, "\n'ecmock spec ACTION' shows an action's parameters, response and errors.")
}

func printJSON(stdout, stderr io.Writer, v any) int {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		fmt.Fprintln(stderr, "ecmock:", err)
		return 1
	}
	fmt.Fprintln(stdout, string(b))
	return 0
}

func printAction(w io.Writer, a *catalog.Action) {
	p := a.ProductOf()
	fmt.Fprintf(w, "%s (%s %s)\n  %s\n  source: %s\n  reference: %s\n", a.Name, p.Name, p.Version, a.Summary, a.Source, catalog.ReferenceURL(p.Name, p.Version, a.Name))
	if a.Idempotency != "" {
		fmt.Fprintf(w, "  idempotency: %s\n", a.Idempotency)
	}
	if a.DryRun != "" {
		fmt.Fprintf(w, "  dry run answers: %s\n", a.DryRun)
	}
	fmt.Fprintln(w, "\nparameters:")
	for _, prm := range a.Params {
		printParam(w, prm, "  ")
	}
	fmt.Fprintln(w, "\nresponse:")
	for _, f := range a.Response {
		printField(w, f, "  ")
	}
	fmt.Fprintln(w, "\nerrors:")
	for _, e := range a.Errors {
		src := ""
		if e.Source != "" && e.Source != catalog.SourceAPIReference {
			src = " [" + e.Source + "]"
		}
		fmt.Fprintf(w, "  %d %-48s %-11s %s%s\n", e.Status, e.Code, e.Kind, e.Message, src)
	}
	for _, n := range a.Notes {
		fmt.Fprintf(w, "\nnote: %s\n", n)
	}
}

func printParam(w io.Writer, prm *catalog.Param, indent string) {
	fmt.Fprintf(w, "%s%-32s %-8s %s\n", indent, prm.Name, prm.Type, paramRules(prm))
}

// paramRules is a parameter's rules in one line.
func paramRules(prm *catalog.Param) string {
	var rules []string
	if prm.Required {
		rules = append(rules, "required")
	}
	if prm.List {
		rules = append(rules, "list .N")
	}
	if len(prm.Enum) > 0 {
		rules = append(rules, "one of "+strings.Join(prm.Enum, "|"))
	}
	if prm.Min != nil {
		rules = append(rules, fmt.Sprintf("min %v", *prm.Min))
	}
	if prm.Max != nil {
		rules = append(rules, fmt.Sprintf("max %v", *prm.Max))
	}
	if prm.MaxLength > 0 {
		rules = append(rules, fmt.Sprintf("length %d-%d", prm.MinLength, prm.MaxLength))
	}
	if prm.Pattern != "" {
		rules = append(rules, "pattern "+prm.Pattern)
	}
	if prm.Format != "" {
		rules = append(rules, "format "+prm.Format)
	}
	if prm.Error != "" {
		rules = append(rules, "error "+prm.Error)
	}
	for _, f := range prm.Fields {
		rules = append(rules, "."+f.Name+" "+f.Type+" ("+paramRules(f)+")")
	}
	return strings.Join(rules, "; ")
}

func printField(w io.Writer, f *catalog.Field, indent string) {
	src := ""
	if f.Source != "" {
		src = " [" + f.Source + "]"
	}
	fmt.Fprintf(w, "%s%-32s %s%s\n", indent, f.Name, f.Type, src)
	for _, sub := range f.Fields {
		printField(w, sub, indent+"  ")
	}
}

func sourceOf(s string) string {
	if s == "" {
		return catalog.SourceAPIReference
	}
	return s
}

// writeMarkdown renders the catalogue as docs/catalogue.md: per action, its
// parameters, response fields and errors, each with where it comes from.
func writeMarkdown(w io.Writer, cat *catalog.Catalog) {
	fmt.Fprintln(w, "# The ecmock API catalogue")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Generated by `ecmock spec --markdown` from internal/catalog/data/*.yaml; do not edit.")
	fmt.Fprintln(w, "Source: `api-reference` = the action's page in the Alibaba Cloud API reference, linked under each action (codes and messages verbatim, typos included);")
	fmt.Fprintln(w, "`sdk` = names from github.com/aliyun/alibaba-cloud-sdk-go v1.63.107 or Alibaba's published SDK models;")
	fmt.Fprintln(w, "`terraform` / `docs` = what real clients or the public reference use; `decided` = chosen here where the documentation is silent.")
	fmt.Fprintln(w, "Kind (what a client should make of a code; `kind:` in the YAML, else derived from the code's family):")
	fmt.Fprintln(w, "validation, auth, permission, notfound, unsupported, state, conflict, dependency, lock, quota, throttling, server, dryrun.")
	fmt.Fprintln(w, "`ecmock sweep` injects state, conflict, dependency, lock, quota, throttling and server codes; lock, throttling, server, state and dependency are retryable.")
	for _, pn := range cat.ProductNames() {
		p := cat.Products[pn]
		fmt.Fprintf(w, "\n## %s %s\n", p.Name, p.Version)
		for _, n := range p.Notes {
			fmt.Fprintf(w, "\n- %s", oneLine(n))
		}
		if len(p.Notes) > 0 {
			fmt.Fprintln(w)
		}
		if len(p.Quotas) > 0 {
			fmt.Fprintln(w, "\n| quota | default | source | meaning |\n|---|---|---|---|")
			for _, q := range p.Quotas {
				fmt.Fprintf(w, "| %s | %d | %s | %s |\n", q.Name, q.Default, sourceOf(q.Source), oneLine(q.Doc))
			}
		}
		for _, an := range p.ActionNames() {
			a := p.Actions[an]
			fmt.Fprintf(w, "\n### %s\n\n%s (source: %s; API reference: %s)\n", an, oneLine(a.Summary), a.Source, catalog.ReferenceURL(p.Name, p.Version, an))
			if len(a.Params) > 0 {
				fmt.Fprintln(w, "\n| parameter | type | rules | source |\n|---|---|---|---|")
				for _, prm := range a.Params {
					rules := paramRules(prm)
					fmt.Fprintf(w, "| %s | %s | %s | %s |\n", prm.Name, prm.Type, esc(rules), sourceOf(prm.Source))
				}
			}
			if len(a.Response) > 0 {
				fmt.Fprintln(w, "\n| response field | type | source |\n|---|---|---|")
				for _, f := range a.Response {
					fmt.Fprintf(w, "| %s | %s | %s |\n", f.Name, f.Type, sourceOf(f.Source))
				}
			}
			if len(a.Errors) > 0 {
				fmt.Fprintln(w, "\n| HTTP | code | kind | message | source |\n|---|---|---|---|---|")
				for _, e := range a.Errors {
					fmt.Fprintf(w, "| %d | %s | %s | %s | %s |\n", e.Status, esc(e.Code), e.Kind, esc(e.Message), sourceOf(e.Source))
				}
			}
			for _, n := range a.Notes {
				fmt.Fprintf(w, "\n- %s", oneLine(n))
			}
			if len(a.Notes) > 0 {
				fmt.Fprintln(w)
			}
		}
	}
	fmt.Fprintln(w, "\n## Common errors (every action)\n\n| HTTP | code | kind | message | source |\n|---|---|---|---|---|")
	for _, e := range cat.CommonErrors() {
		fmt.Fprintf(w, "| %d | %s | %s | %s | %s |\n", e.Status, esc(e.Code), e.Kind, esc(e.Message), sourceOf(e.Source))
	}
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func esc(s string) string { return strings.ReplaceAll(oneLine(s), "|", "\\|") }
