import type { ColumnDriftRule, DataContract, DriftPolicy } from "@slipway/core";

/**
 * The drift policy a contract states: each column with a `drift:` rule is compared by its method
 * and threshold, and `drift.share` sets the dataset's share. Columns without a rule are left out,
 * since inference gives no rule to ids, dates and free text on purpose: their values are new in
 * every batch and would always "drift". A contract that states no drift rule at all still gets a
 * drift check when a reference is given, with the defaults of docs/drift.md, on every column
 * except those declared `unique` (ids).
 */
export function driftPolicyFromContract(contract: DataContract): { policy: DriftPolicy; columns: string[] } {
  const ruled = contract.columns.filter((column) => column.drift !== undefined);
  const monitored = ruled.length > 0 ? ruled : contract.columns.filter((column) => column.unique?.value !== true);
  const columns: Record<string, ColumnDriftRule> = {};
  for (const column of monitored) {
    if (column.drift) columns[column.name] = { method: column.drift.method, threshold: column.drift.threshold };
  }
  return {
    policy: {
      columns,
      ...(contract.drift ? { driftShare: contract.drift.share } : {}),
    },
    columns: monitored.map((column) => column.name),
  };
}
