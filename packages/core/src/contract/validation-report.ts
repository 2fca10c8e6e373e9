import type { DatasetFileDigest } from "../digest/dataset-digest.js";
import type { ContractChange } from "./contract-diff.js";
import type { DriftMethod } from "./data-contract.js";
import type { Violation } from "./violation.js";

/** Schema tag of a validation report. */
export const VALIDATION_SCHEMA = "slipway/validation@1";

export type ValidationResult = "pass" | "warn" | "fail";

/** One compared column, as in `drift[]`: the value is always given, drifted or not. */
export interface ValidationDriftRow {
  readonly column: string;
  readonly method: DriftMethod;
  /** The p-value (`ks`, `chi2`) or distance; null when a side has no values to compare. */
  readonly value: number | null;
  readonly threshold: number;
  readonly drifted: boolean;
}

/** How the dataset as a whole compared with its reference profile. */
export interface ValidationDriftSummary {
  /** The reference profile, as the user named it. */
  readonly reference: string;
  readonly compared: number;
  readonly drifted_columns: number;
  /** drifted_columns / compared (0 when nothing was compared). */
  readonly share: number;
  readonly share_threshold: number;
  /** share ≥ share_threshold with at least one column compared: the dataset drifted. */
  readonly drifted: boolean;
  /** Reference columns the data lacks, and monitored data columns the reference lacks. */
  readonly reference_only: readonly string[];
  readonly current_only: readonly string[];
}

/**
 * One file of the dataset: `path`, `sha256` and `bytes` exactly as they went into the dataset
 * digest (`path` relative to the dataset's root), plus where the file is and its rows.
 */
export interface ValidationFile extends DatasetFileDigest {
  /** The file as reports name it: relative to the repository when inside it. */
  readonly file: string;
  readonly rows: number;
}

/** The rules that moved between the base contract and this one (`diffContracts`). */
export interface ValidationContractChanges {
  /** The base contract, e.g. `contracts/churn.contract.yml@main` or a file name. */
  readonly base: string;
  readonly changes: readonly ContractChange[];
}

/**
 * `slipway/validation@1`: what `slipway validate --json` prints and the `validate-data` action
 * writes. The stable part is `result`, `rows`, `violations[]` (`{rule, column, count, examples:
 * [{row, value}]}` plus the contract check's extra fields), `drift[]` and `digest`; the rest gives
 * a reviewer the context (which files, which contract, which reference, what changed).
 */
export interface ValidationReport {
  readonly schema: typeof VALIDATION_SCHEMA;
  /** The worst of the contract's result and the drift result (see `driftResult`). */
  readonly result: ValidationResult;
  /** Data rows over all files. */
  readonly rows: number;
  readonly violations: readonly Violation[];
  readonly drift: readonly ValidationDriftRow[];
  /** The dataset digest, `sha256:<hex>` (docs/drift.md#dataset-digests). */
  readonly digest: string;
  /** The dataset's name in `.slipway.yml`, or the path it was given as. */
  readonly dataset: string;
  readonly contract: string;
  readonly files: readonly ValidationFile[];
  /** Present when a reference profile was given. */
  readonly drift_summary: ValidationDriftSummary | null;
  /** Present when a base contract was given. */
  readonly contract_changes: ValidationContractChanges | null;
  /** Limits that applied and context a reader needs, one line each. */
  readonly notes: readonly string[];
}

/**
 * Drift decides the result through the contract's `drift.share`: a dataset whose share of drifted
 * columns reaches it has drifted and fails; a column that drifted on its own only warns, since a
 * single column crossing its threshold is what sampling noise does now and then on wide tables.
 */
export function driftResult(summary: ValidationDriftSummary | null): ValidationResult {
  if (summary === null) return "pass";
  if (summary.drifted) return "fail";
  return summary.drifted_columns > 0 ? "warn" : "pass";
}

const ORDER: Readonly<Record<ValidationResult, number>> = { pass: 0, warn: 1, fail: 2 };

export function worstResult(results: readonly ValidationResult[]): ValidationResult {
  return results.reduce<ValidationResult>((worst, r) => (ORDER[r] > ORDER[worst] ? r : worst), "pass");
}
