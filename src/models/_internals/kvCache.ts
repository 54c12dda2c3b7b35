/**
 * A KV cache that grows without copying itself at every position. A cache is a Float64Array of
 * rows; appending returns a longer view of the same buffer when the cache is that buffer's
 * frontier (nothing was appended past it yet) and the buffer has room; a frontier that is full
 * moves to a buffer half again as large; anything else (a state stepped twice, as a census or
 * Bob's queries do, or one decoded from bits) is copied into a buffer of exactly its length.
 * Rows already written are never rewritten, so every earlier state stays what it was: states
 * remain immutable values, only their storage is shared.
 */

interface BufferInfo {
  /** Scalars written from the start of the buffer. */
  used: number;
  /** Whether any written scalar is ±∞ or NaN (the fast attention path needs finite rows). */
  nonFinite: boolean;
}

const buffers = new WeakMap<ArrayBufferLike, BufferInfo>();

function anyNonFinite(a: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] - a[i] !== 0) return true;
  return false;
}

/** `cache` followed by `row`: a view of a shared buffer (see above), never `cache` changed. */
export function appendRow(cache: Float64Array, row: Float64Array): Float64Array {
  const end = cache.length;
  const need = end + row.length;
  const info = cache.byteOffset === 0 ? buffers.get(cache.buffer) : undefined;
  if (info !== undefined && info.used === end) {
    if (cache.buffer.byteLength >= need * 8) {
      const next = new Float64Array(cache.buffer, 0, need);
      next.set(row, end);
      info.used = need;
      if (!info.nonFinite) info.nonFinite = anyNonFinite(row);
      return next;
    }
    // The frontier outgrew its buffer: a run that goes on, so grow geometrically.
    return copyWith(cache, row, need + Math.max(need >> 1, 4 * row.length));
  }
  // A branch, or storage made elsewhere: an exact copy, since a census keeps many such states.
  return copyWith(cache, row, need);
}

function copyWith(cache: Float64Array, row: Float64Array, capacity: number): Float64Array {
  const need = cache.length + row.length;
  const next = new Float64Array(new ArrayBuffer(capacity * 8), 0, need);
  next.set(cache);
  next.set(row, cache.length);
  // The copied cache is rescanned only when its own buffer does not already vouch for it.
  buffers.set(next.buffer, { used: need, nonFinite: !cacheIsFinite(cache) || anyNonFinite(row) });
  return next;
}

/** Whether every scalar of `cache` is finite (known for caches appendRow made; scanned otherwise). */
export function cacheIsFinite(cache: Float64Array): boolean {
  const info = cache.byteOffset === 0 ? buffers.get(cache.buffer) : undefined;
  if (info !== undefined && !info.nonFinite) return true;
  return !anyNonFinite(cache);
}
