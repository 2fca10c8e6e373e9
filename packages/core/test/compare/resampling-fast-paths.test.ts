import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jointPairedBootstrap } from "../../src/compare/joint-paired-bootstrap.js";
import { bagOfLittleBootstraps } from "../../src/compare/little-bootstraps.js";
import { multiclassCellsBootstrap } from "../../src/compare/multiclass-cells-bootstrap.js";
import { PoissonSampler } from "../../src/compare/poisson-sampler.js";
import { rankedDeLong } from "../../src/compare/ranked-delong.js";
import { partitionRanking, rankFewScores, restrictRanking } from "../../src/compare/restricted-ranking.js";
import { multiclassMetrics } from "../../src/metrics/multiclass-metrics.js";
import { meanAbsoluteError } from "../../src/metrics/regression-metrics.js";
import { rankScores } from "../../src/metrics/score-ranking.js";
import { comparePaired } from "../../src/stats/compare-paired.js";
import { deLongPairedAuc } from "../../src/stats/delong-test.js";
import { Xoshiro128 } from "../../src/stats/xoshiro128.js";

const scoreColumn = fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 6, maxLength: 60 });

describe("AUC comparison from one ranking per model", () => {
  it("gives DeLong's AUCs, interval and p-value exactly as the midrank implementation, ties included", () => {
    fc.assert(
      fc.property(scoreColumn, fc.integer({ min: 0, max: 1000 }), (raw, seed) => {
        const rng = new Xoshiro128(seed);
        const n = raw.length;
        const label = Float64Array.from(raw, () => (rng.nextFloat() < 0.5 ? 1 : 0));
        label[0] = 1;
        label[1] = 1;
        label[2] = 0;
        label[3] = 0;
        const b = Float64Array.from(raw, (x) => x / 6);
        const c = Float64Array.from({ length: n }, () => rng.nextBelow(5) / 4);
        const expected = deLongPairedAuc(label, b, c, 0.95);
        const actual = rankedDeLong(label, rankScores(b), rankScores(c), [0.95]);
        expect(actual.baseline).toBeCloseTo(expected.baselineAuc, 12);
        expect(actual.candidate).toBeCloseTo(expected.candidateAuc, 12);
        expect(actual.pValue ?? Number.NaN).toBeCloseTo(expected.pValue ?? Number.NaN, 9);
        expect(actual.intervals[0]?.[0]).toBeCloseTo(expected.ci?.[0] as number, 9);
        expect(actual.intervals[0]?.[1]).toBeCloseTo(expected.ci?.[1] as number, 9);
      }),
      { numRuns: 200 },
    );
  });
});

describe("slice rankings read off the whole ranking", () => {
  it("equal a fresh sort of the slice's scores, tie runs included", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: -1, max: 2 })), {
          minLength: 1,
          maxLength: 80,
        }),
        (rows) => {
          const score = Float64Array.from(rows, ([s]) => s / 9);
          const codes = Int32Array.from(rows, ([, c]) => c);
          const sizes = [0, 1, 2].map((c) => rows.filter(([, k]) => k === c).length);
          const whole = rankScores(score);
          const parts = partitionRanking(whole, score, codes, sizes);
          const position = new Int32Array(rows.length).fill(-1);
          for (let c = 0; c < 3; c++) {
            const indices = Uint32Array.from(rows.flatMap(([, k], i) => (k === c ? [i] : [])));
            const fresh = rankScores(Float64Array.from(indices, (i) => score[i] as number));
            const sliceScore = (order: Uint32Array) => Array.from(order, (k) => score[indices[k] as number]);
            expect(sliceScore(parts[c]?.order as Uint32Array)).toEqual(sliceScore(fresh.order));
            expect(Array.from(parts[c]?.groupEnds ?? [])).toEqual(Array.from(fresh.groupEnds));
            const restricted = restrictRanking(whole, score, indices, position);
            expect(Array.from(restricted.groupEnds)).toEqual(Array.from(fresh.groupEnds));
            expect(sliceScore(restricted.order)).toEqual(sliceScore(fresh.order));
          }
          expect(position.every((p) => p === -1)).toBe(true);
          const few = rankFewScores(score);
          expect(Array.from(few.order)).toEqual(Array.from(whole.order));
          expect(Array.from(few.groupEnds)).toEqual(Array.from(whole.groupEnds));
        },
      ),
    );
  });
});

