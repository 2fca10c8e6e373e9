import type { PairedPredictions } from "../eval/paired-predictions.js";
import { sharedArray } from "../eval/shared-array.js";

/**
 * The sets of examples a comparison reports on, numbered: group 0 holds every example, and value
 * c of the k-th slice column (k from 1, in the order of `paired.slices`) is group `offsets[k] + c`,
 * so groups come in report order (overall, then each column's values in code order).
 *
 * Membership is kept row-major, one row of `stride` entries per example: its label (0/1) at
 * entry 0, then its code in each slice column (−1: in no slice of that column). A pass over the
 * examples in score order then reads one cache line per example, where separate code columns
 * would cost a cache miss per column.
 */
export interface ExampleGroups {
  /** Number of groups (1 + the number of values of every slice column). */
  readonly count: number;
  /** Number of groupings: the whole set, then each slice column (= stride). */
  readonly groupings: number;
  /** First group of each grouping; `offsets[0]` is 0, the whole set. */
  readonly offsets: Int32Array;
  readonly stride: number;
  readonly rows: Int8Array | Int16Array | Int32Array;
  /** Examples in each group. */
  readonly sizes: Float64Array;
  /** `column=value` of each group; null for group 0. */
  readonly names: readonly (string | null)[];
}

/** Numbers the groups of a paired evaluation whose labels are all 0 or 1. */
export function exampleGroups(paired: PairedPredictions): ExampleGroups {
  const columns = [...paired.slices];
  const groupings = columns.length + 1;
  const offsets = new Int32Array(groupings);
  const names: (string | null)[] = [null];
  let count = 1;
  let widest = 0;
  columns.forEach(([column, { values }], k) => {
    offsets[k + 1] = count;
    count += values.length;
    widest = Math.max(widest, values.length);
    for (const value of values) names.push(`${column}=${value}`);
  });
  const { n, label } = paired;
  const stride = groupings;
  // Shared, for statistics threads that each take some of the groupings.
  const rows =
    widest <= 128
      ? sharedArray(Int8Array, n * stride)
      : widest <= 32768
        ? sharedArray(Int16Array, n * stride)
        : sharedArray(Int32Array, n * stride);
  const sizes = new Float64Array(count);
  sizes[0] = n;
  for (let i = 0; i < n; i++) rows[i * stride] = label[i] as number;
  columns.forEach(([, { codes, values }], k) => {
    const offset = offsets[k + 1] as number;
    const counts = new Float64Array(values.length);
    for (let i = 0; i < n; i++) {
      const code = codes[i] as number;
      rows[i * stride + k + 1] = code;
      if (code >= 0) counts[code] = (counts[code] as number) + 1;
    }
    sizes.set(counts, offset);
  });
  return { count, groupings, offsets, stride, rows, sizes, names };
}
