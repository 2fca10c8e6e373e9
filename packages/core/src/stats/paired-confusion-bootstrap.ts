import type { ConfusionCounts, ConfusionMetric } from "./confusion-metrics.js";
import {
  type BootstrapComparison,
  checkResamples,
  DEFAULT_BOOTSTRAP_RESAMPLES,
  DEFAULT_BOOTSTRAP_SEED,
  finishBootstrap,
} from "./paired-bootstrap.js";
import { drawMultinomial } from "./resample-counts.js";
import { Xoshiro128 } from "./xoshiro128.js";

/**
 * The paired confusion table of a binary task: how many examples have each combination of
 * (label, baseline prediction, candidate prediction), indexed label·4 + baseline·2 + candidate.
 * Every confusion-cell metric of either model is a function of these 8 counts.
 */
export type PairedConfusionCells = Uint32Array;

export function tallyPairedConfusion(
  label: ArrayLike<number>,
  baselinePrediction: ArrayLike<number>,
  candidatePrediction: ArrayLike<number>,
): PairedConfusionCells {
  const n = label.length;
  if (baselinePrediction.length !== n || candidatePrediction.length !== n) {
    throw new RangeError("labels and predictions differ in length");
  }
  const cells = new Uint32Array(8);
  for (let i = 0; i < n; i++) {
    const y = label[i] as number;
    const b = baselinePrediction[i] as number;
    const c = candidatePrediction[i] as number;
    if ((y !== 0 && y !== 1) || (b !== 0 && b !== 1) || (c !== 0 && c !== 1)) {
      throw new RangeError(`row ${i}: label and predictions must be 0 or 1 (got ${y}, ${b}, ${c})`);
    }
    const k = y * 4 + b * 2 + c;
    cells[k] = (cells[k] as number) + 1;
  }
  return cells;
}

/** The baseline's (side 0) or candidate's (side 1) confusion matrix from the paired cells. */
export function sideConfusion(cells: ArrayLike<number>, side: 0 | 1): ConfusionCounts {
  const c = (k: number): number => cells[k] as number;
  // index = label·4 + baseline·2 + candidate: the baseline's prediction is bit 1, the candidate's bit 0
  if (side === 0) return { tp: c(6) + c(7), fn: c(4) + c(5), fp: c(2) + c(3), tn: c(0) + c(1) };
  return { tp: c(5) + c(7), fn: c(4) + c(6), fp: c(1) + c(3), tn: c(0) + c(2) };
}

/**
 * The paired bootstrap for a confusion-cell metric, drawn on the 8 cells instead of the n
 * examples. A resample of n examples changes the paired table by a Multinomial(n, cells/n) draw
 * (the examples in one cell are interchangeable for the metric), so each replicate costs O(8)
 * instead of O(n) and gives exactly the distribution of the index bootstrap.
 *
 * Interval and p-value as in the index bootstrap (percentile interval, +1-corrected p-value).
 */
export function pairedConfusionBootstrap(
  cells: PairedConfusionCells,
  metric: ConfusionMetric,
  options: { readonly confidence: number; readonly resamples?: number; readonly seed?: number },
): BootstrapComparison {
  const baseline = metric(sideConfusion(cells, 0));
  const candidate = metric(sideConfusion(cells, 1));
  const { deltas, valid, resamples } = pairedConfusionReplicates(cells, [metric], options);
  return finishBootstrap(
    baseline,
    candidate,
    candidate - baseline,
    deltas[0] as Float64Array,
    valid[0] as number,
    resamples,
    options.confidence,
  );
}

/** The replicate deltas of several confusion-cell metrics, `deltas[m][0 … valid[m])`. */
export interface ConfusionReplicates {
  readonly deltas: readonly Float64Array[];
  readonly valid: readonly number[];
  /** Replicates drawn. */
  readonly resamples: number;
}

/**
 * The replicates of {@link pairedConfusionBootstrap} for several metrics from one sequence of
 * multinomial draws. Each metric's replicates are exactly those of its own bootstrap with the same
 * seed (every run draws the same tables), at the cost of one run.
 */
export function pairedConfusionReplicates(
  cells: PairedConfusionCells,
  metrics: readonly ConfusionMetric[],
  options: { readonly resamples?: number; readonly seed?: number },
): ConfusionReplicates {
  const resamples = checkResamples(options.resamples ?? DEFAULT_BOOTSTRAP_RESAMPLES);
  let n = 0;
  for (let k = 0; k < 8; k++) n += cells[k] as number;
  const rng = new Xoshiro128(options.seed ?? DEFAULT_BOOTSTRAP_SEED);
  const drawn = new Uint32Array(8);
  const deltas = metrics.map(() => new Float64Array(resamples));
  const valid = metrics.map(() => 0);
  if (n > 0) {
    for (let r = 0; r < resamples; r++) {
      drawMultinomial(rng, n, cells, drawn);
      const baseline = sideConfusion(drawn, 0);
      const candidate = sideConfusion(drawn, 1);
      for (let m = 0; m < metrics.length; m++) {
        const metric = metrics[m] as ConfusionMetric;
        const d = metric(candidate) - metric(baseline);
        if (!Number.isFinite(d)) continue;
        const v = valid[m] as number;
        (deltas[m] as Float64Array)[v] = d;
        valid[m] = v + 1;
      }
    }
  }
  return { deltas, valid, resamples };
}
