import { describe, expect, it } from "vitest";
import { comparePaired } from "../../src/stats/compare-paired.js";
import { deLongPairedAuc } from "../../src/stats/delong-test.js";
import { midranks } from "../../src/stats/midranks.js";
import { loadStatsFixture } from "./load-fixture.js";

interface DeLongCase {
  label: number[];
  baselineScore: number[];
  candidateScore: number[];
  baselineAuc: number;
  candidateAuc: number;
  delta: number;
  baselineVariance: number;
  candidateVariance: number;
  covariance: number;
  deltaVariance: number;
  ci95: [number, number];
  pValue: number;
}

const cases = loadStatsFixture<DeLongCase[]>("delong.json");

describe("DeLong paired AUC comparison", () => {
  it("matches a direct O(m·n) implementation of DeLong's structural components, ties included", () => {
    for (const c of cases) {
      const result = deLongPairedAuc(
        c.label,
        Float64Array.from(c.baselineScore),
        Float64Array.from(c.candidateScore),
        0.95,
      );
      expect(result.baselineAuc).toBeCloseTo(c.baselineAuc, 13);
      expect(result.candidateAuc).toBeCloseTo(c.candidateAuc, 13);
      expect(result.delta).toBeCloseTo(c.delta, 13);
      expect(result.baselineVariance).toBeCloseTo(c.baselineVariance, 14);
      expect(result.candidateVariance).toBeCloseTo(c.candidateVariance, 14);
      expect(result.covariance).toBeCloseTo(c.covariance, 14);
      expect(result.deltaVariance).toBeCloseTo(c.deltaVariance, 14);
      expect(result.ci?.[0]).toBeCloseTo(c.ci95[0], 12);
      expect(result.ci?.[1]).toBeCloseTo(c.ci95[1], 12);
      expect(result.pValue).toBeCloseTo(c.pValue, 12);
    }
  });

  it("gives tied values the mean of the ranks they share", () => {
    expect(Array.from(midranks(Float64Array.from([3, 1, 3, 2, 3, 1])))).toEqual([5, 1.5, 5, 3, 5, 1.5]);
  });

  it("reports no interval when a class has fewer than two examples", () => {
    const result = comparePaired({
      kind: "roc-auc",
      label: [1, 0, 0, 0],
      baselineScore: Float64Array.from([0.9, 0.1, 0.2, 0.3]),
      candidateScore: Float64Array.from([0.8, 0.1, 0.9, 0.3]),
    });
    expect(result.method).toBe("delong");
    expect(result.delta).toBeCloseTo(-1 / 3, 15);
    expect(result.ci).toBeNull();
    expect(result.pValue).toBeNull();
  });

  it("collapses to a point when both models rank perfectly", () => {
    const result = comparePaired({
      kind: "roc-auc",
      label: [1, 1, 0, 0],
      baselineScore: Float64Array.from([0.9, 0.8, 0.1, 0.2]),
      candidateScore: Float64Array.from([0.7, 0.6, 0.5, 0.4]),
    });
    expect(result).toMatchObject({ baseline: 1, candidate: 1, delta: 0, ci: [0, 0], pValue: 1 });
  });
});
