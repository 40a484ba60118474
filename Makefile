# ecmock — make targets. `make test` is what CI runs (.ci/run); it installs
# what it needs by itself (Go modules, the Pact native library from npm).

GO      ?= go
ADDR    ?= 127.0.0.1:8080
ARGS    ?=
BIN     := $(CURDIR)/bin

include mk/pact.mk

.PHONY: run test test-go test-pact bench lint build clean features coverage-errors

## run: serve ecmock on $(ADDR) with the built-in accounts (ARGS adds flags)
run:
	$(GO) run ./cmd/ecmock serve --addr $(ADDR) $(ARGS)

## test: lint, every Go test with the race detector, then the Pact tests
test: lint test-go test-pact

test-go:
	$(GO) mod download
	$(GO) test -race -count=1 ./...

test-pact: pact-lib
	@echo "pact tests: none yet"

## bench: request throughput and allocations of the front door
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

## lint: gofmt and go vet
lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

## build: bin/ecmock
build:
	$(GO) build -o $(BIN)/ecmock ./cmd/ecmock

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
