import { checkResamples } from "../stats/paired-bootstrap.js";
import { Xoshiro128 } from "../stats/xoshiro128.js";
import type { PairedMetricsOn, ResamplingOptions } from "./paired-weighted-metrics.js";
import { PoissonSampler } from "./poisson-sampler.js";
import { type RowStatistics, replicateStatistics } from "./row-statistics.js";

/**
 * From this many examples on, metrics without an analytic interval or a cell-level fast path
 * (average precision, ECE, RMSE, R²) are resampled by the bag of little bootstraps instead of the
 * full index bootstrap: a full replicate reads every example in random order, which at 1M rows
 * costs ~150 ms, i.e. minutes for 2,000 replicates. Measured and explained in docs/gates.md.
 */
export const LITTLE_BOOTSTRAP_MIN_EXAMPLES = 20_000;
/** s, the number of little subsets (Kleiner et al. find 10–20 enough). */
export const LITTLE_BOOTSTRAP_SUBSETS = 20;
/** b = n^γ examples per subset; Kleiner et al. find γ from 0.6 to 0.7 accurate, and 0.6 halves the cost at 1M. */
export const LITTLE_BOOTSTRAP_EXPONENT = 0.6;
/** Subsets never hold fewer examples than this (rank metrics on a few hundred points are too coarse). */
export const LITTLE_BOOTSTRAP_MIN_SUBSET = 1_000;

/** The subset size b = min(n, max(1,000, ⌈n^γ⌉)) for n examples. */
export function littleBootstrapSubsetSize(n: number): number {
  return Math.min(n, Math.max(LITTLE_BOOTSTRAP_MIN_SUBSET, Math.ceil(n ** LITTLE_BOOTSTRAP_EXPONENT)));
}

/** A metric's value for each model on a set of examples. */
export interface MetricPoint {
  readonly baseline: number;
  readonly candidate: number;
}

/**
 * The bag of little bootstraps (A. Kleiner, A. Talwalkar, P. Sarkar & M. I. Jordan, "A scalable
 * bootstrap for massive data", JRSS B 76 (2014) 795–816), paired, for several metrics at once.
 *
 * s subsets of b = max(1,000, n^0.6) examples are drawn without replacement. On each subset j, r = ⌈B/s⌉
 * replicates give every subset example a weight wᵢ ~ Poisson(n/b), so a replicate stands for a
 * resample of about n examples while costing O(b) (the Poisson weights are the independent limit
 * of the Multinomial(n; 1/b, …, 1/b) counts of the original method; Chamandy et al. 2012 use the
 * same device for streams). The spread of a size-n resample around the subset's own estimate is
 * what each subset measures, so each replicate is recentred on the full data:
 *   Δ*ⱼₖ = Δ̂ + (Δ(wⱼₖ) − Δ̂ⱼ),
 * with Δ̂ the delta on all n examples and Δ̂ⱼ on subset j unweighted. Pooling the s·r recentred
 * replicates averages the subsets' estimates of the sampling distribution of Δ̂ − Δ, and the
 * percentile interval and p-value are read from them as in the full bootstrap. Every metric used
 * here normalises by its total weight, so a resample whose Poisson weights do not sum to exactly
 * n gives the same metric as one rescaled to n.
 *
 * O(s·r·b + n) instead of O(B·n): at 1M examples, 2,000 replicates touch 8M weights instead of 2G.
 * `known` gives the metrics' values on all n examples when the caller has them already (exactly
 * as the metrics compute them), which spares evaluating the metrics on everything.
 */
export function bagOfLittleBootstraps(
  n: number,
  metricsOn: PairedMetricsOn,
  options: ResamplingOptions,
  known?: readonly MetricPoint[],
): RowStatistics[] {
  const resamples = checkResamples(options.resamples);
  const points =
    known ?? metricsOn(null).map((m) => ({ baseline: m.baseline(undefined), candidate: m.candidate(undefined) }));
  const subsets = LITTLE_BOOTSTRAP_SUBSETS;
  const perSubset = Math.ceil(resamples / subsets);
  const drawn = subsets * perSubset;
  const deltas = points.map(() => new Float64Array(drawn));
  const valid = new Int32Array(points.length);
  const b = littleBootstrapSubsetSize(n);
  if (n >= 2) {
    const rng = new Xoshiro128(options.seed);
    const sampler = new PoissonSampler(n / b);
    const permutation = new Uint32Array(n);
    for (let i = 0; i < n; i++) permutation[i] = i;
    const weights = new Uint32Array(b);
    for (let j = 0; j < subsets; j++) {
      // A partial Fisher–Yates shuffle puts a uniform random b-subset in the first b places.
      for (let i = 0; i < b; i++) {
        const k = i + rng.nextBelow(n - i);
        const t = permutation[i] as number;
        permutation[i] = permutation[k] as number;
        permutation[k] = t;
      }
      const indices = permutation.slice(0, b).sort();
      const metrics = metricsOn(indices);
      const centres = metrics.map((m) => m.candidate(undefined) - m.baseline(undefined));
      for (let rep = 0; rep < perSubset; rep++) {
        for (let i = 0; i < b; i++) weights[i] = sampler.next(rng);
        for (let k = 0; k < metrics.length; k++) {
          const metric = metrics[k] as (typeof metrics)[number];
          const point = points[k] as (typeof points)[number];
          const d =
            point.candidate -
            point.baseline +
            (metric.candidate(weights) - metric.baseline(weights)) -
            (centres[k] as number);
          if (!Number.isFinite(d)) continue;
          const v = valid[k] as number;
          (deltas[k] as Float64Array)[v] = d;
          valid[k] = v + 1;
        }
      }
    }
  }
  return points.map((point, k) =>
    replicateStatistics(point, deltas[k] as Float64Array, valid[k] as number, drawn, options.levels),
  );
}
