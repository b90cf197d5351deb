#!/usr/bin/env bash
# Installs what Rust projects need here (STACKS.md): the crates the templates
# use, from Debian's librust-*-dev packages (a cargo directory source under
# /usr/share/cargo/registry), the system SQLite they link, and a toolchain
# when the machine has none (Debian's cargo; the image normally ships a
# rustup toolchain with rustfmt and clippy). Idempotent. Run by
# scripts/bootstrap.sh.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../../lib/bootstrap.sh"

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
