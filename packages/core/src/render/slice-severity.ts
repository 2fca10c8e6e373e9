import type { MetricComparison, Verdict } from "../compare/model-diff.js";

// Passing and ungated rows rank together: past the blocking ones, the clearest drop comes first.
const VERDICT_RANK: Record<Verdict, number> = { fail: 0, warn: 1, pass: 2, "not-gated": 2 };

/** +1 when higher is better, −1 when lower is better: multiplying a delta by it makes "worse" negative. */
function orientation(row: MetricComparison): number {
  return row.direction === "lower" ? -1 : 1;
}

/** candidate − baseline, signed so that a negative value is always a regression; null when unknown. */
export function orientedDelta(row: MetricComparison): number | null {
  if (row.delta === null || row.direction === null) return null;
  return orientation(row) * row.delta;
}

/**
 * The end of the oriented interval nearest to "better": when it is negative the whole interval lies
 * on the worse side of zero, and its distance from zero is how clearly the slice regressed.
 */
function orientedUpperBound(row: MetricComparison): number | null {
  if (row.ci === null || row.direction === null) return null;
  const s = orientation(row);
  return Math.max(s * row.ci[0], s * row.ci[1]);
}

/**
 * A slice row a reviewer must look at: one a rule failed or warned on, or one whose metric clearly
 * moved the worse way, gated or not: its whole interval lies on the worse side of zero or, without
 * an interval (metrics files), its point estimate got worse. A drop inside the noise is not listed.
 */
export function isSliceRegression(row: MetricComparison): boolean {
  if (row.slice === null) return false;
  if (row.verdict === "fail" || row.verdict === "warn") return true;
  if (row.ci !== null) {
    const upper = orientedUpperBound(row);
    return upper !== null && upper < 0;
  }
  const delta = orientedDelta(row);
  return delta !== null && delta < 0;
}

/**
 * Most severe first: failed rows, then warned, then the rest; within a verdict, the row whose
 * interval lies furthest past zero on the worse side first (rows without an interval after those
 * with one), then the largest oriented drop, then by metric and slice name so the order is stable.
 */
export function compareSliceSeverity(a: MetricComparison, b: MetricComparison): number {
  const byVerdict = VERDICT_RANK[a.verdict] - VERDICT_RANK[b.verdict];
  if (byVerdict !== 0) return byVerdict;
  const ua = orientedUpperBound(a);
  const ub = orientedUpperBound(b);
  if (ua !== null && ub !== null && ua !== ub) return ua - ub;
  if ((ua === null) !== (ub === null)) return ua === null ? 1 : -1;
  const da = orientedDelta(a);
  const db = orientedDelta(b);
  if (da !== null && db !== null && da !== db) return da - db;
  if ((da === null) !== (db === null)) return da === null ? 1 : -1;
  return compareText(a.metric, b.metric) || compareText(a.slice ?? "", b.slice ?? "");
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The slice regressions of a diff, most severe first. */
export function sliceRegressions(rows: readonly MetricComparison[]): MetricComparison[] {
  return rows.filter(isSliceRegression).sort(compareSliceSeverity);
}
