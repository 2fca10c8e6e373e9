/**
 * The percentile interval and p-value of a paired bootstrap, computed from the replicate deltas
 * Δ*₁ … Δ*_B (Efron & Tibshirani, "An Introduction to the Bootstrap", 1993, §13.3).
 */
export interface BootstrapSummary {
  readonly ci: readonly [number, number];
  readonly pValue: number;
}

/**
 * Interval: the (1 − c)/2 and (1 + c)/2 quantiles of the replicates, with the linear interpolation
 * between order statistics of Hyndman & Fan's definition 7 (numpy's default): position h = (B − 1)·q,
 * value x₍⌊h⌋₎ + (h − ⌊h⌋)(x₍⌊h⌋+1₎ − x₍⌊h⌋₎) over the sorted replicates.
 *
 * p-value for H₀: Δ = 0, the inversion of the percentile interval (the smallest 1 − c whose
 * interval excludes 0), with the +1 correction that keeps a Monte-Carlo p-value valid
 * (Davison & Hinkley, "Bootstrap Methods and their Application", 1997, §4.2.1; North, Curtis &
 * Sham, Am J Hum Genet 71, 2002):
 *   p = min(1, 2·min((1 + #{Δ* ≤ 0})/(B + 1), (1 + #{Δ* ≥ 0})/(B + 1))).
 * It is never 0; its smallest value is 2/(B + 1).
 *
 * `replicates` is sorted in place.
 */
export function summarizeBootstrap(replicates: Float64Array, confidence: number): BootstrapSummary {
  const b = replicates.length;
  if (b === 0) throw new RangeError("no bootstrap replicates");
  replicates.sort();
  let atMostZero = 0;
  let atLeastZero = 0;
  for (let i = 0; i < b; i++) {
    const x = replicates[i] as number;
    if (x <= 0) atMostZero++;
    if (x >= 0) atLeastZero++;
  }
  const tail = Math.min(1 + atMostZero, 1 + atLeastZero) / (b + 1);
  return {
    ci: [quantileSorted(replicates, (1 - confidence) / 2), quantileSorted(replicates, (1 + confidence) / 2)],
    pValue: Math.min(1, 2 * tail),
  };
}

/** Quantile q of an ascending array by Hyndman & Fan definition 7. */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const last = sorted.length - 1;
  const h = last * q;
  const lo = Math.floor(h);
  if (lo >= last) return sorted[last] as number;
  const x = sorted[lo] as number;
  return x + (h - lo) * ((sorted[lo + 1] as number) - x);
}
