#!/usr/bin/env bash
# Installs what Rust projects need here (STACKS.md): the crates the templates
# use, from Debian's librust-*-dev packages (a cargo directory source under
# /usr/share/cargo/registry), the system SQLite they link, and a toolchain
# when the machine has none (Debian's cargo; the image normally ships a
# rustup toolchain with rustfmt and clippy), and a checksum-corrected mirror
# of Debian's crate folder (below). Idempotent. Run by scripts/bootstrap.sh.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/../../lib/bootstrap.sh"
. "$here/../../lib/tools.sh"

ensure_debian_packages \
  pkg-config libsqlite3-dev \
  librust-tokio-dev librust-hyper-dev librust-serde-dev librust-serde-derive-dev \
  librust-serde-json-dev librust-rusqlite-dev librust-tokio-postgres-dev \
  librust-jsonwebtoken-dev librust-pbkdf2-dev librust-hmac-dev librust-sha2-dev \
  librust-base64-dev librust-bytes-dev librust-hex-dev librust-rand-dev librust-time-dev \
  librust-tracing-dev librust-tracing-subscriber-dev

if ! command -v cargo >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/cargo" ]; then
  ensure_debian_packages cargo rustc
fi

# The mirror of /usr/share/cargo/registry that project.sh points cargo at.
# Cargo compares the "package" field of a directory source's
# .cargo-checksum.json with the checksum in Cargo.lock. Debian writes a
# placeholder there for many crates ("Could not get crate checksum") and a
# wrong value for a few, while the template's Cargo.lock carries crates.io's
# real checksums, so that users' machines accept it. The mirror has one folder
# per crate: symlinks to Debian's files, and Debian's .cargo-checksum.json with
# "package" set to the lock's checksum (Debian's own value stays for crates the
# lock has none for; the "files" map, empty, stays Debian's). It is rebuilt on
# every run, which takes a moment, so it follows Debian upgrades and lock edits.
registry=/usr/share/cargo/registry
lock="$here/../../../Templates/stacks/rust/base/Cargo.lock.mustache"
mirror="$(tools_dir)/cargo-registry"

# "NAME-VERSION CHECKSUM" for each lock entry with a real (64 hex) checksum.
declare -A lock_sum=()
while read -r crate sum; do lock_sum[$crate]=$sum; done < <(
  awk -F'"' '/^name = /{n = $2} /^version = /{v = $2}
    /^checksum = / && length($2) == 64 && $2 !~ /[^0-9a-f]/ {print n "-" v, $2}' "$lock")

mkdir -p "$(tools_dir)"
staging=$(mktemp -d "$mirror.XXXXXX")
trap 'rm -rf "$staging"' EXIT # a failed run leaves the previous mirror as it was
shopt -s dotglob nullglob
for crate_dir in "$registry"/*/; do
  crate=${crate_dir%/}
  crate=${crate##*/}
  mkdir "$staging/$crate"
  entries=()
  for entry in "$crate_dir"*; do
    [ "${entry##*/}" = .cargo-checksum.json ] || entries+=("$entry")
  done
  ln -s -t "$staging/$crate" -- "${entries[@]}"
  json=$(cat "$crate_dir.cargo-checksum.json")
  if [ -n "${lock_sum[$crate]:-}" ]; then
    json=$(sed "s/^{\"package\":\"[^\"]*\"/{\"package\":\"${lock_sum[$crate]}\"/" <<<"$json")
    case "$json" in
      "{\"package\":\"${lock_sum[$crate]}\""*) ;;
      *) bootstrap_log "unexpected $crate_dir.cargo-checksum.json"; exit 1 ;;
    esac
  fi
  printf '%s\n' "$json" >"$staging/$crate/.cargo-checksum.json"
done
shopt -u dotglob nullglob
chmod 755 "$staging"
rm -rf "$mirror"
mv "$staging" "$mirror"
bootstrap_log "crate mirror with Cargo.lock's checksums: $mirror"
