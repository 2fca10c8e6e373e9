import { logFactorial } from "./log-gamma.js";
import type { Xoshiro128 } from "./xoshiro128.js";

/**
 * Below this mean the sequential-search inversion is cheaper than rejection (expected n·p + 1
 * steps), and BTRS's hat function needs n·p ≥ 10 to be valid (Hörmann 1993).
 */
const INVERSION_MAX_MEAN = 10;

/**
 * One draw from Binomial(n, p) in O(1) expected time, whatever n.
 *
 * p > ½ is drawn as n − Binomial(n, 1 − p). Small means use inversion by sequential search
 * (Kachitvichyanukul & Schmeiser 1988, "BINV"); the rest use BTRS, the transformed rejection
 * with squeeze of W. Hörmann, "The generation of binomial random variables", J. Statist. Comput.
 * Simul. 46 (1993) 101–110, whose expected number of uniform pairs is below 1.2 for n·p ≥ 10.
 */
export function sampleBinomial(rng: Xoshiro128, n: number, p: number): number {
  if (n === 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - sampleBinomialLower(rng, n, 1 - p);
  return sampleBinomialLower(rng, n, p);
}

function sampleBinomialLower(rng: Xoshiro128, n: number, p: number): number {
  if (n * p < INVERSION_MAX_MEAN) return binomialInversion(rng, n, p);
  return binomialBtrs(rng, n, p);
}

function binomialInversion(rng: Xoshiro128, n: number, p: number): number {
  const q = 1 - p;
  const ratio = p / q;
  const a = (n + 1) * ratio;
  const p0 = q ** n;
  for (;;) {
    // P(X = x) = P(X = x − 1) · ((n + 1)/x − 1) · p/q
    let u = rng.nextFloat();
    let px = p0;
    let x = 0;
    while (u > px) {
      u -= px;
      x += 1;
      if (x > n) break; // rounding left u beyond the total mass: draw again
      px *= a / x - ratio;
    }
    if (x <= n) return x;
  }
}

function binomialBtrs(rng: Xoshiro128, n: number, p: number): number {
  const q = 1 - p;
  const spq = Math.sqrt(n * p * q);
  const b = 1.15 + 2.53 * spq;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const vr = 0.92 - 4.2 / b;
  const alpha = (2.83 + 5.1 / b) * spq;
  const lpq = Math.log(p / q);
  const m = Math.floor((n + 1) * p);
  const h = logFactorial(m) + logFactorial(n - m);
  for (;;) {
    const u = rng.nextFloat() - 0.5;
    let v = rng.nextFloat();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (k < 0 || k > n) continue;
    if (us >= 0.07 && v <= vr) return k;
    v = Math.log((v * alpha) / (a / (us * us) + b));
    if (v <= h - logFactorial(k) - logFactorial(n - k) + (k - m) * lpq) return k;
  }
}
