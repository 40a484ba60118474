package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/ecmock/ecmock/internal/catalog"
)

func runSpec(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("spec", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print the catalogue entry as JSON")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: ecmock spec [--json] [ACTION]\n\nWithout ACTION: every product and action. With ACTION: its parameters, response fields and documented errors.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	cat, err := catalog.Load()
	if err != nil {
		fmt.Fprintln(stderr, "ecmock:", err)
		return 1
	}
	if fs.NArg() == 0 {
		if *asJSON {
			return printJSON(stdout, stderr, cat.Products)
		}
		for _, pn := range cat.ProductNames() {
			p := cat.Products[pn]
			fmt.Fprintf(stdout, "%s %s\n", p.Name, p.Version)
			for _, an := range p.ActionNames() {
				a := p.Actions[an]
				fmt.Fprintf(stdout, "  %-48s %s\n", an, a.Summary)
			}
		}
		fmt.Fprintf(stdout, "\ncommon errors:\n")
		for _, e := range cat.CommonErrors() {
			fmt.Fprintf(stdout, "  %d %-32s %s\n", e.Status, e.Code, e.Message)
		}
		return 0
	}
	a := cat.FindAction(fs.Arg(0))
	if a == nil {
		fmt.Fprintf(stderr, "ecmock: no action %q in the catalogue (run 'ecmock spec' for the list)\n", fs.Arg(0))
		return 1
	}
	if *asJSON {
		return printJSON(stdout, stderr, a)
	}
	printAction(stdout, a)
	return 0
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
	fmt.Fprintf(w, "%s (%s %s)\n  %s\n  source: %s\n", a.Name, p.Name, p.Version, a.Summary, a.Source)
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
		if e.Source != "" && e.Source != "seed" {
			src = " [" + e.Source + "]"
		}
		fmt.Fprintf(w, "  %d %-48s %s%s\n", e.Status, e.Code, e.Message, src)
	}
	for _, n := range a.Notes {
		fmt.Fprintf(w, "\nnote: %s\n", n)
	}
}

func printParam(w io.Writer, prm *catalog.Param, indent string) {
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
	fmt.Fprintf(w, "%s%-32s %-8s %s\n", indent, prm.Name, prm.Type, strings.Join(rules, "; "))
	for _, f := range prm.Fields {
		printParam(w, f, indent+"  .")
	}
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
