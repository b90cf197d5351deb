# Sourced by scripts/test-project.sh, verify-project.sh, verify-url.sh and fuzz-api.sh for a
# Python project (the folder is in $project_dir). The project's own commands
# (`uv sync --locked`, `uv run pytest`, `uv run python -m app`) run as they
# are, offline, from the cache scripts/stacks/python/bootstrap.sh filled; the
# virtual environment lives outside the project folder, which stays clean.

# uv (PyPI) installs into Python's scripts folder, which is not on every PATH.
if ! command -v uv >/dev/null 2>&1; then
  PATH="$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))'):$PATH"
  export PATH
fi
command -v uv >/dev/null 2>&1 || { echo "uv not found: run scripts/bootstrap.sh" >&2; exit 2; }

python_scratch=$(mktemp -d "${TMPDIR:-/tmp}/python-project.XXXXXX")
export UV_PROJECT_ENVIRONMENT="$python_scratch/venv"
export UV_PYTHON_DOWNLOADS=never UV_OFFLINE=1 UV_NO_PROGRESS=1
# No .pyc files or pytest cache inside the project folder.
export PYTHONDONTWRITEBYTECODE=1 PYTEST_ADDOPTS="-p no:cacheprovider ${PYTEST_ADDOPTS:-}"
export RUFF_CACHE_DIR="$python_scratch/ruff-cache"
cleanup_stack() { rm -rf "$python_scratch"; }

# Counts from pytest's closing line: "===== 88 passed, 2 skipped in 9.10s =====".
count_results() {
  local summary n
  summary=$(grep -E '[0-9]+ (passed|failed|errors?|skipped).* in [0-9.]+s' "$1" | tail -n 1 || true)
  passed=$(echo "$summary" | grep -Eo '[0-9]+ passed' | grep -Eo '^[0-9]+' || true)
  skipped=$(echo "$summary" | grep -Eo '[0-9]+ skipped' | grep -Eo '^[0-9]+' || true)
  failed=0
  for n in $(echo "$summary" | grep -Eo '[0-9]+ (failed|errors?)' | grep -Eo '^[0-9]+' || true); do
    failed=$((failed + n))
  done
  passed=${passed:-0} skipped=${skipped:-0}
}

# The formatter and the linter must be clean: generated code is a reference.
check_style() {
  uv run --locked ruff format --check . && uv run --locked ruff check .
}
