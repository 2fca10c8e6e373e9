/**
 * Count, extremes, mean and population variance of a column's numbers, mergeable.
 *
 * Within one batch the moments are accumulated with Welford's update; two summaries merge with
 * Chan, Golub & LeVeque's parallel formula ("Updating formulae and a pairwise algorithm for
 * computing sample variances", 1979): with δ = mean_b − mean_a and n = n_a + n_b,
 *   mean = mean_a + δ·n_b/n,   M2 = M2_a + M2_b + δ²·n_a·n_b/n,   variance = M2/n,
 * where M2 = n·variance is the sum of squared deviations. The merge is exact in real arithmetic,
 * so shards merged in any order agree with the whole to within floating-point rounding.
 */
export interface Moments {
  readonly count: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  /** Population variance (divisor n); the sample variance is variance·n/(n − 1). */
  readonly variance: number;
}

export const EMPTY_MOMENTS: Moments = {
  count: 0,
  min: Number.POSITIVE_INFINITY,
  max: Number.NEGATIVE_INFINITY,
  mean: 0,
  variance: 0,
};

/** Welford's running update, for the numbers of one batch. */
export class MomentsBuilder {
  private count = 0;
  private min = Number.POSITIVE_INFINITY;
  private max = Number.NEGATIVE_INFINITY;
  private mean = 0;
  private m2 = 0;

  add(value: number): void {
    this.count++;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    const delta = value - this.mean;
    this.mean += delta / this.count;
    this.m2 += delta * (value - this.mean);
  }

  freeze(): Moments {
    if (this.count === 0) return EMPTY_MOMENTS;
    return settleOverflow({
      count: this.count,
      min: this.min,
      max: this.max,
      mean: this.mean,
      variance: this.m2 / this.count,
    });
  }
}

/** Chan et al.'s merge of two summaries (see the module comment). */
export function mergeMoments(a: Moments, b: Moments): Moments {
  if (b.count === 0) return a;
  if (a.count === 0) return b;
  const n = a.count + b.count;
  const delta = b.mean - a.mean;
  const m2 = a.variance * a.count + b.variance * b.count + (delta * delta * a.count * b.count) / n;
  // Weight the larger side's mean first: mean_a + δ·n_b/n loses less precision when n_b is small.
  const mean = a.count >= b.count ? a.mean + (delta * b.count) / n : b.mean - (delta * a.count) / n;
  return settleOverflow({ count: n, min: Math.min(a.min, b.min), max: Math.max(a.max, b.max), mean, variance: m2 / n });
}

/**
 * Values near ±1.8e308 overflow the running sums (a variance beyond the largest double, or
 * ∞ − ∞). Such moments are settled as mean NaN and variance +∞ whichever way they overflowed, so
 * that every order of merging, and a profile read back from its file, agree.
 */
function settleOverflow(moments: Moments): Moments {
  if (Number.isFinite(moments.mean) && Number.isFinite(moments.variance)) return moments;
  return {
    ...moments,
    mean: Number.isFinite(moments.mean) ? moments.mean : Number.NaN,
    variance: Number.POSITIVE_INFINITY,
  };
}

/** Standard deviation with the given delta degrees of freedom (0: population, 1: sample). */
export function momentsStd(moments: Moments, ddof = 0): number {
  if (moments.count - ddof <= 0) return Number.NaN;
  return Math.sqrt((moments.variance * moments.count) / (moments.count - ddof));
}
