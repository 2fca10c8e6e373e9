import { type EmpiricalDistribution, walkCumulative } from "./empirical-distribution.js";

export interface KolmogorovSmirnovTest {
  /** D = sup |F − G|. */
  readonly statistic: number;
  readonly pValue: number;
  /** Whether the p-value is the exact finite-sample one (else the asymptotic approximation). */
  readonly exact: boolean;
}

/**
 * Exact p-values are computed while m·n is at most this (the path count below costs O(m·n)):
 * two samples of 5,000 values take at most about 0.25 s.
 */
export const KS_EXACT_LIMIT = 25_000_000;

/**
 * Two-sample Kolmogorov–Smirnov test, two-sided. The statistic is computed as the integer
 * D·m·n = max |i·n − j·m| over the cumulative counts i, j of the two samples, taken after each
 * distinct value (so ties are handled as SciPy's `ks_2samp` handles them).
 *
 * `exactSamples` says that both distributions are the observations themselves (not sketches):
 * then, while m·n ≤ KS_EXACT_LIMIT, the p-value is the exact one under H₀ for continuous data,
 * P(D ≥ d) = 1 − P(every lattice point of a random path from (0,0) to (m,n) has |i·n − j·m| < d·m·n),
 * where each of the C(m+n, m) monotone paths is equally likely (Hodges 1957). The path
 * probability is carried forward as a probability (a step from (i, j) goes right with
 * probability (m − i)/(m + n − i − j)), so nothing overflows; this matches SciPy's
 * `ks_2samp(method="exact")` (1 − P loses what lies below ~1e−15, so such p-values read as 0,
 * far below any alpha). Otherwise the p-value is asymptotic: Q_KS(λ) with
 * λ = (√nₑ + 0.12 + 0.11/√nₑ)·D, nₑ = m·n/(m + n) (Stephens 1970, as in Numerical Recipes §14.3).
 */
export function kolmogorovSmirnovTest(
  a: EmpiricalDistribution,
  b: EmpiricalDistribution,
  exactSamples: boolean,
): KolmogorovSmirnovTest | null {
  const m = a.total;
  const n = b.total;
  if (m === 0 || n === 0) return null;
  let gap = 0;
  walkCumulative(a, b, (i, j) => {
    gap = Math.max(gap, Math.abs(i * n - j * m));
  });
  const statistic = gap / (m * n);
  if (exactSamples && m * n <= KS_EXACT_LIMIT) return { statistic, pValue: exactKsPValue(m, n, gap), exact: true };
  const en = (m * n) / (m + n);
  const lambda = (Math.sqrt(en) + 0.12 + 0.11 / Math.sqrt(en)) * statistic;
  return { statistic, pValue: kolmogorovSurvival(lambda), exact: false };
}

/** P(D·m·n ≥ gap) for samples of sizes m and n under H₀ (see kolmogorovSmirnovTest). */
export function exactKsPValue(m: number, n: number, gap: number): number {
  if (gap <= 0) return 1;
  // probability[j] holds the probability of reaching (i, j) with every point so far inside the
  // band |i·n − j·m| < gap; rows are updated in place, so before the update it holds row i − 1.
  const probability = new Float64Array(n + 1);
  let previousLow = 0;
  for (let i = 0; i <= m; i++) {
    // Inside the band: (i·n − gap)/m < j < (i·n + gap)/m.
    const low = Math.max(0, Math.floor((i * n - gap) / m) + 1);
    const high = Math.min(n, Math.ceil((i * n + gap) / m) - 1);
    for (let j = previousLow; j < Math.min(low, n + 1); j++) probability[j] = 0;
    previousLow = low;
    for (let j = low; j <= high; j++) {
      if (i === 0 && j === 0) {
        probability[0] = 1;
        continue;
      }
      const remaining = m + n - i - j + 1;
      const fromBelow = i > 0 ? (probability[j]! * (m - i + 1)) / remaining : 0;
      const fromLeft = j > low ? (probability[j - 1]! * (n - j + 1)) / remaining : 0;
      probability[j] = fromBelow + fromLeft;
    }
  }
  return Math.min(1, Math.max(0, 1 - probability[n]!));
}

/**
 * The Kolmogorov distribution's survival function Q_KS(λ) = 2·Σ_{j≥1} (−1)^(j−1)·e^(−2j²λ²),
 * which is SciPy's `scipy.special.kolmogorov`. Below λ = 1.18 that alternating series converges
 * slowly, and the equivalent Jacobi form 1 − (√(2π)/λ)·Σ_{j≥1} e^(−(2j−1)²π²/(8λ²)) is used.
 */
export function kolmogorovSurvival(lambda: number): number {
  if (!(lambda > 0)) return 1;
  if (lambda < 1.18) {
    const factor = -(Math.PI * Math.PI) / (8 * lambda * lambda);
    let sum = 0;
    for (let j = 1; j < 100; j++) {
      const term = Math.exp(factor * (2 * j - 1) ** 2);
      sum += term;
      if (term < 1e-17 * sum) break;
    }
    return Math.min(1, Math.max(0, 1 - (Math.sqrt(2 * Math.PI) / lambda) * sum));
  }
  let sum = 0;
  for (let j = 1; j < 100; j++) {
    const term = Math.exp(-2 * j * j * lambda * lambda);
    sum += j % 2 === 1 ? term : -term;
    if (term < 1e-17) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}
