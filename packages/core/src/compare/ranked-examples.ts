import { sharedArray } from "../eval/shared-array.js";
import type { ScoredPairs } from "./binary-group-tallies.js";
import type { DenseRanks } from "./dense-score-ranks.js";

/**
 * What every pass of a binary comparison reads of an example when both models' scores take few
 * distinct values: its paired confusion cell and each model's dense score rank. Every per-example
 * quantity the passes sum (log loss, squared error, calibration bin, score) is a function of the
 * cell's label and a rank, so it is looked up in a per-rank table instead of recomputed. Five
 * bytes per example, in shared memory (statistics threads read them where they are).
 */
export interface RankedExamples {
  /** Per example: label·4 + baseline prediction·2 + candidate prediction. */
  readonly cells: Uint8Array;
  /** Per example: the baseline's dense score rank, plus the candidate's times 2¹⁶. */
  readonly ranks: Uint32Array;
  /** Each model's distinct scores, ascending (see `DenseRanks.values`). */
  readonly baselineScores: Float64Array;
  readonly candidateScores: Float64Array;
}

/** More distinct scores than this per model do not fit the packing of {@link RankedExamples.ranks}. */
export const MAX_PACKED_RANKS = 0x10000;

/**
 * Packs paired binary predictions and both models' dense ranks, each of at most
 * {@link MAX_PACKED_RANKS} distinct scores; undefined when a label or prediction is not 0 or 1.
 */
export function rankedExamples(
  label: Float64Array,
  pairs: ScoredPairs,
  baseline: DenseRanks,
  candidate: DenseRanks,
): RankedExamples | undefined {
  if (baseline.count > MAX_PACKED_RANKS || candidate.count > MAX_PACKED_RANKS) {
    throw new RangeError("too many distinct scores to pack");
  }
  const { n } = pairs;
  const cells = sharedArray(Uint8Array, n);
  const ranks = sharedArray(Uint32Array, n);
  const baselinePrediction = pairs.baseline.prediction;
  const candidatePrediction = pairs.candidate.prediction;
  const baselineRanks = baseline.ranks;
  const candidateRanks = candidate.ranks;
  for (let i = 0; i < n; i++) {
    const y = label[i] as number;
    const b = baselinePrediction[i] as number;
    const c = candidatePrediction[i] as number;
    if ((y !== 0 && y !== 1) || (b !== 0 && b !== 1) || (c !== 0 && c !== 1)) return undefined;
    cells[i] = y * 4 + b * 2 + c;
    ranks[i] = (baselineRanks[i] as number) | ((candidateRanks[i] as number) << 16);
  }
  return { cells, ranks, baselineScores: baseline.values, candidateScores: candidate.values };
}
