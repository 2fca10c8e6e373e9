import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { rankScores } from "../../src/metrics/score-ranking.js";

/** The order a stable comparison sort gives: ascending score, ties by index. */
function referenceOrder(score: Float64Array): number[] {
  return Array.from(score.keys()).sort((a, b) => (score[a] as number) - (score[b] as number) || a - b);
}

const scoreArb = fc.oneof(
  fc.double({ noNaN: true }),
  fc.constantFrom(
    0,
    -0,
    1,
    -1,
    0.5,
    Number.MIN_VALUE,
    -Number.MIN_VALUE,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
  ),
);

describe("rankScores", () => {
  it("orders examples by ascending score, keeping tied examples in row order", () => {
    fc.assert(
      fc.property(fc.array(scoreArb, { maxLength: 200 }), (values) => {
        const score = Float64Array.from(values);
        expect(Array.from(rankScores(score).order)).toEqual(referenceOrder(score));
      }),
    );
  });

  it("ends a tie run exactly where the score changes, treating -0 and 0 as equal", () => {
    fc.assert(
      fc.property(fc.array(scoreArb, { maxLength: 200 }), (values) => {
        const score = Float64Array.from(values);
        const { order, groupEnds } = rankScores(score);
        const expectedEnds: number[] = [];
        for (let k = 1; k <= order.length; k++) {
          if (k === order.length || score[order[k] as number] !== score[order[k - 1] as number]) expectedEnds.push(k);
        }
        expect(Array.from(groupEnds)).toEqual(expectedEnds);
      }),
    );
  });

  it("sorts a million probabilities that share their leading bits", () => {
    const n = 1_000_000;
    // A fixed linear congruential sequence: deterministic data, no dependence on Math.random.
    let state = 12345;
    const score = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      score[i] = 0.25 + (state % 100_000) / 400_000;
    }
    const { order, groupEnds } = rankScores(score);
    for (let k = 1; k < n; k++) {
      const previous = order[k - 1] as number;
      const current = order[k] as number;
      const ordered =
        (score[previous] as number) < (score[current] as number) ||
        (score[previous] === score[current] && previous < current);
      if (!ordered) expect.fail(`positions ${k - 1} and ${k} are out of order`);
    }
    expect(groupEnds.length).toBe(new Set(score).size);
  });
});
