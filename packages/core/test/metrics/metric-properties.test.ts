import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { averagePrecision, averagePrecisionRanked } from "../../src/metrics/average-precision.js";
import { binaryMetrics } from "../../src/metrics/binary-metrics.js";
import { generationMetrics } from "../../src/metrics/generation-metrics.js";
import { multiclassMetrics } from "../../src/metrics/multiclass-metrics.js";
import { regressionMetrics } from "../../src/metrics/regression-metrics.js";
import { rocAuc, rocAucRanked } from "../../src/metrics/roc-auc.js";
import { rocAucAndAveragePrecisionRanked } from "../../src/metrics/roc-auc-and-average-precision.js";
import { rankScores } from "../../src/metrics/score-ranking.js";

/** One example of every task at once; each task reads the fields it needs. */
interface Row {
  readonly label: number;
  readonly prediction: number;
  /** On a 1/64 grid: many ties, and 1 − s is exact so reversing the scores reverses the order. */
  readonly score: number;
  readonly classLabel: number;
  readonly classPrediction: number;
  readonly value: number;
  readonly estimate: number;
  readonly weight: number;
}

const CLASSES = ["a", "b", "c", "d"];

// Squares of values below ~1e-154 underflow, where no two summation orders agree; keep clear.
const regressionValueArb = fc
  .double({ min: -1e3, max: 1e3, noNaN: true })
  .filter((v) => v === 0 || Math.abs(v) > 1e-100);

const rowArb: fc.Arbitrary<Row> = fc.record({
  label: fc.integer({ min: 0, max: 1 }),
  prediction: fc.integer({ min: 0, max: 1 }),
  score: fc.integer({ min: 0, max: 64 }).map((k) => k / 64),
  classLabel: fc.integer({ min: 0, max: CLASSES.length - 1 }),
  classPrediction: fc.integer({ min: 0, max: CLASSES.length - 1 }),
  value: regressionValueArb,
  estimate: regressionValueArb,
  weight: fc.integer({ min: 0, max: 3 }),
});

const rowsArb = fc.array(rowArb, { minLength: 1, maxLength: 80 });

/** Every task's metrics of the rows, under the given weights (undefined: all 1). */
function allMetrics(rows: readonly Row[], weights?: Float64Array): Record<string, number> {
  const col = (pick: (r: Row) => number) => Float64Array.from(rows, pick);
  const label = col((r) => r.label);
  const binary = binaryMetrics({ label, prediction: col((r) => r.prediction), score: col((r) => r.score) }, weights);
  const multiclass = multiclassMetrics(
    { label: col((r) => r.classLabel), prediction: col((r) => r.classPrediction), classes: CLASSES },
    weights,
  );
  const regression = regressionMetrics({ label: col((r) => r.value), prediction: col((r) => r.estimate) }, weights);
  const generation = generationMetrics({ prediction: label, score: col((r) => r.score) }, weights);
  const prefixed: Record<string, number> = {};
  for (const [task, metrics] of Object.entries({ binary, multiclass, regression, generation })) {
    for (const [name, value] of Object.entries(metrics)) prefixed[`${task}.${name}`] = value;
  }
  return prefixed;
}

function weightsOf(rows: readonly Row[]): Float64Array {
  return Float64Array.from(rows, (r) => r.weight);
}

/** Equal up to summation-order rounding; NaN (undefined) only equals NaN. */
function expectSameMetrics(actual: Record<string, number>, expected: Record<string, number>): void {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [name, value] of Object.entries(expected)) {
    const other = actual[name] as number;
    if (Number.isNaN(value)) expect(other, name).toBeNaN();
    else if (other !== value)
      expect(Math.abs(other - value), `${name}: ${other} vs ${value}`).toBeLessThanOrEqual(
        1e-9 * Math.max(1, Math.abs(value)),
      );
  }
}

const permutedArb = rowsArb.chain((rows) =>
  fc.tuple(fc.constant(rows), fc.shuffledSubarray(rows, { minLength: rows.length, maxLength: rows.length })),
);

