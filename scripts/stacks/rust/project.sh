# Sourced by scripts/test-project.sh (and verify-project.sh, verify-url.sh, fuzz-api.sh) for a
# Rust project (the folder is in $project_dir). Lets the project's ordinary
# commands (`cargo build`, `cargo test`) run on a machine that reaches no
# crates.io: a CARGO_HOME of our own replaces crates.io with Debian's crate
# sources (through bootstrap's mirror) and turns the network off. The
# project's Cargo.toml and Cargo.lock (real upstream versions and checksums)
# stay untouched. One target folder, outside the project, is shared by every
# Rust project, so CI builds the dependencies once.

if ! command -v cargo >/dev/null 2>&1 && [ -x "$HOME/.cargo/bin/cargo" ]; then
  PATH="$HOME/.cargo/bin:$PATH"
  export PATH
fi
command -v cargo >/dev/null 2>&1 || { echo "cargo not found: run scripts/bootstrap.sh" >&2; exit 2; }

# Debian's crates, read through the mirror bootstrap builds: Debian's files
# with the checksums Cargo.lock expects (scripts/stacks/rust/bootstrap.sh).
crate_mirror="$(tools_dir)/cargo-registry"
[ -d "$crate_mirror" ] || { echo "$crate_mirror not found: run scripts/bootstrap.sh rust" >&2; exit 2; }

# rustup's proxies find their toolchains through RUSTUP_HOME (~/.rustup), so
# moving CARGO_HOME keeps them.
CARGO_HOME="$(tools_dir)/cargo-home"
export CARGO_HOME
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$(tools_dir)/cargo-target}"
mkdir -p "$CARGO_HOME"
cat >"$CARGO_HOME/config.toml" <<TOML
[source.crates-io]
replace-with = "debian"

[source.debian]
directory = "$crate_mirror"

[net]
offline = true
TOML

cleanup_stack() { :; }

# Sums the "test result:" line of every test binary cargo runs.
count_results() {
  read -r passed failed skipped < <(
    grep -Eo 'test result: [A-Za-z]+\. [0-9]+ passed; [0-9]+ failed; [0-9]+ ignored' "$1" |
      awk '{p += $4; f += $6; i += $8} END {print p + 0, f + 0, i + 0}'
  )
}

# rustfmt and clippy must be clean: generated code is a reference.
check_style() {
  if cargo fmt --version >/dev/null 2>&1; then
    cargo fmt --check
  else
    echo "SKIPPED: cargo fmt --check, because rustfmt is not installed with this toolchain" >&2
  fi
  if cargo clippy --version >/dev/null 2>&1; then
    cargo clippy --all-targets -- -D warnings
  else
    echo "SKIPPED: cargo clippy, because clippy is not installed with this toolchain" >&2
  fi
}
