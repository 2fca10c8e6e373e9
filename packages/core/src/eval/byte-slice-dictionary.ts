const utf8 = new TextDecoder();

/**
 * Dictionary-encodes one slice column from the UTF-8 bytes of its cells, as {@link SliceDictionary}
 * does from strings: codes in order of first appearance, -1 for an empty cell, and past
 * `maxValues` distinct values the column is marked overflowed (no longer a slice). A cell becomes
 * a string only the first time its value is seen, so ten million cells of a dozen values cost a
 * dozen strings.
 */
export class ByteSliceDictionary {
  readonly values: string[] = [];
  overflowed = false;
  /** Open addressing, linear probing: slot s holds a code, or -1 when empty. */
  private slots: Int32Array;
  private hashes: Int32Array;
  private bytes = new Uint8Array(1024);
  /** Value c's bytes are `bytes[starts[c], starts[c + 1])`. */
  private starts: number[] = [0];
  /**
   * Values of at most 8 bytes have a table of their own, keyed by the bytes themselves as two
   * 32-bit words and the length: finding one is a hash of two words and three comparisons,
   * where a longer value's bytes are compared one by one (slice values are mostly short, and
   * this lookup is a third of reading a file of slices).
   */
  private readonly shortSlots: Int32Array;
  private readonly shortWords: Int32Array;
  private readonly shortLengths: Uint8Array;

  constructor(
    readonly column: string,
    private readonly maxValues: number,
  ) {
    const capacity = slotsFor(maxValues);
    this.slots = new Int32Array(capacity).fill(-1);
    this.hashes = new Int32Array(capacity);
    this.shortSlots = new Int32Array(capacity).fill(-1);
    this.shortWords = new Int32Array(2 * capacity);
    this.shortLengths = new Uint8Array(capacity);
  }

  code(source: Uint8Array, start: number, end: number): number {
    const length = end - start;
    if (length === 0 || this.overflowed) return -1;
    if (length > 8) return this.longCode(source, start, end);
    let low = 0;
    let high = 0;
    if (start + 8 <= source.length) {
      // Two unaligned little-endian words, cut to the cell's length (the bytes past it belong to
      // the next cells).
      const words = this.wordsOf(source);
      low = words.getInt32(start, true);
      high = words.getInt32(start + 4, true);
      if (length < 4) low &= (1 << (8 * length)) - 1;
      high = length <= 4 ? 0 : length < 8 ? high & ((1 << (8 * (length - 4))) - 1) : high;
    } else {
      const middle = length > 4 ? start + 4 : end;
      for (let i = start, shift = 0; i < middle; i++, shift += 8) low |= (source[i] as number) << shift;
      for (let i = middle, shift = 0; i < end; i++, shift += 8) high |= (source[i] as number) << shift;
    }
    let hash = Math.imul(low ^ Math.imul(high ^ length, 0x9e3779b1), 0x85ebca6b);
    hash ^= hash >>> 15;
    const slots = this.shortSlots;
    const words = this.shortWords;
    const mask = slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const code = slots[slot] as number;
      if (code === -1) {
        const added = this.add(source, start, end);
        if (added === -1) return -1;
        slots[slot] = added;
        words[2 * slot] = low;
        words[2 * slot + 1] = high;
        this.shortLengths[slot] = length;
        return added;
      }
      if (words[2 * slot] === low && words[2 * slot + 1] === high && this.shortLengths[slot] === length) return code;
    }
  }

  /** A DataView of `source`, kept while the same bytes come back (a batch's cells, column after column). */
  private wordsOf(source: Uint8Array): DataView<ArrayBufferLike> {
    if (this.viewed !== source) {
      this.viewed = source;
      this.view = new DataView(source.buffer, source.byteOffset, source.byteLength);
    }
    return this.view;
  }

  private viewed: Uint8Array | null = null;
  private view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));

  private longCode(source: Uint8Array, start: number, end: number): number {
    const hash = cellHash(source, start, end);
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const code = this.slots[slot] as number;
      if (code === -1) {
        const added = this.add(source, start, end);
        if (added === -1) return -1;
        this.slots[slot] = added;
        this.hashes[slot] = hash;
        return added;
      }
      if (this.hashes[slot] === hash && this.sameBytes(code, source, start, end)) return code;
    }
  }

  private sameBytes(code: number, source: Uint8Array, start: number, end: number): boolean {
    const from = this.starts[code] as number;
    if ((this.starts[code + 1] as number) - from !== end - start) return false;
    for (let i = start; i < end; i += 1) if (this.bytes[from + i - start] !== source[i]) return false;
    return true;
  }

  /** Value number `values.length`, or -1 (and the column overflowed) past `maxValues`. */
  private add(source: Uint8Array, start: number, end: number): number {
    if (this.values.length >= this.maxValues) {
      this.overflowed = true;
      return -1;
    }
    const code = this.values.length;
    const from = this.starts[code] as number;
    if (from + end - start > this.bytes.length) {
      const larger = new Uint8Array(Math.max(this.bytes.length * 2, from + end - start));
      larger.set(this.bytes);
      this.bytes = larger;
    }
    this.bytes.set(source.subarray(start, end), from);
    this.starts.push(from + end - start);
    this.values.push(utf8.decode(source.subarray(start, end)));
    return code;
  }
}

/**
 * A hash of a cell from its length and its first and last two bytes, not every byte: a match is
 * confirmed byte by byte anyway, so hashing the whole cell would read it twice. Slice values that
 * differ only in their middle bytes share a hash and are told apart by that comparison.
 */
function cellHash(source: Uint8Array, start: number, end: number): number {
  const last = end - 1;
  let h = Math.imul(end - start, 0x9e3779b1);
  h = Math.imul(
    h ^ (source[start] as number) ^ ((source[start + 1 < end ? start + 1 : start] as number) << 8),
    0x85ebca6b,
  );
  h = Math.imul(
    h ^ (source[last] as number) ^ ((source[last - 1 >= start ? last - 1 : last] as number) << 8),
    0xc2b2ae35,
  );
  return h ^ (h >>> 15);
}

/** A power of two at least twice the largest number of values kept, so probes stay short. */
function slotsFor(maxValues: number): number {
  let capacity = 16;
  while (capacity < (maxValues + 1) * 2) capacity *= 2;
  return capacity;
}
