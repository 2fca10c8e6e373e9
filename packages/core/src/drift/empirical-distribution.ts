import { type QuantileSketch, sketchBuckets } from "../profile/quantile-sketch.js";

/** Distinct values in ascending order with how many observations sit at each. */
export interface EmpiricalDistribution {
  readonly values: readonly number[];
  readonly counts: readonly number[];
  readonly total: number;
}

/** The distribution of a sorted sample (ties collapse into one point with their count). */
export function sampleDistribution(sorted: readonly number[]): EmpiricalDistribution {
  const values: number[] = [];
  const counts: number[] = [];
  for (const value of sorted) {
    if (values.length > 0 && values[values.length - 1] === value) counts[counts.length - 1]!++;
    else {
      values.push(value);
      counts.push(1);
    }
  }
  return { values, counts, total: sorted.length };
}

/**
 * The distribution of a quantile sketch: each bucket's count at its representative value, so each
 * observation x is moved by at most 1%·|x| (see quantile-sketch.ts).
 */
export function sketchDistribution(sketch: QuantileSketch): EmpiricalDistribution {
  const buckets = sketchBuckets(sketch);
  return { values: buckets.map((b) => b.value), counts: buckets.map((b) => b.count), total: sketch.count };
}

/**
 * Walks the union of both supports in ascending order, calling `step` after each distinct value
 * with the cumulative counts of both sides up to and including it and the value itself.
 */
export function walkCumulative(
  a: EmpiricalDistribution,
  b: EmpiricalDistribution,
  step: (cumulativeA: number, cumulativeB: number, value: number) => void,
): void {
  let i = 0;
  let j = 0;
  let cumulativeA = 0;
  let cumulativeB = 0;
  while (i < a.values.length || j < b.values.length) {
    const x = Math.min(a.values[i] ?? Number.POSITIVE_INFINITY, b.values[j] ?? Number.POSITIVE_INFINITY);
    if (a.values[i] === x) cumulativeA += a.counts[i++]!;
    if (b.values[j] === x) cumulativeB += b.counts[j++]!;
    step(cumulativeA, cumulativeB, x);
  }
}
