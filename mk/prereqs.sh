#!/bin/sh
# Checks what `make test` needs before it starts, and says what to install.
# Everything else (Go modules, the Pact library and CLI) `make test` installs.
missing=""
need() { missing="$missing
  - $1"; }

want_go=$(sed -n 's/^go \([0-9.]*\).*/\1/p' go.mod)
if ! command -v go >/dev/null 2>&1; then
  need "Go $want_go or later (https://go.dev/dl/)"
else
  have_go=$(go env GOVERSION | sed 's/^go//')
  if [ "$(printf '%s\n%s\n' "$want_go" "$have_go" | sort -V | head -n1)" != "$want_go" ]; then
    need "Go $want_go or later (found $have_go)"
  fi
fi
command -v gcc >/dev/null 2>&1 || command -v cc >/dev/null 2>&1 || \
  need "a C compiler (gcc) for -race and cgo: apt-get install gcc"
command -v npm >/dev/null 2>&1 || need "Node.js with npm, to install the Pact library: apt-get install npm"
command -v git >/dev/null 2>&1 || need "git: apt-get install git"
case "$(uname -s)/$(uname -m)" in
  Linux/x86_64) ;;
  *) need "Linux x86_64 with glibc for the Pact tests (this is $(uname -s)/$(uname -m))" ;;
esac
if [ "$(uname -s)" = Linux ] && ! (ldd --version 2>&1 | grep -qiE 'glibc|gnu libc'); then
  need "glibc (the Pact library is built for glibc, not musl)"
fi
if [ -n "$missing" ]; then
  echo "make test needs:$missing" >&2
  exit 1
fi
echo "prereqs: go $(go env GOVERSION | sed 's/^go//'), gcc, npm $(npm --version 2>/dev/null), $(uname -s)/$(uname -m) glibc: ok"
