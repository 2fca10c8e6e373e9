import type { MetricComparison, ModelDiff } from "../../src/compare/model-diff.js";
import type { GateRuleConfig } from "../../src/config/slipway-config.js";
import { type GatePolicy, gatePolicyFromRules } from "../../src/gate/gate-policy.js";

export function metricRow(fields: Partial<MetricComparison> & { metric: string }): MetricComparison {
  const baseline = fields.baseline ?? null;
  const candidate = fields.candidate ?? null;
  return {
    slice: null,
    baseline,
    candidate,
    delta: baseline !== null && candidate !== null ? candidate - baseline : null,
    ci: null,
    p_value: null,
    p_adjusted: null,
    n: null,
    direction: null,
    method: "point",
    verdict: "not-gated",
    reasons: [],
    ...fields,
  };
}

export function diffOf(rows: MetricComparison[], confidence: number | null = 0.95): ModelDiff {
  return {
    schema: "slipway/diff@1",
    model: "churn",
    task: "binary-classification",
    decision: "pass",
    reasons: [],
    metrics: rows,
    baseline_source: "baseline.json",
    candidate_source: "candidate.json",
    statistics:
      confidence === null
        ? null
        : {
            confidence,
            resamples: 2000,
            seed: 1,
            correction: "holm",
            paired: 1000,
            unpaired: { baseline_only: 0, candidate_only: 0 },
          },
    notes: [],
  };
}

export function policy(...rules: GateRuleConfig[]): GatePolicy {
  return gatePolicyFromRules(rules);
}
