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
  return finalizeMurmur3(h, length);
}

/**
 * MurmurHash3 x86_32 of an ASCII text's UTF-8 bytes under two seeds at once, read from its char
 * codes (for ASCII, the UTF-8 bytes are the char codes), written to `out` as [seedA's, seedB's].
 * Returns false when the text has a code unit above 0x7F: then `out` means nothing, and the text
 * must be encoded and hashed with `murmur3Hash32`.
 */
export function murmur3Hash32PairOfAscii(text: string, seedA: number, seedB: number, out: Uint32Array): boolean {
  const c1 = 0xcc9e2d51;
  const c2 = 0x1b873593;
  const length = text.length;
  let a = seedA >>> 0;
  let b = seedB >>> 0;
  // Every code unit is ORed in, so one test at the end tells whether any was beyond ASCII.
  let seen = 0;
  const blocks = length - (length % 4);
  for (let i = 0; i < blocks; i += 4) {
    const u0 = text.charCodeAt(i);
    const u1 = text.charCodeAt(i + 1);
    const u2 = text.charCodeAt(i + 2);
    const u3 = text.charCodeAt(i + 3);
    seen |= u0 | u1 | u2 | u3;
    let k = u0 | (u1 << 8) | (u2 << 16) | (u3 << 24);
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    a ^= k;
    a = (a << 13) | (a >>> 19);
    a = (Math.imul(a, 5) + 0xe6546b64) | 0;
    b ^= k;
    b = (b << 13) | (b >>> 19);
    b = (Math.imul(b, 5) + 0xe6546b64) | 0;
  }
  const tail = length % 4;
  if (tail > 0) {
    let k = 0;
    if (tail === 3) {
      const u = text.charCodeAt(blocks + 2);
      seen |= u;
      k ^= u << 16;
    }
    if (tail >= 2) {
      const u = text.charCodeAt(blocks + 1);
      seen |= u;
      k ^= u << 8;
    }
    const u = text.charCodeAt(blocks);
    seen |= u;
    k ^= u;
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    a ^= k;
    b ^= k;
  }
  if (seen > 0x7f) return false;
  out[0] = finalizeMurmur3(a, length);
  out[1] = finalizeMurmur3(b, length);
  return true;
}

/** MurmurHash3's final avalanche (fmix32) of the running hash and the key's length in bytes. */
export function finalizeMurmur3(h: number, length: number): number {
  let x = h ^ length;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
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
