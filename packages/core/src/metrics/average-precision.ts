import type { ExampleWeights } from "../eval/paired-predictions.js";
import { assertAlignedColumns, weightAt } from "./metric-input.js";
import { hasNaN, rankScores, type ScoreRanking } from "./score-ranking.js";

/**
 * Average precision of `score` for the positive class (label 1), scikit-learn's step-wise
 * (non-interpolated) definition over distinct score thresholds t_1 > t_2 > …:
 *
 *   AP = Σ_k (R_k − R_{k−1}) · P_k,  P_k = TP_k / (TP_k + FP_k),  R_k = TP_k / W_pos
 *
 * where TP_k, FP_k are the weights of positives and negatives scoring ≥ t_k. Tied scores form a
 * single threshold, so a run of ties enters with its pooled precision.
 *
 * Undefined cases return NaN, which callers report as "undefined": no positive example with
 * weight (recall has a zero denominator; scikit-learn 1.2 warns "No positive class found in
 * y_true" and returns 0, a value that would read as the worst possible ranking), an empty input,
 * or a NaN score. With positives only, every precision is 1 and AP is 1, as in scikit-learn.
 */
export function averagePrecision(label: Float64Array, score: Float64Array, weights?: ExampleWeights): number {
  assertAlignedColumns({ label, score, weights });
  if (hasNaN(score)) return Number.NaN;
  return averagePrecisionRanked(label, rankScores(score), weights);
}

/**
 * {@link averagePrecision} from a precomputed {@link rankScores} of the same score column: one
 * linear pass, no sort, for evaluating many weight vectors (bootstrap resamples).
 */
export function averagePrecisionRanked(label: Float64Array, ranking: ScoreRanking, weights?: ExampleWeights): number {
  assertAlignedColumns({ label, order: ranking.order, weights });
  return averagePrecisionOfRuns(ranking, positivesInOrder(label, ranking.order), weights);
}

/**
 * {@link averagePrecisionRanked} of one label column and ranking under many weightings (the
 * replicates of a bootstrap), the same number for each to the bit, with the labels laid out in
 * ranking order once (at the first call) instead of at every weighting.
 */
export function weightedAveragePrecision(
  label: Float64Array,
  ranking: ScoreRanking,
): (weights?: ExampleWeights) => number {
  assertAlignedColumns({ label, order: ranking.order });
  let positive: Uint8Array | undefined;
  return (weights) => {
    positive ??= positivesInOrder(label, ranking.order);
    return averagePrecisionOfRuns(ranking, positive, weights);
  };
}

/** For each position of `order`, 1 when its example is a positive (label 1), else 0. */
function positivesInOrder(label: Float64Array, order: Uint32Array): Uint8Array {
  const positive = new Uint8Array(order.length);
  for (let k = 0; k < order.length; k++) positive[k] = label[order[k] as number] === 1 ? 1 : 0;
  return positive;
}

/**
 * Walks the runs of tied scores from the highest down (groupEnds[g − 1] is where run g starts),
 * summing each run's weights of positives and negatives without a branch on the label: a
 * mispredicted branch at every other example costs more than the sums, and w·1 is w and w·0
 * adds nothing, exactly.
 */
function averagePrecisionOfRuns(ranking: ScoreRanking, positive: Uint8Array, weights?: ExampleWeights): number {
  const { order, groupEnds } = ranking;
  let truePositives = 0;
  let falsePositives = 0;
  let weightedPrecision = 0;
  for (let g = groupEnds.length - 1; g >= 0; g--) {
    const start = g === 0 ? 0 : (groupEnds[g - 1] as number);
    const end = groupEnds[g] as number;
    let groupPositives = 0;
    let groupNegatives = 0;
    for (let k = start; k < end; k++) {
      const w = weightAt(weights, order[k] as number);
      const y = positive[k] as number;
      groupPositives += w * y;
      groupNegatives += w * (1 - y);
    }
    truePositives += groupPositives;
    falsePositives += groupNegatives;
    if (groupPositives > 0) {
      weightedPrecision += (groupPositives * truePositives) / (truePositives + falsePositives);
    }
  }
  return truePositives === 0 ? Number.NaN : weightedPrecision / truePositives;
}
