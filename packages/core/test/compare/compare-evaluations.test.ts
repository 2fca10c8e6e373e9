import { describe, expect, it } from "vitest";
import {
  compareEvaluations,
  comparePairedPredictions,
  POINT_ESTIMATES_NOTE,
} from "../../src/compare/compare-evaluations.js";
import type { MetricComparison } from "../../src/compare/model-diff.js";
import type { PairedPredictions } from "../../src/eval/paired-predictions.js";
import { binaryMetrics } from "../../src/metrics/binary-metrics.js";
import { simulatedBinary } from "./simulated-predictions.js";

const sources = { baselineSource: "baseline.json", candidateSource: "candidate.json" };
const row = (rows: readonly MetricComparison[], metric: string, slice: string | null = null) => {
  const found = rows.find((r) => r.metric === metric && r.slice === slice);
  if (!found) throw new Error(`no row ${metric} ${slice}`);
  return found;
};

describe("comparing per-example predictions", () => {
  const paired = simulatedBinary(3000, 1);
  const diff = compareEvaluations({ kind: "predictions", paired }, { ...sources, resamples: 1000 });

  it("reports every binary metric overall and for every slice value, overall rows first", () => {
    const overall = diff.metrics.filter((r) => r.slice === null).map((r) => r.metric);
    expect(overall).toEqual([
      "accuracy",
      "precision",
      "recall",
      "f1",
      "roc_auc",
      "average_precision",
      "log_loss",
      "brier",
      "ece",
    ]);
    expect([...new Set(diff.metrics.map((r) => r.slice))]).toEqual([null, "region=eu", "region=us", "region=apac"]);
    const firstSlice = diff.metrics.findIndex((r) => r.slice !== null);
    expect(diff.metrics.slice(firstSlice).every((r) => r.slice !== null)).toBe(true);
  });

  it("computes each side's values exactly as the metric functions do, on the slice's examples", () => {
    const codes = paired.slices.get("region")?.codes as Int32Array;
    const keep = Array.from({ length: paired.n }, (_, i) => i).filter((i) => codes[i] === 1);
    const pick = (x: Float64Array) => Float64Array.from(keep, (i) => x[i] as number);
    const expected = binaryMetrics({
      label: pick(paired.label),
      prediction: pick(paired.candidate.prediction),
      score: pick(paired.candidate.score as Float64Array),
    });
    for (const metric of ["accuracy", "f1", "roc_auc", "average_precision", "ece"]) {
      expect(row(diff.metrics, metric, "region=us").candidate).toBeCloseTo(expected[metric] as number, 12);
    }
    expect(row(diff.metrics, "accuracy", "region=us").n).toBe(keep.length);
  });

  it("uses the method that fits each metric", () => {
    const methods = Object.fromEntries(diff.metrics.filter((r) => r.slice === null).map((r) => [r.metric, r.method]));
    expect(methods).toEqual({
      accuracy: "mcnemar-newcombe",
      precision: "bootstrap",
      recall: "bootstrap",
      f1: "bootstrap",
      roc_auc: "delong",
      average_precision: "bootstrap",
      log_loss: "paired-mean",
      brier: "paired-mean",
      ece: "bootstrap",
    });
  });

  it("gives every paired row an interval around its delta, and Holm-adjusted slice p-values no smaller than raw", () => {
    for (const r of diff.metrics) {
      expect(r.ci).not.toBeNull();
      const [lo, hi] = r.ci as [number, number];
      expect(lo).toBeLessThanOrEqual(hi);
      if (r.slice !== null) expect(r.p_adjusted as number).toBeGreaterThanOrEqual(r.p_value as number);
      else expect(r.p_adjusted).toBe(r.p_value);
    }
  });

  it("counts flips and lists the most confidently wrong new mistakes first", () => {
    const flips = diff.flips;
    expect(flips).toBeDefined();
    let improved = 0;
    let regressed = 0;
    for (let i = 0; i < paired.n; i++) {
      const b = paired.baseline.prediction[i] === paired.label[i];
      const c = paired.candidate.prediction[i] === paired.label[i];
      if (b && !c) regressed++;
      if (!b && c) improved++;
    }
    expect(flips?.regressed).toBe(regressed);
    expect(flips?.improved).toBe(improved);
    expect(flips?.unchanged).toBe(paired.n - improved - regressed);
    const worst = flips?.examples.regressed ?? [];
    expect(worst).toHaveLength(10);
    const confidence = worst.map((e) =>
      e.candidate_prediction === "1" ? (e.candidate_score as number) : 1 - (e.candidate_score as number),
    );
    expect(confidence).toEqual([...confidence].sort((a, b) => b - a));
    expect(worst.every((e) => e.baseline_prediction === e.label && e.candidate_prediction !== e.label)).toBe(true);
  });

  it("summarises how the statistics were computed", () => {
    expect(diff.statistics).toEqual({
      confidence: 0.95,
      resamples: 1000,
      seed: 0x5eed,
      correction: "holm",
      paired: 3000,
      unpaired: { baseline_only: 0, candidate_only: 0 },
    });
    expect(diff.decision).toBe("pass");
    expect(diff.metrics.every((r) => r.verdict === "not-gated")).toBe(true);
  });

  it("is reproducible: the same inputs and seed give the same diff", () => {
    const again = compareEvaluations({ kind: "predictions", paired }, { ...sources, resamples: 1000 });
    expect(again).toEqual(diff);
  });
});

