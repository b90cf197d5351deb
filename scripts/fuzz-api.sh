#!/usr/bin/env bash
# Runs Schemathesis against a generated project exactly as its users would:
# starts the app (rate limits off, so the fuzzer measures behaviour, not the
# limiter), registers a user for a bearer token, and runs
#   st run URL/openapi.json --url URL -H "Authorization: Bearer TOKEN" \
#     --checks all --exclude-checks positive_data_acceptance
# Any 5xx, undocumented status, schema mismatch or accepted invalid input fails.
#
#   scripts/fuzz-api.sh DIR [--max-examples N]
set -uo pipefail

[ $# -ge 1 ] || { sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2; }
project_dir=$(cd "$1" && pwd) || exit 2
shift
. "$(dirname "${BASH_SOURCE[0]}")/lib/app.sh"
st="$(tools_dir)/schemathesis/bin/st"
[ -x "$st" ] || { echo "schemathesis not installed: run scripts/bootstrap.sh" >&2; exit 2; }

build_app || { echo "0 passed, 1 failed"; exit 1; }
start_app RATE_LIMIT_RPM=0 AUTH_RATE_LIMIT_RPM=0 || { echo "0 passed, 1 failed"; exit 1; }

email="fuzz-$RANDOM@example.com"
curl -fs -X POST "$base_url/api/v1/auth/register" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$email\",\"password\":\"fuzzing password\",\"name\":\"Fuzz\"}" >/dev/null
token=$(curl -fs -X POST "$base_url/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$email\",\"password\":\"fuzzing password\"}" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])') ||
  { echo "could not log in to get a token"; echo "0 passed, 1 failed"; exit 1; }

report="$app_scratch/schemathesis.txt"
"$st" run "$base_url/openapi.json" --url "$base_url" -H "Authorization: Bearer $token" \
  --checks all --exclude-checks positive_data_acceptance --seed 1 --no-color "$@" 2>&1 | tee "$report"
status=${PIPESTATUS[0]}
stop_app
# "1396 generated, 1390 passed, 6 failed, 14 skipped" -> this project's closing line.
counts=$(grep -Eo '[0-9]+ generated(, [0-9]+ [a-z]+)*' "$report" | tail -n 1)
passed=$(echo "$counts" | grep -Eo '[0-9]+ passed' | grep -Eo '[0-9]+' || echo 0)
failed=$(echo "$counts" | grep -Eo '[0-9]+ failed' | grep -Eo '[0-9]+' || echo 0)
[ "$status" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1
[ "${app_exit_code:-}" = 0 ] || { echo "the app did not exit 0 on SIGTERM"; failed=$((failed + 1)); }
echo "${passed:-0} passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
