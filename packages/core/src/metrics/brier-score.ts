import type { ExampleWeights } from "../eval/paired-predictions.js";
import { assertAlignedColumns, weightAt } from "./metric-input.js";

/**
 * Weighted mean squared difference between the positive-class probability and the 0/1 label
 * (scikit-learn's `brier_score_loss` with `pos_label=1`). scikit-learn raises when a probability
 * lies outside [0, 1]; here such an input, an empty input or a NaN score give NaN ("undefined").
 */
export function brierScore(label: Float64Array, score: Float64Array, weights?: ExampleWeights): number {
  const n = assertAlignedColumns({ label, score, weights });
  let sum = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const w = weightAt(weights, i);
    if (w === 0) continue;
    const p = score[i] as number;
    if (!(p >= 0 && p <= 1)) return Number.NaN;
    const error = (label[i] === 1 ? 1 : 0) - p;
    total += w;
    sum += w * error * error;
  }
  return total === 0 ? Number.NaN : sum / total;
}
