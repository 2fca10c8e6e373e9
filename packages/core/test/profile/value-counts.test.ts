import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EXACT_VALUE_LIMIT, ValueCountsBuilder, valueCountErrorBound } from "../../src/profile/value-counts.js";
import { MapValueCountsBuilder } from "./map-value-counts.js";

/**
 * Streams long enough to leave exact counting and run many Misra–Gries reductions: a few heavy
 * values, a middle band, and a long tail of values seen about once.
 */
const stream = fc
  .record({
    length: fc.integer({ min: 0, max: 12_000 }),
    heavy: fc.integer({ min: 0, max: 30 }),
    band: fc.integer({ min: 1, max: 3_000 }),
    tail: fc.integer({ min: 1, max: 50_000 }),
    seed: fc.integer(),
  })
  .map(({ length, heavy, band, tail, seed }) => {
    let state = seed >>> 0 || 1;
    const next = () => {
      // xorshift32: a cheap deterministic stream from the generated seed.
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return (state >>> 0) / 4_294_967_296;
    };
    const values: string[] = [];
    for (let i = 0; i < length; i += 1) {
      const pick = next();
      if (pick < 0.3 && heavy > 0) values.push(`h${Math.floor(next() * heavy)}`);
      else if (pick < 0.6) values.push(`b${Math.floor(next() * band)}`);
      else values.push(`t${Math.floor(next() * tail)}`);
    }
    return values;
  });

describe("value counts", () => {
  it("summarises every stream exactly as the plain map-based counter, and hands over the same distinct values", () => {
    fc.assert(
      fc.property(stream, (values) => {
        const handed: string[][] = [];
        const plainHanded: string[][] = [];
        const builder = new ValueCountsBuilder((distinct) => handed.push([...distinct]));
        const plain = new MapValueCountsBuilder((distinct) => plainHanded.push([...distinct]));
        for (const value of values) {
          builder.add(value);
          plain.add(value);
          expect(builder.isExact).toBe(plain.isExact);
        }
        const counts = builder.freeze();
        const expected = plain.freeze();
        expect(counts.exact).toBe(expected.exact);
        expect(counts.total).toBe(expected.total);
        expect([...counts.counts]).toEqual([...expected.counts]);
        // Every distinct value is handed over once, in whatever order.
        expect(handed.map((values) => [...values].sort())).toEqual(plainHanded.map((values) => [...values].sort()));
      }),
      { numRuns: 60 },
    );
  });

  it("counts exactly up to the limit of distinct values, then keeps a frequent value within the error bound", () => {
    const builder = new ValueCountsBuilder(() => {});
    for (let i = 0; i < EXACT_VALUE_LIMIT; i += 1) builder.add(`v${i}`);
    expect(builder.isExact).toBe(true);
    for (let i = 0; i < 20_000; i += 1) builder.add(i % 4 === 0 ? "v0" : `w${i}`);
    const counts = builder.freeze();
    const truth = 1 + 5_000;
    expect(counts.exact).toBe(false);
    expect(counts.total).toBe(EXACT_VALUE_LIMIT + 20_000);
    expect([...counts.counts.keys()][0]).toBe("v0");
    const kept = counts.counts.get("v0")!;
    expect(kept).toBeLessThanOrEqual(truth);
    expect(kept).toBeGreaterThanOrEqual(truth - valueCountErrorBound(counts));
  });
});
