import { readFile } from "node:fs/promises";
import { type DriftTable, type DriftTableRow, InputError, worstResult } from "@slipway/core";

type Json = Record<string, unknown>;

function driftRows(report: Json, file: string): DriftTableRow[] {
  if (report.schema !== "slipway/validation@1" || !Array.isArray(report.drift)) {
    throw new InputError('is not a slipway/validation@1 report; expected the "report" output of validate-data', {
      file,
    });
  }
  return (report.drift as Json[]).map((row, i) => {
    const value = row.value;
    if (
      typeof row.column !== "string" ||
      typeof row.method !== "string" ||
      typeof row.threshold !== "number" ||
      typeof row.drifted !== "boolean" ||
      !(value === null || typeof value === "number")
    ) {
      throw new InputError(`has a malformed drift row ${i + 1}; expected {column, method, value, threshold, drifted}`, {
        file,
      });
    }
    return { column: row.column, method: row.method, value, threshold: row.threshold, drifted: row.drifted };
  });
}

/**
 * The drift section of a model-diff comment, from the report validate-data wrote in the same
 * workflow (one dataset, or a `slipway/validation-set@1` of several). Read as data: every string
 * in it is escaped when rendered.
 */
export async function readValidationDrift(file: string): Promise<DriftTable> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, "utf8"));
  } catch {
    throw new InputError("cannot be read as JSON; expected the report validate-data wrote", { file });
  }
  const root = (parsed ?? {}) as Json;
  const reports =
    root.schema === "slipway/validation-set@1" && Array.isArray(root.reports) ? (root.reports as Json[]) : [root];
  const rows = reports.flatMap((report) => driftRows(report, file));
  const results = reports.map((r) => (r.result === "fail" || r.result === "warn" ? r.result : "pass"));
  return { result: worstResult(results), rows };
}
