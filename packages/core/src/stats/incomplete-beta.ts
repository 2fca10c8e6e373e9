import { logGamma } from "./log-gamma.js";

/**
 * The regularised incomplete beta function I_x(a, b), a, b > 0, 0 ≤ x ≤ 1.
 *
 * Evaluated with the continued fraction I_x(a,b) = xᵃ(1−x)ᵇ/(a·B(a,b)) · 1/(1+ d₁/(1+ d₂/(1+ …)))
 * with d₂ₘ₊₁ = −(a+m)(a+b+m)x/((a+2m)(a+2m+1)) and d₂ₘ = m(b−m)x/((a+2m−1)(a+2m))
 * (A&S 26.5.8), by the modified Lentz algorithm. The fraction converges fast for
 * x < (a+1)/(a+b+2); above that, I_x(a,b) = 1 − I_(1−x)(b,a) is used instead.
 */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (!(a > 0 && b > 0) || !(x >= 0 && x <= 1)) return Number.NaN;
  if (x === 0) return 0;
  if (x === 1) return 1;
  if (x > (a + 1) / (a + b + 2)) return 1 - regularizedIncompleteBeta(1 - x, b, a);
  const logFront = a * Math.log(x) + b * Math.log1p(-x) - (logGamma(a) + logGamma(b) - logGamma(a + b));
  return (Math.exp(logFront) / a) * betaContinuedFraction(x, a, b);
}

function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  // Lentz on 1/(1 + d₁/(1 + d₂/(…))): the first partial numerator is 1.
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let f = d;
  for (let m = 1; m < 10_000; m++) {
    const even = (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m));
    d = 1 + even * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + even / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    f *= d * c;
    const odd = (-(a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1));
    d = 1 + odd * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + odd / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return f;
}
