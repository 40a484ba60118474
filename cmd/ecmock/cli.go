package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// parseArgs parses a subcommand's flags wherever they stand: before, between
// or after its positional arguments ("spec CreateCen --json"); "--" ends the
// flags. -h/--help prints the command's usage on stdout and answers done
// with exit code 0; a bad flag prints the error and the usage on stderr and
// answers done with 2. A command's fs.Usage must write to fs.Output().
func parseArgs(fs *flag.FlagSet, args []string, stdout, stderr io.Writer) (pos []string, code int, done bool) {
	var buf bytes.Buffer
	fs.SetOutput(&buf)
	defer fs.SetOutput(stderr)
	pos, err := parseInterspersed(fs, args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		_, _ = stdout.Write(buf.Bytes())
		return nil, 0, true
	case err != nil:
		_, _ = stderr.Write(buf.Bytes())
		return nil, 2, true
	}
	return pos, 0, false
}

// parseInterspersed parses flags before and after positional arguments
// ("rm NAME --server URL") and returns the positional ones; after "--"
// everything is positional.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// wantArgs refuses more positional arguments than a command takes.
func wantArgs(stderr io.Writer, cmd string, pos []string, max int, usage string) bool {
	if len(pos) <= max {
		return true
	}
	fmt.Fprintf(stderr, "ecmock %s: unexpected argument(s) %q\nusage: %s\n", cmd, pos[max:], usage)
	return false
}

// splitList splits a comma-separated flag value, dropping blanks.
func splitList(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}
