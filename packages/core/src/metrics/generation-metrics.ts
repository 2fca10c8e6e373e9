import type { ExampleWeights } from "../eval/paired-predictions.js";
import { assertAlignedColumns, weightAt } from "./metric-input.js";

/** One side of a generation (LLM) evaluation, as in a {@link PredictionSide}. */
export interface GenerationPredictions {
  /** `passed` as 0/1, or NaN throughout when the file only has `score`. */
  readonly prediction: Float64Array;
  /** Per-example score, or null when the file only has `passed`. */
  readonly score: Float64Array | null;
}

/** Weighted mean of a per-example column; NaN when empty or when a weighted value is NaN. */
function weightedMean(values: Float64Array, weights: ExampleWeights | undefined): number {
  const n = assertAlignedColumns({ values, weights });
  let sum = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const w = weightAt(weights, i);
    if (w === 0) continue;
    total += w;
    sum += w * (values[i] as number);
  }
  return total === 0 ? Number.NaN : sum / total;
}

/** Weighted share of examples that passed (`passed` is 0/1). */
export function passRate(passed: Float64Array, weights?: ExampleWeights): number {
  return weightedMean(passed, weights);
}

/** Weighted mean of the per-example score. */
export function meanScore(score: Float64Array, weights?: ExampleWeights): number {
  return weightedMean(score, weights);
}

/**
 * Every generation metric of SPEC §5 the file supports: `pass_rate` when it has `passed` (the
 * prediction column is not all NaN), `mean_score` when it has `score`. An absent key means the
 * file cannot give it; NaN means undefined on these examples (none has weight).
 */
export function generationMetrics(input: GenerationPredictions, weights?: ExampleWeights): Record<string, number> {
  const metrics: Record<string, number> = {};
  const hasPassed = input.prediction.length === 0 || !input.prediction.every(Number.isNaN);
  if (hasPassed) metrics.pass_rate = passRate(input.prediction, weights);
  if (input.score !== null) metrics.mean_score = meanScore(input.score, weights);
  return metrics;
}