describe("comparing without per-example statistics where they cannot exist", () => {
  it("notes unpaired rows, and computes intervals at the extra levels rules ask for", () => {
    const paired: PairedPredictions = { ...simulatedBinary(500, 2), unpaired: { baselineOnly: 3, candidateOnly: 5 } };
    const diff = comparePairedPredictions(paired, { ...sources, resamples: 1000, extraConfidences: [0.99] });
    expect(diff.notes).toContain(
      "3 baseline and 5 candidate rows have no counterpart with the same id; they are left out of every paired statistic",
    );
    const auc = row(diff.metrics, "roc_auc");
    const wide = auc.intervals?.["0.99"] as [number, number];
    const [lo, hi] = auc.ci as [number, number];
    expect(wide[0]).toBeLessThan(lo);
    expect(wide[1]).toBeGreaterThan(hi);
  });

  it("keeps a score metric one side lacks as a row with null on that side", () => {
    const base = simulatedBinary(400, 3);
    const paired: PairedPredictions = { ...base, baseline: { ...base.baseline, score: null } };
    const diff = comparePairedPredictions(paired, { ...sources, resamples: 1000 });
    const auc = row(diff.metrics, "roc_auc");
    expect(auc.baseline).toBeNull();
    expect(auc.candidate).not.toBeNull();
    expect(auc.delta).toBeNull();
    expect(auc.ci).toBeNull();
    expect(auc.method).toBe("point");
  });

  it("has no flips for regression, and says why", () => {
    const label = Float64Array.from({ length: 200 }, (_, i) => i / 10);
    const paired: PairedPredictions = {
      task: "regression",
      n: 200,
      ids: Array.from({ length: 200 }, (_, i) => String(i)),
      label,
      classes: null,
      baseline: { prediction: label.map((y, i) => y + ((i % 7) - 3) / 10), score: null },
      candidate: { prediction: label.map((y, i) => y + ((i % 5) - 2) / 10), score: null },
      slices: new Map(),
      unpaired: { baselineOnly: 0, candidateOnly: 0 },
    };
    const diff = comparePairedPredictions(paired, { ...sources, resamples: 1000 });
    expect(diff.flips).toBeUndefined();
    expect(diff.notes.some((n) => n.startsWith("regression has no per-example flips"))).toBe(true);
    expect(diff.metrics.map((r) => [r.metric, r.method, r.direction])).toEqual([
      ["mae", "paired-mean", "lower"],
      ["rmse", "bootstrap", "lower"],
      ["r2", "bootstrap", "higher"],
    ]);
  });

  it("adds report-only metrics such as latency as point rows next to the paired ones", () => {
    const paired = simulatedBinary(300, 4);
    const report = (latency: number) => ({
      source: "r.json",
      model: "churn",
      task: "binary-classification" as const,
      metrics: new Map([
        ["accuracy", 0.5],
        ["latency.p95", latency],
      ]),
      slices: new Map(),
    });
    const diff = comparePairedPredictions(
      paired,
      { ...sources, resamples: 1000 },
      {
        baseline: report(120),
        candidate: report(130),
      },
    );
    const latency = row(diff.metrics, "latency.p95");
    expect(latency).toMatchObject({
      baseline: 120,
      candidate: 130,
      delta: 10,
      method: "point",
      n: null,
      direction: null,
    });
    expect(row(diff.metrics, "accuracy").method).toBe("mcnemar-newcombe");
    expect(diff.model).toBe("churn");
    expect(diff.notes).toContain("latency.p95: read from the eval reports only, so compared on point estimates");
  });
});

describe("comparing two metrics files", () => {
  const report = (metrics: [string, number][], slices: [string, [string, number][]][] = []) => ({
    source: "m.json",
    model: undefined,
    task: "binary-classification" as const,
    metrics: new Map(metrics),
    slices: new Map(slices.map(([name, m]) => [name, new Map(m)])),
  });

  it("compares point estimates overall and per report slice, with null where a side lacks a metric", () => {
    const diff = compareEvaluations(
      {
        kind: "reports",
        baseline: report(
          [
            ["roc_auc", 0.9],
            ["latency.p95", 100],
          ],
          [["region=eu", [["roc_auc", 0.88]]]],
        ),
        candidate: report(
          [
            ["roc_auc", 0.91],
            ["ece", 0.02],
          ],
          [["region=eu", [["roc_auc", 0.86]]]],
        ),
      },
      sources,
    );
    expect(diff.statistics).toBeNull();
    expect(diff.flips).toBeUndefined();
    expect(diff.notes).toEqual([POINT_ESTIMATES_NOTE]);
    expect(diff.metrics.map((r) => [r.metric, r.slice, r.baseline, r.candidate])).toEqual([
      ["roc_auc", null, 0.9, 0.91],
      ["latency.p95", null, 100, null],
      ["ece", null, null, 0.02],
      ["roc_auc", "region=eu", 0.88, 0.86],
    ]);
    const eu = row(diff.metrics, "roc_auc", "region=eu");
    expect(eu.delta).toBeCloseTo(-0.02, 12);
    expect(eu).toMatchObject({ ci: null, p_value: null, n: null, method: "point", direction: "higher" });
  });
});
