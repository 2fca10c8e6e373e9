import type { TableBatch } from "../tabular/table-batch.js";
import { allMissingColumn, type ColumnProfile, ColumnProfileBuilder, mergeColumnProfiles } from "./column-profile.js";

/** Schema tag of a serialized profile (see profile-document.ts). */
export const PROFILE_SCHEMA = "slipway/profile@1";

/** A mergeable summary of a dataset: one profile per column, in column order. */
export interface DatasetProfile {
  readonly rows: number;
  readonly columns: readonly ColumnProfile[];
}

/**
 * Profiles batches of one table as they stream in (mutable; `profile()` returns the value).
 * Feeding a file's batches here and merging per-file profiles give the same result.
 */
export class ProfileBuilder {
  private rows = 0;
  private readonly builders: ColumnProfileBuilder[];

  constructor(private readonly columns: readonly string[]) {
    const seen = new Set<string>();
    for (const name of columns) {
      if (seen.has(name)) throw new RangeError(`column "${name}" is listed twice`);
      seen.add(name);
    }
    this.builders = columns.map((name) => new ColumnProfileBuilder(name));
  }

  add(batch: TableBatch): this {
    this.rows += batch.length;
    for (let c = 0; c < this.columns.length; c++) {
      const builder = this.builders[c]!;
      const cells = batch.column(this.columns[c]!);
      if (cells === undefined) for (let r = 0; r < batch.length; r++) builder.add(undefined);
      else for (let r = 0; r < batch.length; r++) builder.add(cells[r]);
    }
    return this;
  }

  profile(): DatasetProfile {
    return { rows: this.rows, columns: this.builders.map((builder) => builder.freeze()) };
  }
}

/** The profile of one batch (a column the batch does not hold reads as all missing). */
export function profileBatch(batch: TableBatch, columns: readonly string[]): DatasetProfile {
  return new ProfileBuilder(columns).add(batch).profile();
}

/** A profile of no rows, the identity of `mergeProfiles`. */
export function emptyProfile(columns: readonly string[]): DatasetProfile {
  return new ProfileBuilder(columns).profile();
}

/**
 * The profile of both datasets' rows together. A column that only one side has counts as all
 * missing on the other side (as a key absent from every record of a JSONL shard would). Columns
 * keep `a`'s order, then `b`'s new ones, so the merge is commutative up to column order.
 */
export function mergeProfiles(a: DatasetProfile, b: DatasetProfile): DatasetProfile {
  const fromB = new Map(b.columns.map((column) => [column.name, column]));
  const columns = a.columns.map((column) =>
    mergeColumnProfiles(column, fromB.get(column.name) ?? allMissingColumn(column.name, b.rows)),
  );
  const inA = new Set(a.columns.map((column) => column.name));
  for (const column of b.columns) {
    if (!inA.has(column.name)) columns.push(mergeColumnProfiles(allMissingColumn(column.name, a.rows), column));
  }
  return { rows: a.rows + b.rows, columns };
}

/** The column of that name, if the profile has it. */
export function profileColumn(profile: DatasetProfile, name: string): ColumnProfile | undefined {
  return profile.columns.find((column) => column.name === name);
}
