# ecmock — make targets. `make test` is what CI runs (.ci/run); it installs
# what it needs by itself (Go modules, the Pact native library from npm).

GO      ?= go
ADDR    ?= 127.0.0.1:8080
ARGS    ?=
BIN     := $(CURDIR)/bin

# `make` alone lists the targets.
.DEFAULT_GOAL := help

include mk/pact.mk
include mk/terraform.mk

.PHONY: help prereqs run test test-go test-pact test-examples bench lint build clean features coverage-errors

## help: list the targets (this text)
help:
	@echo "ecmock make targets:"
	@grep -hE '^## [a-z-]+:' $(MAKEFILE_LIST) | sed -e 's/^## /  /'

## prereqs: check the tools `make test` needs (Go, gcc, npm, Linux x86_64 glibc) and say what to install
prereqs:
	@sh mk/prereqs.sh

# Test runs go through testreport: a line per package as it finishes, the
# output of failing tests, and one closing line for the whole `make test`.
TESTREPORT := $(BIN)/testreport
TALLY      := $(CURDIR)/reports/test-tally.json
GOTEST      = $(TESTREPORT) -tally $(TALLY) -- $(GO) test -json

$(TESTREPORT): internal/testreport/main.go
	$(GO) build -o $@ ./internal/testreport

## run: serve ecmock on $(ADDR) with the built-in accounts (ARGS adds flags)
run:
	$(GO) run ./cmd/ecmock serve --addr $(ADDR) $(ARGS)

## test: prerequisites, lint, every Go test with the race detector, the Pact tests, the example team module, Terraform (where installed); ends with one summary line
test: prereqs
	@$(GO) mod download
	@$(MAKE) --no-print-directory $(TESTREPORT)
	@mkdir -p $(dir $(TALLY)); rm -f $(TALLY)
	@$(MAKE) --no-print-directory -k lint test-go test-pact test-examples test-terraform; st=$$?; \
	  failed=0; [ $$st -eq 0 ] || failed=1; \
	  $(TESTREPORT) -tally $(TALLY) -summary -failed-steps $$failed || st=1; exit $$st

## test-go: every Go test with the race detector
test-go: $(TESTREPORT)
	$(GO) mod download
	$(GOTEST) -race -count=1 ./...

## test-pact: regenerate the consumer pacts (no diff allowed in contracts/pacts), verify them
## against ecmock (pact-go and `ecmock verify`), then the pact CLI against POST /_ecmock/pact/states
## (One package per go test: the consumer rewrites contracts/pacts, which the others read.
## -race shares test-go's compiled packages and checks the Pact code paths too.)
test-pact: pact-lib pact-cli $(TESTREPORT)
	$(PACT_ENV) $(GOTEST) -race -tags pact -count=1 ./contracts/consumer/
	@if [ -n "$$(git status --porcelain -- contracts/pacts)" ]; then \
	  git status --short -- contracts/pacts; git --no-pager diff --stat -- contracts/pacts; \
	  echo "test-pact: regenerating the pacts changed contracts/pacts (commit them if the change is meant)" >&2; exit 1; fi
	$(PACT_ENV) $(GOTEST) -race -tags pact -count=1 ./contracts/provider/
	$(PACT_ENV) $(GOTEST) -race -tags pact -count=1 -run 'Verify' ./cmd/ecmock/
	PACT_CLI=$(PACT_CLI) PACT_DO_NOT_TRACK=true $(GOTEST) -race -tags pactcli -count=1 -run 'CLI' ./contracts/provider/

## test-examples: the example team module (examples/netteam) with -race, and its pact verified by bin/ecmock verify
test-examples: build $(TESTREPORT)
	@$(GO) -C examples/netteam mod tidy -diff >/dev/null || { echo "test-examples: examples/netteam/go.mod or go.sum is not tidy (a dependency of ecmock changed): run go -C examples/netteam mod tidy" >&2; exit 1; }
	$(GO) -C examples/netteam vet ./...
	$(TESTREPORT) -tally $(TALLY) -- $(GO) -C examples/netteam test -json -race -count=1 ./...
	$(BIN)/ecmock verify --pact examples/netteam/pacts

## bench: request throughput and allocations of the front door
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

## lint: gofmt and go vet
lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

## build: bin/ecmock with `verify` built in (-tags pact) and bin/libpact_ffi.so beside it (rpath $$ORIGIN:
## copy bin/ anywhere)
build: pact-lib
	@mkdir -p $(BIN)
	cp $(PACT_LIB) $(BIN)/libpact_ffi.so
	$(PACT_BUILD_ENV) $(GO) build -tags pact -o $(BIN)/ecmock ./cmd/ecmock

## clean: remove bin/ and reports/
clean:
	rm -rf $(BIN) reports

## features: the Gherkin features (godog); FORMAT=cucumber|junit writes a report to REPORT
FORMAT  ?=
comma   := ,
REPORT  ?= $(CURDIR)/reports/features.$(if $(filter junit,$(FORMAT)),xml,json)
features:
	@mkdir -p $(dir $(REPORT))
	$(GO) test -count=1 ./features/ -run 'TestFeatures$$' -args -godog.format=$(if $(FORMAT),progress$(comma)$(FORMAT):$(REPORT),progress)
	@if [ -n "$(FORMAT)" ]; then echo "report: $(REPORT)"; fi

## coverage-errors: table of every documented error code and how the features exercise it
coverage-errors:
	@out=$$(mktemp); $(GO) test -count=1 ./features/ -run 'TestFeatures$$' -args -ecmock.coverage-out=$$out >/dev/null; st=$$?; cat $$out; rm -f $$out; exit $$st

.PHONY: sweep-demo
## sweep-demo: `ecmock sweep` over the demo physical-connection client (BUG=leak|ignore-delete|poll-forever, ARGS adds flags)
sweep-demo:
	$(GO) build -o $(BIN)/pcclient ./sweep/testdata/pcclient
	$(GO) run ./cmd/ecmock sweep --call-timeout 300ms --timeout 5s -j 2 $(ARGS) -- $(BIN)/pcclient -wait-for 500ms $(if $(BUG),-bug $(BUG))
