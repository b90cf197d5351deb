#!/usr/bin/env bash
# Starts a generated project the way its practice.json says, on a free loopback
# port with a throwaway SQLite file, checks a handful of routes with curl, then
# stops it with SIGTERM and expects a clean exit. (The full grading is
# `verify`'s job; this proves the app starts and answers.)
#
#   scripts/smoke-test.sh DIR
set -uo pipefail

[ $# -eq 1 ] || { sed -n '2,7p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2; }
project_dir=$(cd "$1" && pwd) || exit 2
. "$(dirname "${BASH_SOURCE[0]}")/lib/app.sh"
scratch=$app_scratch

build_app || { echo "0 passed, 1 failed"; exit 1; }
start_app || { echo "0 passed, 1 failed"; exit 1; }
base=$base_url

passed=0
failed=0
check() { # DESCRIPTION EXPECTED ACTUAL
  if [ "$2" = "$3" ]; then
    passed=$((passed + 1)); echo "  ok   $1"
  else
    failed=$((failed + 1)); echo "  FAIL $1: expected $2, got $3"
  fi
}
# request METHOD PATH [BODY] [TOKEN] -> sets status, body, headers
request() {
  local args=(-s -o "$scratch/body" -D "$scratch/headers" -w '%{http_code}' -X "$1" "$base$2")
  [ -n "${3:-}" ] && args+=(-H 'Content-Type: application/json' --data "$3")
  [ -n "${4:-}" ] && args+=(-H "Authorization: Bearer $4")
  status=$(curl "${args[@]}")
  body=$(cat "$scratch/body")
}
json() { python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(eval("d" + sys.argv[2]))' "$body" "$1" 2>/dev/null; }
header() { grep -i "^$1:" "$scratch/headers" | head -n 1 | cut -d' ' -f2- | tr -d '\r'; }

echo "smoke test of $tier ($stack) at $base"
request GET /health;           check "GET /health is 200" 200 "$status"
request GET /ready;            check "GET /ready is 200" 200 "$status"
request GET /openapi.json;     check "GET /openapi.json is 200" 200 "$status"
request POST /api/v1/auth/register '{"email":"smoke@example.com","password":"correct horse battery","name":"Smoke"}'
check "register is 201" 201 "$status"
check "register sets Location" /api/v1/users/me "$(header Location)"
request POST /api/v1/auth/login '{"email":"smoke@example.com","password":"correct horse battery"}'
check "login is 200" 200 "$status"
token=$(json '["access_token"]')
request GET /api/v1/todos;     check "a list without a token is 401" 401 "$status"
check "401 says WWW-Authenticate: Bearer" Bearer "$(header WWW-Authenticate | cut -d' ' -f1)"
request POST /api/v1/todos '{"title":"  write the smoke test  "}' "$token"
check "create is 201" 201 "$status"
id=$(json '["id"]')
check "Location names the todo" "/api/v1/todos/$id" "$(header Location)"
check "title is stored trimmed" "write the smoke test" "$(json '["title"]')"
request GET "/api/v1/todos/$id" "" "$token"
check "read is 200" 200 "$status"
request GET "/api/v1/todos/$id" "" "$token"
check "second read is a cache hit" HIT "$(header X-Cache)"
request GET "/api/v1/todos?limit=500" "" "$token"
check "list clamps limit to 100" 100 "$(json '["meta"]["limit"]')"
check "list holds the todo" 1 "$(json '["meta"]["total"]')"
request POST /api/v1/todos '{"title":""}' "$token"
check "an empty title is 422" VALIDATION_ERROR "$(json '["error"]["code"]')"
request DELETE "/api/v1/todos/$id" "" "$token"
check "delete is 204" 204 "$status"
request GET /metrics
check "metrics count requests" yes "$(grep -q '^http_requests_total' "$scratch/body" && echo yes || echo no)"

stop_app
check "SIGTERM stops it with exit code 0" 0 "${app_exit_code:-still running}"
if [ "$failed" -gt 0 ]; then
  echo "--- last lines of the app's log:"; tail -n 20 "$app_log"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
