# Sourced by scripts/test-project.sh, verify-project.sh, verify-url.sh and fuzz-api.sh for a Java
# project (the folder is in $project_dir). Lets the project's ordinary
# commands (`mvn package`, `mvn test`, `java -jar ...`) run on a machine that
# reaches no Maven repository: every plugin and library comes from Debian's
# /usr/share/maven-repo (STACKS.md) through settings.xml, which a small `mvn`
# shim first on PATH passes with -s. The project's pom.xml stays untouched.

command -v java >/dev/null 2>&1 && command -v mvn >/dev/null 2>&1 ||
  { echo "java or mvn not found: run scripts/bootstrap.sh" >&2; exit 2; }

java_recipe_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
java_real_mvn=$(command -v mvn)
# Artifacts copied from Debian's repository are kept between runs: they never
# change for a given package version, and copying them costs seconds.
java_local_repo=${PRACTICE_MAVEN_REPO:-$(tools_dir)/maven-repo}
mkdir -p "$java_local_repo"
java_shim_dir=$(mktemp -d "${TMPDIR:-/tmp}/java-offline.XXXXXX")
# The pom names Surefire 2.22.2, the last upstream 2.x release; Debian ships
# its 2.22.3 build of the same line (no such release upstream), so the
# version is overridden here through the pom's surefire.version property.
cat >"$java_shim_dir/mvn" <<SHIM
#!/bin/sh
exec "$java_real_mvn" --batch-mode -Dstyle.color=never -Dsurefire.version=2.22.3 -s "$java_recipe_dir/settings.xml" -Dmaven.repo.local="$java_local_repo" "\$@"
SHIM
chmod +x "$java_shim_dir/mvn"
PATH="$java_shim_dir:$PATH"
export PATH
cleanup_stack() { rm -rf "$java_shim_dir"; }

# Counts from Maven Surefire's closing summary, the last "Tests run:" line
# without "Time elapsed" (per-class lines carry it).
count_results() {
  local summary total failures errors
  summary=$(sed 's/\x1b\[[0-9;]*m//g' "$1" | grep -E 'Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+, Skipped: [0-9]+$' | tail -n 1)
  total=$(echo "$summary" | sed -nE 's/.*Tests run: ([0-9]+).*/\1/p')
  failures=$(echo "$summary" | sed -nE 's/.*Failures: ([0-9]+).*/\1/p')
  errors=$(echo "$summary" | sed -nE 's/.*Errors: ([0-9]+).*/\1/p')
  skipped=$(echo "$summary" | sed -nE 's/.*Skipped: ([0-9]+).*/\1/p')
  total=${total:-0} failures=${failures:-0} errors=${errors:-0} skipped=${skipped:-0}
  failed=$((failures + errors))
  passed=$((total - failed - skipped))
}

# Lint: the pom compiles with -Xlint:all -Werror, so a compiler warning has
# already failed the build; Debian's checkstyle then checks the layout and
# naming rules of checkstyle.xml (Google Java Style's, 2-space indentation).
# No Java formatter can be installed here (google-java-format and
# palantir-java-format are neither Debian packages nor on PyPI), so formatting
# itself is not rewritten or diffed.
check_style() {
  echo "SKIPPED: Java formatter (google-java-format) because no Java formatter is available from Debian or PyPI; checkstyle and javac -Xlint:all -Werror run instead" >&2
  if ! command -v checkstyle >/dev/null 2>&1; then
    echo "SKIPPED: checkstyle because it is not installed (Debian package checkstyle; run scripts/bootstrap.sh java)" >&2
    return 0
  fi
  local sources
  sources=$(find src -name '*.java' | sort)
  [ -n "$sources" ] || return 0
  # shellcheck disable=SC2086 # one argument per source file
  checkstyle -c "$java_recipe_dir/checkstyle.xml" $sources
}
