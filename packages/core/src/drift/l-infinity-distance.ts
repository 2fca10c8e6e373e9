/**
 * L-infinity (Chebyshev) distance between the categories' proportions, as TensorFlow Data
 * Validation's drift and skew comparator computes it: maxᵢ |pᵢ − qᵢ| with p, q the reference and
 * current counts normalised to sum to 1. In [0, 1]; null when either side has no values.
 */
export function lInfinityDistance(reference: readonly number[], current: readonly number[]): number | null {
  const refTotal = reference.reduce((total, count) => total + count, 0);
  const curTotal = current.reduce((total, count) => total + count, 0);
  if (refTotal === 0 || curTotal === 0) return null;
  let distance = 0;
  reference.forEach((refCount, i) => {
    distance = Math.max(distance, Math.abs(refCount / refTotal - (current[i] ?? 0) / curTotal));
  });
  return distance;
}
