import type { Decision, MetricComparison, ModelDiff, Verdict } from "../compare/model-diff.js";
import type { GatePolicy, GateRule } from "./gate-policy.js";
import { judgeRow, type RuleOutcome } from "./rule-judgement.js";
import { isLiteralSlice, matchesSliceGlob } from "./slice-glob.js";

const SEVERITY: Record<Verdict, number> = { "not-gated": 0, pass: 1, warn: 2, fail: 3 };

/**
 * Judges a comparison by a gate policy and returns the same diff with every row's verdict and
 * reasons, the decision and its reasons (docs/gates.md). Pure: the input diff is not changed, and
 * judging an already judged diff starts afresh.
 *
 * - A rule without `slices` judges the overall row of its metric; with `slices`, every slice row
 *   whose name matches one of its globs (never the overall row).
 * - A rule whose metric has no row, or a literal slice with no row, gets a row with both sides
 *   null so the reviewer sees what was missing; a glob matching no slice is a decision reason.
 * - Row verdict: the worst outcome of the rules that judged it (fail > warn > pass), `not-gated`
 *   when none did. Decision: fail if any outcome fails, else warn if any warns, else pass.
 * - Decision reasons: every failing line, then every warning line, in row order.
 */
export function applyGatePolicy(diff: ModelDiff, policy: GatePolicy): ModelDiff {
  const reportedConfidence = diff.statistics?.confidence ?? null;
  const rows: MetricComparison[] = diff.metrics.map((row) => ({ ...row, verdict: "not-gated", reasons: [] }));
  const outcomes: RuleOutcome[][] = rows.map(() => []);
  const unmatched: RuleOutcome[] = [];

  const rowFor = (rule: GateRule, slice: string | null): number => {
    const existing = rows.findIndex((r) => r.metric === rule.metric && r.slice === slice);
    if (existing >= 0) return existing;
    rows.push(missingRow(rule, slice));
    outcomes.push([]);
    return rows.length - 1;
  };

  for (const rule of policy.rules) {
    const judge = (index: number): void => {
      const row = rows[index] as MetricComparison;
      if (row.direction === null && rule.direction !== undefined) rows[index] = { ...row, direction: rule.direction };
      (outcomes[index] as RuleOutcome[]).push(...judgeRow(rule, rows[index] as MetricComparison, reportedConfidence));
    };
    if (rule.slices === null) {
      judge(rowFor(rule, null));
      continue;
    }
    const globs = rule.slices;
    const matched = new Set<number>();
    rows.forEach((row, index) => {
      if (
        row.metric === rule.metric &&
        row.slice !== null &&
        globs.some((g) => matchesSliceGlob(g, row.slice as string))
      ) {
        matched.add(index);
      }
    });
    for (const glob of globs) {
      const hit = [...matched].some((index) =>
        matchesSliceGlob(glob, (rows[index] as MetricComparison).slice as string),
      );
      if (hit) continue;
      if (isLiteralSlice(glob)) {
        matched.add(rowFor(rule, glob));
      } else if (rule.onMissing !== "ignore") {
        unmatched.push({ verdict: rule.onMissing, reason: `${rule.metric}: no slice matches ${glob}` });
      }
    }
    for (const index of [...matched].sort((a, b) => a - b)) judge(index);
  }

  const judged = rows.map((row, index): MetricComparison => {
    const list = outcomes[index] as RuleOutcome[];
    const verdict = list.reduce<Verdict>(
      (worst, o) => (SEVERITY[o.verdict] > SEVERITY[worst] ? o.verdict : worst),
      "not-gated",
    );
    return { ...row, verdict, reasons: list.map((o) => o.reason) };
  });
  const all = [...outcomes.flat(), ...unmatched];
  const decision: Decision = all.some((o) => o.verdict === "fail")
    ? "fail"
    : all.some((o) => o.verdict === "warn")
      ? "warn"
      : "pass";
  const reasons = [
    ...all.filter((o) => o.verdict === "fail").map((o) => o.reason),
    ...all.filter((o) => o.verdict === "warn").map((o) => o.reason),
  ];
  return { ...diff, decision, reasons, metrics: orderOverallFirst(judged) };
}

function missingRow(rule: GateRule, slice: string | null): MetricComparison {
  return {
    metric: rule.metric,
    slice,
    baseline: null,
    candidate: null,
    delta: null,
    ci: null,
    p_value: null,
    p_adjusted: null,
    n: null,
    direction: rule.direction ?? null,
    method: "point",
    verdict: "not-gated",
    reasons: [],
  };
}

/** Rows added for missing overall metrics join the overall rows, ahead of the slices. */
function orderOverallFirst(rows: readonly MetricComparison[]): MetricComparison[] {
  return [...rows.filter((r) => r.slice === null), ...rows.filter((r) => r.slice !== null)];
}
