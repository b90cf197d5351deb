# Where bootstrap keeps the tools it installs outside the system's packages.
tools_dir() { echo "${PRACTICE_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/backend-practice}"; }
