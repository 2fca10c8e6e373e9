/**
 * The 1-based midranks of `values`: tied values share the mean of the ranks they occupy, which is
 * what gives a tied positive/negative pair half a concordance in the Mann–Whitney form of the AUC.
 *
 * O(n log n): the native numeric sort of a copy, one pass to give each run of equal values its
 * midrank, then a binary search per value. Values must not be NaN.
 */
export function midranks(values: Float64Array): Float64Array {
  const n = values.length;
  const sorted = Float64Array.from(values).sort();
  if (n > 0 && Number.isNaN(sorted[n - 1] as number)) throw new RangeError("cannot rank NaN scores");
  // runRank[i] is the midrank of the run that sorted[i] belongs to.
  const runRank = new Float64Array(n);
  let start = 0;
  while (start < n) {
    let end = start + 1;
    while (end < n && sorted[end] === sorted[start]) end++;
    const rank = (start + 1 + end) / 2; // mean of ranks start+1 … end
    runRank.fill(rank, start, end);
    start = end;
  }
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((sorted[mid] as number) < v) lo = mid + 1;
      else hi = mid;
    }
    ranks[i] = runRank[lo] as number;
  }
  return ranks;
}
