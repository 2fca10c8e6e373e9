/**
 * An empty bin's proportion is replaced by this before taking logarithms (as Evidently does):
 * PSI is infinite otherwise. One empty current bin against a reference share r contributes
 * (ε − r)·ln(ε/r), e.g. 0.88 for r = 0.1, so a bin emptying out flags drift at the 0.2 threshold.
 */
export const PSI_EMPTY_BIN_PROPORTION = 1e-4;

/**
 * Population stability index over matching bins (or categories):
 *   PSI = Σᵢ (cᵢ − rᵢ)·ln(cᵢ/rᵢ),   rᵢ, cᵢ = reference and current proportions,
 * each zero proportion replaced by PSI_EMPTY_BIN_PROPORTION. A bin empty on both sides adds 0.
 * Null when either side has no values.
 */
export function populationStabilityIndex(reference: readonly number[], current: readonly number[]): number | null {
  const refTotal = reference.reduce((total, count) => total + count, 0);
  const curTotal = current.reduce((total, count) => total + count, 0);
  if (refTotal === 0 || curTotal === 0) return null;
  let psi = 0;
  reference.forEach((refCount, i) => {
    const r = refCount === 0 ? PSI_EMPTY_BIN_PROPORTION : refCount / refTotal;
    const curCount = current[i] ?? 0;
    const c = curCount === 0 ? PSI_EMPTY_BIN_PROPORTION : curCount / curTotal;
    psi += (c - r) * Math.log(c / r);
  });
  return psi;
}
