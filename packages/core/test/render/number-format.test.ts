import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decimalsForValues,
  formatConfidence,
  formatCount,
  formatInterval,
  formatMetricValue,
  formatPValue,
  formatSignedDelta,
  MINUS_SIGN,
} from "../../src/render/number-format.js";

describe("number formatting", () => {
  it("shows metrics on a 0–1 scale with 4 decimals and larger ones with 5 significant digits", () => {
    expect(formatMetricValue(0.91234)).toBe("0.9123");
    expect(formatMetricValue(1)).toBe("1.0000");
    expect(formatMetricValue(12.3456)).toBe("12.346");
    expect(formatMetricValue(31_204.7)).toBe("31,205");
    expect(formatMetricValue(-0.0412)).toBe(`${MINUS_SIGN}0.0412`);
    expect(formatMetricValue(-0.00001)).toBe("0.0000");
    expect(formatMetricValue(null)).toBe("—");
    expect(formatMetricValue(2.5e18)).toBe("2.500e18");
  });

  it("signs every delta with + or the minus sign, keeping the sign of changes too small to show", () => {
    expect(formatSignedDelta(0.0123)).toBe("+0.0123");
    expect(formatSignedDelta(-0.0123)).toBe(`${MINUS_SIGN}0.0123`);
    expect(formatSignedDelta(0)).toBe("0.0000");
    expect(formatSignedDelta(-0.00001)).toBe(`${MINUS_SIGN}0.0000`);
    expect(formatSignedDelta(-1327.5, decimalsForValues(31_204.7, 29_877.2))).toBe(`${MINUS_SIGN}1,328`);
    expect(formatInterval([-0.011, 0.0034])).toBe(`[${MINUS_SIGN}0.0110, +0.0034]`);
    expect(formatSignedDelta(10, decimalsForValues(30, 40))).toBe("+10");
    expect(formatMetricValue(1, decimalsForValues(1, 1))).toBe("1.0000");
  });

  it("never uses an ASCII hyphen as a minus sign", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), (x) => {
        expect(formatMetricValue(x)).not.toContain("-");
        expect(formatSignedDelta(x)).not.toContain("-");
      }),
    );
  });

  it("prints small p-values as <0.001", () => {
    expect(formatPValue(0.0004)).toBe("<0.001");
    expect(formatPValue(0.001)).toBe("0.001");
    expect(formatPValue(0.04213)).toBe("0.042");
    expect(formatPValue(null)).toBe("—");
  });

  it("groups counts by thousands regardless of the machine's locale", () => {
    expect(formatCount(12_045)).toBe("12,045");
    expect(formatCount(999)).toBe("999");
    expect(formatCount(1_000_000)).toBe("1,000,000");
    expect(formatConfidence(0.95)).toBe("95%");
    expect(formatConfidence(0.975)).toBe("97.5%");
  });
});
