import { quantileSorted, summarizeBootstrap } from "../stats/bootstrap-interval.js";
import type { PairedComparisonMethod } from "../stats/compare-paired.js";
import { MAX_UNDEFINED_REPLICATE_SHARE } from "../stats/paired-bootstrap.js";

/**
 * The paired statistics of one metric on one set of examples, with an interval for each requested
 * confidence level (index 0 is the level the diff reports as `ci`; the rest go to `intervals`).
 */
export interface RowStatistics {
  readonly baseline: number;
  readonly candidate: number;
  /** candidate − baseline. */
  readonly delta: number;
  readonly intervals: readonly (readonly [number, number] | null)[];
  readonly pValue: number | null;
  readonly method: PairedComparisonMethod;
}

/**
 * Percentile intervals at every level and the bootstrap p-value from one set of replicate deltas,
 * with the same rules as the single-level bootstrap in `stats/paired-bootstrap.ts`: replicates
 * whose delta is undefined are left out, and beyond 10% left out there is no interval.
 * `deltas[0 … valid)` is sorted in place.
 */
export function replicateStatistics(
  point: { readonly baseline: number; readonly candidate: number },
  deltas: Float64Array,
  valid: number,
  drawn: number,
  levels: readonly number[],
): RowStatistics {
  const { baseline, candidate } = point;
  const delta = candidate - baseline;
  const enough = valid > 0 && drawn - valid <= MAX_UNDEFINED_REPLICATE_SHARE * drawn;
  if (!Number.isFinite(delta) || !enough) {
    return { baseline, candidate, delta, intervals: levels.map(() => null), pValue: null, method: "bootstrap" };
  }
  const replicates = deltas.subarray(0, valid);
  const first = summarizeBootstrap(replicates, levels[0] as number);
  const intervals = levels.map((level, i): readonly [number, number] =>
    i === 0 ? first.ci : [quantileSorted(replicates, (1 - level) / 2), quantileSorted(replicates, (1 + level) / 2)],
  );
  return { baseline, candidate, delta, intervals, pValue: first.pValue, method: "bootstrap" };
}
