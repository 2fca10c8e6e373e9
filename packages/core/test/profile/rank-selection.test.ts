import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { selectRank } from "../../src/profile/rank-selection.js";

describe("selecting a rank", () => {
  it("finds the value sorting would put at the rank, among few or many repeated values", () => {
    const values = fc.oneof(
      fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 300 }),
      fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 300 }),
      fc.array(
        fc.double({ noNaN: true }).map((x) => x + 0),
        { minLength: 1, maxLength: 60 },
      ),
    );
    fc.assert(
      fc.property(values, fc.nat(), fc.nat(4), (list, pick, spare) => {
        const rank = pick % list.length;
        // Only the first n entries are looked at: what follows must not matter.
        const scratch = new Float64Array(list.length + spare).fill(-1);
        scratch.set(list);
        const sorted = [...list].sort((a, b) => a - b);
        expect(selectRank(scratch, list.length, rank)).toBe(sorted[rank]);
        expect([...scratch.subarray(0, list.length)].sort((a, b) => a - b)).toEqual(sorted);
      }),
      { numRuns: 5_000 },
    );
  });
});
