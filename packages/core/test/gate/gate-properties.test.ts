import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { MetricComparison } from "../../src/compare/model-diff.js";
import type { GateRuleConfig } from "../../src/config/slipway-config.js";
import { applyGatePolicy } from "../../src/gate/apply-gate-policy.js";
import { diffOf, metricRow, policy } from "./gate-fixtures.js";

const value = fc.double({ min: -5, max: 5, noNaN: true });
const tolerance = fc.double({ min: 0, max: 2, noNaN: true });

/** A row with a delta and, sometimes, an interval that may or may not contain it. */
const row = fc
  .record({
    baseline: value,
    candidate: value,
    interval: fc.option(
      fc.tuple(fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: 0, max: 3, noNaN: true })),
    ),
  })
  .map(({ baseline, candidate, interval }) => {
    const delta = candidate - baseline;
    const ci: [number, number] | null =
      interval === null ? null : [delta + interval[0] - interval[1], delta + interval[0]];
    return metricRow({
      metric: "score",
      baseline,
      candidate,
      delta,
      ci,
      n: ci ? 100 : null,
      method: ci ? "bootstrap" : "point",
    });
  });

const rule = fc.record(
  {
    min: value,
    max: value,
    max_drop: tolerance,
    max_drop_pct: fc.double({ min: 0, max: 200, noNaN: true }),
    min_gain: fc.double({ min: -1, max: 1, noNaN: true }),
    max_gain_pct: fc.double({ min: 0, max: 200, noNaN: true }),
    confidence: fc.constant(0.95),
    severity: fc.constantFrom("fail" as const, "warn" as const),
  },
  { requiredKeys: [] },
);

function negated(r: MetricComparison): MetricComparison {
  const neg = (x: number | null) => (x === null ? null : -x);
  return {
    ...r,
    baseline: neg(r.baseline),
    candidate: neg(r.candidate),
    delta: neg(r.delta),
    ci: r.ci === null ? null : [-r.ci[1], -r.ci[0]],
  };
}

describe("gate properties", () => {
  it("gives the same verdicts when the direction is swapped and every value negated", () => {
    fc.assert(
      fc.property(row, rule, (r, raw) => {
        if (Object.keys(raw).filter((k) => k !== "confidence" && k !== "severity").length === 0) return;
        const conditions: GateRuleConfig = { metric: "score", ...raw };
        if (conditions.min !== undefined && conditions.max !== undefined && conditions.min > conditions.max) return;
        const higher = policy({ ...conditions, direction: "higher" });
        // Negation swaps the bounds: candidate ≥ min ⇔ −candidate ≤ −min.
        const { min, max, ...rest } = conditions;
        const lower = policy({
          ...rest,
          ...(max !== undefined ? { min: -max } : {}),
          ...(min !== undefined ? { max: -min } : {}),
          direction: "lower",
        });
        const a = applyGatePolicy(diffOf([r]), higher);
        const b = applyGatePolicy(diffOf([negated(r)]), lower);
        expect(b.decision).toBe(a.decision);
        expect(b.metrics[0]?.verdict).toBe(a.metrics[0]?.verdict);
      }),
      { numRuns: 2000 },
    );
  });

  it("never fails a row on max_drop alone when max_drop is at least |delta|", () => {
    fc.assert(
      fc.property(
        row,
        fc.double({ min: 0, max: 3, noNaN: true }),
        fc.boolean(),
        fc.constantFrom("higher", "lower"),
        (r, extra, withConfidence, direction) => {
          const delta = r.delta as number;
          const judged = applyGatePolicy(
            diffOf([r]),
            policy({
              metric: "score",
              max_drop: Math.abs(delta) + extra,
              direction: direction as "higher" | "lower",
              ...(withConfidence ? { confidence: 0.95 } : {}),
            }),
          );
          expect(judged.decision).toBe("pass");
        },
      ),
      { numRuns: 2000 },
    );
  });
});
