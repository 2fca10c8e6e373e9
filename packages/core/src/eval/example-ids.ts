import { sharedArray } from "./shared-array.js";

/**
 * Example ids kept compactly: the UTF-8 bytes of every id in one buffer plus end offsets, about
 * (id length + 4) bytes per id instead of a JavaScript string object each. Ten million ids of a
 * dozen characters fit in ~160 MB where an array of strings would take ~500 MB.
 */
export class ExampleIds {
  private bytes: Uint8Array;
  private ends: Uint32Array;
  private count = 0;
  private readonly decoder = new TextDecoder();

  /** `shared`: the store's arrays are in shared memory, for other threads to read (see {@link parts}). */
  constructor(expectedCount = 1024, expectedBytesPerId = 16, shared = false) {
    this.ends = typedArray(Uint32Array, Math.max(16, expectedCount), shared);
    this.bytes = typedArray(Uint8Array, Math.max(256, expectedCount * expectedBytesPerId), shared);
  }

  /** A store over ids already laid out as {@link parts} gives them (from another thread). */
  static fromParts(bytes: Uint8Array, ends: Uint32Array): ExampleIds {
    const ids = new ExampleIds(0, 0);
    ids.bytes = bytes;
    ids.ends = ends;
    ids.count = ends.length;
    return ids;
  }

  /** The ids' bytes and end offsets, as views of the store's own arrays. */
  parts(): { readonly bytes: Uint8Array; readonly ends: Uint32Array } {
    const ends = this.ends.subarray(0, this.count);
    return { bytes: this.bytes.subarray(0, this.count === 0 ? 0 : (ends[this.count - 1] as number)), ends };
  }

  get length(): number {
    return this.count;
  }

  /** Appends an id and returns its index. */
  push(id: string): number {
    const start = this.count === 0 ? 0 : (this.ends[this.count - 1] as number);
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    this.reserveBytes(start + id.length * 3);
    const end = encodeInto(id, this.bytes, start);
    if (this.count === this.ends.length) this.ends = grown(this.ends, this.count + 1);
    this.ends[this.count] = end;
    this.count += 1;
    return this.count - 1;
  }

  /**
   * Appends the id whose UTF-8 bytes are `source[start, end)` and returns its {@link fnv1a} hash,
   * computed as the bytes are copied (one pass over them instead of two).
   */
  pushBytes(source: Uint8Array, start: number, end: number): number {
    const at = this.count === 0 ? 0 : (this.ends[this.count - 1] as number);
    this.reserveBytes(at + end - start);
    const bytes = this.bytes;
    let h = FNV_OFFSET;
    for (let i = start; i < end; i += 1) {
      const b = source[i] as number;
      bytes[at + i - start] = b;
      h = Math.imul(h ^ b, FNV_PRIME);
    }
    if (this.count === this.ends.length) this.ends = grown(this.ends, this.count + 1);
    this.ends[this.count] = at + end - start;
    this.count += 1;
    return h | 0;
  }

  get(index: number): string {
    return this.decoder.decode(this.bytes.subarray(this.startOf(index), this.ends[index]));
  }

  /** FNV-1a (Fowler–Noll–Vo, 32-bit) over the id's bytes. */
  hash(index: number): number {
    return fnv1a(this.bytes, this.startOf(index), this.ends[index] as number);
  }

  /** Whether id `index` has exactly the bytes `other[start, end)`. */
  equals(index: number, other: Uint8Array, start: number, end: number): boolean {
    const from = this.startOf(index);
    const to = this.ends[index] as number;
    if (to - from !== end - start) return false;
    for (let i = 0; i < end - start; i += 1) if (this.bytes[from + i] !== other[start + i]) return false;
    return true;
  }

  /** Where id `index`'s bytes start in the store (its end is {@link endOf}). */
  startOf(index: number): number {
    return index === 0 ? 0 : (this.ends[index - 1] as number);
  }

  endOf(index: number): number {
    return this.ends[index] as number;
  }

  /** The stored byte at `offset` (0 past the end). */
  byteAt(offset: number): number {
    return this.bytes[offset] ?? 0;
  }

  /** Whether the stored bytes [from, to) are exactly `other[start, end)`. */
  equalsAt(from: number, to: number, other: Uint8Array, start: number, end: number): boolean {
    if (to - from !== end - start) return false;
    const bytes = this.bytes;
    for (let i = 0; i < end - start; i += 1) if (bytes[from + i] !== other[start + i]) return false;
    return true;
  }

