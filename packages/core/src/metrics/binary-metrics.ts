import type { ExampleWeights } from "../eval/paired-predictions.js";
import {
  accuracyFromConfusion,
  binaryConfusion,
  f1FromConfusion,
  precisionFromConfusion,
  recallFromConfusion,
} from "./binary-confusion.js";
import { brierScore } from "./brier-score.js";
import { expectedCalibrationError } from "./expected-calibration-error.js";
import { logLoss } from "./log-loss.js";
import { rocAucAndAveragePrecisionRanked } from "./roc-auc-and-average-precision.js";
import { hasNaN, rankScores, type ScoreRanking } from "./score-ranking.js";

/** One side of a binary-classification evaluation, as in a {@link PredictionSide} plus labels. */
export interface BinaryPredictions {
  /** 0/1 labels; 1 is the positive class. */
  readonly label: Float64Array;
  /** 0/1 predicted classes. */
  readonly prediction: Float64Array;
  /** Probability of the positive class, or null when the predictions file has no score. */
  readonly score: Float64Array | null;
}

/**
 * Every binary metric of SPEC §5: `accuracy`, `precision`, `recall`, `f1`, and, when scores are
 * present, `roc_auc`, `average_precision`, `log_loss`, `brier`, `ece`. Without scores the
 * score-based keys are absent (not computable from the file), whereas NaN means undefined on
 * these examples (see each metric's function for when). Pass `ranking` (from
 * {@link rankScores} of `input.score`) to skip the sort when calling this under many weight
 * vectors.
 */
export function binaryMetrics(
  input: BinaryPredictions,
  weights?: ExampleWeights,
  ranking?: ScoreRanking,
): Record<string, number> {
  const confusion = binaryConfusion(input.label, input.prediction, weights);
  const metrics: Record<string, number> = {
    accuracy: accuracyFromConfusion(confusion),
    precision: precisionFromConfusion(confusion),
    recall: recallFromConfusion(confusion),
    f1: f1FromConfusion(confusion),
  };
  const score = input.score;
  if (score === null) return metrics;
  if (hasNaN(score)) {
    metrics.roc_auc = Number.NaN;
    metrics.average_precision = Number.NaN;
  } else {
    const ranked = rocAucAndAveragePrecisionRanked(input.label, ranking ?? rankScores(score), weights);
    metrics.roc_auc = ranked.rocAuc;
    metrics.average_precision = ranked.averagePrecision;
  }
  metrics.log_loss = logLoss(input.label, score, weights);
  metrics.brier = brierScore(input.label, score, weights);
  metrics.ece = expectedCalibrationError(input.label, score, weights);
  return metrics;
}
