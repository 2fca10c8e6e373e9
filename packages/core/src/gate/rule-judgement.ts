import type { MetricComparison, Verdict } from "../compare/model-diff.js";
import { formatLevel, formatMeasured, formatPercent, formatThreshold, slack } from "./gate-numbers.js";
import type { GateRule } from "./gate-policy.js";

/** What one rule concluded about one row, with the line that explains it. */
export interface RuleOutcome {
  readonly verdict: Verdict;
  readonly reason: string;
}

/**
 * Judges one metric row by one rule: one outcome per condition the rule sets, or a single outcome
 * when the row is a slice below `min_slice_size` or lacks the values a condition needs. Every
 * formula here is written out in docs/gates.md; `reportedConfidence` is the level of `row.ci`.
 */
export function judgeRow(rule: GateRule, row: MetricComparison, reportedConfidence: number | null): RuleOutcome[] {
  const where = row.slice === null ? "" : ` [${row.slice}]`;
  const name = row.metric;
  if (row.slice !== null && rule.minSliceSize !== undefined && row.n !== null && row.n < rule.minSliceSize) {
    return [
      {
        verdict: "not-gated",
        reason: `${name}: the slice has ${row.n} paired examples, fewer than min_slice_size ${rule.minSliceSize}, so it is reported but not gated${where}`,
      },
    ];
  }
  const outcomes: RuleOutcome[] = [];
  let missingReported = false;
  const missing = (side: string): void => {
    if (missingReported) return;
    missingReported = true;
    const verdict: Verdict = rule.onMissing === "ignore" ? "not-gated" : rule.onMissing;
    const consequence = rule.onMissing === "ignore" ? "; ignored (on_missing: ignore)" : "";
    outcomes.push({ verdict, reason: `${name} has no ${side} value${consequence}${where}` });
  };
  const violated = rule.severity;
  const { baseline, candidate } = row;

  if (rule.min !== undefined || rule.max !== undefined) {
    if (candidate === null) {
      missing(baseline === null ? "baseline or candidate" : "candidate");
    } else {
      if (rule.min !== undefined) {
        const below = candidate < rule.min - slack(rule.min);
        outcomes.push({
          verdict: below ? violated : "pass",
          reason: `${name} is ${formatMeasured(candidate)}, ${below ? "below" : "at least"} the minimum ${formatThreshold(rule.min)}${where}`,
        });
      }
      if (rule.max !== undefined) {
        const above = candidate > rule.max + slack(rule.max);
        outcomes.push({
          verdict: above ? violated : "pass",
          reason: `${name} is ${formatMeasured(candidate)}, ${above ? "above" : "at most"} the maximum ${formatThreshold(rule.max)}${where}`,
        });
      }
    }
  }

  const relative =
    rule.maxDrop !== undefined ||
    rule.maxDropPct !== undefined ||
    rule.minGain !== undefined ||
    rule.maxGainPct !== undefined;
  if (!relative) return outcomes;
  if (baseline === null || candidate === null || row.delta === null) {
    missing(
      baseline === null && candidate === null ? "baseline or candidate" : baseline === null ? "baseline" : "candidate",
    );
    return outcomes;
  }
  // Direction is resolved when the policy is built for every rule with a relative condition.
  const higher = (rule.direction ?? "higher") === "higher";
  const delta = row.delta;
  // g: the gain, positive when the candidate is better, in the metric's own units.
  const gain = higher ? delta : -delta;
  const interval = intervalFor(rule, row, reportedConfidence);
  const gainInterval: readonly [number, number] | null =
    interval.ci === null ? null : higher ? interval.ci : [-interval.ci[1], -interval.ci[0]];
  // Conservative ends: a regression needs the point estimate and the whole interval past the
  // tolerance; a claimed gain needs the point estimate and the whole interval above the requirement.
  const gainAtBest = gainInterval === null ? gain : Math.max(gain, gainInterval[1]);
  const gainAtWorst = gainInterval === null ? gain : Math.min(gain, gainInterval[0]);
  const change = describeChange(name, delta, higher) + interval.text;
  const scale = Math.abs(baseline);

  const judgeDrop = (tolerance: number, tolerated: string): void => {
    const beyond = gainAtBest < -tolerance - slack(tolerance);
    const pointBeyond = gain < -tolerance - slack(tolerance);
    const verdict = beyond ? violated : "pass";
    const tail = beyond
      ? `, beyond ${tolerated}`
      : pointBeyond
        ? `, but the interval reaches within ${tolerated}, so it is not a conclusive regression`
        : gain < 0
          ? `, within ${tolerated}`
          : `, no regression against ${tolerated}`;
    outcomes.push({ verdict, reason: `${change}${tail}${interval.fallback}${where}` });
  };
  if (rule.maxDrop !== undefined) judgeDrop(rule.maxDrop, `the tolerated ${formatThreshold(rule.maxDrop)}`);
  if (rule.maxDropPct !== undefined) {
    const tolerance = (rule.maxDropPct / 100) * scale;
    judgeDrop(
      tolerance,
      scale === 0
        ? `the tolerated ${formatThreshold(rule.maxDropPct)}% of a zero baseline (a relative change from 0 is undefined, so no regression at all is tolerated)`
        : `the tolerated ${formatThreshold(rule.maxDropPct)}% of the baseline ${formatMeasured(baseline)} (${formatMeasured(tolerance)})`,
    );
  }
  if (rule.minGain !== undefined) {
    const required = rule.minGain;
    const short = gainAtWorst < required - slack(required);
    const pointShort = gain < required - slack(required);
    const tail = !short
      ? `, at least the required gain of ${formatThreshold(required)}`
      : pointShort
        ? `, short of the required gain of ${formatThreshold(required)}`
        : `, but the interval reaches below the required gain of ${formatThreshold(required)}, so the gain is not established`;
    outcomes.push({ verdict: short ? violated : "pass", reason: `${change}${tail}${interval.fallback}${where}` });
  }
  if (rule.maxGainPct !== undefined) {
    const cap = (rule.maxGainPct / 100) * scale;
    const capText =
      scale === 0
        ? `the ${formatThreshold(rule.maxGainPct)}% cap on gains over a zero baseline (a relative change from 0 is undefined, so any gain exceeds it)`
        : `the ${formatThreshold(rule.maxGainPct)}% cap on gains over the baseline ${formatMeasured(baseline)} (${formatMeasured(cap)})`;
    const suspicious = gainAtWorst > cap + slack(cap);
    const relativeGain = scale === 0 ? "" : ` (${formatPercent(gain / scale)})`;
    const tail = suspicious
      ? `${relativeGain}, more than ${capText}: check for leakage or a changed evaluation set`
      : `${relativeGain}, within ${capText}`;
    outcomes.push({ verdict: suspicious ? violated : "pass", reason: `${change}${tail}${interval.fallback}${where}` });
  }
  return outcomes;
}

