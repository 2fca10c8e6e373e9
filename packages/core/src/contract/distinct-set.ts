import { finalizeMurmur3 } from "../profile/murmur3-hash.js";
/**
 * A set of 64-bit hashes of values, each with where it was first seen, in typed arrays, so that
 * millions of values cost tens of megabytes rather than the hundreds a `Set<string>` would. Two
 * distinct values share a 64-bit hash with probability about n²/2⁶⁵ over n values (the birthday
 * bound): below one in a million for 5 million.
 *
 * Layout, at n values: an open-addressing table (linear probing) of 8-byte slots, each the hash's
 * low word and the value's ordinal (its rank in order of adding), at most 3/4 full; and, by
 * ordinal, the hash's high word and the row (8 bytes a value, in fixed chunks that never move).
 * The file is kept once per run of values added from the same file. A probe compares low words
 * inside the table and reads the high word only when they agree (a repeat, or one case in 2³²).
 * The table never grows past what `limit` values need, so at the default limit of 5 million the
 * set holds about 93 MB (53 MB of table, 40 MB by ordinal), and about 112 MB while it grows.
 */
export class DistinctSet {
  /** Two words a slot: the hash's low word, then the value's ordinal + 1 (0: an empty slot). */
  private slots: Uint32Array;
  private capacity: number;
  /** More values than this make the table grow. */
  private growAt: number;
  /** By ordinal, CHUNK_SIZE values a chunk: the hash's high word and the row, interleaved. */
  private readonly chunks: Uint32Array[] = [];
  /** The first ordinal of each run of values added from one file, and that file. */
  private readonly runStarts: number[] = [];
  private readonly runFiles: number[] = [];
  private count = 0;

  /** `limit`: how many distinct values it may hold; past it, `add` answers "full". */
  constructor(readonly limit: number) {
    this.capacity = Math.min(INITIAL_SLOTS, slotsFor(limit));
    this.slots = new Uint32Array(2 * this.capacity);
    this.growAt = Math.floor(this.capacity * MAX_LOAD);
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
    const hi = HASH[0]!;
    // The one all-zero hash is read as (0, 1), as it always has been, so that sets agree on it.
    const lo = HASH[1]! === 0 && hi === 0 ? 1 : HASH[1]!;
    const slots = this.slots;
    const capacity = this.capacity;
    let slot = homeSlot(lo, capacity);
    for (;;) {
      const ordinal = slots[2 * slot + 1]!;
      if (ordinal === 0) break;
      if (slots[2 * slot] === lo) {
        const found = ordinal - 1;
        const chunk = this.chunks[found >>> CHUNK_BITS]!;
        const at = 2 * (found & CHUNK_MASK);
        if (chunk[at] === hi) return { file: this.fileOf(found), row: chunk[at + 1]! };
      }
      slot = slot + 1 === capacity ? 0 : slot + 1;
    }
    if (this.count >= this.limit) return "full";
    const ordinal = this.count;
    if ((ordinal & CHUNK_MASK) === 0) this.chunks.push(new Uint32Array(2 * CHUNK_SIZE));
    const chunk = this.chunks[ordinal >>> CHUNK_BITS]!;
    const at = 2 * (ordinal & CHUNK_MASK);
    chunk[at] = hi;
    chunk[at + 1] = row;
    // Stored as the Uint32Array it always was, so a file number reads back the same.
    const fileNumber = file >>> 0;
    if (this.runFiles.length === 0 || this.runFiles[this.runFiles.length - 1] !== fileNumber) {
      this.runStarts.push(ordinal);
      this.runFiles.push(fileNumber);
    }
    slots[2 * slot] = lo;
    slots[2 * slot + 1] = ordinal + 1;
    this.count += 1;
    if (this.count > this.growAt) this.grow();
    return "added";
  }

  /** The file of the run holding `ordinal` (binary search over the runs' first ordinals). */
  private fileOf(ordinal: number): number {
    let low = 0;
    let high = this.runStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >>> 1;
      if (this.runStarts[mid]! <= ordinal) low = mid;
      else high = mid - 1;
    }
    return this.runFiles[low]!;
  }

  private grow(): void {
    const old = this.slots;
    // Four times larger, so that each value is moved a third of a time on average rather than
    // once (moving is a cache miss a value); no larger than the limit needs: past it nothing is added.
    const capacity = Math.min(this.capacity * 4, slotsFor(this.limit));
    const slots = new Uint32Array(2 * capacity);
    for (let i = 0; i < old.length; i += 2) {
      const ordinal = old[i + 1]!;
      if (ordinal === 0) continue;
      const lo = old[i]!;
      let slot = homeSlot(lo, capacity);
      while (slots[2 * slot + 1] !== 0) slot = slot + 1 === capacity ? 0 : slot + 1;
      slots[2 * slot] = lo;
      slots[2 * slot + 1] = ordinal;
    }
    this.slots = slots;
    this.capacity = capacity;
    this.growAt = Math.floor(capacity * MAX_LOAD);
  }
}

const INITIAL_SLOTS = 1 << 10;
/**
 * Linear probing at load α reads about (1 + 1/(1 − α)²)/2 slots to add a new value (Knuth, TAOCP
 * vol. 3, §6.4): 8.5 at 3/4, about two cache lines of 8-byte slots.
 */
const MAX_LOAD = 0.75;
const CHUNK_BITS = 16;
const CHUNK_SIZE = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK_SIZE - 1;

/** Slots that hold `values` values within the maximum load. */
function slotsFor(values: number): number {
  return Math.max(2, Math.ceil(values / MAX_LOAD) + 1);
}

/**
 * A slot from the low word scaled to the table (Lemire's multiply-shift range reduction), so the
 * table's size need not be a power of two. Past 2⁵³ the product rounds, but never up to
 * 2³²·capacity (it is at least `capacity` below it), so the slot stays below `capacity`.
 */
function homeSlot(lo: number, capacity: number): number {
  return Math.floor(lo * capacity * (1 / 4_294_967_296));
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
  HASH[0] = finalizeMurmur3(h1, n);
  HASH[1] = finalizeMurmur3(h2, n);
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
