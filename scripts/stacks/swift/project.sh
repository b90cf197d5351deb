# Sourced by scripts/test-project.sh, verify-project.sh, verify-url.sh and fuzz-api.sh (through
# scripts/lib/app.sh) for a Swift project (the folder is in $project_dir).
# Lets the project's ordinary commands (`swift build`, `swift test`,
# `swift run`) work offline: SwiftPM resolves the packages of Package.swift
# by their usual https://github.com/... URLs, which git reads from the
# machine's local copies under /opt/swift-packages (STACKS.md), and every
# project builds in ONE shared scratch path under the tools folder, so the
# dependencies (Hummingbird, SwiftNIO, swift-crypto, ...) are compiled once
# per machine instead of once per project (a cold build takes minutes here).
# The project's own files stay untouched; Package.resolved and .build* are
# ignored by its .gitignore.

# The real toolchain; remembered so that a nested run does not wrap the wrapper.
swift_real=${PRACTICE_SWIFT_REAL:-$(command -v swift 2>/dev/null || true)}
[ -n "$swift_real" ] || [ ! -x /opt/swift/usr/bin/swift ] || swift_real=/opt/swift/usr/bin/swift
[ -n "$swift_real" ] || { echo "swift not found: run scripts/bootstrap.sh" >&2; exit 2; }
export PRACTICE_SWIFT_REAL=$swift_real

# SWIFT_SCRATCH_PATH overrides the shared folder (CI may point it at a cache).
swift_scratch=${SWIFT_SCRATCH_PATH:-$(tools_dir)/swift-scratch}
mkdir -p "$swift_scratch"

# A `swift` first on PATH that adds --scratch-path to the package commands
# and passes everything else (swift format, swift --version) through.
# `swift run --skip-build PRODUCT` (practice.json's run command, after its
# build command) starts the built binary at once: loading the package graph
# first takes longer on a busy machine than the scripts wait for /health.
swift_wrapper_dir=$(mktemp -d "${TMPDIR:-/tmp}/swift-wrapper.XXXXXX")
cat >"$swift_wrapper_dir/swift" <<WRAPPER
#!/usr/bin/env bash
if [ "\${1:-}" = run ] && [ "\${2:-}" = --skip-build ] && [ -n "\${3:-}" ] && [ -x "$swift_scratch/debug/\$3" ]; then
  product=\$3; shift 3; exec "$swift_scratch/debug/\$product" "\$@"
fi
case "\${1:-}" in
  build|test|run|package) command=\$1; shift; exec "$swift_real" "\$command" --scratch-path "$swift_scratch" "\$@" ;;
  *) exec "$swift_real" "\$@" ;;
esac
WRAPPER
chmod +x "$swift_wrapper_dir/swift"
PATH="$swift_wrapper_dir:$PATH"
export PATH

cleanup_stack() { rm -rf "$swift_wrapper_dir"; }

# Counts from Swift Testing's output: one line per test (a parameterised
# test counts once), never the suite or run summaries.
count_results() {
  passed=$(grep -E '^✔ Test .* passed' "$1" | grep -Evc '^✔ Test run with' || true)
  failed=$(grep -E '^✘ Test .* failed' "$1" | grep -Evc '^✘ Test run with' || true)
  skipped=$(grep -Ec '^➜ Test .* skipped' "$1" || true)
}

# swift-format (shipped with the toolchain as `swift format`) must be clean:
# generated code is a reference. Its configuration is the project's
# .swift-format.
check_style() {
  if ! "$swift_real" format --version >/dev/null 2>&1; then
    echo "SKIPPED: swift-format was not run because this toolchain has no 'swift format'" >&2
    return 0
  fi
  local findings
  findings=$("$swift_real" format lint --strict --recursive Package.swift Sources Tests 2>&1) || {
    echo "swift format lint found:" >&2
    echo "$findings" >&2
    return 1
  }
  [ -z "$findings" ] || { echo "$findings" >&2; return 1; }
}
