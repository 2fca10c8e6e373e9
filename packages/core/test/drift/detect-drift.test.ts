import { describe, expect, it } from "vitest";
import { detectColumnDrift, detectDrift } from "../../src/drift/detect-drift.js";
import { sampleDistribution, sketchDistribution } from "../../src/drift/empirical-distribution.js";
import { kolmogorovSmirnovTest } from "../../src/drift/kolmogorov-smirnov.js";
import { PSI_EMPTY_BIN_PROPORTION } from "../../src/drift/population-stability-index.js";
import { wassersteinDistance } from "../../src/drift/wasserstein-distance.js";
import { InputError } from "../../src/errors/input-error.js";
import { QUANTILE_RELATIVE_ACCURACY, type QuantileSketch, sketchBuckets } from "../../src/profile/quantile-sketch.js";
import { normalQuantile } from "../../src/stats/normal-distribution.js";
import { Xoshiro128 } from "../../src/stats/xoshiro128.js";
import { profileOf } from "../profile/batch-of.js";

function normals(seed: number, n: number, mean = 0, sd = 1): number[] {
  const random = new Xoshiro128(seed);
  return Array.from({ length: n }, () => mean + sd * normalQuantile(random.nextFloat() * 0.999998 + 0.000001));
}

function categories(counts: Record<string, number>): string[] {
  return Object.entries(counts).flatMap(([value, count]) => new Array<string>(count).fill(value));
}

const column = (values: unknown[]) => profileOf({ x: values }).columns[0]!;

describe("drift per column", () => {
  it("reports the value of an undrifted column, not only of drifted ones", () => {
    const data = normals(1, 300);
    const drift = detectColumnDrift(column(data), column(data));
    expect(drift).toMatchObject({ column: "x", method: "ks", threshold: 0.05, drifted: false });
    expect(drift.value).toBe(1);
    expect(drift.measures.wasserstein).toBe(0);
    expect(drift.measures.psi).toBe(0);
  });

  it("uses tests at 1,000 values or fewer and effect sizes above", () => {
    const small = detectColumnDrift(column(normals(1, 1_000)), column(normals(2, 1_000)));
    expect(small.method).toBe("ks");
    const large = detectColumnDrift(column(normals(1, 1_001)), column(normals(2, 1_001)));
    expect({ method: large.method, threshold: large.threshold }).toEqual({
      method: "wasserstein",
      threshold: 0.1,
    });
    const cats = { a: 600, b: 300, c: 101 };
    expect(detectColumnDrift(column(categories(cats)), column(categories(cats))).method).toBe("jensen_shannon");
    const few = { a: 60, b: 30, c: 10 };
    expect(detectColumnDrift(column(categories(few)), column(categories(few))).method).toBe("chi2");
  });

  it("flags a shifted distribution and not an equal one at large n", () => {
    const reference = column(normals(1, 20_000));
    expect(detectColumnDrift(reference, column(normals(2, 20_000))).drifted).toBe(false);
    const shifted = detectColumnDrift(reference, column(normals(3, 20_000, 0.3)));
    expect(shifted.drifted).toBe(true);
    expect(shifted.value).toBeGreaterThan(0.25);
  });

  it("applies a column's method and threshold override", () => {
    const reference = column(normals(1, 400));
    const current = column(normals(2, 400, 0.15));
    const drift = detectColumnDrift(reference, current, { method: "psi", threshold: 0.01 });
    expect(drift.method).toBe("psi");
    expect(drift.threshold).toBe(0.01);
    expect(drift.value).toBe(drift.measures.psi);
    expect(drift.drifted).toBe(drift.value! >= 0.01);
  });

  it("rejects a method that does not fit the column's kind", () => {
    const rule = { kind: "numeric", method: "jensen_shannon" } as const;
    expect(() => detectColumnDrift(column(normals(1, 50)), column(normals(2, 50)), rule)).toThrow(InputError);
    expect(() => detectColumnDrift(column(["a"]), column(["b"]), { kind: "categorical", method: "ks" })).toThrow(
      /does not apply to a categorical/,
    );
    expect(() => detectColumnDrift(column(["a"]), column(["b"]), { method: "chi2", threshold: 2 })).toThrow(
      /out of range/,
    );
  });

  it("flags a column that became all missing, with no value", () => {
    const drift = detectColumnDrift(column(normals(1, 100)), column(new Array(100).fill(null)));
    expect(drift).toMatchObject({ value: null, drifted: true, currentCount: 0 });
    const both = detectColumnDrift(column([null, ""]), column([null]));
    expect(both).toMatchObject({ value: null, drifted: false });
  });

  it("compares against a constant reference column with the 0.001 floor on the deviation", () => {
    const constant = column(new Array(50).fill(5));
    const same = detectColumnDrift(constant, column(new Array(40).fill(5)), { method: "wasserstein" });
    expect(same).toMatchObject({ value: 0, drifted: false });
    const moved = detectColumnDrift(constant, column(new Array(40).fill(5.5)), { method: "wasserstein" });
    expect(moved.value).toBeCloseTo(0.5 / 0.001, 9);
    expect(moved.drifted).toBe(true);
  });

  it("counts a new category in every measure, with PSI's empty-bin proportion", () => {
    const reference = column(categories({ a: 50, b: 50 }));
    const current = column(categories({ a: 40, b: 40, c: 20 }));
    const drift = detectColumnDrift(reference, current);
    const e = PSI_EMPTY_BIN_PROPORTION;
    const psi = 2 * (0.4 - 0.5) * Math.log(0.4 / 0.5) + (0.2 - e) * Math.log(0.2 / e);
    expect(drift.measures.psi).toBeCloseTo(psi, 12);
    expect(drift.measures.linf).toBeCloseTo(0.2, 12);
    expect(drift.measures.jensen_shannon).toBeGreaterThan(0.2);
    expect(drift.drifted).toBe(true);
  });

  it("takes the column's kind from a method that fits one kind only", () => {
    const drift = detectColumnDrift(column([1, 2, 3, 1, 2]), column([1, 2, 2, 2, 3]), { method: "wasserstein" });
    expect(drift.kind).toBe("numeric");
  });

  it("compares a numeric column with few distinct values as categories", () => {
    const drift = detectColumnDrift(column([0, 1, 1, 0, 1, 0, 1, 1]), column([1, 1, 1, 1, 0, 1, 1, 1]));
    expect(drift.kind).toBe("categorical");
    expect(drift.method).toBe("chi2");
  });
});

