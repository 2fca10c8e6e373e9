import { regularizedIncompleteBeta } from "./incomplete-beta.js";

/**
 * P(T ≥ |t|) for Student's t with `df` degrees of freedom:
 * ½·I_(df/(df+t²))(df/2, ½) (A&S 26.7.1 written through the incomplete beta function).
 */
function upperTail(t: number, df: number): number {
  const x = df / (df + t * t);
  return 0.5 * regularizedIncompleteBeta(x, df / 2, 0.5);
}

/** The Student t distribution function P(T ≤ t), df > 0. */
export function studentTCdf(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return Number.NaN;
  if (t === Number.POSITIVE_INFINITY) return 1;
  if (t === Number.NEGATIVE_INFINITY) return 0;
  const tail = upperTail(t, df);
  return t >= 0 ? 1 - tail : tail;
}

/** Two-sided p-value P(|T| ≥ |t|). */
export function studentTTwoSidedPValue(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return Number.NaN;
  if (!Number.isFinite(t)) return 0;
  return Math.min(1, 2 * upperTail(t, df));
}

/**
 * The two-sided critical value t with P(|T| ≤ t) = confidence, found by bisection on the upper
 * tail (monotone, so bisection cannot fail; 200 halvings exhaust double precision).
 */
export function studentTCriticalValue(confidence: number, df: number): number {
  if (!(confidence > 0 && confidence < 1) || !(df > 0)) return Number.NaN;
  const target = (1 - confidence) / 2;
  let lo = 0;
  let hi = 1;
  while (upperTail(hi, df) > target) {
    lo = hi;
    hi *= 2;
    if (hi > 1e300) return Number.POSITIVE_INFINITY;
  }
  for (let i = 0; i < 200; i++) {
    const mid = 0.5 * (lo + hi);
    if (mid === lo || mid === hi) break;
    if (upperTail(mid, df) > target) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}
