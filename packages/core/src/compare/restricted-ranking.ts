import type { SliceCodes } from "../eval/paired-predictions.js";
import type { ScoreRanking } from "../metrics/score-ranking.js";

/**
 * The ranking of a subset of examples, read off the ranking of the whole set in one pass instead of
 * sorting again: walking the whole order and keeping the members gives them in ascending score
 * order, and two consecutive members tie exactly when their scores are equal. `indices` are
 * ascending positions into the whole set; the result's order holds positions into `indices`.
 * O(n) with no allocation beyond the result, which beats a fresh radix sort for small subsets.
 */
export function restrictRanking(
  ranking: ScoreRanking,
  score: Float64Array,
  indices: Uint32Array,
  position: Int32Array,
): ScoreRanking {
  // position[i] is i's place in the subset, or −1; the caller's buffer is left all −1 again.
  for (let k = 0; k < indices.length; k++) position[indices[k] as number] = k;
  const order = new Uint32Array(indices.length);
  const ends: number[] = [];
  let count = 0;
  let previous = Number.NaN;
  for (const i of ranking.order) {
    const at = position[i] as number;
    if (at < 0) continue;
    const s = score[i] as number;
    if (count > 0 && s !== previous) ends.push(count);
    order[count++] = at;
    previous = s;
  }
  if (count > 0) ends.push(count);
  for (let k = 0; k < indices.length; k++) position[indices[k] as number] = -1;
  return { order, groupEnds: Uint32Array.from(ends) };
}

/**
 * The rankings of every slice of one slice column, from the ranking of the whole set in one pass:
 * the whole order is dealt out to the slices, so each slice's members arrive in ascending score
 * order. `codes[i]` is example i's slice (−1: none) and `sizes[c]` the size of slice c; a slice's
 * order holds positions into its own ascending list of examples.
 */
export function partitionRanking(
  ranking: ScoreRanking,
  score: Float64Array,
  codes: SliceCodes,
  sizes: readonly number[],
): ScoreRanking[] {
  const n = codes.length;
  // position of each example within its slice (its rank among the slice's ascending indices)
  const position = new Uint32Array(n);
  const filled = new Uint32Array(sizes.length);
  for (let i = 0; i < n; i++) {
    const c = codes[i] as number;
    if (c < 0) continue;
    position[i] = filled[c] as number;
    filled[c] = (filled[c] as number) + 1;
  }
  const orders = sizes.map((size) => new Uint32Array(size));
  const ends = sizes.map((size) => new Uint32Array(size));
  const counts = new Uint32Array(sizes.length);
  const groups = new Uint32Array(sizes.length);
  const previous = new Float64Array(sizes.length);
  for (const i of ranking.order) {
    const c = codes[i] as number;
    if (c < 0) continue;
    const s = score[i] as number;
    const count = counts[c] as number;
    if (count > 0 && s !== previous[c]) {
      (ends[c] as Uint32Array)[groups[c] as number] = count;
      groups[c] = (groups[c] as number) + 1;
    }
    (orders[c] as Uint32Array)[count] = position[i] as number;
    counts[c] = count + 1;
    previous[c] = s;
  }
  return sizes.map((size, c) => {
    const groupEnds = ends[c] as Uint32Array;
    let g = groups[c] as number;
    if (size > 0) groupEnds[g++] = size;
    return { order: orders[c] as Uint32Array, groupEnds: groupEnds.slice(0, g) };
  });
}

/**
 * The ranking of a few thousand scores by a comparison sort: `rankScores`' radix sort has a fixed
 * cost of 2¹⁶-bucket histograms that dominates below ~10⁴ values. Same result: ascending scores,
 * ties in index order (the radix sort is stable), −0 tied with 0. Scores must not be NaN.
 */
export function rankFewScores(score: Float64Array): ScoreRanking {
  const order = new Uint32Array(score.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => (score[a] as number) - (score[b] as number) || a - b);
  const ends: number[] = [];
  for (let k = 1; k <= order.length; k++) {
    if (k === order.length || score[order[k] as number] !== score[order[k - 1] as number]) ends.push(k);
  }
  return { order, groupEnds: Uint32Array.from(ends) };
}
