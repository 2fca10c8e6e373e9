import { describe, expect, it } from "vitest";
import { applyGatePolicy } from "../../src/gate/apply-gate-policy.js";
import { diffOf, metricRow, policy } from "./gate-fixtures.js";

const auc = (
  baseline: number,
  candidate: number,
  more: Parameters<typeof metricRow>[0] extends infer T ? Partial<T> : never = {},
) => metricRow({ metric: "roc_auc", baseline, candidate, direction: "higher", ...more });

describe("absolute bounds", () => {
  it("fails a candidate below min or above max, whatever the baseline", () => {
    const diff = diffOf([auc(0.95, 0.87), metricRow({ metric: "latency.p95", baseline: 90, candidate: 130 })]);
    const judged = applyGatePolicy(diff, policy({ metric: "roc_auc", min: 0.9 }, { metric: "latency.p95", max: 120 }));
    expect(judged.decision).toBe("fail");
    expect(judged.reasons).toEqual([
      "roc_auc is 0.87, below the minimum 0.9",
      "latency.p95 is 130, above the maximum 120",
    ]);
  });

  it("passes values on the bound", () => {
    const judged = applyGatePolicy(diffOf([auc(0.95, 0.9)]), policy({ metric: "roc_auc", min: 0.9, max: 0.9 }));
    expect(judged.decision).toBe("pass");
    expect(judged.metrics[0]?.reasons).toEqual([
      "roc_auc is 0.9, at least the minimum 0.9",
      "roc_auc is 0.9, at most the maximum 0.9",
    ]);
  });
});

describe("max_drop", () => {
  it("fails a higher-is-better metric that dropped by more than tolerated", () => {
    const judged = applyGatePolicy(diffOf([auc(0.9, 0.88)]), policy({ metric: "roc_auc", max_drop: 0.01 }));
    expect(judged.decision).toBe("fail");
    expect(judged.reasons).toEqual(["roc_auc dropped by 0.02, beyond the tolerated 0.01"]);
  });

  it("tolerates a drop exactly at the limit despite floating point", () => {
    const judged = applyGatePolicy(diffOf([auc(0.81, 0.8)]), policy({ metric: "roc_auc", max_drop: 0.01 }));
    expect(judged.decision).toBe("pass");
    expect(judged.metrics[0]?.reasons).toEqual(["roc_auc dropped by 0.01, within the tolerated 0.01"]);
  });

  it("reads a rise of a lower-is-better metric as the regression", () => {
    const loss = metricRow({ metric: "log_loss", baseline: 0.3, candidate: 0.33, direction: "lower" });
    const judged = applyGatePolicy(diffOf([loss]), policy({ metric: "log_loss", max_drop: 0.02 }));
    expect(judged.reasons).toEqual(["log_loss rose by 0.03, beyond the tolerated 0.02"]);
    const better = metricRow({ metric: "log_loss", baseline: 0.3, candidate: 0.2, direction: "lower" });
    const passed = applyGatePolicy(diffOf([better]), policy({ metric: "log_loss", max_drop: 0.02 }));
    expect(passed.decision).toBe("pass");
    expect(passed.metrics[0]?.reasons).toEqual(["log_loss improved by 0.1, no regression against the tolerated 0.02"]);
  });

  it("with confidence, blocks only when the whole interval lies past the tolerated drop", () => {
    const conclusive = auc(0.9, 0.8787, {
      delta: -0.0213,
      ci: [-0.031, -0.012],
      n: 5000,
      method: "delong",
      slice: "region=eu",
    });
    const judged = applyGatePolicy(
      diffOf([conclusive]),
      policy({ metric: "roc_auc", slices: ["region=*"], max_drop: 0.01, confidence: 0.95 }),
    );
    expect(judged.reasons).toEqual([
      "roc_auc dropped by 0.0213 (95% CI \u22120.031 to \u22120.012), beyond the tolerated 0.01 [region=eu]",
    ]);
    const straddling = auc(0.9, 0.8787, { delta: -0.0213, ci: [-0.045, 0.002], n: 500, method: "delong" });
    const passed = applyGatePolicy(
      diffOf([straddling]),
      policy({ metric: "roc_auc", max_drop: 0.01, confidence: 0.95 }),
    );
    expect(passed.decision).toBe("pass");
    expect(passed.metrics[0]?.reasons).toEqual([
      "roc_auc dropped by 0.0213 (95% CI \u22120.045 to 0.002), but the interval reaches within the tolerated 0.01, so it is not a conclusive regression",
    ]);
  });

  it("with confidence but no per-example interval, falls back to the point estimate and says so", () => {
    const judged = applyGatePolicy(
      diffOf([auc(0.9, 0.88)], null),
      policy({ metric: "roc_auc", max_drop: 0.01, confidence: 0.95 }),
    );
    expect(judged.reasons).toEqual([
      "roc_auc dropped by 0.02, beyond the tolerated 0.01; judged on the point estimate (no per-example predictions)",
    ]);
  });

  it("uses the interval at the rule's own level when one was computed", () => {
    const row = auc(0.9, 0.88, {
      ci: [-0.03, -0.012],
      intervals: { "0.99": [-0.034, -0.006] },
      n: 4000,
      method: "delong",
    });
    const judged = applyGatePolicy(diffOf([row]), policy({ metric: "roc_auc", max_drop: 0.01, confidence: 0.99 }));
    expect(judged.decision).toBe("pass");
    expect(judged.metrics[0]?.reasons[0]).toContain("(99% CI \u22120.034 to \u22120.006)");
  });
});

