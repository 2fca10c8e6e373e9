import { logFactorial } from "../stats/log-gamma.js";
import type { Xoshiro128 } from "../stats/xoshiro128.js";

const TWO_32 = 4294967296;

/**
 * Draws from Poisson(λ) for one fixed λ by inversion of a tabulated CDF with a guide table
 * (H. C. Chen & Y. Asau, "On generating random variates from an empirical distribution", AIIE
 * Transactions 6 (1974) 163–166; L. Devroye, "Non-Uniform Random Variate Generation", 1986,
 * §III.2.4): K = min{k : U < F(k)}, and the guide gives, for U in [g/G, (g + 1)/G), the smallest
 * k with F(k) > g/G to start the search from, so a draw costs O(1) expected steps whatever λ.
 *
 * U is one 32-bit output (bootstrap weights do not need 53-bit uniforms: a tail beyond 2⁻³² of
 * mass, λ + 6.5√λ and up, is never drawn), and the table ends at λ + 12√λ + 20.
 */
export class PoissonSampler {
  /** F(k)·2³². */
  private readonly cdf: Float64Array;
  private readonly guide: Uint32Array;

  constructor(readonly lambda: number) {
    if (!(lambda > 0 && lambda < 1e6)) throw new RangeError(`Poisson mean must be in (0, 1e6), got ${lambda}`);
    const size = Math.ceil(lambda + 12 * Math.sqrt(lambda) + 20);
    const cdf = new Float64Array(size);
    // P(K = k) in logs, so a large λ neither underflows e^{−λ} nor overflows λ^k.
    let running = 0;
    for (let k = 0; k < size; k++) {
      running += Math.exp(-lambda + k * Math.log(lambda) - logFactorial(k));
      cdf[k] = running;
    }
    for (let k = 0; k < size; k++) cdf[k] = ((cdf[k] as number) / running) * TWO_32;
    cdf[size - 1] = TWO_32;
    const guide = new Uint32Array(size);
    let k = 0;
    for (let g = 0; g < size; g++) {
      while ((cdf[k] as number) <= (g / size) * TWO_32) k++;
      guide[g] = k;
    }
    this.cdf = cdf;
    this.guide = guide;
  }

  next(rng: Xoshiro128): number {
    const u = rng.nextUint32();
    const cdf = this.cdf;
    let k = this.guide[Math.floor((u / TWO_32) * cdf.length)] as number;
    while ((cdf[k] as number) <= u) k++;
    return k;
  }
}
