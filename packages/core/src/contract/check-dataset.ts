import { readTable } from "../tabular/read-table.js";
import type { TableFormat } from "../tabular/table-format.js";
import { ContractCheck, type ContractCheckOptions } from "./contract-check.js";
import type { DataContract } from "./data-contract.js";
import type { ContractCheckResult } from "./violation.js";

export interface CheckDatasetOptions extends ContractCheckOptions {
  /** The format of every file, when their extensions do not say. */
  readonly format?: TableFormat;
}

/**
 * Checks the files of one dataset (its shards, in the order given) against a contract, reading
 * each file batch by batch and decoding only the contract's columns. A file that cannot be read
 * is an InputError from the tabular readers; a file that reads but breaks rules is a violation.
 */
export async function checkDataset(
  contract: DataContract,
  files: readonly string[],
  options: CheckDatasetOptions = {},
): Promise<ContractCheckResult> {
  const check = new ContractCheck(contract, options);
  const columns = contract.columns.map((column) => column.name);
  for (const file of files) {
    await readTable(file, {
      ...(options.format ? { format: options.format } : {}),
      columns,
      onHeader: (header) => check.beginFile(header),
      onBatch: (batch) => check.addBatch(batch),
    });
  }
  return check.finish();
}
