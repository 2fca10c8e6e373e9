import type { ValueCounts } from "../profile/value-counts.js";

/** Counts of the same categories on both sides, for the categorical drift measures. */
export interface AlignedCategories {
  readonly labels: readonly string[];
  readonly reference: readonly number[];
  readonly current: readonly number[];
  /** False when a heavy-hitters summary was involved (see alignCategories). */
  readonly exact: boolean;
}

/** The label of the pooled remainder when a side's value counts are a heavy-hitters summary. */
export const OTHER_CATEGORY = "(other)";

/**
 * Lines up two columns' value counts category by category.
 *
 * Both exact: every category of either side, a category missing on one side counting 0 there
 * (reference categories first, then new current ones, each in count order).
 * Otherwise (a side had more than 1,000 distinct values): the categories are the values the
 * heavy-hitters summary kept (those kept by both when both are summaries), and everything else
 * on each side is pooled into one "(other)" category. Pooling categories can only lower the
 * Jensen–Shannon distance, PSI and L-infinity distance, and the kept counts are low by at most the
 * summary's error bound, so these measures are then approximate, and flagged so.
 */
export function alignCategories(reference: ValueCounts, current: ValueCounts): AlignedCategories {
  let labels: string[];
  if (reference.exact && current.exact) {
    labels = [...reference.counts.keys()];
    for (const value of current.counts.keys()) if (!reference.counts.has(value)) labels.push(value);
  } else if (!reference.exact && !current.exact) {
    labels = [...reference.counts.keys()].filter((value) => current.counts.has(value));
  } else {
    labels = [...(reference.exact ? current : reference).counts.keys()];
  }
  const ref = labels.map((value) => reference.counts.get(value) ?? 0);
  const cur = labels.map((value) => current.counts.get(value) ?? 0);
  const exact = reference.exact && current.exact;
  if (!exact) {
    const refOther = reference.total - ref.reduce((total, count) => total + count, 0);
    const curOther = current.total - cur.reduce((total, count) => total + count, 0);
    if (refOther > 0 || curOther > 0) {
      labels.push(OTHER_CATEGORY);
      ref.push(refOther);
      cur.push(curOther);
    }
  }
  return { labels, reference: ref, current: cur, exact };
}
