import { describe, expect, it } from "vitest";
import { comparePaired } from "../../src/stats/compare-paired.js";
import { loadStatsFixture } from "./load-fixture.js";

interface PairedMeanCase {
  baseline: number[];
  candidate: number[];
  confidence: number;
  delta: number;
  ci: [number, number];
  pValue: number;
}

const cases = loadStatsFixture<PairedMeanCase[]>("paired-mean.json");

describe("paired mean comparison", () => {
  it("equals scipy's paired t-test and t interval on per-example values", () => {
    for (const c of cases) {
      const result = comparePaired(
        { kind: "mean", baseline: c.baseline, candidate: c.candidate },
        { confidence: c.confidence },
      );
      expect(result.method).toBe("paired-mean");
      expect(result.n).toBe(c.baseline.length);
      expect(result.delta).toBeCloseTo(c.delta, 13);
      expect(result.ci?.[0]).toBeCloseTo(c.ci[0], 9);
      expect(result.ci?.[1]).toBeCloseTo(c.ci[1], 9);
      expect(result.pValue).toBeCloseTo(c.pValue, 9);
    }
  });

  it("reports no interval for a single example", () => {
    const result = comparePaired({ kind: "mean", baseline: [0.3], candidate: [0.2] });
    expect(result.ci).toBeNull();
    expect(result.pValue).toBeNull();
    expect(result.delta).toBeCloseTo(-0.1, 15);
  });

  it("collapses to the point when every per-example difference is the same", () => {
    const result = comparePaired({ kind: "mean", baseline: [0.1, 0.2, 0.3], candidate: [0.1, 0.2, 0.3] });
    expect(result).toMatchObject({ delta: 0, ci: [0, 0], pValue: 1 });
  });
});
