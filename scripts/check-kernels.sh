#!/usr/bin/env bash
# The exhaustive numeric checks that the default suite samples: every value of every 16-bit
# format for each function (test/numeric/_helpers/coverage.ts), and the kernelOps checks at
# full size (test/models/_internals). CI runs this after `npm test`.
set -euo pipefail
cd "$(dirname "$0")/.."
STREAMBOUND_EXHAUSTIVE=1 npx vitest run test/numeric test/models/_internals/kernelOps.test.ts --maxWorkers=1 "$@"
