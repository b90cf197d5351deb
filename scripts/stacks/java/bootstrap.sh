#!/usr/bin/env bash
# Installs what Java projects need here (STACKS.md): the JDK and Maven, and the
# Maven plugins and libraries the generated pom names, all from Debian, whose
# /usr/share/maven-repo serves them to Maven offline through settings.xml.
# Idempotent. Run by scripts/bootstrap.sh.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../../lib/bootstrap.sh"

ensure_debian_packages \
  openjdk-17-jdk-headless \
  maven \
  maven-debian-helper \
  libmaven-compiler-plugin-java \
  libmaven-resources-plugin-java \
  libmaven-jar-plugin-java \
  libmaven-install-plugin-java \
  libmaven-dependency-plugin-java \
  libsurefire-java \
  junit5 \
  libjackson2-databind-java \
  libxerial-sqlite-jdbc-java \
  libpostgresql-jdbc-java \
  libjetty9-java \
  checkstyle
