import type { ExampleWeights } from "../eval/paired-predictions.js";
import { assertAlignedColumns, weightAt } from "./metric-input.js";
import { hasNaN, rankScores, type ScoreRanking } from "./score-ranking.js";

/**
 * Area under the ROC curve of `score` for the positive class (label 1).
 *
 * Computed as the Mann–Whitney statistic with ties counted one half, which is exactly the
 * trapezoidal area under scikit-learn's `roc_curve` (one point per distinct score):
 *
 *   AUC = Σ_{i∈pos} Σ_{j∈neg} w_i·w_j·([s_i > s_j] + ½[s_i = s_j]) / (W_pos · W_neg)
 *
 * evaluated per run of tied scores in ascending order as Σ_g W_pos,g · (W_neg,<g + ½·W_neg,g).
 *
 * Undefined cases return NaN, which callers report as "undefined": only one class among the
 * examples with weight (scikit-learn raises "Only one class present in y_true"), an empty input,
 * or a NaN score (scikit-learn rejects NaN input).
 */
export function rocAuc(label: Float64Array, score: Float64Array, weights?: ExampleWeights): number {
  assertAlignedColumns({ label, score, weights });
  if (hasNaN(score)) return Number.NaN;
  return rocAucRanked(label, rankScores(score), weights);
}

/**
 * {@link rocAuc} from a precomputed {@link rankScores} of the same score column: one linear pass,
 * no sort, for evaluating many weight vectors (bootstrap resamples).
 */
export function rocAucRanked(label: Float64Array, ranking: ScoreRanking, weights?: ExampleWeights): number {
  assertAlignedColumns({ label, order: ranking.order, weights });
  const { order, groupEnds } = ranking;
  let negativesBelow = 0;
  let positives = 0;
  let pairs = 0;
  let start = 0;
  for (let g = 0; g < groupEnds.length; g++) {
    const end = groupEnds[g] as number;
    let groupPositives = 0;
    let groupNegatives = 0;
    for (let k = start; k < end; k++) {
      const i = order[k] as number;
      const w = weightAt(weights, i);
      if (label[i] === 1) groupPositives += w;
      else groupNegatives += w;
    }
    pairs += groupPositives * (negativesBelow + 0.5 * groupNegatives);
    negativesBelow += groupNegatives;
    positives += groupPositives;
    start = end;
  }
  if (positives === 0 || negativesBelow === 0) return Number.NaN;
  return pairs / (positives * negativesBelow);
}