describe("drift from sketches at large n", () => {
  const reference = normals(5, 30_000, 10, 2);
  const current = normals(6, 30_000, 10.4, 2.2);
  const ref = column(reference);
  const cur = column(current);
  const exactRef = sampleDistribution([...reference].sort((a, b) => a - b));
  const exactCur = sampleDistribution([...current].sort((a, b) => a - b));

  it("keeps Wasserstein-1 within 1% of the mean magnitudes of the exact value", () => {
    const drift = detectColumnDrift(ref, cur);
    expect(drift.exact).toBe(false);
    const exact = wassersteinDistance(exactRef, exactCur)!;
    const meanAbs = (values: number[]) => values.reduce((s, v) => s + Math.abs(v), 0) / values.length;
    const bound = QUANTILE_RELATIVE_ACCURACY * (meanAbs(reference) + meanAbs(current));
    expect(Math.abs(drift.measures.wasserstein_distance! - exact)).toBeLessThanOrEqual(bound);
  });

  it("keeps the KS statistic between the exact one less the heaviest buckets and the exact one", () => {
    const exact = kolmogorovSmirnovTest(exactRef, exactCur, true)!.statistic;
    const sketched = kolmogorovSmirnovTest(
      sketchDistribution(ref.numeric!.sketch),
      sketchDistribution(cur.numeric!.sketch),
      false,
    )!;
    const heaviest = (sketch: QuantileSketch) => Math.max(...sketchBuckets(sketch).map((b) => b.count)) / sketch.count;
    expect(sketched.statistic).toBeLessThanOrEqual(exact + 1e-12);
    expect(sketched.statistic).toBeGreaterThanOrEqual(
      exact - heaviest(ref.numeric!.sketch) - heaviest(cur.numeric!.sketch),
    );
    expect(sketched.exact).toBe(false);
    expect(sketched.pValue).toBeLessThan(1e-6);
  });
});

describe("dataset drift", () => {
  const reference = profileOf({
    price: normals(1, 500, 100, 10),
    color: categories({ red: 200, blue: 200, green: 100 }),
    size: normals(2, 500),
    id: Array.from({ length: 500 }, (_, k) => `id-${k}`),
  });
  const current = profileOf({
    price: normals(3, 500, 130, 10),
    color: categories({ red: 100, blue: 100, green: 300 }),
    size: normals(4, 500),
    extra: new Array(500).fill(1),
  });

  it("reports the share of drifted columns against the threshold", () => {
    const report = detectDrift(reference, current);
    expect(report.rows.map((row) => [row.column, row.drifted])).toEqual([
      ["price", true],
      ["color", true],
      ["size", false],
    ]);
    expect(report.share).toBeCloseTo(2 / 3, 12);
    expect(report.drifted).toBe(true);
    expect(detectDrift(reference, current, { driftShare: 0.7 }).drifted).toBe(false);
  });

  it("lists columns one side lacks and leaves out ignored columns", () => {
    const report = detectDrift(reference, current, { ignore: ["size"] });
    expect(report.referenceOnly).toEqual(["id"]);
    expect(report.currentOnly).toEqual(["extra"]);
    expect(report.rows.map((row) => row.column)).toEqual(["price", "color"]);
  });

  it("writes rows in the slipway/validation@1 drift shape", () => {
    const report = detectDrift(reference, current, { columns: { size: { method: "psi" } } });
    for (const row of report.rows)
      expect(Object.keys(row).sort()).toEqual(["column", "drifted", "method", "threshold", "value"]);
    expect(report.rows[2]).toMatchObject({ column: "size", method: "psi", threshold: 0.2 });
  });
});
