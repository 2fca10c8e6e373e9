import type { PairedPredictions, SliceCodes } from "../eval/paired-predictions.js";
import { sharedArray } from "../eval/shared-array.js";
import { sharedCodesLike } from "../eval/slice-dictionary.js";

/**
 * The sets of examples a comparison reports on, numbered: group 0 holds every example, and value
 * c of the k-th slice column (k from 1, in the order of `paired.slices`) is group `offsets[k] + c`,
 * so groups come in report order (overall, then each column's values in code order).
 *
 * Membership is kept by column (each slice column's codes, −1: in no slice of that column), and
 * on request row-major too, one row of `stride` entries per example: its label (0/1) at entry 0,
 * then its code in each slice column. A pass over the examples in score order then reads one
 * cache line per example, where separate code columns would cost a cache miss per column.
 */
export interface ExampleGroups {
  /** Number of groups (1 + the number of values of every slice column). */
  readonly count: number;
  /** Number of groupings: the whole set, then each slice column (= stride). */
  readonly groupings: number;
  /** First group of each grouping; `offsets[0]` is 0, the whole set. */
  readonly offsets: Int32Array;
  readonly stride: number;
  /** The codes of grouping k (k ≥ 1) at [k − 1], in shared memory. */
  readonly columns: readonly SliceCodes[];
  /** The row-major membership, when asked for. */
  readonly rows: ExampleRows | null;
  /** Examples in each group. */
  readonly sizes: Float64Array;
  /** `column=value` of each group; null for group 0. */
  readonly names: readonly (string | null)[];
}

export type ExampleRows = Int8Array | Int16Array | Int32Array;

/**
 * Numbers the groups of a paired evaluation whose labels are all 0 or 1, with its row-major
 * membership when `withRows`.
 */
export function exampleGroups(paired: PairedPredictions, withRows = true): ExampleGroups {
  const columns = [...paired.slices];
  const groupings = columns.length + 1;
  const offsets = new Int32Array(groupings);
  const names: (string | null)[] = [null];
  let count = 1;
  columns.forEach(([column, { values }], k) => {
    offsets[k + 1] = count;
    count += values.length;
    for (const value of values) names.push(`${column}=${value}`);
  });
  const { n, label } = paired;
  const stride = groupings;
  const sizes = new Float64Array(count);
  sizes[0] = n;
  // Shared, for statistics threads that each take some of the groupings.
  const shared = columns.map(([, { codes }]) => sharedCodes(codes));
  columns.forEach(([, { values }], k) => {
    const codes = shared[k] as SliceCodes;
    // Four interleaved tallies per value (slot 0 is −1, no value): consecutive examples of one
    // value then add to different slots, instead of each waiting for the previous one's store.
    const tallies = new Int32Array(4 * (values.length + 1));
    for (let i = 0; i < n; i++) {
      const at = 4 * ((codes[i] as number) + 1) + (i & 3);
      tallies[at] = (tallies[at] as number) + 1;
    }
    values.forEach((_, code) => {
      const at = 4 * (code + 1);
      sizes[(offsets[k + 1] as number) + code] =
        (tallies[at] as number) +
        (tallies[at + 1] as number) +
        (tallies[at + 2] as number) +
        (tallies[at + 3] as number);
    });
  });
  const groups = { count, groupings, offsets, stride, columns: shared, rows: null, sizes, names };
  return withRows ? { ...groups, rows: exampleRows(groups, label) } : groups;
}

/** The row-major membership of `groups` (numbered with `label` as their labels). */
export function exampleRows(groups: ExampleGroups, label: Float64Array): ExampleRows {
  const { stride, columns, offsets, count } = groups;
  const n = label.length;
  let widest = 0;
  for (let j = 1; j < groups.groupings; j++) {
    widest = Math.max(widest, (j + 1 < groups.groupings ? (offsets[j + 1] as number) : count) - (offsets[j] as number));
  }
  const rows =
    widest <= 128
      ? sharedArray(Int8Array, n * stride)
      : widest <= 32768
        ? sharedArray(Int16Array, n * stride)
        : sharedArray(Int32Array, n * stride);
  for (let i = 0; i < n; i++) rows[i * stride] = label[i] as number;
  columns.forEach((codes, k) => {
    for (let i = 0; i < n; i++) rows[i * stride + k + 1] = codes[i] as number;
  });
  return rows;
}

/** The row-major membership of `groups`, which must have been numbered with it. */
export function rowsOf(groups: ExampleGroups): ExampleRows {
  if (groups.rows === null) throw new RangeError("the groups were numbered without their rows");
  return groups.rows;
}

function sharedCodes(codes: SliceCodes): SliceCodes {
  if (codes.buffer instanceof SharedArrayBuffer) return codes;
  const copy = sharedCodesLike(codes, codes.length);
  copy.set(codes);
  return copy;
}
