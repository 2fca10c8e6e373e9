import { describe, expect, it } from "vitest";
import { compareEvaluations } from "../../src/compare/compare-evaluations.js";
import { applyGatePolicy } from "../../src/gate/apply-gate-policy.js";
import { gatePolicyFromRules, policyConfidenceLevels } from "../../src/gate/gate-policy.js";
import { Xoshiro128 } from "../../src/stats/xoshiro128.js";
import { pairedOutcomes, simulatedBinary } from "../compare/simulated-predictions.js";

const sources = { baselineSource: "baseline", candidateSource: "candidate" };

describe("the gate through the whole pipeline", () => {
  it("blocks at most alpha of the time when the true accuracy drop is exactly the tolerated one", () => {
    // Baseline accuracy 0.85, candidate 0.83: the true delta is −0.02 = −max_drop.
    const cells = { bothRight: 0.8, baselineOnly: 0.05, candidateOnly: 0.03 };
    const policy = gatePolicyFromRules([{ metric: "accuracy", max_drop: 0.02, confidence: 0.95 }]);
    const rng = new Xoshiro128(20240601);
    const datasets = 1000;
    let blocked = 0;
    let pointBeyond = 0;
    for (let k = 0; k < datasets; k++) {
      const paired = pairedOutcomes(2000, rng, cells);
      const diff = compareEvaluations(
        { kind: "predictions", paired },
        { ...sources, resamples: 1000, seed: k, extraConfidences: policyConfidenceLevels(policy) },
      );
      const judged = applyGatePolicy(diff, policy);
      if (judged.decision === "fail") blocked++;
      const accuracy = judged.metrics.find((r) => r.metric === "accuracy" && r.slice === null);
      if ((accuracy?.delta as number) < -0.02) pointBeyond++;
    }
    const rate = blocked / datasets;
    // The whole-interval rule bounds the rate by α/2 = 2.5% at the boundary (docs/gates.md).
    expect(rate).toBeLessThanOrEqual(0.05);
    // …while judging the point estimate alone would block about half of these good-enough models.
    expect(pointBeyond / datasets).toBeGreaterThan(0.3);
    console.info(`false-block rate at the boundary: ${(rate * 100).toFixed(1)}% (${blocked}/${datasets})`);
  }, 120_000);

  it("blocks an obvious regression and passes an obvious improvement", () => {
    const policy = gatePolicyFromRules([
      { metric: "roc_auc", max_drop: 0.01, confidence: 0.95 },
      { metric: "accuracy", slices: ["region=*"], max_drop: 0.02, confidence: 0.95, min_slice_size: 200 },
    ]);
    const better = simulatedBinary(4000, 9, { candidateShift: 0.15 });
    const worse = simulatedBinary(4000, 9, { candidateShift: -0.2 });
    const judge = (paired: typeof better) =>
      applyGatePolicy(compareEvaluations({ kind: "predictions", paired }, { ...sources, resamples: 1000 }), policy);
    const improved = judge(better);
    expect(improved.decision).toBe("pass");
    const regressed = judge(worse);
    expect(regressed.decision).toBe("fail");
    expect(regressed.reasons[0]).toMatch(
      /^roc_auc dropped by 0\.\d+ \(95% CI −0\.\d+ to −0\.\d+\), beyond the tolerated 0\.01$/,
    );
    expect(regressed.reasons.some((r) => r.endsWith("[region=eu]"))).toBe(true);
  });
});
