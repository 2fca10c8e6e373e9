import type { ExampleWeights } from "../eval/paired-predictions.js";
import { assertAlignedColumns, weightAt } from "./metric-input.js";

/**
 * Weighted confusion counts of a binary classifier; label and prediction 1 are the positive class
 * (scikit-learn's `pos_label=1`), anything else is negative. Weight 0 leaves an example out.
 */
export interface BinaryConfusion {
  readonly truePositive: number;
  readonly falsePositive: number;
  readonly falseNegative: number;
  readonly trueNegative: number;
}

/** One pass over the examples. */
export function binaryConfusion(
  label: Float64Array,
  prediction: Float64Array,
  weights?: ExampleWeights,
): BinaryConfusion {
  const n = assertAlignedColumns({ label, prediction, weights });
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (let i = 0; i < n; i++) {
    const w = weightAt(weights, i);
    if (w === 0) continue;
    if (prediction[i] === 1) {
      if (label[i] === 1) tp += w;
      else fp += w;
    } else if (label[i] === 1) fn += w;
    else tn += w;
  }
  return { truePositive: tp, falsePositive: fp, falseNegative: fn, trueNegative: tn };
}

/** (TP + TN) / total; NaN when no example has weight (scikit-learn raises on an empty input). */
export function accuracyFromConfusion(c: BinaryConfusion): number {
  const total = c.truePositive + c.falsePositive + c.falseNegative + c.trueNegative;
  return total === 0 ? Number.NaN : (c.truePositive + c.trueNegative) / total;
}

/**
 * TP / (TP + FP). With no predicted positive the ratio is 0/0; scikit-learn's default
 * `zero_division="warn"` returns 0 (with an UndefinedMetricWarning), and so does this.
 */
export function precisionFromConfusion(c: BinaryConfusion): number {
  const predicted = c.truePositive + c.falsePositive;
  return predicted === 0 ? 0 : c.truePositive / predicted;
}

/** TP / (TP + FN). With no actual positive: 0, as scikit-learn's default `zero_division`. */
export function recallFromConfusion(c: BinaryConfusion): number {
  const actual = c.truePositive + c.falseNegative;
  return actual === 0 ? 0 : c.truePositive / actual;
}

/**
 * F1 = 2·TP / (2·TP + FP + FN), the harmonic mean of precision and recall written without the
 * intermediate ratios. It is 0 whenever TP = 0, which is what scikit-learn returns when precision
 * or recall hit a zero division (both are then set to 0); with no positive predicted nor present
 * the denominator is 0 and the result is 0 as well.
 */
export function f1FromConfusion(c: BinaryConfusion): number {
  const denominator = 2 * c.truePositive + c.falsePositive + c.falseNegative;
  return denominator === 0 ? 0 : (2 * c.truePositive) / denominator;
}

/** Precision of the positive class (see {@link precisionFromConfusion} for the zero case). */
export function precision(label: Float64Array, prediction: Float64Array, weights?: ExampleWeights): number {
  return precisionFromConfusion(binaryConfusion(label, prediction, weights));
}

/** Recall of the positive class (see {@link recallFromConfusion} for the zero case). */
export function recall(label: Float64Array, prediction: Float64Array, weights?: ExampleWeights): number {
  return recallFromConfusion(binaryConfusion(label, prediction, weights));
}

/** F1 of the positive class (see {@link f1FromConfusion} for the zero case). */
export function f1(label: Float64Array, prediction: Float64Array, weights?: ExampleWeights): number {
  return f1FromConfusion(binaryConfusion(label, prediction, weights));
}
