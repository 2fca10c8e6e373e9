import { type EmpiricalDistribution, walkCumulative } from "./empirical-distribution.js";

/**
 * Wasserstein-1 (earth mover's) distance between two empirical distributions:
 *   W₁ = ∫ |F(x) − G(x)| dx = Σₖ |F(xₖ) − G(xₖ)|·(xₖ₊₁ − xₖ)
 * over the sorted union of both supports, as SciPy's `wasserstein_distance(u, v)` computes it.
 * F(xₖ) − G(xₖ) is formed as (i·n − j·m)/(m·n) from the integer cumulative counts, so it carries
 * one rounding. Null when either side is empty.
 */
export function wassersteinDistance(a: EmpiricalDistribution, b: EmpiricalDistribution): number | null {
  if (a.total === 0 || b.total === 0) return null;
  const scale = a.total * b.total;
  let distance = 0;
  let previous: { gap: number; value: number } | undefined;
  walkCumulative(a, b, (cumulativeA, cumulativeB, value) => {
    if (previous !== undefined) distance += (previous.gap / scale) * (value - previous.value);
    previous = { gap: Math.abs(cumulativeA * b.total - cumulativeB * a.total), value };
  });
  return distance;
}
