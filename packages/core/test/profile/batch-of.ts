import { type DatasetProfile, ProfileBuilder } from "../../src/profile/dataset-profile.js";
import type { TableBatch } from "../../src/tabular/table-batch.js";

/** A TableBatch over in-memory columns (all the same length), as a reader would deliver it. */
export function batchOf(columns: Readonly<Record<string, readonly unknown[]>>, rowStart = 0): TableBatch {
  const lengths = Object.values(columns).map((cells) => cells.length);
  const length = lengths[0] ?? 0;
  if (lengths.some((n) => n !== length)) throw new Error("columns of a batch must have equal lengths");
  return {
    length,
    rowStart,
    column: (name) => columns[name],
    locate: (r) => ({ file: "memory.csv", row: rowStart + r + 1 }),
  };
}

/** The profile of in-memory columns, delivered in one batch. */
export function profileOf(columns: Readonly<Record<string, readonly unknown[]>>): DatasetProfile {
  return new ProfileBuilder(Object.keys(columns)).add(batchOf(columns)).profile();
}
