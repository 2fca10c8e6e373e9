import type { ExampleWeights } from "../eval/paired-predictions.js";
import { assertAlignedColumns, weightAt } from "./metric-input.js";

/**
 * Weighted share of examples whose prediction equals the label (binary or multiclass). NaN when
 * no example has weight: scikit-learn raises on an empty input.
 */
export function accuracy(label: Float64Array, prediction: Float64Array, weights?: ExampleWeights): number {
  const n = assertAlignedColumns({ label, prediction, weights });
  let correct = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const w = weightAt(weights, i);
    if (w === 0) continue;
    total += w;
    if (label[i] === prediction[i]) correct += w;
  }
  return total === 0 ? Number.NaN : correct / total;
}
