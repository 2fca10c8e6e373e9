import { logGamma } from "../stats/log-gamma.js";

/**
 * The regularised upper incomplete gamma function Q(a, x) = Γ(a, x)/Γ(a), a > 0, x ≥ 0.
 *
 * For x < a + 1 the series P(a, x) = e^(−x)·x^a/Γ(a+1) · Σₙ xⁿ/((a+1)…(a+n)) converges fast and
 * Q = 1 − P; above it, the continued fraction Γ(a, x) = e^(−x)·x^a · 1/(x+1−a− 1·(1−a)/(x+3−a− …))
 * (A&S 6.5.31), evaluated by the modified Lentz algorithm, gives Q directly without cancellation.
 */
export function regularizedUpperGamma(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) return Number.NaN;
  if (x === 0) return 1;
  if (x === Number.POSITIVE_INFINITY) return 0;
  const logFront = -x + a * Math.log(x) - logGamma(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 10_000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-16) break;
    }
    return Math.max(0, 1 - sum * Math.exp(logFront));
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(logFront) * h;
}

/** P(χ²_dof ≥ x): the p-value of a chi-square statistic x with `dof` degrees of freedom. */
export function chiSquareSurvival(x: number, dof: number): number {
  if (dof <= 0) return 1;
  return regularizedUpperGamma(dof / 2, Math.max(0, x) / 2);
}
