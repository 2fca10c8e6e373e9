const HALF_LOG_TWO_PI = 0.9189385332046728; // ½·ln(2π)

/**
 * ln Γ(x) for x > 0, accurate to about 1e-15 relative.
 *
 * For x ≥ 15 the Stirling series ln Γ(x) = (x − ½)ln x − x + ½ln(2π) + 1/(12x) − 1/(360x³)
 * + 1/(1260x⁵) − 1/(1680x⁷) + … (Abramowitz & Stegun 6.1.41); its first omitted term,
 * 1/(1188x⁹), is below 1e-13 there. Smaller x are shifted up with Γ(x) = Γ(x + k)/(x(x+1)…(x+k−1)).
 */
export function logGamma(x: number): number {
  if (!(x > 0)) {
    if (x === 0) return Number.POSITIVE_INFINITY;
    return Number.NaN;
  }
  if (x === Number.POSITIVE_INFINITY) return x;
  let shift = 0;
  let product = 1;
  let z = x;
  while (z < 15) {
    product *= z;
    z += 1;
    shift += 1;
  }
  const inv = 1 / z;
  const inv2 = inv * inv;
  const series = inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 / 1680)));
  const stirling = (z - 0.5) * Math.log(z) - z + HALF_LOG_TWO_PI + series;
  return shift === 0 ? stirling : stirling - Math.log(product);
}

/** ln(k!) for a non-negative integer k. */
export function logFactorial(k: number): number {
  return k < 2 ? 0 : logGamma(k + 1);
}
