import type { Annotation } from "../report/annotation.js";
import type { DataContract } from "./data-contract.js";
import type { ContractCheckResult, Violation } from "./violation.js";

/**
 * One annotation per failed rule, on the contract line that states the rule, so a reviewer sees
 * each failure next to the rule it broke. The message names the first violating rows.
 */
export function contractAnnotations(contract: DataContract, result: ContractCheckResult): Annotation[] {
  return result.violations.map((violation) => ({
    level: violation.severity === "fail" ? "error" : "warning",
    title: `Data contract: ${violation.rule}${violation.column === null ? "" : ` (${violation.column})`}`,
    message: `${violation.message}${whereText(violation)}`,
    file: contract.file,
    line: violation.contract_line,
    column: violation.contract_column,
  }));
}

function whereText(violation: Violation): string {
  if (violation.examples.length > 0) {
    const files = new Set(violation.examples.map((e) => e.file));
    const rows = violation.examples.map((e) => (files.size > 1 ? `${e.file} row ${e.row}` : `row ${e.row}`));
    const more = violation.count > violation.examples.length ? ", …" : "";
    return ` (${files.size === 1 ? `${[...files][0]}: ` : ""}${rows.join(", ")}${more})`;
  }
  if (violation.files && violation.files.length > 0) return ` (${violation.files.join(", ")})`;
  return "";
}
