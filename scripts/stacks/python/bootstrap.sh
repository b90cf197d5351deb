#!/usr/bin/env bash
# Installs what Python projects need here (STACKS.md): uv from PyPI, and the
# project's locked dependencies into uv's cache, so that `uv sync --locked`
# in any rendered project then works offline. Idempotent. Run by
# scripts/bootstrap.sh.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/../../lib/bootstrap.sh"
. "$here/../../lib/tools.sh"

ensure_pip_package uv 0.13.8

# The Debian image's Python (3.11) is the interpreter; uv must never try to
# download one, which this kind of machine cannot.
export UV_PYTHON_DOWNLOADS=never
uv=$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')/uv
command -v uv >/dev/null 2>&1 && uv=uv

# Fills the cache from the committed example's lock (every tier locks the same
# dependencies); the environment itself is thrown away.
example="$here/../../../Examples/todo-api-python"
if [ -f "$example/uv.lock" ]; then
  warm=$(mktemp -d "${TMPDIR:-/tmp}/python-warm.XXXXXX")
  trap 'rm -rf "$warm"' EXIT
  cp "$example/pyproject.toml" "$example/uv.lock" "$warm/"
  bootstrap_log "caching the Python dependencies of uv.lock (PyPI)"
  (cd "$warm" && UV_PROJECT_ENVIRONMENT="$warm/venv" "$uv" sync --locked --quiet)
fi
