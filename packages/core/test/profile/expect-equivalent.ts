import { expect } from "vitest";
import type { DatasetProfile } from "../../src/profile/dataset-profile.js";

/**
 * Asserts two profiles are equal, except that means and variances (sums of floating-point
 * numbers in different orders) may differ by rounding: relative 1e-9 of the data's magnitude.
 */
export function expectEquivalentProfiles(actual: DatasetProfile, expected: DatasetProfile): void {
  expect(actual.rows).toBe(expected.rows);
  expect(actual.columns.map((c) => c.name)).toEqual(expected.columns.map((c) => c.name));
  actual.columns.forEach((column, k) => {
    const other = expected.columns[k]!;
    const { numeric, distinctSketch, values, ...rest } = column;
    const { numeric: otherNumeric, distinctSketch: otherSketch, values: otherValues, ...otherRest } = other;
    expect(rest).toEqual(otherRest);
    expect({ ...values, counts: [...values.counts] }).toEqual({ ...otherValues, counts: [...otherValues.counts] });
    // Large arrays are compared as text: deep equality on 16,384 registers or tens of thousands of
    // buckets is slow enough to dominate a property test.
    expect(distinctSketch === null ? null : Buffer.from(distinctSketch).toString("base64")).toBe(
      otherSketch === null ? null : Buffer.from(otherSketch).toString("base64"),
    );
    expect(numeric === null).toBe(otherNumeric === null);
    if (numeric === null || otherNumeric === null) return;
    expect(JSON.stringify(numeric.sketch)).toBe(JSON.stringify(otherNumeric.sketch));
    expect(JSON.stringify(numeric.sample)).toBe(JSON.stringify(otherNumeric.sample));
    const { mean, variance, ...exact } = numeric.moments;
    const { mean: otherMean, variance: otherVariance, ...otherExact } = otherNumeric.moments;
    expect(exact).toEqual(otherExact);
    const scale = Math.max(Math.abs(exact.min), Math.abs(exact.max), 1);
    expect(Math.abs(mean - otherMean)).toBeLessThanOrEqual(1e-9 * scale);
    expect(Math.abs(variance - otherVariance)).toBeLessThanOrEqual(1e-9 * scale * scale);
  });
}
