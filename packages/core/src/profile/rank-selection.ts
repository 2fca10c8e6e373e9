/**
 * The value of 0-based rank `rank` among values[0 … n − 1] in ascending order, as sorting would
 * put it (Hoare's selection, "Algorithm 65: Find", 1961): partition around a middle element and
 * keep only the side holding the rank, O(n) on average instead of sorting's O(n log n). Reorders
 * those values.
 */
export function selectRank(values: Float64Array, n: number, rank: number): number {
  let low = 0;
  let high = n - 1;
  while (low < high) {
    const pivot = values[(low + high) >>> 1]!;
    let i = low;
    let j = high;
    // Both scans stop at values equal to the pivot, so runs of equal counts split evenly.
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const swap = values[i]!;
        values[i] = values[j]!;
        values[j] = swap;
        i++;
        j--;
      }
    }
    // Now values[low … j] ≤ pivot ≤ values[i … high], and anything between equals the pivot.
    if (rank <= j) high = j;
    else if (rank >= i) low = i;
    else return values[rank]!;
  }
  return values[rank]!;
}
