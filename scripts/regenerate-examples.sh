#!/usr/bin/env bash
# Re-renders every committed example (Examples/<tier>-<stack>) from Templates/
# with the default names, replacing each folder whole so no stale file stays.
# The golden test (swift test) fails until the result is committed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

swift build --product scaffold >&2
scaffold=$(swift build --show-bin-path)/scaffold
combinations=$("$scaffold" list --json | python3 -c '
import json, sys
for stack in json.load(sys.stdin)["stacks"]:
    for tier in stack["tiers"]:
        print(tier, stack["slug"])')

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
