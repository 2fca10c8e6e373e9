import { describe, expect, it } from "vitest";
import { regularizedIncompleteBeta } from "../../src/stats/incomplete-beta.js";
import { logGamma } from "../../src/stats/log-gamma.js";
import { erfc, normalCdf, normalQuantile, normalTwoSidedPValue } from "../../src/stats/normal-distribution.js";
import { studentTCdf, studentTCriticalValue, studentTTwoSidedPValue } from "../../src/stats/student-t-distribution.js";
import { loadStatsFixture } from "./load-fixture.js";

interface SpecialFunctions {
  normalCdf: { z: number; cdf: number; twoSided: number }[];
  erfc: { x: number; erfc: number }[];
  normalQuantile: { p: number; quantile: number }[];
  logGamma: { x: number; logGamma: number }[];
  incompleteBeta: { x: number; a: number; b: number; value: number }[];
  studentT: { t: number; df: number; cdf: number; twoSided: number }[];
  studentTCritical: { confidence: number; df: number; critical: number }[];
}

const reference = loadStatsFixture<SpecialFunctions>("special-functions.json");

function expectRelative(actual: number, expected: number, tolerance: number): void {
  if (expected === 0) expect(Math.abs(actual)).toBeLessThan(tolerance);
  else expect(Math.abs(actual - expected) / Math.abs(expected)).toBeLessThan(tolerance);
}

describe("distribution functions match scipy", () => {
  it("erfc keeps relative precision deep in the tail", () => {
    for (const { x, erfc: expected } of reference.erfc) expectRelative(erfc(x), expected, 1e-13);
  });

  it("normal cdf and two-sided p-values agree to 1e-12 relative", () => {
    for (const { z, cdf, twoSided } of reference.normalCdf) {
      expectRelative(normalCdf(z), cdf, 1e-12);
      expectRelative(normalTwoSidedPValue(z), twoSided, 1e-12);
    }
  });

  it("normal quantiles agree to 1e-12", () => {
    for (const { p, quantile } of reference.normalQuantile) expectRelative(normalQuantile(p), quantile, 1e-12);
  });

  it("log-gamma agrees to 1e-13 (relative, absolute near its zeros at 1 and 2)", () => {
    for (const { x, logGamma: expected } of reference.logGamma) {
      if (Math.abs(expected) < 1) expect(Math.abs(logGamma(x) - expected)).toBeLessThan(1e-13);
      else expectRelative(logGamma(x), expected, 1e-13);
    }
  });

  it("the regularised incomplete beta agrees to 1e-12", () => {
    for (const { x, a, b, value } of reference.incompleteBeta) {
      expectRelative(regularizedIncompleteBeta(x, a, b), value, 1e-12);
    }
  });

  it("Student t cdf, p-values and critical values agree with scipy", () => {
    for (const { t, df, cdf, twoSided } of reference.studentT) {
      expectRelative(studentTCdf(t, df), cdf, 1e-9);
      expectRelative(studentTTwoSidedPValue(t, df), twoSided, 1e-9);
    }
    // scipy's t.ppf is itself only good to ~1e-10 relative; the tail at our value is checked tighter.
    for (const { confidence, df, critical } of reference.studentTCritical) {
      const ours = studentTCriticalValue(confidence, df);
      expectRelative(ours, critical, 1e-9);
      expectRelative(studentTTwoSidedPValue(ours, df), 1 - confidence, 1e-10);
    }
  });

  it("the t critical value with one degree of freedom is the Cauchy quantile tan(π·c/2)", () => {
    for (const confidence of [0.5, 0.9, 0.95, 0.99]) {
      expectRelative(studentTCriticalValue(confidence, 1), Math.tan((Math.PI * confidence) / 2), 1e-13);
    }
  });
});