describe("metric properties", () => {
  it("does not depend on the order of the rows", () => {
    fc.assert(
      fc.property(permutedArb, ([rows, shuffled]) => {
        expectSameMetrics(allMetrics(shuffled), allMetrics(rows));
        expectSameMetrics(allMetrics(shuffled, weightsOf(shuffled)), allMetrics(rows, weightsOf(rows)));
      }),
    );
  });

  it("gives every example weight 2 the same metrics as the data listed twice", () => {
    fc.assert(
      fc.property(rowsArb, (rows) => {
        const twice = new Float64Array(rows.length).fill(2);
        expectSameMetrics(allMetrics(rows, twice), allMetrics([...rows, ...rows]));
      }),
    );
  });

  it("treats integer weights as counts: weight w equals the row repeated w times, 0 drops it", () => {
    fc.assert(
      fc.property(rowsArb, (rows) => {
        const expanded = rows.flatMap((r) => Array.from({ length: r.weight }, () => r));
        fc.pre(expanded.length > 0);
        expectSameMetrics(allMetrics(rows, weightsOf(rows)), allMetrics(expanded));
      }),
    );
  });

  it("keeps accuracy, precision, recall, F1 and the other proportions within [0, 1]", () => {
    const bounded =
      /^(binary\.(accuracy|precision|recall|f1|roc_auc|average_precision|brier|ece)|multiclass\..*|generation\..*)$/;
    fc.assert(
      fc.property(rowsArb, fc.boolean(), (rows, weighted) => {
        const metrics = allMetrics(rows, weighted ? weightsOf(rows) : undefined);
        for (const [name, value] of Object.entries(metrics)) {
          if (!bounded.test(name) || Number.isNaN(value)) continue;
          expect(value, name).toBeGreaterThanOrEqual(0);
          expect(value, name).toBeLessThanOrEqual(1);
        }
        // Without weights nothing is empty, so only the rank metrics may be undefined.
        if (!weighted) {
          for (const name of ["accuracy", "precision", "recall", "f1"]) expect(metrics[`binary.${name}`]).not.toBeNaN();
        }
      }),
    );
  });

  it("gives ROC-AUC 1 − AUC when the scores are reversed, whenever it is defined", () => {
    fc.assert(
      fc.property(rowsArb, fc.boolean(), (rows, weighted) => {
        const label = Float64Array.from(rows, (r) => r.label);
        const score = Float64Array.from(rows, (r) => r.score);
        const reversed = score.map((s) => 1 - s);
        const weights = weighted ? weightsOf(rows) : undefined;
        const auc = rocAuc(label, score, weights);
        const reversedAuc = rocAuc(label, reversed, weights);
        if (Number.isNaN(auc)) expect(reversedAuc).toBeNaN();
        else expect(reversedAuc).toBeCloseTo(1 - auc, 12);
      }),
    );
  });

  it("computes ROC-AUC as the pairwise probability that a positive outranks a negative", () => {
    fc.assert(
      fc.property(rowsArb, (rows) => {
        let pairs = 0;
        let wins = 0;
        for (const p of rows) {
          if (p.label !== 1) continue;
          for (const q of rows) {
            if (q.label === 1) continue;
            const w = p.weight * q.weight;
            pairs += w;
            wins += w * (p.score > q.score ? 1 : p.score === q.score ? 0.5 : 0);
          }
        }
        const auc = rocAuc(
          Float64Array.from(rows, (r) => r.label),
          Float64Array.from(rows, (r) => r.score),
          weightsOf(rows),
        );
        if (pairs === 0) expect(auc).toBeNaN();
        else expect(auc).toBeCloseTo(wins / pairs, 12);
      }),
    );
  });

  it("computes average precision as the precision at each distinct threshold, weighted by its recall step", () => {
    fc.assert(
      fc.property(rowsArb, (rows) => {
        const thresholds = [...new Set(rows.map((r) => r.score))].sort((a, b) => b - a);
        const positives = rows.reduce((sum, r) => sum + (r.label === 1 ? r.weight : 0), 0);
        let previousRecall = 0;
        let expected = 0;
        for (const t of thresholds) {
          const above = rows.filter((r) => r.score >= t);
          const tp = above.reduce((sum, r) => sum + (r.label === 1 ? r.weight : 0), 0);
          const all = above.reduce((sum, r) => sum + r.weight, 0);
          const recallAtT = tp / positives;
          if (all > 0) expected += (recallAtT - previousRecall) * (tp / all);
          previousRecall = recallAtT;
        }
        const ap = averagePrecision(
          Float64Array.from(rows, (r) => r.label),
          Float64Array.from(rows, (r) => r.score),
          weightsOf(rows),
        );
        if (positives === 0) expect(ap).toBeNaN();
        else expect(ap).toBeCloseTo(expected, 12);
      }),
    );
  });

  it("reuses one score ranking for any number of weight vectors", () => {
    fc.assert(
      fc.property(
        rowsArb,
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 80, maxLength: 80 }),
        (rows, draws) => {
          const label = Float64Array.from(rows, (r) => r.label);
          const score = Float64Array.from(rows, (r) => r.score);
          const ranking = rankScores(score);
          for (const weights of [weightsOf(rows), Uint32Array.from(draws.slice(0, rows.length))]) {
            expect(rocAucRanked(label, ranking, weights)).toStrictEqual(rocAuc(label, score, weights));
            expect(averagePrecisionRanked(label, ranking, weights)).toStrictEqual(
              averagePrecision(label, score, weights),
            );
            const both = rocAucAndAveragePrecisionRanked(label, ranking, weights);
            expect(both.rocAuc).toStrictEqual(rocAuc(label, score, weights));
            const ap = averagePrecision(label, score, weights);
            if (Number.isNaN(ap)) expect(both.averagePrecision).toBeNaN();
            else expect(both.averagePrecision).toBeCloseTo(ap, 12);
          }
        },
      ),
    );
  });
});
