import type { ExampleWeights } from "../eval/paired-predictions.js";
import { assertAlignedColumns, weightAt } from "./metric-input.js";

/** One side of a regression evaluation: true and predicted values. */
export interface RegressionPredictions {
  readonly label: Float64Array;
  readonly prediction: Float64Array;
}

/** Weighted mean absolute error; NaN for an empty input (scikit-learn raises). */
export function meanAbsoluteError(label: Float64Array, prediction: Float64Array, weights?: ExampleWeights): number {
  const n = assertAlignedColumns({ label, prediction, weights });
  let sum = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const w = weightAt(weights, i);
    if (w === 0) continue;
    total += w;
    sum += w * Math.abs((label[i] as number) - (prediction[i] as number));
  }
  return total === 0 ? Number.NaN : sum / total;
}

/**
 * Root of the weighted mean squared error (scikit-learn's `mean_squared_error(squared=False)`);
 * NaN for an empty input.
 */
export function rootMeanSquaredError(label: Float64Array, prediction: Float64Array, weights?: ExampleWeights): number {
  const n = assertAlignedColumns({ label, prediction, weights });
  let sum = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const w = weightAt(weights, i);
    if (w === 0) continue;
    const error = (label[i] as number) - (prediction[i] as number);
    total += w;
    sum += w * error * error;
  }
  return total === 0 ? Number.NaN : Math.sqrt(sum / total);
}

/**
 * Coefficient of determination, R² = 1 − Σ w(y − ŷ)² / Σ w(y − ȳ)² with ȳ the weighted mean,
 * matching scikit-learn's `r2_score` with its default `force_finite=True` (since 1.1):
 * - a perfect fit (numerator 0) gives 1.0, even when the labels are constant;
 * - constant labels (denominator 0) with any error give 0.0 rather than −∞;
 * - fewer than two examples give NaN (scikit-learn warns "not well-defined"). Weights are counts
 *   here, so the example count is the total weight: one example drawn twice counts as two.
 * Constant labels are recognised exactly (all equal), not from Σ w(y − ȳ)² = 0: a float mean can
 * miss a constant by one ulp, which turns force_finite's 0.0 into an arbitrary huge negative
 * number (scikit-learn 1.2 gives r2_score([0.1] * 3, [0.2] * 3) = −5.2e31).
 */
export function r2Score(label: Float64Array, prediction: Float64Array, weights?: ExampleWeights): number {
  const n = assertAlignedColumns({ label, prediction, weights });
  let total = 0;
  let labelSum = 0;
  let constant = true;
  let first = Number.NaN;
  for (let i = 0; i < n; i++) {
    const w = weightAt(weights, i);
    if (w === 0) continue;
    const y = label[i] as number;
    if (total === 0) first = y;
    else if (y !== first) constant = false;
    total += w;
    labelSum += w * y;
  }
  if (!(total >= 2)) return Number.NaN;
  const mean = labelSum / total;
  let residual = 0;
  let squares = 0;
  let drift = 0;
  for (let i = 0; i < n; i++) {
    const w = weightAt(weights, i);
    if (w === 0) continue;
    const y = label[i] as number;
    const error = y - (prediction[i] as number);
    residual += w * error * error;
    squares += w * (y - mean) * (y - mean);
    drift += w * (y - mean);
  }
  // Corrected two-pass sum of squares (Chan, Golub & LeVeque 1983): subtracting (Σ w(y − ȳ))² / W
  // removes the error left by rounding in ȳ, which dominates when the labels barely vary.
  const spread = squares - (drift * drift) / total;
  if (residual === 0) return 1;
  if (constant || spread <= 0) return 0;
  return 1 - residual / spread;
}

/** Every regression metric of SPEC §5: `mae`, `rmse`, `r2`. */
export function regressionMetrics(input: RegressionPredictions, weights?: ExampleWeights): Record<string, number> {
  return {
    mae: meanAbsoluteError(input.label, input.prediction, weights),
    rmse: rootMeanSquaredError(input.label, input.prediction, weights),
    r2: r2Score(input.label, input.prediction, weights),
  };
}
