/**
 * The plain form of DistinctSet: four parallel typed arrays (hash high word, low word, file,
 * row), kept at most half full, with the home slot taken from both hash words. The property tests
 * hold DistinctSet to exactly its answers.
 */
export class ParallelArrayDistinctSet {
  private hi: Uint32Array;
  private lo: Uint32Array;
  private files: Uint32Array;
  private rows: Uint32Array;
  private mask: number;
  private count = 0;

  /** `limit`: how many distinct values it may hold; past it, `add` answers "full". */
  constructor(readonly limit: number) {
    const slots = 1 << 10;
    this.hi = new Uint32Array(slots);
    this.lo = new Uint32Array(slots);
    this.files = new Uint32Array(slots);
    this.rows = new Uint32Array(slots);
    this.mask = slots - 1;
  }

  get size(): number {
    return this.count;
  }

  /**
   * Adds a value's key, seen at `row` of file number `file`. Answers "added", "full" (not added:
   * the limit is reached), or the place the same key was first seen.
   */
  add(key: string, file: number, row: number): "added" | "full" | { readonly file: number; readonly row: number } {
    hashKey(key);
    // An all-zero slot marks "empty", so the one hash that is all zero moves aside.
    const hi = HASH[0]!;
    const lo = HASH[1]! === 0 && hi === 0 ? 1 : HASH[1]!;
    let slot = (lo ^ hi) & this.mask;
    while (this.hi[slot] !== 0 || this.lo[slot] !== 0) {
      if (this.hi[slot] === hi && this.lo[slot] === lo) return { file: this.files[slot]!, row: this.rows[slot]! };
      slot = (slot + 1) & this.mask;
    }
    if (this.count >= this.limit) return "full";
    this.hi[slot] = hi;
    this.lo[slot] = lo;
    this.files[slot] = file;
    this.rows[slot] = row;
    this.count += 1;
    // Kept at most half full, so a probe ends after about two slots on average.
    if (this.count * 2 > this.hi.length) this.grow();
    return "added";
  }

  private grow(): void {
    const { hi, lo, files, rows } = this;
    const slots = hi.length * 2;
    this.hi = new Uint32Array(slots);
    this.lo = new Uint32Array(slots);
    this.files = new Uint32Array(slots);
    this.rows = new Uint32Array(slots);
    this.mask = slots - 1;
    for (let i = 0; i < hi.length; i += 1) {
      if (hi[i] === 0 && lo[i] === 0) continue;
      let slot = (lo[i]! ^ hi[i]!) & this.mask;
      while (this.hi[slot] !== 0 || this.lo[slot] !== 0) slot = (slot + 1) & this.mask;
      this.hi[slot] = hi[i]!;
      this.lo[slot] = lo[i]!;
      this.files[slot] = files[i]!;
      this.rows[slot] = rows[i]!;
    }
  }
}

const HASH = new Uint32Array(2);

/**
 * Two 32-bit MurmurHash3 (x86_32, Austin Appleby, public domain) lanes with different seeds over
 * the key's UTF-16 code units, written to HASH. Not cryptographic: an adversary can make
 * collisions, which would only report a false duplicate.
 */
function hashKey(key: string): void {
  let h1 = 0x9747b28c;
  let h2 = 0x2f6b1d3e;
  const n = key.length;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const block = key.charCodeAt(i) | (key.charCodeAt(i + 1) << 16);
    h1 = mixLane(h1, block);
    h2 = mixLane(h2, block);
  }
  if (i < n) {
    const k = scramble(key.charCodeAt(i));
    h1 ^= k;
    h2 ^= k;
  }
  HASH[0] = finalize(h1, n);
  HASH[1] = finalize(h2, n);
}

function scramble(block: number): number {
  let k = Math.imul(block, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  return Math.imul(k, 0x1b873593);
}

function mixLane(h: number, block: number): number {
  let x = h ^ scramble(block);
  x = (x << 13) | (x >>> 19);
  return (Math.imul(x, 5) + 0xe6546b64) | 0;
}

function finalize(h: number, length: number): number {
  let x = h ^ length;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}
