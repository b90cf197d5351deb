# Sourced by CI: starts a throwaway PostgreSQL cluster and Redis server on free
# loopback ports, exports TEST_DATABASE_URL and TEST_REDIS_URL, and defines
# stop_services. Nothing outside a temporary folder is touched.

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

services_dir=$(mktemp -d "${TMPDIR:-/tmp}/practice-services.XXXXXX")
chmod 755 "$services_dir"

start_redis() {
  local port; port=$(free_port)
  redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no \
    --daemonize yes --pidfile "$services_dir/redis.pid" --logfile "$services_dir/redis.log"
  for _ in $(seq 1 50); do
    redis-cli -p "$port" ping >/dev/null 2>&1 && break
    sleep 0.1
  done
  redis-cli -p "$port" ping >/dev/null || { cat "$services_dir/redis.log" >&2; return 1; }
  export TEST_REDIS_URL="redis://127.0.0.1:$port/0"
}

start_postgres() {
  local bin port user=postgres
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  port=$(free_port)
  # initdb refuses to run as root; the cluster belongs to the postgres user.
  local run=()
  if [ "$(id -u)" -eq 0 ]; then run=(runuser -u postgres --); else user=$(id -un); fi
  mkdir -p "$services_dir/pg" && chown "$user" "$services_dir/pg"
  "${run[@]}" "$bin/initdb" -D "$services_dir/pg/data" -U practice --auth=trust >"$services_dir/pg/initdb.log" 2>&1 \
    || { cat "$services_dir/pg/initdb.log" >&2; return 1; }
  "${run[@]}" "$bin/pg_ctl" -D "$services_dir/pg/data" -l "$services_dir/pg/server.log" -w \
    -o "-p $port -k $services_dir/pg -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null \
    || { cat "$services_dir/pg/server.log" >&2; return 1; }
  PG_CTL=("${run[@]}" "$bin/pg_ctl" -D "$services_dir/pg/data")
  "$bin/createdb" -h 127.0.0.1 -p "$port" -U practice practice_test
  export TEST_DATABASE_URL="postgres://practice@127.0.0.1:$port/practice_test?sslmode=disable"
}

stop_services() {
  [ -f "$services_dir/redis.pid" ] && kill "$(cat "$services_dir/redis.pid")" 2>/dev/null || true
  [ -n "${PG_CTL+x}" ] && "${PG_CTL[@]}" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$services_dir"
}
