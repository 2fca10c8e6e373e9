/**
 * Holm–Bonferroni adjusted p-values (S. Holm, "A simple sequentially rejective multiple test
 * procedure", Scand J Statist 6 (1979) 65–70), with the semantics of statsmodels'
 * `multipletests(p, method="holm")`: sort ascending, p̃₍ᵢ₎ = max over j ≤ i of
 * min(1, (m − j + 1)·p₍ⱼ₎), returned in the input order. Rejecting where p̃ ≤ α controls the
 * family-wise error rate at α across the family (e.g. every slice of one metric).
 *
 * Adjusted values are ≥ the raw ones, ≤ 1, and keep the raw order. `null` (no test: an empty
 * slice, an undefined metric) stays `null` and is not counted in m.
 */
export function holmAdjust(pValues: readonly (number | null)[]): (number | null)[] {
  const tested: number[] = [];
  for (let i = 0; i < pValues.length; i++) {
    const p = pValues[i];
    if (p === null || p === undefined) continue;
    if (!(p >= 0 && p <= 1)) throw new RangeError(`p-value at ${i} is not in [0, 1]: ${p}`);
    tested.push(i);
  }
  const m = tested.length;
  tested.sort((i, j) => (pValues[i] as number) - (pValues[j] as number) || i - j);
  const adjusted: (number | null)[] = pValues.map(() => null);
  let running = 0;
  for (let rank = 0; rank < m; rank++) {
    const index = tested[rank] as number;
    running = Math.max(running, Math.min(1, (m - rank) * (pValues[index] as number)));
    adjusted[index] = running;
  }
  return adjusted;
}
