// Command ecmock serves a stateful, chaos-capable mock of Alibaba Cloud's
// Express Connect APIs and drives a running one.
//
//	ecmock serve [flags]        run the mock
//	ecmock spec [ACTION]        print the API catalogue
//	ecmock scenarios            list the shipped scenarios
//	ecmock chaos ...            manage fault rules of a running server
//	ecmock accounts ...         manage accounts of a running server
//	ecmock verify --pact ...    verify pact files against an in-process ecmock
//	ecmock sweep -- COMMAND     run a client once per failure it can meet
//	ecmock pact-env             the environment for building pact-go tests
package main

import (
	"fmt"
	"io"
	"os"
)

// command is one subcommand: it parses its own flags from args.
type command struct {
	name  string
	short string
	run   func(args []string, stdout, stderr io.Writer) int
}

func commands() []command {
	return []command{
		{"serve", "run the mock server", runServe},
		{"spec", "print the API catalogue (all actions, or one)", runSpec},
		{"scenarios", "list the shipped scenarios (or print one)", runScenarios},
		{"chaos", "manage fault rules of a running server: list|add|rm|clear|load", runChaos},
		{"accounts", "manage accounts of a running server: create|list|show|rm", runAccounts},
		{"healthcheck", "exit 0 when a local ecmock answers GET /healthz (container health checks)", runHealthcheck},
		{"verify", "verify pact files (FILE, DIR, URL or broker) against an in-process ecmock", runVerify},
		{"sweep", "run a client once per documented failure it can meet and judge each run", runSweep},
		{"pact-env", "print the environment for building your own pact-go (-tags pact) tests", runPactEnv},
	}
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stdout)
		return 0
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(args[1:], stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "ecmock: unknown command %q\n\n", args[0])
	usage(stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "ecmock — a stateful, chaos-capable mock of Alibaba Cloud Express Connect APIs")
	fmt.Fprintln(w, "\nUsage: ecmock <command> [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.short)
	}
	fmt.Fprintln(w, "\nRun 'ecmock <command> -h' for the flags of a command.")
}
