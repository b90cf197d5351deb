#!/usr/bin/env bash
# Checks what Swift projects need here (STACKS.md): the Swift 6.2+ toolchain
# that machines of this kind carry at /opt/swift (neither Debian nor PyPI
# ships one), git, which SwiftPM uses to read the packages, and the local
# package copies under /opt/swift-packages that git serves for
# https://github.com/... URLs. Idempotent. Run by scripts/bootstrap.sh.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../../lib/bootstrap.sh"

ensure_debian_packages git ca-certificates

swift=$(command -v swift 2>/dev/null || echo /opt/swift/usr/bin/swift)
if ! version=$("$swift" --version 2>/dev/null | sed -n 's/.*Swift version \([0-9][0-9.]*\).*/\1/p' | head -n 1) || [ -z "$version" ]; then
  bootstrap_log "no Swift toolchain found (looked for swift on PATH and at /opt/swift); Swift is not in Debian or PyPI: install Swift 6.2 or newer from swift.org"
  exit 1
fi
major=${version%%.*}
minor=${version#*.}; minor=${minor%%.*}
if [ "$major" -lt 6 ] || { [ "$major" -eq 6 ] && [ "$minor" -lt 2 ]; }; then
  bootstrap_log "Swift $version is too old: the projects need Swift 6.2 or newer (Hummingbird 2.28)"
  exit 1
fi
bootstrap_log "Swift $version present ($swift)"

# The packages Package.swift names, by the URL git rewrites to the local copies.
missing=()
for package in hummingbird-project/hummingbird hummingbird-project/hummingbird-auth vapor/jwt-kit \
  vapor/sqlite-nio vapor/postgres-nio apple/swift-crypto apple/swift-nio apple/swift-nio-ssl \
  apple/swift-log apple/swift-http-types swift-server/swift-service-lifecycle; do
  git ls-remote --exit-code "https://github.com/$package.git" HEAD >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  bootstrap_log "git cannot read these Swift packages: ${missing[*]} (expected local copies under /opt/swift-packages, see /etc/gitconfig)"
  exit 1
fi
bootstrap_log "Swift packages readable through git"
