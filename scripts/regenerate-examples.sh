#!/usr/bin/env bash
# Re-renders the committed examples (Examples/<tier>-<stack>) from Templates/
# with the default names, replacing each folder whole so no stale file stays.
# The golden test (swift test) fails until the result is committed.
#
#   scripts/regenerate-examples.sh                  every tier x stack
#   scripts/regenerate-examples.sh todo-api-python  only these examples
#
# SCAFFOLD_SCRATCH_PATH picks the Swift build folder (default .build).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scratch=${SCAFFOLD_SCRATCH_PATH:-.build}
swift build --scratch-path "$scratch" --product scaffold >&2
scaffold=$(swift build --scratch-path "$scratch" --show-bin-path)/scaffold
combinations=$("$scaffold" list --json | python3 -c '
import json, sys
wanted = set(sys.argv[1:])
for stack in json.load(sys.stdin)["stacks"]:
    for tier in stack["tiers"]:
        if not wanted or f"{tier}-{stack['"'"'slug'"'"']}" in wanted:
            print(tier, stack["slug"])' "$@")
[ -n "$combinations" ] || { echo "no example matches: $*" >&2; exit 2; }

staging=$(mktemp -d "${TMPDIR:-/tmp}/examples.XXXXXX")
trap 'rm -rf "$staging"' EXIT
while read -r tier stack; do
  name="$tier-$stack"
  "$scaffold" "$tier" --stack "$stack" --out "$staging/$name" >/dev/null
  echo "rendered Examples/$name" >&2
done <<<"$combinations"
# Only once everything rendered are the committed folders replaced.
mkdir -p Examples
for rendered in "$staging"/*; do
  name=$(basename "$rendered")
  rm -rf "Examples/$name"
  mv "$rendered" "Examples/$name"
done
