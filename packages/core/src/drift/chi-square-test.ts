import { chiSquareSurvival } from "./chi-square-distribution.js";

export interface ChiSquareTest {
  readonly statistic: number;
  readonly dof: number;
  readonly pValue: number;
}

/**
 * Pearson's chi-square test of homogeneity on the 2×k table of reference and current counts per
 * category: expected E_sc = row_s·col_c/N, statistic Σ (O − E)²/E over both rows, k − 1 degrees of
 * freedom, p = P(χ²_(k−1) ≥ statistic). Categories empty on both sides are left out. Yates'
 * continuity correction is not applied (it makes the 2×2 test conservative); this is SciPy's
 * `chi2_contingency(table, correction=False)`. With one category left there is nothing to test:
 * statistic 0, p = 1. Null when either side has no values.
 */
export function chiSquareHomogeneity(reference: readonly number[], current: readonly number[]): ChiSquareTest | null {
  const refTotal = sum(reference);
  const curTotal = sum(current);
  if (refTotal === 0 || curTotal === 0) return null;
  const total = refTotal + curTotal;
  let statistic = 0;
  let categories = 0;
  reference.forEach((observedRef, c) => {
    const observedCur = current[c] ?? 0;
    const column = observedRef + observedCur;
    if (column === 0) return;
    categories++;
    const expectedRef = (refTotal * column) / total;
    const expectedCur = (curTotal * column) / total;
    statistic += (observedRef - expectedRef) ** 2 / expectedRef + (observedCur - expectedCur) ** 2 / expectedCur;
  });
  const dof = categories - 1;
  if (dof === 0) return { statistic: 0, dof: 0, pValue: 1 };
  return { statistic, dof, pValue: chiSquareSurvival(statistic, dof) };
}

function sum(counts: readonly number[]): number {
  return counts.reduce((total, count) => total + count, 0);
}
