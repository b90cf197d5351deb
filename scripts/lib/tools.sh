# Where bootstrap keeps the tools it installs outside the system's packages.
tools_dir() { echo "${PRACTICE_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/backend-practice}"; }

# The verify binary: $VERIFY_BIN when set, otherwise this checkout's debug
# build (built now if needed). Build output goes to stderr.
verify_binary() {
  if [ -n "${VERIFY_BIN:-}" ]; then echo "$VERIFY_BIN"; return 0; fi
  local root
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  (cd "$root" && swift build --product verify >&2) || return 1
  echo "$(cd "$root" && swift build --show-bin-path)/verify"
}
