import type { ExampleWeights } from "../eval/paired-predictions.js";
import { assertAlignedColumns, weightAt } from "./metric-input.js";

/**
 * Probabilities are clipped to [ε, 1 − ε] with ε the float64 machine epsilon (2^−52): scikit-learn
 * ≥ 1.2 uses `eps="auto"`, i.e. `np.finfo(y_pred.dtype).eps`, instead of the former 1e−15.
 */
export const LOG_LOSS_EPSILON = 2 ** -52;

/**
 * Log loss of example i, following scikit-learn's `log_loss` step by step: clip p to [ε, 1 − ε],
 * form the row (1 − p, p), renormalise it by its sum (which can differ from 1 by one ulp), and take
 * −ln of the entry of the true class. Label 1 is the positive class.
 */
export function exampleLogLoss(label: number, probability: number): number {
  const p = Math.min(Math.max(probability, LOG_LOSS_EPSILON), 1 - LOG_LOSS_EPSILON);
  const q = 1 - p;
  const sum = q + p;
  return -Math.log((label === 1 ? p : q) / sum);
}

/**
 * Weighted mean log loss (cross-entropy) of the positive-class probability `score`.
 *
 * scikit-learn raises when `y_true` holds one class only and no `labels` argument is given,
 * because it cannot infer the class set; here the class set of a binary task is always {0, 1},
 * so the value is the one scikit-learn returns with `labels=[0, 1]`. NaN for an empty input or
 * a NaN score.
 */
export function logLoss(label: Float64Array, score: Float64Array, weights?: ExampleWeights): number {
  const n = assertAlignedColumns({ label, score, weights });
  let loss = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const w = weightAt(weights, i);
    if (w === 0) continue;
    total += w;
    loss += w * exampleLogLoss(label[i] as number, score[i] as number);
  }
  return total === 0 ? Number.NaN : loss / total;
}
