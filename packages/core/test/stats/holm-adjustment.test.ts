import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { holmAdjust } from "../../src/stats/holm-adjustment.js";
import { loadStatsFixture } from "./load-fixture.js";

const cases = loadStatsFixture<{ pValues: number[]; adjusted: number[] }[]>("holm.json");

describe("Holm–Bonferroni adjustment", () => {
  it("equals statsmodels' multipletests(method='holm') semantics", () => {
    for (const { pValues, adjusted } of cases) {
      const ours = holmAdjust(pValues) as number[];
      for (let i = 0; i < ours.length; i++) expect(ours[i]).toBeCloseTo(adjusted[i] as number, 15);
    }
  });

  it("leaves untested slices out of the family size", () => {
    expect(holmAdjust([0.01, null, 0.04])).toEqual([0.02, null, 0.04]);
  });

  it("adjusted p-values are at least the raw ones, at most 1, and keep the raw order", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 40 }), (raw) => {
        const adjusted = holmAdjust(raw) as number[];
        for (let i = 0; i < raw.length; i++) {
          expect(adjusted[i]).toBeGreaterThanOrEqual(raw[i] as number);
          expect(adjusted[i]).toBeLessThanOrEqual(1);
          for (let j = 0; j < raw.length; j++) {
            if ((raw[i] as number) <= (raw[j] as number)) {
              expect(adjusted[i]).toBeLessThanOrEqual(adjusted[j] as number);
            }
          }
        }
      }),
    );
  });
});
