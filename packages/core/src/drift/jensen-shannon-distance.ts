/**
 * Jensen–Shannon distance in base 2 between two count vectors over the same categories:
 *   p, q = counts normalised to proportions,  m = (p + q)/2,
 *   JSD = ½·Σ pᵢ·log₂(pᵢ/mᵢ) + ½·Σ qᵢ·log₂(qᵢ/mᵢ)   (terms with pᵢ = 0 or qᵢ = 0 are 0),
 *   distance = √JSD, in [0, 1].
 * This is SciPy's `jensenshannon(p, q, base=2)`. A category present on one side only (a new
 * category) needs no smoothing: its m is positive. Null when either side has no values.
 */
export function jensenShannonDistance(reference: readonly number[], current: readonly number[]): number | null {
  const refTotal = reference.reduce((total, count) => total + count, 0);
  const curTotal = current.reduce((total, count) => total + count, 0);
  if (refTotal === 0 || curTotal === 0) return null;
  let divergence = 0;
  reference.forEach((refCount, i) => {
    const p = refCount / refTotal;
    const q = (current[i] ?? 0) / curTotal;
    const m = (p + q) / 2;
    if (p > 0) divergence += 0.5 * p * Math.log2(p / m);
    if (q > 0) divergence += 0.5 * q * Math.log2(q / m);
  });
  // Rounding can leave a divergence of −1e−17 for identical distributions.
  return Math.sqrt(Math.min(1, Math.max(0, divergence)));
}
