import { sampleBinomial } from "./binomial-sampler.js";
import type { Xoshiro128 } from "./xoshiro128.js";

/**
 * How a bootstrap replicate reweights the examples.
 * - `multinomial`: the classic bootstrap (Efron 1979), n draws with replacement, so the counts sum
 *   to n exactly.
 * - `poisson`: each count independently Poisson(1) (Hanley & MacGibbon 2006; Chamandy et al. 2012,
 *   "Estimating uncertainty for massive data streams"): the same limit distribution, and each
 *   example's count depends on nothing else, so shards can be resampled apart and merged.
 */
export type ResampleScheme = "multinomial" | "poisson";

/** Fills `counts` (length n) with how often each of n examples is drawn in n draws with replacement. */
export function drawIndexResample(rng: Xoshiro128, counts: Uint32Array): void {
  const n = counts.length;
  counts.fill(0);
  for (let i = 0; i < n; i++) {
    const j = rng.nextBelow(n);
    counts[j] = (counts[j] as number) + 1;
  }
}

const EXP_MINUS_ONE = Math.exp(-1);

/** Fills `counts` with independent Poisson(1) draws, by inversion of the Poisson(1) distribution. */
export function drawPoissonResample(rng: Xoshiro128, counts: Uint32Array): void {
  for (let i = 0; i < counts.length; i++) {
    let u = rng.nextFloat();
    let k = 0;
    let pk = EXP_MINUS_ONE;
    // P(K = k) = e⁻¹/k!; the loop ends by k ≈ 18 at the latest (the mass beyond is < 2^-53).
    while (u > pk && k < 32) {
      u -= pk;
      k += 1;
      pk /= k;
    }
    counts[i] = k;
  }
}

/**
 * Draws `total` items into cells with probabilities proportional to `weights` and writes the cell
 * counts to `out`: O(cells) per draw, independent of `total`, by the conditional-binomial method
 * (count_i ~ Binomial(remaining total, w_i / remaining weight); e.g. Devroye 1986, XI.1.4).
 * A resample of n examples that only matter through a few cells (the paired confusion table) is a
 * multinomial draw over those cells with the observed cell counts as weights.
 */
export function drawMultinomial(rng: Xoshiro128, total: number, weights: ArrayLike<number>, out: Uint32Array): void {
  const k = weights.length;
  let remainingWeight = 0;
  for (let i = 0; i < k; i++) remainingWeight += weights[i] as number;
  let remaining = total;
  let lastPositive = -1;
  for (let i = 0; i < k; i++) {
    const w = weights[i] as number;
    if (w > 0) lastPositive = i;
    if (remaining === 0 || w <= 0) {
      out[i] = 0;
    } else if (i === k - 1 || w >= remainingWeight) {
      out[i] = remaining;
      remaining = 0;
    } else {
      const x = sampleBinomial(rng, remaining, w / remainingWeight);
      out[i] = x;
      remaining -= x;
    }
    remainingWeight -= w;
  }
  // Fractional weights can leave a rounding residue in remainingWeight; no draw is ever lost.
  if (remaining > 0 && lastPositive >= 0) out[lastPositive] = (out[lastPositive] as number) + remaining;
}