describe("max_drop_pct", () => {
  it("tolerates a share of the baseline's value", () => {
    const judged = applyGatePolicy(diffOf([auc(0.8, 0.78)]), policy({ metric: "roc_auc", max_drop_pct: 2 }));
    expect(judged.reasons).toEqual(["roc_auc dropped by 0.02, beyond the tolerated 2% of the baseline 0.8 (0.016)"]);
    expect(applyGatePolicy(diffOf([auc(0.8, 0.79)]), policy({ metric: "roc_auc", max_drop_pct: 2 })).decision).toBe(
      "pass",
    );
  });

  it("with a zero baseline tolerates no regression at all, and no change passes", () => {
    const rate = (candidate: number) => metricRow({ metric: "error_rate", baseline: 0, candidate, direction: "lower" });
    const rule = { metric: "error_rate", max_drop_pct: 10, direction: "lower" as const };
    const worse = applyGatePolicy(diffOf([rate(0.001)]), policy(rule));
    expect(worse.reasons).toEqual([
      "error_rate rose by 0.001, beyond the tolerated 10% of a zero baseline (a relative change from 0 is undefined, so no regression at all is tolerated)",
    ]);
    expect(applyGatePolicy(diffOf([rate(0)]), policy(rule)).decision).toBe("pass");
  });
});

describe("min_gain", () => {
  it("requires the improvement, and with confidence requires the interval's lower end to clear it", () => {
    const rule = { metric: "roc_auc", min_gain: 0.01 };
    expect(applyGatePolicy(diffOf([auc(0.9, 0.905)]), policy(rule)).reasons).toEqual([
      "roc_auc improved by 0.005, short of the required gain of 0.01",
    ]);
    const row = auc(0.9, 0.915, { ci: [0.004, 0.026], n: 3000, method: "delong" });
    const judged = applyGatePolicy(diffOf([row]), policy({ ...rule, confidence: 0.95 }));
    expect(judged.reasons).toEqual([
      "roc_auc improved by 0.015 (95% CI 0.004 to 0.026), but the interval reaches below the required gain of 0.01, so the gain is not established",
    ]);
    const clear = auc(0.9, 0.93, { ci: [0.018, 0.042], n: 3000, method: "delong" });
    expect(applyGatePolicy(diffOf([clear]), policy({ ...rule, confidence: 0.95 })).decision).toBe("pass");
  });

  it("counts a fall of a lower-is-better metric as the gain", () => {
    const loss = metricRow({ metric: "brier", baseline: 0.2, candidate: 0.17, direction: "lower" });
    expect(applyGatePolicy(diffOf([loss]), policy({ metric: "brier", min_gain: 0.02 })).decision).toBe("pass");
  });
});

describe("max_gain_pct", () => {
  it("flags an implausibly large improvement", () => {
    const judged = applyGatePolicy(
      diffOf([auc(0.6, 0.85)]),
      policy({ metric: "roc_auc", max_gain_pct: 20, severity: "warn" }),
    );
    expect(judged.decision).toBe("warn");
    expect(judged.reasons).toEqual([
      "roc_auc improved by 0.25 (41.7%), more than the 20% cap on gains over the baseline 0.6 (0.12): check for leakage or a changed evaluation set",
    ]);
  });

  it("with a zero baseline flags any gain and passes no change", () => {
    const recall = (candidate: number) => metricRow({ metric: "recall", baseline: 0, candidate, direction: "higher" });
    expect(applyGatePolicy(diffOf([recall(0.3)]), policy({ metric: "recall", max_gain_pct: 50 })).reasons).toEqual([
      "recall improved by 0.3, more than the 50% cap on gains over a zero baseline (a relative change from 0 is undefined, so any gain exceeds it): check for leakage or a changed evaluation set",
    ]);
    expect(applyGatePolicy(diffOf([recall(0)]), policy({ metric: "recall", max_gain_pct: 50 })).decision).toBe("pass");
  });
});

