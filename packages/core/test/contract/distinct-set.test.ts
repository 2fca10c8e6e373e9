import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DistinctSet } from "../../src/contract/distinct-set.js";
import { ParallelArrayDistinctSet } from "./parallel-array-distinct-set.js";

/** A stream of keys with repeats, seen across files in order (file numbers never go back). */
const stream = fc.record({
  limit: fc.oneof(fc.integer({ min: 0, max: 40 }), fc.constant(5_000_000)),
  keys: fc.array(
    fc.tuple(
      fc.oneof(
        fc.integer({ min: 0, max: 60 }).map(String),
        fc.string({ maxLength: 4 }),
        fc.constantFrom("", "é", "😀"),
      ),
      fc.nat(3),
      fc.nat(2 ** 32 + 5),
    ),
    { maxLength: 400 },
  ),
});

describe("DistinctSet", () => {
  it("answers every add exactly as the plain parallel-array set does", () => {
    fc.assert(
      fc.property(stream, ({ limit, keys }) => {
        const set = new DistinctSet(limit);
        const plain = new ParallelArrayDistinctSet(limit);
        let file = 0;
        for (const [key, step, row] of keys) {
          // Files arrive in order, as a dataset's files do; a step of 0 stays in the same file.
          if (step === 3) file += 1;
          expect(set.add(key, file, row)).toEqual(plain.add(key, file, row));
          expect(set.size).toBe(plain.size);
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it("keeps answering alike through its growth to hundreds of thousands of values and up to its limit", () => {
    const limit = 300_000;
    const set = new DistinctSet(limit);
    const plain = new ParallelArrayDistinctSet(limit);
    for (let i = 0; i < 400_000; i += 1) {
      // Every seventh key repeats an earlier one; the file changes every 50,000 keys.
      const key = i % 7 === 6 ? `k${(i * 7919) % i}` : `k${i}`;
      const file = Math.floor(i / 50_000);
      const answer = set.add(key, file, i);
      const expected = plain.add(key, file, i);
      if (typeof answer !== typeof expected || JSON.stringify(answer) !== JSON.stringify(expected)) {
        expect({ i, answer }).toEqual({ i, answer: expected });
      }
    }
    expect(set.size).toBe(limit);
    expect(set.add("k1", 9, 9)).toEqual({ file: 0, row: 1 });
    expect(set.add("never seen", 9, 9)).toBe("full");
  });
});
