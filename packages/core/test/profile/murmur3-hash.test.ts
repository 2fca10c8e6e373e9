import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { murmur3Hash32, murmur3Hash32PairOfAscii } from "../../src/profile/murmur3-hash.js";

function hashOfUtf8(text: string, seed: number): number {
  const bytes = new TextEncoder().encode(text);
  return murmur3Hash32(bytes, bytes.length, seed);
}

describe("MurmurHash3 of ASCII text", () => {
  it("hashes an ASCII text's char codes exactly as its UTF-8 bytes, under both seeds", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary-ascii", maxLength: 40 }), fc.nat(), fc.nat(), (text, seedA, seedB) => {
        const out = new Uint32Array(2);
        expect(murmur3Hash32PairOfAscii(text, seedA, seedB, out)).toBe(true);
        expect([...out]).toEqual([hashOfUtf8(text, seedA), hashOfUtf8(text, seedB)]);
      }),
      { numRuns: 5_000 },
    );
  });

  it("declines any text with a code unit beyond ASCII, wherever it stands", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "binary-ascii", maxLength: 12 }),
        fc.constantFrom("é", "\u0080", "😀", "\uffff", "\ud800"),
        fc.string({ unit: "binary-ascii", maxLength: 12 }),
        (before, other, after) => {
          expect(murmur3Hash32PairOfAscii(`${before}${other}${after}`, 0, 1, new Uint32Array(2))).toBe(false);
        },
      ),
    );
  });

  it("matches the reference vectors of MurmurHash3 x86_32", () => {
    const out = new Uint32Array(2);
    murmur3Hash32PairOfAscii("", 0, 1, out);
    expect(out[0]).toBe(0);
    expect(out[1]).toBe(0x514e28b7);
    murmur3Hash32PairOfAscii("test", 0x9747b28c, 0, out);
    expect(out[0]).toBe(0x704b81dc);
  });
});
