//go:build !pact

package main

import "errors"

// pactBuild reports that this binary does not link libpact_ffi.
const pactBuild = false

// errNoPact says how to get an ecmock whose verify works.
var errNoPact = errors.New("this ecmock was built without the Pact library, so it cannot verify pacts.\n" +
	"Build the full binary with `make build` (it installs libpact_ffi from npm into .pact/ and builds\n" +
	"bin/ecmock with -tags pact, linked to it), or verify with any Pact verifier against a running\n" +
	"`ecmock serve --auth open`, using --state-change-url http://HOST:PORT/_ecmock/pact/states\n" +
	"(contracts/README.md)")

func verifyPacts(verifyRun) (*verifyResult, error) { return nil, errNoPact }
