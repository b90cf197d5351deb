#!/usr/bin/env bash
# Builds a generated project and runs its own test suite with the commands of
# its practice.json, on a machine of this project's kind (Debian packages and
# PyPI only): installs the stack's toolchain if needed and points the stack's
# package manager at Debian's copies of the libraries.
#
#   scripts/test-project.sh DIR           e.g. scripts/test-project.sh todo-api
#
# With TEST_DATABASE_URL / TEST_REDIS_URL set, the project's API tests run
# against that PostgreSQL and Redis (scripts/services.sh starts throwaway ones).
# The last line is "N passed, M failed[, K skipped]".
set -euo pipefail

if [ $# -ne 1 ] || [ "$1" = "--help" ] || [ "$1" = "-h" ]; then
  sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  [ $# -eq 1 ] && exit 0 || exit 2
fi
project_dir=$(cd "$1" 2>/dev/null && pwd) || { echo "test-project: no folder '$1'" >&2; exit 2; }
. "$(dirname "${BASH_SOURCE[0]}")/lib/app.sh"
build_command=$(field '["commands"]["build"]')
test_command=$(field '["commands"]["test"]')

log=$(mktemp "${TMPDIR:-/tmp}/test-project.XXXXXX.log")
cd "$project_dir"
echo "==> $stack: $build_command" >&2
bash -c "$build_command"
echo "==> $stack: formatter and linter" >&2
check_style
echo "==> $stack: $test_command" >&2
status=0
bash -c "$test_command" 2>&1 | tee "$log" || status=$?
count_results "$log"
rm -f "$log"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The runner failed without naming a failed test (a build error, a panic):
  # count the suite itself as one failure rather than report green.
  failed=1
fi
line="$passed passed, $failed failed"
[ "${skipped:-0}" -gt 0 ] && line="$line, $skipped skipped"
# On a line of its own even when the runner left a partial one (an escape
# sequence without a newline): CI reads it from the start of a line.
printf '\n%s\n' "$line"
exit "$status"
