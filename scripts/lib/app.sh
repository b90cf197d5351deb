# Sourced by the scripts that run a generated project: reads its practice.json,
# builds it, starts it on a free loopback port with a throwaway SQLite file in
# its own process group, and stops it. Callers set `project_dir` first.

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$here/lib/tools.sh"
manifest="$project_dir/practice.json"
[ -f "$manifest" ] || { echo "$manifest not found: is '$project_dir' a scaffolded project?" >&2; exit 2; }
field() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval("d" + sys.argv[2]))' "$manifest" "$1"; }
stack=$(field '["stack"]')
tier=$(field '["tier"]')

[ "${PRACTICE_SKIP_BOOTSTRAP:-}" = 1 ] || "$here/bootstrap.sh" "$stack"
recipe="$here/stacks/$stack/project.sh"
[ -f "$recipe" ] || { echo "no recipe for the '$stack' stack: $recipe is missing" >&2; exit 2; }
# shellcheck source=../stacks/go/project.sh
. "$recipe"
app_scratch=$(mktemp -d "${TMPDIR:-/tmp}/practice-app.XXXXXX")
app_pid=
app_log="$app_scratch/app.log"
# Known to the caller, so `verify --url` can mint tokens and read the schema.
app_database="$app_scratch/app.db"
app_jwt_secret=$(python3 -c 'import secrets; print(secrets.token_hex(32))')

build_app() { (cd "$project_dir" && bash -c "$(field '["commands"]["build"]')"); }

# start_app [NAME=VALUE...]: extra environment for this run. Sets base_url.
start_app() {
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
  base_url="http://127.0.0.1:$port"
  (
    cd "$project_dir" || exit 2
    export HOST=127.0.0.1 PORT="$port" DATABASE_URL="sqlite:$app_database" APP_ENV=test LOG_LEVEL=warn
    export JWT_SECRET="$app_jwt_secret"
    for assignment in "$@"; do export "${assignment?}"; done
    # Its own process group, so stopping it reaches every child.
    exec setsid bash -c "exec $(field '["commands"]["run"]')"
  ) >"$app_log" 2>&1 &
  app_pid=$!
  for _ in $(seq 1 200); do
    curl -fs "$base_url/health" >/dev/null 2>&1 && return 0
    kill -0 "$app_pid" 2>/dev/null || break
    sleep 0.05
  done
  echo "the app did not become ready at $base_url; its last log lines:" >&2
  tail -n 20 "$app_log" >&2
  return 1
}

# stop_app: SIGTERM, then the exit code in app_exit_code ("" if it hung).
stop_app() {
  app_exit_code=
  [ -n "$app_pid" ] || return 0
  kill -TERM "$app_pid" 2>/dev/null
  for _ in $(seq 1 240); do
    if ! kill -0 "$app_pid" 2>/dev/null; then wait "$app_pid"; app_exit_code=$?; break; fi
    sleep 0.05
  done
  [ -n "$app_exit_code" ] || kill -KILL "-$app_pid" 2>/dev/null
  app_pid=
}

cleanup_app() {
  [ -n "$app_pid" ] && kill -KILL "-$app_pid" 2>/dev/null
  cleanup_stack
  rm -rf "$app_scratch"
}
trap cleanup_app EXIT
