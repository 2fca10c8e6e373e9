import {
  type Annotation,
  type GatePolicy,
  type GateRule,
  type MetricComparison,
  type ModelDiff,
  matchesSliceGlob,
} from "@slipway/core";

/** The runner shows ten error annotations per step; more than this is noise in the log. */
const MAX_ANNOTATIONS = 50;

function ruleApplies(rule: GateRule, row: MetricComparison): boolean {
  if (rule.metric !== row.metric) return false;
  if (row.slice === null) return rule.slices === null;
  return rule.slices?.some((glob) => matchesSliceGlob(glob, row.slice as string)) ?? false;
}

/**
 * One annotation per failed or warned row, at the line of the rule that judged it (in
 * `.slipway.yml` or the policy file), so the reviewer sees which rule blocked and where it lives.
 */
export function gateAnnotations(diff: ModelDiff, policy: GatePolicy): Annotation[] {
  const annotations: Annotation[] = [];
  for (const row of diff.metrics) {
    if (row.verdict !== "fail" && row.verdict !== "warn") continue;
    const rule =
      policy.rules.find((r) => ruleApplies(r, row) && r.severity === row.verdict) ??
      policy.rules.find((r) => ruleApplies(r, row));
    const location = rule?.location;
    for (const reason of row.reasons) {
      annotations.push({
        level: row.verdict === "fail" ? "error" : "warning",
        title: `Slipway gate: ${diff.model ?? "model"}`,
        message: reason,
        ...(location?.file ? { file: location.file } : {}),
        ...(location?.line ? { line: location.line } : {}),
        ...(location?.column ? { column: location.column } : {}),
      });
      if (annotations.length >= MAX_ANNOTATIONS) return annotations;
    }
  }
  return annotations;
}
