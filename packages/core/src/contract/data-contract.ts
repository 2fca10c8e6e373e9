/**
 * The typed form of a data contract (`*.contract.yml`); `packages/core/schema/contract.schema.json`
 * is its published schema and `docs/contracts.md` gives every rule's exact semantics.
 */

/** What a column's cells must parse as; `docs/contracts.md` lists what each accepts per format. */
export const COLUMN_TYPES = ["integer", "number", "string", "boolean", "date", "datetime"] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

export const SEVERITIES = ["fail", "warn"] as const;
/** A `fail` violation fails validation; a `warn` one only makes the result `warn`. */
export type Severity = (typeof SEVERITIES)[number];

/** Drift methods a column may name; the drift engine owns their formulas. */
export const DRIFT_METHODS = ["psi", "jensen_shannon", "wasserstein", "linf", "ks", "chi2"] as const;
export type DriftMethod = (typeof DRIFT_METHODS)[number];

/** Operators of a table-level column comparison (`compare: "start <= end"`). */
export const COMPARISON_OPERATORS = ["<=", ">=", "==", "!=", "<", ">"] as const;
export type ComparisonOperator = (typeof COMPARISON_OPERATORS)[number];

/** Where a rule is written in the contract file, so a failed rule can point at its line. */
export interface ContractPosition {
  readonly line: number;
  readonly column: number;
}

/** One rule's setting, its severity and where it is written. */
export interface RuleSetting<T> {
  readonly value: T;
  readonly severity: Severity;
  readonly at: ContractPosition;
}

/**
 * A bound on an ordered column: `text` is what the contract says (a number, or an ISO date or
 * date-time), `value` the number it is compared as (milliseconds since the epoch for times).
 */
export interface Bound {
  readonly text: number | string;
  readonly value: number;
}

export type EnumMember = string | number;

export interface DriftRule {
  readonly method: DriftMethod;
  readonly threshold: number;
  readonly at: ContractPosition;
}

export interface ColumnContract {
  readonly name: string;
  /** Where the column's key is written. */
  readonly at: ContractPosition;
  readonly description?: string;
  readonly type: RuleSetting<ColumnType>;
  /** Whether every file must have this column (default true). */
  readonly required: RuleSetting<boolean>;
  /** Whether the column may hold missing values (default true). */
  readonly nullable: RuleSetting<boolean>;
  readonly maxNullRate?: RuleSetting<number>;
  readonly min?: RuleSetting<Bound>;
  readonly max?: RuleSetting<Bound>;
  readonly enum?: RuleSetting<readonly EnumMember[]>;
  readonly regex?: RuleSetting<string>;
  readonly unique?: RuleSetting<boolean>;
  readonly drift?: DriftRule;
}

export interface UniqueTogetherRule {
  readonly kind: "unique_together";
  readonly columns: readonly string[];
  readonly severity: Severity;
  readonly at: ContractPosition;
}

export interface CompareRule {
  readonly kind: "compare";
  readonly left: string;
  readonly operator: ComparisonOperator;
  readonly right: string;
  /** The expression as written, e.g. `start_date <= end_date`. */
  readonly expression: string;
  readonly severity: Severity;
  readonly at: ContractPosition;
}

export type TableRule = UniqueTogetherRule | CompareRule;

export interface DataContract {
  /** The contract file, for annotations on failed rules. */
  readonly file: string;
  readonly version: 1;
  readonly description?: string;
  /** Columns in the order the contract lists them. */
  readonly columns: readonly ColumnContract[];
  /** Whether a file may hold columns the contract does not list (default true). */
  readonly additionalColumns: RuleSetting<boolean>;
  readonly minRows?: RuleSetting<number>;
  readonly maxRows?: RuleSetting<number>;
  /** CSV fields read as missing besides the empty field (e.g. `NA`). */
  readonly nullValues: readonly string[];
  readonly rules: readonly TableRule[];
  /** The share of drifted columns above which the dataset as a whole has drifted. */
  readonly drift?: { readonly share: number; readonly at: ContractPosition };
}

/** Types whose values are ordered, so `min`, `max` and comparisons apply. */
export function isOrderedType(type: ColumnType): boolean {
  return type !== "boolean";
}

/** Types whose cells are compared as times (milliseconds since the epoch). */
export function isTimeType(type: ColumnType): boolean {
  return type === "date" || type === "datetime";
}

export function isNumericType(type: ColumnType): boolean {
  return type === "integer" || type === "number";
}