  /** The bytes of id `index` (a view, valid until the next push). */
  bytesOf(index: number): Uint8Array {
    return this.bytes.subarray(this.startOf(index), this.ends[index]);
  }

  private reserveBytes(needed: number): void {
    if (needed <= this.bytes.length) return;
    if (needed > 0xffff_ffff) throw new RangeError("example ids exceed 4 GiB in total");
    this.bytes = grown(this.bytes, needed);
  }
}

/**
 * Finds an id's row among {@link ExampleIds} in expected O(1): open addressing with linear
 * probing, kept at most three quarters full. Each slot holds an id's hash next to its index, so
 * a probe compares ids' bytes only when their hashes agree: a lookup touches one slot's cache line
 * and, on a hit, the id's bytes once.
 */
export class IdIndex {
  /** Slot s: the hash at 2s, the index at 2s + 1 (−1: empty). */
  private slots: Int32Array;
  private mask: number;
  private size = 0;
  private readonly scratch = { bytes: new Uint8Array(256) };

  /** `shared`: the slots are in shared memory, for other threads to look ids up in (see {@link slotArray}). */
  constructor(
    private readonly ids: ExampleIds,
    expectedCount = 1024,
    private readonly shared = false,
  ) {
    const capacity = capacityFor(expectedCount);
    this.slots = emptySlots(capacity, shared);
    this.mask = capacity - 1;
  }

  /** An index over `ids` whose slots {@link slotArray} gave (from another thread). */
  static fromSlots(ids: ExampleIds, slots: Int32Array): IdIndex {
    const index = new IdIndex(ids, 0);
    index.slots = slots;
    index.mask = slots.length / 2 - 1;
    index.size = ids.length;
    return index;
  }

  /** The slots, to rebuild this index elsewhere with {@link fromSlots}. */
  slotArray(): Int32Array {
    return this.slots;
  }

  /** Indexes id `index` of the store; returns the index of an earlier equal id, or -1. */
  insert(index: number): number {
    if ((this.size + 1) * 4 > (this.mask + 1) * 3) this.rehash((this.mask + 1) * 2);
    return this.insertHashed(index, this.ids.hash(index) | 0);
  }

