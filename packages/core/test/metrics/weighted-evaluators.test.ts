import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { averagePrecisionRanked, weightedAveragePrecision } from "../../src/metrics/average-precision.js";
import { expectedCalibrationError, weightedCalibrationError } from "../../src/metrics/expected-calibration-error.js";
import { rankScores } from "../../src/metrics/score-ranking.js";

/** Examples with scores on a coarse grid (ties), some outside [0, 1] when `wild`, and several weightings. */
const columnsArb = (wild: boolean) =>
  fc.integer({ min: 0, max: 60 }).chain((n) =>
    fc.record({
      label: fc.array(fc.constantFrom(0, 1, 1, 2), { minLength: n, maxLength: n }),
      score: fc.array(
        wild
          ? fc.constantFrom(-0.5, -0, 0, 0.25, 0.3, 0.7, 1, 1.5, Number.NaN)
          : fc.integer({ min: 0, max: 20 }).map((k) => k / 20),
        { minLength: n, maxLength: n },
      ),
      weightings: fc.array(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 4 }), fc.double({ min: 0, max: 700, noNaN: true })), {
          minLength: n,
          maxLength: n,
        }),
        { minLength: 1, maxLength: 4 },
      ),
    }),
  );

describe("metrics prepared for many weightings", () => {
  it("give average precision exactly as computed weighting by weighting", () => {
    fc.assert(
      fc.property(columnsArb(false), ({ label, score, weightings }) => {
        const y = Float64Array.from(label);
        const ranking = rankScores(Float64Array.from(score));
        const prepared = weightedAveragePrecision(y, ranking);
        expect(prepared()).toBe(averagePrecisionRanked(y, ranking));
        for (const weights of weightings) {
          const w = Float64Array.from(weights);
          expect(prepared(w)).toBe(averagePrecisionRanked(y, ranking, w));
        }
      }),
    );
  });

  it("give the ECE exactly as computed weighting by weighting, whatever the scores", () => {
    fc.assert(
      fc.property(fc.boolean().chain(columnsArb), ({ label, score, weightings }) => {
        const y = Float64Array.from(label);
        const s = Float64Array.from(score);
        const prepared = weightedCalibrationError(y, s);
        expect(prepared()).toBe(expectedCalibrationError(y, s));
        for (const weights of weightings) {
          const w = Uint32Array.from(weights, Math.floor);
          expect(prepared(w)).toBe(expectedCalibrationError(y, s, w));
          const f = Float64Array.from(weights);
          expect(prepared(f)).toBe(expectedCalibrationError(y, s, f));
        }
      }),
    );
  });
});
