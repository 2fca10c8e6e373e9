import { describe, expect, it } from "vitest";
import { comparePaired } from "../../src/stats/compare-paired.js";
import { mcnemarTest } from "../../src/stats/mcnemar-test.js";
import { newcombePairedInterval } from "../../src/stats/newcombe-paired-interval.js";
import type { PairedOutcomeTable } from "../../src/stats/paired-outcome-table.js";
import { loadStatsFixture } from "./load-fixture.js";

interface ProportionCase extends PairedOutcomeTable {
  pValue: number;
  variant: "exact" | "chi-square-cc";
  ci95?: [number, number];
  ci90?: [number, number];
}

const cases = loadStatsFixture<ProportionCase[]>("paired-proportions.json");

function outcomes(table: PairedOutcomeTable): { baseline: Uint8Array; candidate: Uint8Array } {
  const n = table.bothCorrect + table.candidateOnly + table.baselineOnly + table.neither;
  const baseline = new Uint8Array(n);
  const candidate = new Uint8Array(n);
  let i = 0;
  for (let k = 0; k < table.bothCorrect; k++, i++) {
    baseline[i] = 1;
    candidate[i] = 1;
  }
  for (let k = 0; k < table.candidateOnly; k++, i++) candidate[i] = 1;
  for (let k = 0; k < table.baselineOnly; k++, i++) baseline[i] = 1;
  return { baseline, candidate };
}

describe("McNemar test and Newcombe interval", () => {
  it("McNemar p-values equal scipy's exact binomial test (and chi-square with continuity correction for huge tables)", () => {
    for (const c of cases) {
      const result = mcnemarTest(c);
      expect(result.variant).toBe(c.variant);
      expect(result.pValue).toBeCloseTo(c.pValue, 12);
    }
  });

  it("Newcombe's hybrid score interval equals the reference at 95% and 90%", () => {
    for (const c of cases) {
      const ci95 = newcombePairedInterval(c, 0.95);
      const ci90 = newcombePairedInterval(c, 0.9);
      if (!c.ci95 || !c.ci90) {
        expect(ci95).toBeNull();
        continue;
      }
      expect(ci95?.[0]).toBeCloseTo(c.ci95[0], 12);
      expect(ci95?.[1]).toBeCloseTo(c.ci95[1], 12);
      expect(ci90?.[0]).toBeCloseTo(c.ci90[0], 12);
      expect(ci90?.[1]).toBeCloseTo(c.ci90[1], 12);
    }
  });

  it("comparing per-example outcomes reports accuracy delta, interval and p-value from the paired table", () => {
    const table = { bothCorrect: 700, candidateOnly: 60, baselineOnly: 80, neither: 160 };
    const reference = cases.find((c) => c.bothCorrect === 700 && c.candidateOnly === 60);
    const result = comparePaired({ kind: "proportion", ...outcomes(table) });
    expect(result).toMatchObject({ n: 1000, method: "mcnemar-newcombe", confidence: 0.95 });
    expect(result.baseline).toBeCloseTo(0.78, 15);
    expect(result.candidate).toBeCloseTo(0.76, 15);
    expect(result.delta).toBeCloseTo(-0.02, 15);
    expect(result.ci?.[0]).toBeCloseTo(reference?.ci95?.[0] ?? Number.NaN, 12);
    expect(result.pValue).toBeCloseTo(reference?.pValue ?? Number.NaN, 12);
  });

  it("keeps the interval inside [-1, 1] when every example flips", () => {
    const ci = newcombePairedInterval({ bothCorrect: 0, candidateOnly: 12, baselineOnly: 0, neither: 0 }, 0.95);
    expect(ci?.[1]).toBeLessThanOrEqual(1);
    expect(ci?.[0]).toBeGreaterThan(0);
  });

  it("reports no interval or p-value for zero paired examples", () => {
    const empty = comparePaired({ kind: "proportion", baseline: [], candidate: [] });
    expect(empty.ci).toBeNull();
    expect(empty.pValue).toBeNull();
    expect(empty.n).toBe(0);
  });

  it("rejects outcomes that are not 0 or 1", () => {
    expect(() => comparePaired({ kind: "proportion", baseline: [1, 0.5], candidate: [1, 0] })).toThrow(RangeError);
  });
});
