#!/usr/bin/env bash
# Packs streambound with `npm pack`, installs the tarball into a copy of this consumer package in a
# temporary directory, and runs the consumer's own vitest suite (public API only). CI: .ci/run.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$root"
tarball="$(npm pack --silent --pack-destination "$work" | tail -n 1)"
mkdir "$work/consumer"
cp "$root/test/consumer/package.json" "$root/test/consumer/vitest.config.mjs" "$root/test/consumer/consumer.spec.mjs" "$work/consumer/"
cd "$work/consumer"
npm install --no-audit --no-fund --loglevel=error "$work/$tarball" >/dev/null
npx vitest run
