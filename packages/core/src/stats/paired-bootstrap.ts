import { summarizeBootstrap } from "./bootstrap-interval.js";
import { drawIndexResample, drawPoissonResample, type ResampleScheme } from "./resample-counts.js";
import { Xoshiro128 } from "./xoshiro128.js";

/**
 * One model's metric over a fixed set of examples, evaluated under per-example counts:
 * `weights[i]` is how many times example i is in the resample, `undefined` means every example
 * once. The caller closes over the data (labels, that model's predictions or scores), so the
 * bootstrap works for any metric.
 */
export type WeightedMetric = (weights: Uint32Array | undefined) => number;

export const DEFAULT_BOOTSTRAP_RESAMPLES = 2_000;
/** Fewer replicates leave the 2.5% and 97.5% quantiles too noisy to gate on. */
export const MIN_BOOTSTRAP_RESAMPLES = 1_000;
/** A fixed default seed: the same inputs give the same interval on every run. */
export const DEFAULT_BOOTSTRAP_SEED = 0x5eed;
/**
 * A replicate whose metric is undefined for either model (not finite, e.g. a ratio over an empty
 * resample) is left out; if more than this share is left out the interval would describe a
 * different population, and none is reported.
 */
export const MAX_UNDEFINED_REPLICATE_SHARE = 0.1;

export interface BootstrapOptions {
  readonly confidence: number;
  readonly resamples?: number;
  readonly seed?: number;
  readonly scheme?: ResampleScheme;
}

export interface BootstrapComparison {
  readonly baseline: number;
  readonly candidate: number;
  readonly delta: number;
  readonly ci: readonly [number, number] | null;
  readonly pValue: number | null;
  /** Replicates drawn, and how many had a defined delta. */
  readonly resamples: number;
  readonly validResamples: number;
}

/**
 * The paired bootstrap of Δ = metric(candidate) − metric(baseline): each replicate draws one
 * resample of the example indices and evaluates both models on that same resample, so the
 * correlation between the models' errors is kept and cancels in Δ (what makes it paired; Efron &
 * Tibshirani 1993, §15; Koehn, "Statistical significance tests for machine translation
 * evaluation", EMNLP 2004). Interval and p-value as in {@link summarizeBootstrap}.
 *
 * O(B·(n + cost of the metric)). Seeded: the same seed gives the same result bit for bit.
 */
export function pairedBootstrap(
  n: number,
  baselineMetric: WeightedMetric,
  candidateMetric: WeightedMetric,
  options: BootstrapOptions,
): BootstrapComparison {
  const resamples = checkResamples(options.resamples ?? DEFAULT_BOOTSTRAP_RESAMPLES);
  const baseline = baselineMetric(undefined);
  const candidate = candidateMetric(undefined);
  const delta = candidate - baseline;
  const rng = new Xoshiro128(options.seed ?? DEFAULT_BOOTSTRAP_SEED);
  const draw = options.scheme === "poisson" ? drawPoissonResample : drawIndexResample;
  const counts = new Uint32Array(n);
  const deltas = new Float64Array(resamples);
  let valid = 0;
  if (n > 0) {
    for (let r = 0; r < resamples; r++) {
      draw(rng, counts);
      const d = candidateMetric(counts) - baselineMetric(counts);
      if (Number.isFinite(d)) deltas[valid++] = d;
    }
  }
  return finishBootstrap(baseline, candidate, delta, deltas, valid, resamples, options.confidence);
}

export function checkResamples(resamples: number): number {
  if (!Number.isInteger(resamples) || resamples < MIN_BOOTSTRAP_RESAMPLES) {
    throw new RangeError(`resamples must be an integer ≥ ${MIN_BOOTSTRAP_RESAMPLES}, got ${resamples}`);
  }
  return resamples;
}

/** Shared tail of every bootstrap: summarise the defined replicates, or report no interval. */
export function finishBootstrap(
  baseline: number,
  candidate: number,
  delta: number,
  deltas: Float64Array,
  valid: number,
  resamples: number,
  confidence: number,
): BootstrapComparison {
  const enough = valid > 0 && resamples - valid <= MAX_UNDEFINED_REPLICATE_SHARE * resamples;
  if (!Number.isFinite(delta) || !enough) {
    return { baseline, candidate, delta, ci: null, pValue: null, resamples, validResamples: valid };
  }
  const summary = summarizeBootstrap(deltas.subarray(0, valid), confidence);
  return { baseline, candidate, delta, ci: summary.ci, pValue: summary.pValue, resamples, validResamples: valid };
}
