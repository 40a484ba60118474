package main

import (
	"flag"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/ecmock/ecmock/scenarios"
)

func runScenarios(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("scenarios", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: ecmock scenarios [NAME]\n\nWithout NAME: the shipped scenarios with their descriptions. With NAME: its YAML.\nApply one with 'ecmock serve --scenario NAME' or 'ecmock chaos load NAME'.")
	}
	pos, code, done := parseArgs(fs, args, stdout, stderr)
	if done {
		return code
	}
	if !wantArgs(stderr, "scenarios", pos, 1, "ecmock scenarios [NAME]") {
		return 2
	}
	if len(pos) == 1 {
		data, _, ok := scenarios.Get(pos[0])
		if !ok {
			fmt.Fprintf(stderr, "ecmock: no shipped scenario %q (run 'ecmock scenarios' for the list)\n", pos[0])
			return 1
		}
		_, _ = stdout.Write(data)
		return 0
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	for _, s := range scenarios.List() {
		fmt.Fprintf(tw, "%s\t%s\n", s.Name, s.Description)
	}
	_ = tw.Flush()
	return 0
}
