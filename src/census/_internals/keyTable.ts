import type { MemoryBudget } from "./memoryBudget.js";

/**
 * A set of fixed-width keys (Uint32 words) with dense ids in insertion order: an open-addressing
 * hash table over typed arrays. Unlike a V8 Map (at most 2^24 entries) it holds as many keys as
 * memory allows, and it allocates no object per key.
 */
export class KeyTable {
  /** Keys, id-major: key `id` is words[id·width … id·width + width). */
  words: Uint32Array;
  size = 0;
  private slots: Int32Array;
  private mask: number;

  constructor(
    readonly width: number,
    expected = 16,
    private readonly budget: MemoryBudget | null = null,
  ) {
    let cap = 16;
    while (cap < expected * 2) cap *= 2;
    budget?.reserve(4 * cap + 4 * Math.max(1, expected) * width);
    this.slots = new Int32Array(cap).fill(-1);
    this.mask = cap - 1;
    this.words = new Uint32Array(Math.max(1, expected) * width);
  }

  /** Returns the table's bytes to its budget (the table is not used after this). */
  free(): void {
    this.budget?.release(this.bytes());
  }

  /** Bytes held by the table's arrays. */
  bytes(): number {
    return this.words.byteLength + this.slots.byteLength;
  }

  /** The id of the key at key[offset … offset + width), inserting it if new. */
  insert(key: Uint32Array, offset = 0): number {
    const w = this.width;
    let slot = hashWords(key, offset, w) & this.mask;
    for (;;) {
      const id = this.slots[slot];
      if (id < 0) break;
      if (this.equals(id, key, offset)) return id;
      slot = (slot + 1) & this.mask;
    }
    const id = this.size++;
    if ((id + 1) * w > this.words.length) {
      const length = Math.max(this.words.length * 2, (id + 1) * w);
      this.budget?.reserve(4 * length);
      const grown = new Uint32Array(length);
      this.budget?.release(this.words.byteLength);
      grown.set(this.words);
      this.words = grown;
    }
    this.words.set(key.subarray(offset, offset + w), id * w);
    this.slots[slot] = id;
    if (this.size * 2 > this.slots.length) this.rehash();
    return id;
  }

  /** The id of a key, or −1. */
  find(key: Uint32Array, offset = 0): number {
    let slot = hashWords(key, offset, this.width) & this.mask;
    for (;;) {
      const id = this.slots[slot];
      if (id < 0 || this.equals(id, key, offset)) return id;
      slot = (slot + 1) & this.mask;
    }
  }

  /** The keys as one array of exactly size·width words (a view; copy before mutating the table). */
  keys(): Uint32Array {
    return this.words.subarray(0, this.size * this.width);
  }

  private equals(id: number, key: Uint32Array, offset: number): boolean {
    const w = this.width;
    const base = id * w;
    for (let k = 0; k < w; k++) if (this.words[base + k] !== key[offset + k]) return false;
    return true;
  }

  private rehash(): void {
    const cap = this.slots.length * 2;
    this.budget?.reserve(4 * cap);
    const slots = new Int32Array(cap).fill(-1);
    const mask = cap - 1;
    for (let id = 0; id < this.size; id++) {
      let slot = hashWords(this.words, id * this.width, this.width) & mask;
      while (slots[slot] >= 0) slot = (slot + 1) & mask;
      slots[slot] = id;
    }
    this.budget?.release(this.slots.byteLength);
    this.slots = slots;
    this.mask = mask;
  }
}

/** A 32-bit hash of width words (murmur3's mixing); deterministic, so ids are too. */
export function hashWords(a: Uint32Array, offset: number, width: number): number {
  let h = 0x9747b28c ^ width;
  for (let k = 0; k < width; k++) {
    let x = Math.imul(a[offset + k], 0xcc9e2d51);
    x = (x << 15) | (x >>> 17);
    h ^= Math.imul(x, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
