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

  constructor(expectedCount = 1024, expectedBytesPerId = 16) {
    this.ends = new Uint32Array(Math.max(16, expectedCount));
    this.bytes = new Uint8Array(Math.max(256, expectedCount * expectedBytesPerId));
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

  /** Appends the id whose UTF-8 bytes are `source[start, end)` and returns its index. */
  pushBytes(source: Uint8Array, start: number, end: number): number {
    const at = this.count === 0 ? 0 : (this.ends[this.count - 1] as number);
    this.reserveBytes(at + end - start);
    const bytes = this.bytes;
    for (let i = start; i < end; i += 1) bytes[at + i - start] = source[i] as number;
    if (this.count === this.ends.length) this.ends = grown(this.ends, this.count + 1);
    this.ends[this.count] = at + end - start;
    this.count += 1;
    return this.count - 1;
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

  /** The bytes of id `index` (a view, valid until the next push). */
  bytesOf(index: number): Uint8Array {
    return this.bytes.subarray(this.startOf(index), this.ends[index]);
  }

  private startOf(index: number): number {
    return index === 0 ? 0 : (this.ends[index - 1] as number);
  }

  private reserveBytes(needed: number): void {
    if (needed <= this.bytes.length) return;
    if (needed > 0xffff_ffff) throw new RangeError("example ids exceed 4 GiB in total");
    this.bytes = grown(this.bytes, needed);
  }
}

/**
 * Finds an id's row among {@link ExampleIds} in expected O(1): open addressing with linear
 * probing over an Int32Array of row indexes (-1 = empty), kept at most half full.
 */
export class IdIndex {
  private slots: Int32Array;
  private size = 0;
  private readonly scratch = { bytes: new Uint8Array(256) };

  constructor(
    private readonly ids: ExampleIds,
    expectedCount = 1024,
  ) {
    this.slots = new Int32Array(capacityFor(expectedCount)).fill(-1);
  }

  /** Indexes id `index` of the store; returns the index of an earlier equal id, or -1. */
  insert(index: number): number {
    if ((this.size + 1) * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    const bytes = this.ids.bytesOf(index);
    const mask = this.slots.length - 1;
    for (let slot = this.ids.hash(index) & mask; ; slot = (slot + 1) & mask) {
      const present = this.slots[slot] as number;
      if (present === -1) {
        this.slots[slot] = index;
        this.size += 1;
        return -1;
      }
      if (this.ids.equals(present, bytes, 0, bytes.length)) return present;
    }
  }

  /** The index of the id whose bytes are `bytes[start, end)` with FNV-1a hash `hash`, or -1. */
  findBytes(bytes: Uint8Array, start: number, end: number, hash: number): number {
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const present = this.slots[slot] as number;
      if (present === -1) return -1;
      if (this.ids.equals(present, bytes, start, end)) return present;
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
    const mask = this.slots.length - 1;
    for (let slot = fnv1a(buffer, 0, end) & mask; ; slot = (slot + 1) & mask) {
      const present = this.slots[slot] as number;
      if (present === -1) return -1;
      if (this.ids.equals(present, buffer, 0, end)) return present;
    }
  }

  private rehash(capacity: number): void {
    const old = this.slots;
    this.slots = new Int32Array(capacity).fill(-1);
    const mask = capacity - 1;
    for (const index of old) {
      if (index === -1) continue;
      let slot = this.ids.hash(index) & mask;
      while (this.slots[slot] !== -1) slot = (slot + 1) & mask;
      this.slots[slot] = index;
    }
  }
}

function capacityFor(count: number): number {
  let capacity = 1024;
  while (capacity < count * 2) capacity *= 2;
  return capacity;
}

/** FNV-1a, 32-bit (Fowler, Noll and Vo), over `bytes[start, end)`: the hash of every id index. */
export function fnv1a(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i += 1) {
    h ^= bytes[i] as number;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

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
  const next = new (array.constructor as new (length: number) => T)(Math.min(length, 0xffff_ffff));
  next.set(array);
  return next;
}
