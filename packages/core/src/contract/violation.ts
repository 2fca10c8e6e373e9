import type { Severity } from "./data-contract.js";

/** The rules a violation can name, as `docs/contracts.md` defines them. */
export const CONTRACT_RULES = [
  "min_rows",
  "max_rows",
  "required",
  "type",
  "nullable",
  "max_null_rate",
  "min",
  "max",
  "enum",
  "regex",
  "unique",
  "additional_columns",
  "unique_together",
  "compare",
] as const;
export type ContractRule = (typeof CONTRACT_RULES)[number];

/** A value as shown in a report: JSON-safe, one line's worth, never a whole multi-megabyte cell. */
export type ShownValue = string | number | boolean | null;

/** Where a violating row is: its file and 1-based data row (JSONL files also give the line). */
export interface RowPlace {
  readonly file: string;
  readonly row: number;
  readonly line?: number;
}

export interface ViolationExample extends RowPlace {
  readonly value: ShownValue;
  /** For `unique` and `unique_together`: where the same value was first seen. */
  readonly duplicate_of?: RowPlace;
}

/** One failed rule, as in `slipway/validation@1`'s `violations[]` (snake_case, JSON-ready). */
export interface Violation {
  readonly rule: ContractRule;
  /** The column, or null for a table-level rule (row counts, unique_together, compare). */
  readonly column: string | null;
  /** Violating rows; for `required` and `additional_columns` the files; 1 for row-count bounds. */
  readonly count: number;
  /** The first violating rows, in file order. */
  readonly examples: readonly ViolationExample[];
  readonly severity: Severity;
  /** One line saying what failed, e.g. `3 values of "age" are below min 0`. */
  readonly message: string;
  /** Where the rule is written in the contract file. */
  readonly contract_line: number;
  readonly contract_column: number;
  /** For `required` and `additional_columns`: the first files concerned. */
  readonly files?: readonly string[];
  /** The measured quantity a bound was compared with: the row count, or the null rate. */
  readonly observed?: number;
}

/** What checking a dataset against a contract found. */
export interface ContractCheckResult {
  readonly result: "pass" | "warn" | "fail";
  /** Data rows over all files. */
  readonly rows: number;
  readonly files: readonly { readonly file: string; readonly rows: number }[];
  readonly violations: readonly Violation[];
  /** Limits that applied, e.g. `uniqueness of "id" checked on the first 5,000,000 rows only`. */
  readonly notes: readonly string[];
}

/** Longest text shown for a value; a longer one is cut with "…" and its full length. */
export const SHOWN_TEXT_LENGTH = 80;

/** A cell as shown in an example: text cut to a line, bigints and dates as text. */
export function showValue(raw: unknown): ShownValue {
  if (raw === undefined || raw === null) return null;
  if (typeof raw === "string") return clip(raw);
  if (typeof raw === "number") return Number.isFinite(raw) ? raw : String(raw);
  if (typeof raw === "boolean") return raw;
  if (typeof raw === "bigint") return Number.isSafeInteger(Number(raw)) ? Number(raw) : raw.toString();
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? "Invalid Date" : raw.toISOString();
  try {
    return clip(
      JSON.stringify(raw, (_key, inner) => (typeof inner === "bigint" ? inner.toString() : inner)) ?? String(raw),
    );
  } catch {
    return clip(String(raw));
  }
}

function clip(text: string): string {
  if (text.length <= SHOWN_TEXT_LENGTH) return text;
  // Cut on a code point boundary, so no lone surrogate reaches a JSON report.
  const last = text.charCodeAt(SHOWN_TEXT_LENGTH - 1);
  const end = last >= 0xd800 && last <= 0xdbff ? SHOWN_TEXT_LENGTH - 1 : SHOWN_TEXT_LENGTH;
  return `${text.slice(0, end)}… (${text.length.toLocaleString("en-US")} characters)`;
}

/** pass when nothing failed, warn when only `warn` rules failed, fail otherwise. */
export function overallResult(violations: readonly Violation[]): "pass" | "warn" | "fail" {
  if (violations.some((v) => v.severity === "fail")) return "fail";
  return violations.length > 0 ? "warn" : "pass";
}