describe("Poisson weights for the little bootstraps", () => {
  it("have the mean and variance λ", () => {
    const rng = new Xoshiro128(3);
    for (const lambda of [0.5, 4, 63, 1000]) {
      const sampler = new PoissonSampler(lambda);
      let sum = 0;
      let squares = 0;
      const draws = 200_000;
      for (let i = 0; i < draws; i++) {
        const k = sampler.next(rng);
        sum += k;
        squares += k * k;
      }
      const mean = sum / draws;
      const variance = squares / draws - mean * mean;
      expect(Math.abs(mean - lambda)).toBeLessThan(5 * Math.sqrt(lambda / draws));
      expect(Math.abs(variance / lambda - 1)).toBeLessThan(0.03);
    }
  });
});

describe("bag of little bootstraps", () => {
  it("gives a mean metric the interval the paired t interval gives, at 60k examples", () => {
    const rng = new Xoshiro128(11);
    const n = 60_000;
    const label = new Float64Array(n);
    const b = new Float64Array(n);
    const c = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      label[i] = rng.nextFloat() * 10;
      b[i] = (label[i] as number) + (rng.nextFloat() - 0.5) * 2;
      c[i] = (label[i] as number) + (rng.nextFloat() - 0.5) * 1.9;
    }
    const [blb] = bagOfLittleBootstraps(
      n,
      (indices) => {
        const pick = (x: Float64Array) => (indices === null ? x : Float64Array.from(indices, (i) => x[i] as number));
        const y = pick(label);
        const pb = pick(b);
        const pc = pick(c);
        return [{ baseline: (w) => meanAbsoluteError(y, pb, w), candidate: (w) => meanAbsoluteError(y, pc, w) }];
      },
      { levels: [0.95], resamples: 2000, seed: 5 },
    );
    const errors = (p: Float64Array) => p.map((x, i) => Math.abs((label[i] as number) - x));
    const exact = comparePaired({ kind: "mean", baseline: errors(b), candidate: errors(c) }, { confidence: 0.95 });
    const [lo, hi] = blb?.intervals[0] ?? [Number.NaN, Number.NaN];
    const [elo, ehi] = exact.ci ?? [0, 0];
    expect(blb?.delta).toBeCloseTo(exact.delta, 12);
    expect(Math.abs((hi - lo) / (ehi - elo) - 1)).toBeLessThan(0.15);
    expect(Math.abs((lo + hi) / 2 - (elo + ehi) / 2)).toBeLessThan(0.15 * (ehi - elo));
  });
});

describe("multiclass cell bootstrap", () => {
  it("reports each model's macro F1 and per-class recall, and intervals as wide as the index bootstrap's", () => {
    const rng = new Xoshiro128(8);
    const n = 3000;
    const k = 4;
    const label = Float64Array.from({ length: n }, () => rng.nextBelow(k));
    const pb = label.map((y) => (rng.nextFloat() < 0.7 ? y : rng.nextBelow(k)));
    const pc = label.map((y) => (rng.nextFloat() < 0.75 ? y : rng.nextBelow(k)));
    const classes = ["a", "b", "c", "d"];
    const cells = multiclassCellsBootstrap(label, pb, pc, k, { levels: [0.95], resamples: 2000, seed: 1 });
    const bm = multiclassMetrics({ label, prediction: pb, classes });
    const cm = multiclassMetrics({ label, prediction: pc, classes });
    expect(cells[0]?.baseline).toBeCloseTo(bm.macro_f1 as number, 12);
    expect(cells[0]?.candidate).toBeCloseTo(cm.macro_f1 as number, 12);
    expect(cells[2]?.candidate).toBeCloseTo(cm["recall.b"] as number, 12);
    const index = jointPairedBootstrap(
      n,
      (indices) => {
        if (indices !== null) throw new Error("the index bootstrap uses every example");
        return [
          {
            baseline: (w) => multiclassMetrics({ label, prediction: pb, classes }, w).macro_f1 as number,
            candidate: (w) => multiclassMetrics({ label, prediction: pc, classes }, w).macro_f1 as number,
          },
        ];
      },
      { levels: [0.95], resamples: 2000, seed: 2 },
    );
    const width = (ci: readonly [number, number] | null | undefined) => (ci ? ci[1] - ci[0] : Number.NaN);
    expect(Math.abs(width(cells[0]?.intervals[0]) / width(index[0]?.intervals[0]) - 1)).toBeLessThan(0.12);
  });
});
