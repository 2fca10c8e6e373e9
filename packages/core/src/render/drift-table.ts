import type { TableColumn } from "./markdown-table.js";
import { tableRow } from "./markdown-table.js";
import { escapeTableCell } from "./markdown-text.js";
import { formatMetricValue } from "./number-format.js";

/** One drift check of one column, as in `slipway/validation@1` `drift[]`. */
export interface DriftTableRow {
  readonly column: string;
  /** e.g. `psi`, `jensen-shannon`, `wasserstein`, `ks`. */
  readonly method: string;
  /** The p-value (`ks`, `chi2`) or distance; null when a side has no values to compare. */
  readonly value: number | null;
  readonly threshold: number;
  readonly drifted: boolean;
}

/** p-value methods drift when the value falls BELOW the threshold; distances when it rises above. */
const P_VALUE_METHODS = new Set(["ks", "chi2"]);

/** How far past its threshold a row lies, in the direction that means drift; nothing to compare sorts first. */
function excess(row: DriftTableRow): number {
  if (row.value === null) return Number.POSITIVE_INFINITY;
  return P_VALUE_METHODS.has(row.method) ? row.threshold - row.value : row.value - row.threshold;
}

/** The data-drift part of a model-diff comment: the validation result and its drift rows. */
export interface DriftTable {
  readonly result: "pass" | "warn" | "fail";
  readonly rows: readonly DriftTableRow[];
}

export const DRIFT_COLUMNS: readonly TableColumn[] = [
  { header: "Column", align: "left" },
  { header: "Method", align: "left" },
  { header: "Value", align: "right" },
  { header: "Threshold", align: "right" },
  { header: "Drifted", align: "left" },
];

/** Drifted columns first, each group by how far the value exceeds its threshold, then by name. */
export function sortDriftRows(rows: readonly DriftTableRow[]): DriftTableRow[] {
  return [...rows].sort((a, b) => {
    if (a.drifted !== b.drifted) return a.drifted ? -1 : 1;
    const ra = excess(a);
    const rb = excess(b);
    if (ra !== rb) return rb > ra ? 1 : -1;
    return a.column < b.column ? -1 : a.column > b.column ? 1 : 0;
  });
}

/** Table rows, escaped, in {@link sortDriftRows} order. */
export function driftTableRows(rows: readonly DriftTableRow[]): string[] {
  return sortDriftRows(rows).map((row) =>
    tableRow([
      escapeTableCell(row.column, 80),
      escapeTableCell(row.method, 40),
      formatMetricValue(row.value),
      formatMetricValue(row.threshold),
      row.drifted ? "**yes**" : "no",
    ]),
  );
}
