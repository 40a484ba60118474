# mk/pact.mk — Pact toolchain plumbing, included by the main Makefile.
#
# Everything comes from the npm registry (pact-go's own `pact-go install`
# downloads from GitHub, which is unreachable here) and lands in the
# git-ignored $(PACT_DIR). Linux x86_64 / glibc only.
#
#   make pact-lib   -> libpact_ffi.so 0.4.28 for pact-go v2 (cgo)
#   make pact-cli   -> standalone `pact` binary (mock, verifier, stub, broker)
#   make pact-env   -> the shell exports below, for a team's own pact-go tests
#
# Build/run pact-go tests with:
#   $(PACT_ENV) go test -tags pact ./...
# (`go vet -tags pact` needs no library: it does not link.)

PACT_DIR := $(CURDIR)/.pact

PACT_NPM_FLAGS := --no-save --no-audit --no-fund --no-package-lock --loglevel=error

# libpact_ffi: pact-core 18.1.0 ships libpact_ffi 0.4.28 (the version pact-go
# v2.4.2 pins). Do not bump to pact-core >= 19: its FFI lacks symbols pact-go uses.
PACT_FFI_PKG     := @pact-foundation/pact-core-linux-x64-glibc
PACT_FFI_VERSION := 18.1.0
PACT_LIB_DIR     := $(PACT_DIR)/ffi/node_modules/$(PACT_FFI_PKG)/prebuilds/linux-x64
PACT_LIB         := $(PACT_LIB_DIR)/libpact_ffi.so
PACT_LIB_STAMP   := $(PACT_DIR)/ffi/.installed-$(PACT_FFI_VERSION)

# Standalone CLI (Rust): `pact verifier` v1.3.5, `pact mock`, `pact stub`, `pact broker`.
PACT_CLI_PKG     := @pact-foundation/pact-cli-linux-x64
PACT_CLI_VERSION := 18.1.2
PACT_CLI         := $(PACT_DIR)/cli/node_modules/$(PACT_CLI_PKG)/standalone/pact
PACT_CLI_STAMP   := $(PACT_DIR)/cli/.installed-$(PACT_CLI_VERSION)

# The linker flags from CGO_LDFLAGS come before pact-go's own `#cgo LDFLAGS`
# (-L/tmp -L/opt/pact/lib -L/usr/local/lib), so this copy wins; the rpath makes
# the test binary find it at run time without LD_LIBRARY_PATH.
PACT_CGO_LDFLAGS := -L$(PACT_LIB_DIR) -Wl,-rpath,$(PACT_LIB_DIR)

# Environment for `go test -tags pact` / `go build -tags pact`:
# - CGO_ENABLED/CGO_LDFLAGS: link against the npm-installed libpact_ffi.
# - LD_LIBRARY_PATH: belt and braces for binaries built without the rpath.
# - PACT_GO_LIB_DOWNLOAD_PATH: where pact-go's installer check looks for
#   libpact_ffi.so (default /usr/local/lib). consumer.NewV4Pact and
#   provider.NewVerifier never run that check; only an explicit
#   version.CheckVersion() call (or the `pact-go check` command) does, and
#   without this it would try a download and log.Fatal offline.
#   Pitfall: on a miss, that failed download leaves an EMPTY
#   /usr/local/lib/libpact_ffi.so behind, which then fools later checks;
#   delete it if you ever see it.
# - PACT_LOG_LEVEL: pact-go's Go-side log filter (TRACE..ERROR); default INFO is
#   chatty. Override with `make ... PACT_LOG_LEVEL=DEBUG`.
# - PACT_DO_NOT_TRACK: the Rust core (FFI and CLI) otherwise tries to send
#   anonymous usage metrics (no internet here) and prints a WARN banner.
PACT_LOG_LEVEL ?= WARN
PACT_ENV := CGO_ENABLED=1 \
	CGO_LDFLAGS="$(PACT_CGO_LDFLAGS)" \
	LD_LIBRARY_PATH="$(PACT_LIB_DIR)$${LD_LIBRARY_PATH:+:$$LD_LIBRARY_PATH}" \
	PACT_GO_LIB_DOWNLOAD_PATH="$(PACT_LIB_DIR)" \
	PACT_LOG_LEVEL=$(PACT_LOG_LEVEL) \
	PACT_DO_NOT_TRACK=true

# `make build`: bin/ecmock is linked with the rpath $ORIGIN and the library is
# copied beside it, so bin/ (ecmock + libpact_ffi.so) runs wherever it is copied.
# ($$ORIGIN: make turns $$ into $; the single quotes keep the shell off it.)
PACT_BUILD_ENV := CGO_ENABLED=1 \
	CGO_LDFLAGS='-L$(PACT_LIB_DIR) -Wl,-rpath,$$ORIGIN' \
	PACT_DO_NOT_TRACK=true

.PHONY: pact-lib pact-cli pact-tools pact-clean pact-env

pact-lib: $(PACT_LIB_STAMP)
pact-cli: $(PACT_CLI_STAMP)
pact-tools: pact-lib pact-cli

define pact_check_platform
	@case "$$(uname -s)/$$(uname -m)" in \
	  Linux/x86_64) ;; \
	  *) echo "pact: only Linux x86_64 (glibc) is supported, got $$(uname -s)/$$(uname -m)" >&2; exit 1;; \
	esac
endef

$(PACT_LIB_STAMP):
	$(pact_check_platform)
	@command -v npm >/dev/null || { echo "pact-lib: npm is required" >&2; exit 1; }
	rm -rf $(PACT_DIR)/ffi
	mkdir -p $(PACT_DIR)/ffi
	npm install --prefix $(PACT_DIR)/ffi $(PACT_NPM_FLAGS) $(PACT_FFI_PKG)@$(PACT_FFI_VERSION)
	@test -f $(PACT_LIB) || { echo "pact-lib: $(PACT_LIB) missing after npm install" >&2; exit 1; }
	@touch $@

$(PACT_CLI_STAMP):
	$(pact_check_platform)
	@command -v npm >/dev/null || { echo "pact-cli: npm is required" >&2; exit 1; }
	rm -rf $(PACT_DIR)/cli
	mkdir -p $(PACT_DIR)/cli
	npm install --prefix $(PACT_DIR)/cli $(PACT_NPM_FLAGS) $(PACT_CLI_PKG)@$(PACT_CLI_VERSION)
	@chmod +x $(PACT_CLI)
	@$(PACT_CLI) verifier --help >/dev/null || { echo "pact-cli: $(PACT_CLI) does not run" >&2; exit 1; }
	@touch $@

pact-clean:
	rm -rf $(PACT_DIR)

## pact-env: print the shell environment for building your own pact-go tests against .pact/
## (eval "$$(make -s pact-env)"; `bin/ecmock pact-env` prints the same for the library beside it)
pact-env: pact-lib
	@echo "# pact-go v2 (-tags pact) with libpact_ffi 0.4.28 (npm $(PACT_FFI_PKG)@$(PACT_FFI_VERSION)) from $(PACT_LIB_DIR)"
	@echo "export CGO_ENABLED=1"
	@echo "export CGO_LDFLAGS='$(PACT_CGO_LDFLAGS)'"
	@echo "export LD_LIBRARY_PATH='$(PACT_LIB_DIR)'\$${LD_LIBRARY_PATH:+:\$$LD_LIBRARY_PATH}"
	@echo "export PACT_GO_LIB_DOWNLOAD_PATH='$(PACT_LIB_DIR)'"
	@echo "export PACT_DO_NOT_TRACK=true"
	@echo "export PACT_LOG_LEVEL=\$${PACT_LOG_LEVEL:-WARN}"
