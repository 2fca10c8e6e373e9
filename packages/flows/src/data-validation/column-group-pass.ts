import type { MessagePort } from "node:worker_threads";
import {
  ContractCheck,
  type ContractCheckPart,
  type DataContract,
  type DatasetProfile,
  type TableFormat,
} from "@slipway/core";
import type { DatasetFiles } from "./dataset-files.js";
import { type DatasetProgress, readDatasetOnce } from "./dataset-pass.js";
import { sharedCsvRead } from "./shared-csv-read.js";

/** One thread's share of a validation: every file of the dataset, some of the contract's columns. */
export interface ColumnGroupTask {
  readonly contract: DataContract;
  readonly dataset: DatasetFiles;
  /** The columns this task decodes and checks cell by cell. */
  readonly columns: readonly string[];
  /** The columns among them to profile; undefined when no profile is wanted. */
  readonly profile: readonly string[] | undefined;
  readonly format?: TableFormat;
  /** Where the batches of a shared read of the files come from, when another thread reads them (see shared-csv-read). */
  readonly shared?: MessagePort;
}

/** What one group found, as plain data (it may come back from a worker thread). */
export interface ColumnGroupResult {
  readonly check: ContractCheckPart;
  /** Data rows per file, in file order. */
  readonly rows: readonly number[];
  readonly profile: DatasetProfile | undefined;
  /** Each file's column names, in header order. */
  readonly headers: readonly (readonly string[])[];
}

/**
 * Reads the dataset once for one group of columns, or takes its batches from a shared read: their
 * contract checks and their profile.
 */
export async function checkColumnGroup(
  task: ColumnGroupTask,
  onProgress?: (progress: DatasetProgress) => void,
): Promise<ColumnGroupResult> {
  const check = new ContractCheck(task.contract, { ownColumns: task.columns });
  const headers: string[][] = [];
  const pass = await readDatasetOnce(
    task.dataset,
    [check, { beginFile: (header) => headers.push([...header.columns]), addBatch: () => {} }],
    {
      columns: task.columns,
      ...(task.profile ? { profile: task.profile } : {}),
      ...(task.format ? { format: task.format } : {}),
      ...(onProgress ? { onProgress } : {}),
      ...(task.shared ? { read: sharedCsvRead(task.shared) } : {}),
    },
  );
  task.shared?.close();
  return { check: check.part(), rows: pass.rows, profile: pass.profile, headers };
}

/**
 * The groups' findings as one: the contract check over every column, and the profile of every
 * profiled column in the order one pass over all columns gives (each column where it first
 * appears in the files' headers), so the result does not depend on how columns were grouped.
 */
export function combineColumnGroups(
  contract: DataContract,
  results: readonly ColumnGroupResult[],
  profiled: readonly string[] | undefined,
): { check: ContractCheck; rows: readonly number[]; profile: DatasetProfile | undefined } {
  const first = results[0];
  if (first === undefined) throw new Error("combineColumnGroups needs at least one group");
  const check = ContractCheck.combine(
    contract,
    results.map((result) => result.check),
  );
  if (profiled === undefined) return { check, rows: first.rows, profile: undefined };
  const wanted = new Set(profiled);
  const order: string[] = [];
  const placed = new Set<string>();
  for (const header of first.headers) {
    for (const name of header) {
      if (wanted.has(name) && !placed.has(name)) {
        placed.add(name);
        order.push(name);
      }
    }
  }
  const byName = new Map(
    results.flatMap((result) => result.profile?.columns ?? []).map((column) => [column.name, column]),
  );
  const columns = order.flatMap((name) => {
    const column = byName.get(name);
    return column ? [column] : [];
  });
  const rows = first.rows.reduce((sum, n) => sum + n, 0);
  return { check, rows: first.rows, profile: { rows, columns } };
}
