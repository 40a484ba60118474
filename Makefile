# ecmock — make targets. `make test` is what CI runs (.ci/run); it installs
# what it needs by itself (Go modules, the Pact native library from npm).

GO      ?= go
ADDR    ?= 127.0.0.1:8080
ARGS    ?=
BIN     := $(CURDIR)/bin

include mk/pact.mk
include mk/terraform.mk

.PHONY: run test test-go test-pact bench lint build clean features coverage-errors

## run: serve ecmock on $(ADDR) with the built-in accounts (ARGS adds flags)
run:
	$(GO) run ./cmd/ecmock serve --addr $(ADDR) $(ARGS)

## test: lint, every Go test with the race detector, the Pact tests, then Terraform (when installed)
test: lint test-go test-pact test-terraform

test-go:
	$(GO) mod download
	$(GO) test -race -count=1 ./...

## test-pact: regenerate the consumer pacts (no diff allowed in contracts/pacts), verify them
## against ecmock (pact-go and `ecmock verify`), then the pact CLI against POST /_ecmock/pact/states
## (One package per go test: the consumer rewrites contracts/pacts, which the others read.
## -race shares test-go's compiled packages and checks the Pact code paths too.)
test-pact: pact-lib pact-cli
	$(PACT_ENV) $(GO) test -race -tags pact -count=1 ./contracts/consumer/
	@if [ -n "$$(git status --porcelain -- contracts/pacts)" ]; then \
	  git status --short -- contracts/pacts; git --no-pager diff --stat -- contracts/pacts; \
	  echo "test-pact: regenerating the pacts changed contracts/pacts (commit them if the change is meant)" >&2; exit 1; fi
	$(PACT_ENV) $(GO) test -race -tags pact -count=1 ./contracts/provider/
	$(PACT_ENV) $(GO) test -race -tags pact -count=1 -run 'Verify' ./cmd/ecmock/
	PACT_CLI=$(PACT_CLI) PACT_DO_NOT_TRACK=true $(GO) test -race -tags pactcli -count=1 -run 'CLI' ./contracts/provider/

## bench: request throughput and allocations of the front door
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

## lint: gofmt and go vet
lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

## build: bin/ecmock with `verify` built in (-tags pact, linked to .pact's libpact_ffi by rpath)
build: pact-lib
	$(PACT_ENV) $(GO) build -tags pact -o $(BIN)/ecmock ./cmd/ecmock

clean:
	rm -rf $(BIN)

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
