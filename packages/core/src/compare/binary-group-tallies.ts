import type { PairedPredictions } from "../eval/paired-predictions.js";
import { CALIBRATION_BINS, calibrationBin } from "../metrics/expected-calibration-error.js";
import { exampleLogLoss } from "../metrics/log-loss.js";
import { type ExampleGroups, rowsOf } from "./example-groups.js";

/**
 * Everything the binary metrics other than the rank metrics need of each group, tallied in two
 * sequential passes over the examples for all groups at once instead of gathering each slice's
 * examples into their own columns: at 10M examples and 10 slice columns a gather moves 100M
 * values, the tally reads each example once per pass.
 */
export interface BinaryGroupTallies {
  /** Paired confusion cells of group g at [8g, 8g + 8), indexed label·4 + baseline·2 + candidate. */
  readonly cells: Uint32Array;
  /** Null when the predictions have no scores. */
  readonly scores: ScoreTallies | null;
}

/** Offsets into the 8 sums each group has in {@link ScoreTallies.sums}. */
export const LOG_LOSS_SUMS = 0;
export const BRIER_SUMS = 4;

export interface ScoreTallies {
  /**
   * Per group g at [8g, 8g + 8): the per-example log loss summed over the baseline, over the
   * candidate, over the differences dᵢ = cᵢ − bᵢ, and Σ (dᵢ − Δ)² with Δ the group's mean
   * difference; then the same four of the squared error (Brier). Each sum runs in example order,
   * so it is exactly the sum the metric computes on the group's own columns.
   */
  readonly sums: Float64Array;
  readonly baseline: CalibrationTally;
  readonly candidate: CalibrationTally;
}

/** One model's calibration bins (see `expectedCalibrationError`) for every group. */
export interface CalibrationTally {
  /** Examples of group g in bin b with label y at [2·(10g + b) + y]. */
  readonly counts: Float64Array;
  /** The sum of their probabilities at [10g + b]. */
  readonly probabilities: Float64Array;
}

/** What the tallies read of paired predictions (labels come from the groups' rows). */
export type ScoredPairs = Pick<PairedPredictions, "n" | "baseline" | "candidate">;

/**
 * Tallies the groups of groupings [first, last) of `groups` (by default all; the others' entries
 * stay 0, and a thread that takes some groupings tallies exactly what a single pass would for
 * them). Labels and predictions must be 0 or 1, and the scores (both present or both absent)
 * within [0, 1].
 */
export function tallyBinaryGroups(
  paired: ScoredPairs,
  groups: ExampleGroups,
  first = 0,
  last = groups.groupings,
): BinaryGroupTallies {
  const { n } = paired;
  const { stride, offsets, count } = groups;
  const rows = rowsOf(groups);
  const baselinePrediction = paired.baseline.prediction;
  const candidatePrediction = paired.candidate.prediction;
  const baselineScore = paired.baseline.score;
  const candidateScore = paired.candidate.score;
  const cells = new Uint32Array(count * 8);
  if (baselineScore === null || candidateScore === null) {
    for (let i = 0; i < n; i++) {
      const base = i * stride;
      const cell =
        (rows[base] as number) * 4 + (baselinePrediction[i] as number) * 2 + (candidatePrediction[i] as number);
      for (let j = first; j < last; j++) {
        const code = j === 0 ? 0 : (rows[base + j] as number);
        if (code < 0) continue;
        const at = ((offsets[j] as number) + code) * 8 + cell;
        cells[at] = (cells[at] as number) + 1;
      }
    }
    return { cells, scores: null };
  }

  const sums = new Float64Array(count * 8);
  const baseline = {
    counts: new Float64Array(count * 2 * CALIBRATION_BINS),
    probabilities: new Float64Array(count * CALIBRATION_BINS),
  };
  const candidate = {
    counts: new Float64Array(count * 2 * CALIBRATION_BINS),
    probabilities: new Float64Array(count * CALIBRATION_BINS),
  };
  for (let i = 0; i < n; i++) {
    const base = i * stride;
    const y = rows[base] as number;
    const sb = baselineScore[i] as number;
    const sc = candidateScore[i] as number;
    const cell = y * 4 + (baselinePrediction[i] as number) * 2 + (candidatePrediction[i] as number);
    const lossB = exampleLogLoss(y, sb);
    const lossC = exampleLogLoss(y, sc);
    const lossD = lossC - lossB;
    const errorB = (y === 1 ? 1 : 0) - sb;
    const errorC = (y === 1 ? 1 : 0) - sc;
    const squaredB = errorB * errorB;
    const squaredC = errorC * errorC;
    const squaredD = squaredC - squaredB;
    const binB = calibrationBin(sb);
    const binC = calibrationBin(sc);
    for (let j = first; j < last; j++) {
      const code = j === 0 ? 0 : (rows[base + j] as number);
      if (code < 0) continue;
      const g = (offsets[j] as number) + code;
      const c = g * 8 + cell;
      cells[c] = (cells[c] as number) + 1;
      const s = g * 8;
      sums[s] = (sums[s] as number) + lossB;
      sums[s + 1] = (sums[s + 1] as number) + lossC;
      sums[s + 2] = (sums[s + 2] as number) + lossD;
      sums[s + 4] = (sums[s + 4] as number) + squaredB;
      sums[s + 5] = (sums[s + 5] as number) + squaredC;
      sums[s + 6] = (sums[s + 6] as number) + squaredD;
      const b = g * CALIBRATION_BINS + binB;
      baseline.counts[2 * b + y] = (baseline.counts[2 * b + y] as number) + 1;
      baseline.probabilities[b] = (baseline.probabilities[b] as number) + sb;
      const k = g * CALIBRATION_BINS + binC;
      candidate.counts[2 * k + y] = (candidate.counts[2 * k + y] as number) + 1;
      candidate.probabilities[k] = (candidate.probabilities[k] as number) + sc;
    }
  }

  const lossDelta = new Float64Array(count);
  const brierDelta = new Float64Array(count);
  for (let g = 0; g < count; g++) {
    const size = groups.sizes[g] as number;
    lossDelta[g] = (sums[g * 8 + 2] as number) / size;
    brierDelta[g] = (sums[g * 8 + 6] as number) / size;
  }
  // Σ (dᵢ − Δ)² needs every group's Δ first. The differences are computed again rather than kept
  // (two arrays of n doubles per thread), exactly as in the first pass.
  for (let i = 0; i < n; i++) {
    const base = i * stride;
    const y = rows[base] as number;
    const sb = baselineScore[i] as number;
    const sc = candidateScore[i] as number;
    const lossB = exampleLogLoss(y, sb);
    const lossC = exampleLogLoss(y, sc);
    const lossD = lossC - lossB;
    const errorB = (y === 1 ? 1 : 0) - sb;
    const errorC = (y === 1 ? 1 : 0) - sc;
    const squaredD = errorC * errorC - errorB * errorB;
    for (let j = first; j < last; j++) {
      const code = j === 0 ? 0 : (rows[base + j] as number);
      if (code < 0) continue;
      const g = (offsets[j] as number) + code;
      const e = lossD - (lossDelta[g] as number);
      const f = squaredD - (brierDelta[g] as number);
      sums[g * 8 + 3] = (sums[g * 8 + 3] as number) + e * e;
      sums[g * 8 + 7] = (sums[g * 8 + 7] as number) + f * f;
    }
  }
  return { cells, scores: { sums, baseline, candidate } };
}
