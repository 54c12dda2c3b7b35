#!/bin/sh
# The census's state table past a V8 Map's 2^24 entries: 2^24 + 2^20 distinct packed keys get
# dense ids in order, every one is found again, and a repeat insert returns its id. Needs the
# build (npm run build). About 20 s and 0.5 GB.
set -eu
cd "$(dirname "$0")/.."
node --input-type=module -e '
import { KeyTable } from "./dist/src/census/_internals/keyTable.js";
const N = 2 ** 24 + 2 ** 20;
const t = new KeyTable(2, 1);
const key = new Uint32Array(2);
for (let i = 0; i < N; i++) {
  key[0] = i; key[1] = Math.imul(i, 2654435761) >>> 0;
  if (t.insert(key) !== i) throw new Error(`insert ${i} got another id`);
}
for (let i = 0; i < N; i += 7) {
  key[0] = i; key[1] = Math.imul(i, 2654435761) >>> 0;
  if (t.find(key) !== i || t.insert(key) !== i) throw new Error(`key ${i} not found again`);
}
if (t.size !== N) throw new Error(`size ${t.size}, expected ${N}`);
console.log(`KeyTable: ${N} keys (2^24 + 2^20), ids dense and stable`);
'