  /** {@link insert} of an id whose hash is known, with room for it. */
  private insertHashed(index: number, hash: number): number {
    const bytes = this.ids.bytesOf(index);
    const { slots, mask } = this;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const present = slots[2 * slot + 1] as number;
      if (present === -1) {
        slots[2 * slot] = hash;
        slots[2 * slot + 1] = index;
        this.size += 1;
        return -1;
      }
      if (slots[2 * slot] === hash && this.ids.equals(present, bytes, 0, bytes.length)) return present;
    }
  }

  /**
   * An index of every id of `ids`, whose hashes (see {@link fnv1a}) are `hashes`, built at once:
   * the ids are first sorted by the part of the table their first slot is in (a counting sort,
   * stable), then inserted part by part, so each part's slots stay in cache while it fills where
   * inserting in row order reads a random slot of the whole table per id (at 10M ids, a table of
   * 128 MB: 0.7 s instead of 2 s). `repeated` is an id that repeats an earlier one, or -1.
   */
  static build(ids: ExampleIds, hashes: Int32Array, shared = false): { index: IdIndex; repeated: number } {
    const count = ids.length;
    const index = new IdIndex(ids, count, shared);
    const { slots, mask } = index;
    const bits = Math.log2(mask + 1);
    const shift = Math.max(0, bits - BUILD_PART_BITS);
    const parts = (mask >>> shift) + 1;
    const starts = new Int32Array(parts + 1);
    for (let i = 0; i < count; i++) {
      const part = (((hashes[i] as number) & mask) >>> shift) + 1;
      starts[part] = (starts[part] as number) + 1;
    }
    for (let p = 1; p <= parts; p++) starts[p] = (starts[p] as number) + (starts[p - 1] as number);
    const order = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      const part = ((hashes[i] as number) & mask) >>> shift;
      const at = starts[part] as number;
      order[at] = i;
      starts[part] = at + 1;
    }
    for (let k = 0; k < count; k++) {
      const row = order[k] as number;
      const hash = hashes[row] as number;
      for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
        const present = slots[2 * slot + 1] as number;
        if (present === -1) {
          slots[2 * slot] = hash;
          slots[2 * slot + 1] = row;
          break;
        }
        // Equal ids have equal hashes, so they are in one part, in row order: `present` is earlier.
        if (slots[2 * slot] === hash && ids.equals(present, ids.bytesOf(row), 0, ids.bytesOf(row).length)) {
          return { index, repeated: row };
        }
      }
    }
    index.size = count;
    return { index, repeated: -1 };
  }

  /** The index of the id whose bytes are `bytes[start, end)` with FNV-1a hash `hash`, or -1. */
  findBytes(bytes: Uint8Array, start: number, end: number, hash: number): number {
    const { slots, mask } = this;
    const h = hash | 0;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const present = slots[2 * slot + 1] as number;
      if (present === -1) return -1;
      if (slots[2 * slot] === h && this.ids.equals(present, bytes, start, end)) return present;
    }
  }

  /**
   * The first index, in probe order, of an id whose hash is `hash`, or -1 when no id has it: the
   * id looked for, unless two ids share the hash, which the caller checks against the bytes.
   * Reads no id, so many lookups in a row overlap their cache misses.
   */
  candidate(hash: number): number {
    const { slots, mask } = this;
    const h = hash | 0;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const present = slots[2 * slot + 1] as number;
      if (present === -1 || slots[2 * slot] === h) return present;
    }
  }

  /** The index of the id equal to `id`, or -1. */
  find(id: string): number {
    let buffer = this.scratch.bytes;
    if (id.length * 3 > buffer.length) {
      buffer = new Uint8Array(id.length * 3);
      this.scratch.bytes = buffer;
    }
    const end = encodeInto(id, buffer, 0);
    return this.findBytes(buffer, 0, end, fnv1a(buffer, 0, end));
  }

  private rehash(capacity: number): void {
    const old = this.slots;
    const slots = emptySlots(capacity, this.shared);
    const mask = capacity - 1;
    for (let s = 0; s < old.length; s += 2) {
      const index = old[s + 1] as number;
      if (index === -1) continue;
      const hash = old[s] as number;
      let slot = hash & mask;
      while (slots[2 * slot + 1] !== -1) slot = (slot + 1) & mask;
      slots[2 * slot] = hash;
      slots[2 * slot + 1] = index;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

/** A bulk build ({@link IdIndex.build}) fills its table in 2^8 parts, each a few hundred kilobytes at 10M ids. */
const BUILD_PART_BITS = 8;

function emptySlots(capacity: number, shared: boolean): Int32Array {
  const slots = typedArray(Int32Array, 2 * capacity, shared);
  for (let s = 1; s < slots.length; s += 2) slots[s] = -1;
  return slots;
}

/** A power of two with room for `count` ids at three quarters full. */
function capacityFor(count: number): number {
  let capacity = 1024;
  while (capacity * 3 < count * 4) capacity *= 2;
  return capacity;
}

/** FNV-1a, 32-bit (Fowler, Noll and Vo), over `bytes[start, end)`: the hash of every id index. */
export function fnv1a(bytes: Uint8Array, start: number, end: number): number {
  let h = FNV_OFFSET;
  for (let i = start; i < end; i += 1) {
    h ^= bytes[i] as number;
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

const utf8 = new TextEncoder();

/** Writes `text` as UTF-8 at `at`; ASCII (the common case for ids) skips the encoder call. */
function encodeInto(text: string, target: Uint8Array, at: number): number {
  let i = 0;
  for (; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code >= 0x80) break;
    target[at + i] = code;
  }
  if (i === text.length) return at + i;
  const { written } = utf8.encodeInto(text.slice(i), target.subarray(at + i));
  return at + i + written;
}

function grown<T extends Uint8Array | Uint32Array>(array: T, needed: number): T {
  let length = array.length * 2;
  while (length < needed) length *= 2;
  const type = array.constructor as (new (length: number) => T) & Parameters<typeof sharedArray<T>>[0];
  const next = typedArray(type, Math.min(length, 0xffff_ffff), array.buffer instanceof SharedArrayBuffer);
  next.set(array);
  return next;
}

function typedArray<T>(
  type: (new (length: number) => T) & Parameters<typeof sharedArray<T>>[0],
  length: number,
  shared: boolean,
): T {
  return shared ? sharedArray(type, length) : new type(length);
}
