#!/usr/bin/env bash
# Builds the real Temporal server (the four services in one binary), Temporal's SQL schema tool and
# the Temporal UI server into .tools/temporal-server/, from the Go module proxy. Run on demand
# (`npm run install:temporal-server`), never from postinstall: a fresh clone starts on the dev server
# and needs no Go. Cached: a binary already built at the pinned version is not built again.
#
# Why GOTOOLCHAIN: server v1.32.2 needs Go >= 1.26.10; the go command fetches the
# pinned toolchain from the module proxy (about 76 MB, once per machine) when the machine's Go is older.
set -euo pipefail

SERVER_VERSION=v1.32.2
UI_SERVER_VERSION=v2.54.1
export GOTOOLCHAIN="${GOTOOLCHAIN:-go1.27.3}"

root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/.tools/temporal-server"
mkdir -p "$out"

if ! command -v go >/dev/null; then
  echo "install-temporal-server: no 'go' on PATH. Install Go (any 1.21+; the pinned toolchain is fetched) and run again." >&2
  exit 1
fi

# build <name> <package@version>: installs into $out/<version>/ and links $out/<name> to it.
build() {
  local name="$1" package="$2" version="${2##*@}"
  local dir="$out/$version"
  if [ -x "$dir/$name" ]; then
    echo "install-temporal-server: $name $version already built ($dir/$name)"
  else
    echo "install-temporal-server: building $name from $package (a few minutes on 2 cores)"
    local start=$SECONDS
    mkdir -p "$dir"
    GOBIN="$dir" go install "$package"
    mv "$dir/$(basename "${package%@*}")" "$dir/$name"
    echo "install-temporal-server: built $name in $((SECONDS - start)) s"
  fi
  ln -sfn "$version/$name" "$out/$name"
}

build temporal-server "go.temporal.io/server/cmd/server@$SERVER_VERSION"
build temporal-sql-tool "go.temporal.io/server/cmd/tools/sql@$SERVER_VERSION"
build temporal-ui-server "github.com/temporalio/ui-server/v2/cmd/server@$UI_SERVER_VERSION"

# The schema files ship in the server module; copy them next to the binaries so that running needs no Go.
modcache="$(go env GOMODCACHE)"
schema_src="$modcache/go.temporal.io/server@$SERVER_VERSION/schema/postgresql/v12"
if [ ! -d "$out/$SERVER_VERSION/schema" ]; then
  mkdir -p "$out/$SERVER_VERSION/schema"
  cp -r "$schema_src/temporal" "$schema_src/visibility" "$out/$SERVER_VERSION/schema/"
  chmod -R u+w "$out/$SERVER_VERSION/schema"
fi
ln -sfn "$SERVER_VERSION/schema" "$out/schema"
echo "$SERVER_VERSION $UI_SERVER_VERSION" >"$out/VERSIONS"
echo "install-temporal-server: ready in $out"
