#!/usr/bin/env bash
# Grades running servers the way a learner grades their own: starts the
# project twice on one SQLite file with a known JWT secret, once with rate
# limits off and once with low limits, then runs
#   verify --url URL --tier TIER --jwt-secret SECRET --db FILE --limited-url URL2
# The probes that need a server verify started itself are reported as not run.
#
#   scripts/verify-url.sh DIR [verify options...]
set -uo pipefail

[ $# -ge 1 ] || { sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2; }
project_dir=$(cd "$1" && pwd) || exit 2
shift
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$root/scripts/lib/app.sh"
verify=$(verify_binary) || exit 2
build_app >&2 || { echo "0 passed, 1 failed"; exit 1; }
start_app RATE_LIMIT_RPM=5 AUTH_RATE_LIMIT_RPM=3 || { echo "0 passed, 1 failed"; exit 1; }
limited_url=$base_url limited_pid=$app_pid limited_log=$app_log
app_log="$app_scratch/app-main.log"
trap 'kill -TERM "$limited_pid" 2>/dev/null; cleanup_app' EXIT
start_app RATE_LIMIT_RPM=0 AUTH_RATE_LIMIT_RPM=0 || { echo "0 passed, 1 failed"; exit 1; }
"$verify" --url "$base_url" --tier "$tier" --jwt-secret "$app_jwt_secret" --db "$app_database" --limited-url "$limited_url" "$@"
status=$?
if ! kill -0 "$limited_pid" 2>/dev/null; then
  echo "the rate-limited instance at $limited_url is gone; its last log lines:" >&2
  tail -n 20 "$limited_log" >&2
fi
stop_app
exit "$status"
