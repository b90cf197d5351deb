#!/usr/bin/env bash
# Runs `verify` on a generated project on a machine of this project's kind:
# the stack's recipe (scripts/stacks/<stack>/project.sh) first points its
# package manager at the offline copies of its libraries, exactly as for
# scripts/test-project.sh, then verify builds, tests, starts and probes it.
#
#   scripts/verify-project.sh DIR [verify options...]
#
# VERIFY_BIN names the verify binary (default: built with swift build).
# The last line is "N passed, M failed, K not run".
set -uo pipefail

[ $# -ge 1 ] || { sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2; }
project_dir=$(cd "$1" && pwd) || exit 2
shift
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$root/scripts/lib/app.sh"
verify=$(verify_binary) || exit 2
"$verify" "$project_dir" "$@"
