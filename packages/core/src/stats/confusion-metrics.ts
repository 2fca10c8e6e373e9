/** A binary confusion matrix as counts (or resample-weighted counts). */
export interface ConfusionCounts {
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly tn: number;
}

/** A metric that depends on the examples only through their confusion-matrix cells. */
export type ConfusionMetric = (counts: ConfusionCounts) => number;

/**
 * The binary metrics that are functions of the confusion cells, with scikit-learn's conventions:
 * a ratio whose denominator is 0 is 0 (its `zero_division` default), so a resample without
 * predicted or actual positives still yields a number.
 */
export const confusionAccuracy: ConfusionMetric = ({ tp, fp, fn, tn }) => {
  const n = tp + fp + fn + tn;
  return n === 0 ? Number.NaN : (tp + tn) / n;
};

export const confusionPrecision: ConfusionMetric = ({ tp, fp }) => (tp + fp === 0 ? 0 : tp / (tp + fp));

export const confusionRecall: ConfusionMetric = ({ tp, fn }) => (tp + fn === 0 ? 0 : tp / (tp + fn));

/** F1 = 2TP/(2TP + FP + FN), the harmonic mean of precision and recall. */
export const confusionF1: ConfusionMetric = ({ tp, fp, fn }) => {
  const denominator = 2 * tp + fp + fn;
  return denominator === 0 ? 0 : (2 * tp) / denominator;
};