/** `roc_auc dropped by 0.0213`: the change in the metric's own terms, magnitude only. */
function describeChange(name: string, delta: number, higher: boolean): string {
  if (delta === 0) return `${name} is unchanged`;
  const worse = higher ? delta < 0 : delta > 0;
  const verb = worse ? (higher ? "dropped" : "rose") : "improved";
  return `${name} ${verb} by ${formatMeasured(Math.abs(delta))}`;
}

interface ChosenInterval {
  readonly ci: readonly [number, number] | null;
  /** ` (95% CI −0.031 to −0.012)` or empty. */
  readonly text: string;
  /** Why the point estimate was used although the rule asked for an interval, or empty. */
  readonly fallback: string;
}

/**
 * The interval of the delta at the rule's confidence: the row's `ci` when the levels agree, else
 * the matching entry of `intervals`. Without a `confidence` the rule judges the point estimate.
 */
function intervalFor(rule: GateRule, row: MetricComparison, reportedConfidence: number | null): ChosenInterval {
  if (rule.confidence === undefined) {
    const shown = row.ci !== null && reportedConfidence !== null ? ciText(row.ci, reportedConfidence) : "";
    return { ci: null, text: shown, fallback: "" };
  }
  const level = rule.confidence;
  const ci = level === reportedConfidence ? row.ci : (row.intervals?.[String(level)] ?? null);
  if (ci !== null) return { ci, text: ciText(ci, level), fallback: "" };
  const why =
    row.n === null
      ? "no per-example predictions"
      : row.method === "point"
        ? "no paired statistics for this metric"
        : `no ${formatLevel(level)} interval for this row`;
  return { ci: null, text: "", fallback: `; judged on the point estimate (${why})` };
}

function ciText(ci: readonly [number, number], level: number): string {
  return ` (${formatLevel(level)} CI ${formatMeasured(ci[0])} to ${formatMeasured(ci[1])})`;
}
