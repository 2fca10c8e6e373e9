import { type QuantileSketch, sketchBuckets } from "./quantile-sketch.js";

/**
 * Histogram bins decided from a reference: about equal-frequency (decile) bins whose edges are
 * edges of the quantile sketch's buckets.
 *
 * Because every edge is a bucket edge, a bucket never straddles two bins, and the count of any
 * dataset in these bins is read exactly from that dataset's sketch: no second pass over the data
 * and no approximation. The bins are open at both ends, so a current value below the reference's
 * minimum lands in the first bin and one above its maximum in the last.
 */
export interface HistogramBins {
  /** Bucket keys of the inner edges: bin j holds the buckets with key in (edge_{j−1}, edge_j]. */
  readonly edgeKeys: readonly number[];
  /** The inner edges as values (each bucket's upper edge), for people reading a report. */
  readonly edges: readonly number[];
}

export const REFERENCE_BIN_COUNT = 10;

/**
 * Bins from a reference sketch: walking the buckets in ascending order, a bin closes after the
 * bucket whose cumulative count first reaches j·n/binCount (j = 1 … binCount − 1). Every bin
 * holds at least one reference bucket, so no reference bin is empty; a column with fewer distinct
 * buckets than bins gets one bin per bucket (a 0/1 column gets two bins).
 */
export function referenceBins(reference: QuantileSketch, binCount = REFERENCE_BIN_COUNT): HistogramBins {
  const buckets = sketchBuckets(reference);
  const edgeKeys: number[] = [];
  const edges: number[] = [];
  let cumulative = 0;
  let next = 1;
  for (let b = 0; b < buckets.length - 1; b++) {
    const bucket = buckets[b]!;
    cumulative += bucket.count;
    if (next < binCount && cumulative >= (next * reference.count) / binCount) {
      edgeKeys.push(bucket.key);
      edges.push(bucket.upper);
      while (next < binCount && cumulative >= (next * reference.count) / binCount) next++;
    }
  }
  return { edgeKeys, edges };
}

/** The count of a sketch's values in each bin (exact: see HistogramBins). */
export function histogramCounts(sketch: QuantileSketch, bins: HistogramBins): number[] {
  const counts = new Array<number>(bins.edgeKeys.length + 1).fill(0);
  for (const bucket of sketchBuckets(sketch)) counts[binOf(bucket.key, bins.edgeKeys)]! += bucket.count;
  return counts;
}

/** The index of the first edge ≥ key (binary search), which is the bin holding that bucket. */
function binOf(key: number, edgeKeys: readonly number[]): number {
  let lo = 0;
  let hi = edgeKeys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edgeKeys[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
