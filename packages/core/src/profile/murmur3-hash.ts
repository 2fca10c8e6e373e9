/**
 * MurmurHash3 x86_32 (Austin Appleby, public domain reference `MurmurHash3.cpp`) over the UTF-8
 * bytes of a text. It is the hash behind the distinct-count sketch, so it is part of the
 * `slipway/profile@1` format: a profile's HyperLogLog registers are only comparable with registers
 * filled by the same function, and another implementation must hash the same UTF-8 bytes.
 */
export function murmur3Hash32(bytes: Uint8Array, length: number, seed: number): number {
  const c1 = 0xcc9e2d51;
  const c2 = 0x1b873593;
  let h = seed >>> 0;
  const blocks = length - (length % 4);
  for (let i = 0; i < blocks; i += 4) {
    let k = bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const tail = length % 4;
  if (tail > 0) {
    let k = 0;
    if (tail === 3) k ^= bytes[blocks + 2]! << 16;
    if (tail >= 2) k ^= bytes[blocks + 1]! << 8;
    k ^= bytes[blocks]!;
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
  }
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const encoder = new TextEncoder();

/** Reusable UTF-8 encoding of texts to hash, so hashing a column allocates once, not per value. */
export class Utf8Scratch {
  private buffer = new Uint8Array(256);

  /** Encodes `text` into the scratch buffer and returns the buffer and the byte length. */
  encode(text: string): { readonly bytes: Uint8Array; readonly length: number } {
    // A UTF-16 code unit becomes at most 3 UTF-8 bytes (a surrogate pair, 2 units, becomes 4).
    if (text.length * 3 > this.buffer.length) this.buffer = new Uint8Array(text.length * 3);
    const { written } = encoder.encodeInto(text, this.buffer);
    return { bytes: this.buffer, length: written };
  }
}