describe("missing metrics, small slices, severity", () => {
  it("fails on a missing metric by default, warns or ignores when told", () => {
    const diff = diffOf([auc(0.9, 0.91)]);
    const failed = applyGatePolicy(diff, policy({ metric: "latency.p95", max: 100 }));
    expect(failed.decision).toBe("fail");
    expect(failed.reasons).toEqual(["latency.p95 has no baseline or candidate value"]);
    expect(failed.metrics.map((r) => [r.metric, r.verdict])).toEqual([
      ["roc_auc", "not-gated"],
      ["latency.p95", "fail"],
    ]);
    expect(applyGatePolicy(diff, policy({ metric: "latency.p95", max: 100, on_missing: "warn" })).decision).toBe(
      "warn",
    );
    const ignored = applyGatePolicy(diff, policy({ metric: "latency.p95", max: 100, on_missing: "ignore" }));
    expect(ignored.decision).toBe("pass");
    expect(ignored.metrics[1]?.reasons).toEqual([
      "latency.p95 has no baseline or candidate value; ignored (on_missing: ignore)",
    ]);
  });

  it("treats a side without the metric as missing for relative rules only", () => {
    const row = metricRow({ metric: "ece", baseline: null, candidate: 0.02, direction: "lower" });
    const judged = applyGatePolicy(diffOf([row]), policy({ metric: "ece", max: 0.05, max_drop: 0.01 }));
    expect(judged.metrics[0]?.reasons).toEqual(["ece is 0.02, at most the maximum 0.05", "ece has no baseline value"]);
    expect(judged.decision).toBe("fail");
  });

  it("reports but does not gate a slice smaller than min_slice_size", () => {
    const small = auc(0.9, 0.7, { slice: "region=apac", n: 40, ci: [-0.3, -0.1], method: "delong" });
    const big = auc(0.9, 0.89, { slice: "region=eu", n: 4000, ci: [-0.02, 0], method: "delong" });
    const judged = applyGatePolicy(
      diffOf([small, big]),
      policy({ metric: "roc_auc", slices: ["region=*"], max_drop: 0.05, min_slice_size: 100 }),
    );
    expect(judged.decision).toBe("pass");
    expect(judged.metrics[0]?.verdict).toBe("not-gated");
    expect(judged.metrics[0]?.reasons).toEqual([
      "roc_auc: the slice has 40 paired examples, fewer than min_slice_size 100, so it is reported but not gated [region=apac]",
    ]);
    expect(judged.metrics[1]?.verdict).toBe("pass");
  });

  it("makes a violated warn-severity rule a warning, and any failing rule wins", () => {
    const diff = diffOf([
      auc(0.9, 0.85),
      metricRow({ metric: "ece", baseline: 0.02, candidate: 0.06, direction: "lower" }),
    ]);
    expect(applyGatePolicy(diff, policy({ metric: "roc_auc", max_drop: 0.01, severity: "warn" })).decision).toBe(
      "warn",
    );
    const both = applyGatePolicy(
      diff,
      policy({ metric: "roc_auc", max_drop: 0.01, severity: "warn" }, { metric: "ece", max: 0.05 }),
    );
    expect(both.decision).toBe("fail");
    expect(both.reasons).toEqual([
      "ece is 0.06, above the maximum 0.05",
      "roc_auc dropped by 0.05, beyond the tolerated 0.01",
    ]);
  });

  it("applies a rule without slices to the overall row only, and one with slices to matching slices only", () => {
    const rows = [auc(0.9, 0.9), auc(0.9, 0.8, { slice: "region=eu" }), auc(0.9, 0.8, { slice: "tier=gold" })];
    expect(applyGatePolicy(diffOf(rows), policy({ metric: "roc_auc", max_drop: 0.01 })).decision).toBe("pass");
    const sliced = applyGatePolicy(diffOf(rows), policy({ metric: "roc_auc", slices: ["region=e*"], max_drop: 0.01 }));
    expect(sliced.metrics.map((r) => r.verdict)).toEqual(["not-gated", "fail", "not-gated"]);
  });

  it("reports a slice glob that matches nothing, and a named slice that is absent", () => {
    const judged = applyGatePolicy(
      diffOf([auc(0.9, 0.9)]),
      policy({ metric: "roc_auc", slices: ["country=*", "region=eu"], max_drop: 0.01 }),
    );
    expect(judged.reasons).toEqual([
      "roc_auc has no baseline or candidate value [region=eu]",
      "roc_auc: no slice matches country=*",
    ]);
    expect(judged.metrics.at(-1)).toMatchObject({ metric: "roc_auc", slice: "region=eu", verdict: "fail" });
  });

  it("fills in the direction of a metric the comparison did not know", () => {
    const judged = applyGatePolicy(
      diffOf([metricRow({ metric: "latency.p95", baseline: 100, candidate: 104 })]),
      policy({ metric: "latency.p95", max_drop_pct: 5, direction: "lower" }),
    );
    expect(judged.metrics[0]?.direction).toBe("lower");
    expect(judged.decision).toBe("pass");
  });

  it("judges afresh: applying a policy twice gives the same diff", () => {
    const p = policy({ metric: "roc_auc", max_drop: 0.01 }, { metric: "latency.p95", max: 1 });
    const once = applyGatePolicy(diffOf([auc(0.9, 0.85)]), p);
    expect(applyGatePolicy(once, p)).toEqual(once);
  });
});
