import type { ExampleWeights } from "../eval/paired-predictions.js";
import { assertAlignedColumns, weightAt } from "./metric-input.js";

/** Number of equal-width probability bins on [0, 1]. */
export const CALIBRATION_BINS = 10;

/**
 * Bin of probability p: b = min(⌊10·p⌋, 9), with 10·p evaluated in float64. Bins are therefore
 * [0, 0.1), [0.1, 0.2), …, [0.8, 0.9) and the closed [0.9, 1]: every bin contains its lower edge
 * except that p = 1 joins the last bin. (An edge such as 0.3 lands where 10 × 0.3 rounds to in
 * float64, i.e. bin 3.)
 */
export function calibrationBin(p: number): number {
  return Math.min(Math.floor(p * CALIBRATION_BINS), CALIBRATION_BINS - 1);
}

/**
 * Expected calibration error with 10 equal-width bins (Naeini et al. 2015; Guo et al. 2017):
 *
 *   ECE = Σ_b (n_b / n) · |mean(y)_b − mean(p)_b|
 *
 * with n_b the weight of the examples in bin b (see {@link calibrationBin} for the edges) and the
 * means weighted; empty bins contribute nothing. scikit-learn has no ECE, so the fixtures compute
 * the same formula in numpy. NaN for an empty input, or for a probability outside [0, 1] or NaN.
 */
export function expectedCalibrationError(label: Float64Array, score: Float64Array, weights?: ExampleWeights): number {
  const n = assertAlignedColumns({ label, score, weights });
  const binWeight = new Float64Array(CALIBRATION_BINS);
  const binPositives = new Float64Array(CALIBRATION_BINS);
  const binProbability = new Float64Array(CALIBRATION_BINS);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const w = weightAt(weights, i);
    if (w === 0) continue;
    const p = score[i] as number;
    if (!(p >= 0 && p <= 1)) return Number.NaN;
    const b = calibrationBin(p);
    binWeight[b] = (binWeight[b] as number) + w;
    binProbability[b] = (binProbability[b] as number) + w * p;
    if (label[i] === 1) binPositives[b] = (binPositives[b] as number) + w;
    total += w;
  }
  return calibrationErrorOfBins(binWeight, binPositives, binProbability, total);
}

/** The ECE from each bin's weight, weight of positives and weighted sum of probabilities. */
function calibrationErrorOfBins(
  binWeight: Float64Array,
  binPositives: Float64Array,
  binProbability: Float64Array,
  total: number,
): number {
  if (total === 0) return Number.NaN;
  let ece = 0;
  for (let b = 0; b < CALIBRATION_BINS; b++) {
    const nb = binWeight[b] as number;
    if (nb === 0) continue;
    ece += (nb / total) * Math.abs((binPositives[b] as number) / nb - (binProbability[b] as number) / nb);
  }
  return ece;
}

/**
 * {@link expectedCalibrationError} of one label and score column under many weightings (the
 * replicates of a bootstrap), the same number for each to the bit: each example's bin is found
 * once, and each weighting is summed without a branch (an example of weight 0 adds exactly
 * nothing, and w·1 or w·0 to the positives is w or nothing).
 */
export function weightedCalibrationError(
  label: Float64Array,
  score: Float64Array,
): (weights?: ExampleWeights) => number {
  const n = assertAlignedColumns({ label, score });
  // Prepared at the first weighting, as a caller may want the unweighted value only.
  let prepared: { readonly bin: Uint8Array; readonly positive: Uint8Array } | null | undefined;
  const binWeight = new Float64Array(CALIBRATION_BINS);
  const binPositives = new Float64Array(CALIBRATION_BINS);
  const binProbability = new Float64Array(CALIBRATION_BINS);
  return (weights) => {
    if (weights === undefined) return expectedCalibrationError(label, score);
    if (prepared === undefined) prepared = binned(label, score);
    if (prepared === null) return expectedCalibrationError(label, score, weights);
    const { bin, positive } = prepared;
    binWeight.fill(0);
    binPositives.fill(0);
    binProbability.fill(0);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const w = weights[i] as number;
      const b = bin[i] as number;
      binWeight[b] = (binWeight[b] as number) + w;
      binProbability[b] = (binProbability[b] as number) + w * (score[i] as number);
      binPositives[b] = (binPositives[b] as number) + w * (positive[i] as number);
      total += w;
    }
    return calibrationErrorOfBins(binWeight, binPositives, binProbability, total);
  };
}

/**
 * Each example's bin and whether it is a positive (1 or 0), or null when a probability is
 * outside [0, 1] or NaN (whose ECE is NaN whenever that example has weight).
 */
function binned(label: Float64Array, score: Float64Array): { bin: Uint8Array; positive: Uint8Array } | null {
  const n = score.length;
  const bin = new Uint8Array(n);
  const positive = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const p = score[i] as number;
    if (!(p >= 0 && p <= 1)) return null;
    bin[i] = calibrationBin(p);
    positive[i] = label[i] === 1 ? 1 : 0;
  }
  return { bin, positive };
}
