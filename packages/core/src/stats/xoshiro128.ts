/**
 * A seeded pseudo-random generator: xoshiro128** 1.1 (Blackman & Vigna, "Scrambled linear
 * pseudorandom number generators", ACM TOMS 47(4), 2021). 128 bits of state, period 2^128 − 1,
 * passes BigCrush, and needs only 32-bit integer operations, which JavaScript does natively
 * through `Math.imul` and `>>> 0` (a 64-bit generator would need BigInt and be far slower).
 *
 * The same seed gives the same sequence bit for bit on every platform: every operation is an
 * exact 32-bit integer operation, and the floats are built from those integers exactly.
 */
export class Xoshiro128 {
  /**
   * The four state words. A typed array, not four fields: a field holding a word of 2³¹ or more
   * is a boxed number in V8, and every draw would allocate (measured: 20 ns a draw, against 3).
   */
  private readonly s = new Int32Array(4);

  /**
   * `seed` is any safe integer (negative seeds and seeds above 2^32 are fine). The four state
   * words are filled by SplitMix32 (a Weyl sequence with the golden-ratio increment, finished by
   * MurmurHash3's fmix32), so nearby seeds give unrelated streams, and the state is never all zero.
   */
  constructor(seed: number) {
    if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
    const low = seed >>> 0;
    const high = Math.floor(seed / 2 ** 32) >>> 0;
    let weyl = low ^ fmix32(high ^ 0x6a09e667);
    const next = (): number => {
      weyl = (weyl + 0x9e3779b9) >>> 0;
      return fmix32(weyl);
    };
    const s = this.s;
    s[0] = next();
    s[1] = next();
    s[2] = next();
    s[3] = next();
    if ((s[0] | s[1] | s[2] | s[3]) === 0) s[0] = 1;
  }

  /**
   * A generator in the given raw state (four 32-bit words, not all zero), for checking against the
   * reference implementation's published outputs; seed with the constructor otherwise.
   */
  static fromState(state: readonly [number, number, number, number]): Xoshiro128 {
    const [a, b, c, d] = state;
    if ((a | b | c | d) === 0) throw new RangeError("xoshiro128** state must not be all zero");
    const rng = new Xoshiro128(0);
    rng.s.set([a, b, c, d]);
    return rng;
  }

  /** A uniform integer in [0, 2^32). */
  nextUint32(): number {
    const s = this.s;
    const s0 = s[0] as number;
    const s1 = s[1] as number;
    const s2 = s[2] as number;
    const s3 = s[3] as number;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    const n2 = s2 ^ s0;
    const n3 = s3 ^ s1;
    s[1] = s1 ^ n2;
    s[0] = s0 ^ n3;
    s[2] = n2 ^ t;
    s[3] = rotl(n3, 11);
    return result;
  }

  /** A uniform double in [0, 1) with 53 random bits (two 32-bit outputs). */
  nextFloat(): number {
    const high = this.nextUint32() >>> 5; // 27 bits
    const low = this.nextUint32() >>> 6; // 26 bits
    return (high * 67108864 + low) / 9007199254740992;
  }

  /**
   * A uniform integer in [0, bound), bound ≤ 2^32, without modulo bias: 32-bit outputs at or
   * above the largest multiple of `bound` are rejected (probability < bound / 2^32) before taking
   * the remainder.
   */
  nextBelow(bound: number): number {
    if (!(bound >= 1 && bound <= 4294967296 && Number.isInteger(bound))) {
      throw new RangeError(`bound must be an integer in [1, 2^32], got ${bound}`);
    }
    const limit = 4294967296 - (4294967296 % bound);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % bound;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** MurmurHash3's 32-bit finaliser: a bijection on 32-bit integers with full avalanche. */
function fmix32(h: number): number {
  let x = h >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}
