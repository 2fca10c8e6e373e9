import { checkResamples } from "../stats/paired-bootstrap.js";
import { drawIndexResample } from "../stats/resample-counts.js";
import { Xoshiro128 } from "../stats/xoshiro128.js";
import type { PairedMetricsOn, ResamplingOptions } from "./paired-weighted-metrics.js";
import { type RowStatistics, replicateStatistics } from "./row-statistics.js";

/**
 * The paired index bootstrap (Efron & Tibshirani 1993, §15) of several metrics at once: each
 * replicate draws one resample of the n examples and evaluates every metric of both models on it.
 * With the same seed each metric's replicates are exactly those of `pairedBootstrap` in
 * `stats/paired-bootstrap.ts` run on that metric alone; sharing the draw only saves time.
 *
 * O(B·(n + cost of the metrics)); used up to {@link LITTLE_BOOTSTRAP_MIN_EXAMPLES} examples.
 */
export function jointPairedBootstrap(
  n: number,
  metricsOn: PairedMetricsOn,
  options: ResamplingOptions,
): RowStatistics[] {
  const resamples = checkResamples(options.resamples);
  const metrics = metricsOn(null);
  const points = metrics.map((m) => ({ baseline: m.baseline(undefined), candidate: m.candidate(undefined) }));
  const deltas = metrics.map(() => new Float64Array(resamples));
  const valid = new Int32Array(metrics.length);
  if (n > 0) {
    const rng = new Xoshiro128(options.seed);
    const counts = new Uint32Array(n);
    for (let r = 0; r < resamples; r++) {
      drawIndexResample(rng, counts);
      for (let k = 0; k < metrics.length; k++) {
        const metric = metrics[k] as (typeof metrics)[number];
        const d = metric.candidate(counts) - metric.baseline(counts);
        if (!Number.isFinite(d)) continue;
        const v = valid[k] as number;
        (deltas[k] as Float64Array)[v] = d;
        valid[k] = v + 1;
      }
    }
  }
  return points.map((point, k) =>
    replicateStatistics(point, deltas[k] as Float64Array, valid[k] as number, resamples, options.levels),
  );
}
