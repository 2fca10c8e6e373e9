import { describe, expect, it } from "vitest";
import { comparePaired } from "../../src/stats/compare-paired.js";
import { confusionF1, confusionPrecision, confusionRecall } from "../../src/stats/confusion-metrics.js";
import { pairedBootstrap, type WeightedMetric } from "../../src/stats/paired-bootstrap.js";
import {
  pairedConfusionReplicates,
  sideConfusion,
  tallyPairedConfusion,
} from "../../src/stats/paired-confusion-bootstrap.js";
import { Xoshiro128 } from "../../src/stats/xoshiro128.js";

/** A weighted binary F1 over one model's predictions: the index bootstrap's view of the metric. */
function weightedF1(label: Uint8Array, prediction: Uint8Array): WeightedMetric {
  return (weights) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < label.length; i++) {
      const w = weights ? (weights[i] as number) : 1;
      if (prediction[i] === 1 && label[i] === 1) tp += w;
      else if (prediction[i] === 1) fp += w;
      else if (label[i] === 1) fn += w;
    }
    return confusionF1({ tp, fp, fn, tn: 0 });
  };
}

function syntheticBinary(n: number, seed: number) {
  const rng = new Xoshiro128(seed);
  const label = new Uint8Array(n);
  const baseline = new Uint8Array(n);
  const candidate = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    label[i] = rng.nextFloat() < 0.35 ? 1 : 0;
    const shared = rng.nextFloat();
    baseline[i] = (shared < 0.8 ? label[i] : 1 - (label[i] as number)) as number;
    candidate[i] = (rng.nextFloat() < 0.85 ? baseline[i] : label[i]) as number;
  }
  return { label, baseline, candidate };
}

describe("paired bootstrap", () => {
  const data = syntheticBinary(600, 1);

  it("is reproducible bit for bit for a given seed, and moves with the seed", () => {
    const run = (seed: number) =>
      comparePaired(
        {
          kind: "confusion",
          label: data.label,
          baselinePrediction: data.baseline,
          candidatePrediction: data.candidate,
          metric: confusionF1,
        },
        { seed },
      );
    expect(run(11)).toEqual(run(11));
    expect(run(11).ci).not.toEqual(run(12).ci);
  });

  it("the 8-cell multinomial fast path agrees with resampling the examples", () => {
    const fast = comparePaired(
      {
        kind: "confusion",
        label: data.label,
        baselinePrediction: data.baseline,
        candidatePrediction: data.candidate,
        metric: confusionF1,
      },
      { resamples: 4000, seed: 3 },
    );
    const slow = comparePaired(
      {
        kind: "bootstrap",
        n: data.label.length,
        baseline: weightedF1(data.label, data.baseline),
        candidate: weightedF1(data.label, data.candidate),
      },
      { resamples: 4000, seed: 4 },
    );
    expect(fast.delta).toBeCloseTo(slow.delta, 14);
    expect(fast.method).toBe("bootstrap");
    const width = (slow.ci?.[1] ?? 0) - (slow.ci?.[0] ?? 0);
    // two independent Monte-Carlo estimates of the same quantiles: they agree to a few percent of
    // the width (the 2.5% quantile of 4,000 replicates has a standard error of ~3% of the width)
    expect(Math.abs((fast.ci?.[0] ?? 0) - (slow.ci?.[0] ?? 0))).toBeLessThan(0.12 * width);
    expect(Math.abs((fast.ci?.[1] ?? 0) - (slow.ci?.[1] ?? 0))).toBeLessThan(0.12 * width);
  });

  it("splits the paired confusion table into each model's confusion matrix", () => {
    const cells = tallyPairedConfusion([1, 1, 0, 0, 1], [1, 0, 1, 0, 1], [0, 0, 1, 1, 1]);
    expect(sideConfusion(cells, 0)).toEqual({ tp: 2, fn: 1, fp: 1, tn: 1 });
    expect(sideConfusion(cells, 1)).toEqual({ tp: 1, fn: 2, fp: 2, tn: 0 });
    expect(confusionPrecision(sideConfusion(cells, 1))).toBeCloseTo(1 / 3, 15);
  });

  it("draws the replicates of several confusion metrics once, each exactly as its own bootstrap", () => {
    const cells = tallyPairedConfusion(data.label, data.baseline, data.candidate);
    const metrics = [confusionPrecision, confusionRecall, confusionF1];
    const shared = pairedConfusionReplicates(cells, metrics, { resamples: 1000, seed: 11 });
    metrics.forEach((metric, m) => {
      const alone = pairedConfusionReplicates(cells, [metric], { resamples: 1000, seed: 11 });
      expect(shared.valid[m]).toBe(alone.valid[0]);
      expect(shared.deltas[m]).toEqual(alone.deltas[0]);
    });
  });

  it("identical models give a zero-width interval at 0 and p = 1", () => {
    const result = comparePaired({
      kind: "confusion",
      label: data.label,
      baselinePrediction: data.baseline,
      candidatePrediction: data.baseline,
      metric: confusionF1,
    });
    expect(result).toMatchObject({ delta: 0, ci: [0, 0], pValue: 1 });
  });

  it("a p-value is never below 2/(B + 1), even when every replicate favours one model", () => {
    const n = 200;
    const result = pairedBootstrap(
      n,
      () => 0,
      (w) => (w ? 1 + (w[0] ?? 0) / 1000 : 1),
      { confidence: 0.95, resamples: 1000 },
    );
    expect(result.pValue).toBeCloseTo(2 / 1001, 15);
  });

  it("refuses fewer than 1,000 resamples", () => {
    expect(() =>
      comparePaired({ kind: "bootstrap", n: 3, baseline: () => 0, candidate: () => 1 }, { resamples: 999 }),
    ).toThrow(RangeError);
  });

  it("reports no interval when the metric is undefined on too many resamples", () => {
    const result = comparePaired({
      kind: "bootstrap",
      n: 10,
      baseline: () => 0.5,
      candidate: (w) => (w && (w[0] as number) === 0 ? Number.NaN : 0.6),
    });
    // example 0 is left out of about (1 − 1/10)^10 ≈ 35% of resamples
    expect(result.ci).toBeNull();
    expect(result.pValue).toBeNull();
    expect(result.delta).toBeCloseTo(0.1, 15);
  });

  it("the Poisson scheme gives an interval close to the multinomial one", () => {
    const input = {
      kind: "bootstrap" as const,
      n: data.label.length,
      baseline: weightedF1(data.label, data.baseline),
      candidate: weightedF1(data.label, data.candidate),
    };
    const multinomial = comparePaired(input, { seed: 5 });
    const poisson = comparePaired(input, { seed: 5, scheme: "poisson" });
    const width = (multinomial.ci?.[1] ?? 0) - (multinomial.ci?.[0] ?? 0);
    expect(Math.abs((poisson.ci?.[0] ?? 0) - (multinomial.ci?.[0] ?? 0))).toBeLessThan(0.15 * width);
    expect(Math.abs((poisson.ci?.[1] ?? 0) - (multinomial.ci?.[1] ?? 0))).toBeLessThan(0.15 * width);
  });
});
