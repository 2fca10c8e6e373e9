import type { ExampleWeights } from "../eval/paired-predictions.js";

/**
 * Checks that every per-example column has the same length as the first one. A mismatch is a
 * programming error in the caller (columns come from one {@link PairedPredictions}), not bad user
 * input, so it throws a RangeError rather than an InputError.
 */
export function assertAlignedColumns(columns: Readonly<Record<string, ArrayLike<number> | null | undefined>>): number {
  let n = -1;
  let first = "";
  for (const [name, column] of Object.entries(columns)) {
    if (column === null || column === undefined) continue;
    if (n === -1) {
      n = column.length;
      first = name;
    } else if (column.length !== n) {
      throw new RangeError(`metric column ${name} has ${column.length} rows, ${first} has ${n}`);
    }
  }
  return Math.max(n, 0);
}

/** Weight of example i: its count in a resample, or 1 when no weights are given. */
export function weightAt(weights: ExampleWeights | undefined, i: number): number {
  return weights === undefined ? 1 : (weights[i] as number);
}
