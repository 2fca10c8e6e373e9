import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { comparePaired, type PairedComparison, type PairedComparisonInput } from "../../src/stats/compare-paired.js";
import { confusionF1, confusionRecall } from "../../src/stats/confusion-metrics.js";
import type { WeightedMetric } from "../../src/stats/paired-bootstrap.js";

const confidence = fc.constantFrom(0.8, 0.9, 0.95, 0.99);
const bit = fc.integer({ min: 0, max: 1 });

/** Paired 0/1 outcomes of two models. */
const outcomes = fc
  .array(fc.tuple(bit, bit), { minLength: 1, maxLength: 300 })
  .map((rows) => ({ baseline: rows.map((r) => r[0]), candidate: rows.map((r) => r[1]) }));

/** Labels with both classes, and two models' scores drawn from few values so ties are common. */
const scored = fc
  .array(fc.tuple(bit, fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 12 })), {
    minLength: 4,
    maxLength: 200,
  })
  .map((rows) => [[1, 3, 5] as const, [0, 6, 2] as const, [1, 0, 0] as const, [0, 9, 9] as const, ...rows])
  .map((rows) => ({
    label: rows.map((r) => r[0]),
    baselineScore: Float64Array.from(rows, (r) => r[1] / 12),
    candidateScore: Float64Array.from(rows, (r) => r[2] / 12),
  }));

const perExample = fc
  .array(fc.tuple(fc.double({ min: 0, max: 5, noNaN: true }), fc.double({ min: 0, max: 5, noNaN: true })), {
    minLength: 2,
    maxLength: 200,
  })
  .map((rows) => ({ baseline: rows.map((r) => r[0]), candidate: rows.map((r) => r[1]) }));

/** Binary labels and two models' predictions. */
const predicted = fc.array(fc.tuple(bit, bit, bit), { minLength: 1, maxLength: 300 }).map((rows) => ({
  label: rows.map((r) => r[0]),
  baseline: rows.map((r) => r[1]),
  candidate: rows.map((r) => r[2]),
}));

function weightedMean(values: readonly number[]): WeightedMetric {
  return (weights) => {
    let sum = 0;
    let count = 0;
    for (let i = 0; i < values.length; i++) {
      const w = weights ? (weights[i] as number) : 1;
      sum += w * (values[i] as number);
      count += w;
    }
    return sum / count;
  };
}

function expectContainsEstimate(result: PairedComparison): void {
  if (result.ci === null) return;
  expect(result.ci[0]).toBeLessThanOrEqual(result.delta + 1e-12);
  expect(result.ci[1]).toBeGreaterThanOrEqual(result.delta - 1e-12);
}

function expectMirrored(forward: PairedComparison, swapped: PairedComparison): void {
  expect(swapped.delta).toBeCloseTo(-forward.delta, 12);
  expect(swapped.baseline).toBe(forward.candidate);
  expect(swapped.candidate).toBe(forward.baseline);
  if (forward.ci === null) {
    expect(swapped.ci).toBeNull();
  } else {
    expect(swapped.ci?.[0]).toBeCloseTo(-forward.ci[1], 12);
    expect(swapped.ci?.[1]).toBeCloseTo(-forward.ci[0], 12);
  }
  if (forward.pValue === null) expect(swapped.pValue).toBeNull();
  else expect(swapped.pValue).toBeCloseTo(forward.pValue, 12);
}

describe("paired comparison properties", () => {
  it("the accuracy interval contains the observed delta and mirrors when the models swap", () => {
    fc.assert(
      fc.property(outcomes, confidence, ({ baseline, candidate }, c) => {
        const forward = comparePaired({ kind: "proportion", baseline, candidate }, { confidence: c });
        const swapped = comparePaired(
          { kind: "proportion", baseline: candidate, candidate: baseline },
          { confidence: c },
        );
        expectContainsEstimate(forward);
        expectMirrored(forward, swapped);
        expect(forward.ci?.[0]).toBeGreaterThanOrEqual(-1);
        expect(forward.ci?.[1]).toBeLessThanOrEqual(1);
        expect(forward.pValue).toBeGreaterThan(0);
        expect(forward.pValue).toBeLessThanOrEqual(1);
      }),
    );
  });

  it("the DeLong interval contains the observed AUC delta and mirrors when the models swap", () => {
    fc.assert(
      fc.property(scored, confidence, ({ label, baselineScore, candidateScore }, c) => {
        const forward = comparePaired({ kind: "roc-auc", label, baselineScore, candidateScore }, { confidence: c });
        const swapped = comparePaired(
          { kind: "roc-auc", label, baselineScore: candidateScore, candidateScore: baselineScore },
          { confidence: c },
        );
        expectContainsEstimate(forward);
        expectMirrored(forward, swapped);
      }),
    );
  });

  it("the paired-mean interval contains the observed delta and mirrors when the models swap", () => {
    fc.assert(
      fc.property(perExample, confidence, ({ baseline, candidate }, c) => {
        const forward = comparePaired({ kind: "mean", baseline, candidate }, { confidence: c });
        const swapped = comparePaired({ kind: "mean", baseline: candidate, candidate: baseline }, { confidence: c });
        expectContainsEstimate(forward);
        expectMirrored(forward, swapped);
      }),
    );
  });

  it("the index bootstrap interval contains the observed delta and mirrors exactly under the same seed", () => {
    fc.assert(
      fc.property(perExample, fc.integer({ min: 0, max: 2 ** 31 }), ({ baseline, candidate }, seed) => {
        const input = (b: number[], c: number[]): PairedComparisonInput => ({
          kind: "bootstrap",
          n: b.length,
          baseline: weightedMean(b),
          candidate: weightedMean(c),
        });
        const forward = comparePaired(input(baseline, candidate), { seed, resamples: 1000 });
        const swapped = comparePaired(input(candidate, baseline), { seed, resamples: 1000 });
        expectContainsEstimate(forward);
        expectMirrored(forward, swapped);
      }),
      { numRuns: 40 },
    );
  });

  it("the confusion-cell bootstrap interval contains the observed delta", () => {
    fc.assert(
      fc.property(predicted, fc.constantFrom(confusionF1, confusionRecall), (data, metric) => {
        const result = comparePaired({
          kind: "confusion",
          label: data.label,
          baselinePrediction: data.baseline,
          candidatePrediction: data.candidate,
          metric,
        });
        expectContainsEstimate(result);
        expect(result.pValue === null || (result.pValue > 0 && result.pValue <= 1)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
