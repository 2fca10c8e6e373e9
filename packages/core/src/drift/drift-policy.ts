import type { DriftMethod } from "../contract/data-contract.js";
import { InputError } from "../errors/input-error.js";

/**
 * How drift is judged per column, and the defaults. Every formula, edge case and default is
 * written out in docs/drift.md.
 */
export type ColumnKind = "numeric" | "categorical";

/**
 * The methods that apply to each kind of column. Method names are the data contract's
 * (`DriftMethod`): `wasserstein` is the normed Wasserstein-1 distance, `linf` the L-infinity
 * distance, `chi2` the chi-square test's p-value.
 */
export const DRIFT_METHODS_BY_KIND: Readonly<Record<ColumnKind, readonly DriftMethod[]>> = {
  numeric: ["ks", "wasserstein", "psi"],
  categorical: ["chi2", "jensen_shannon", "linf", "psi"],
};

/**
 * p-value methods flag drift when the p-value is below the threshold (the test's alpha); the
 * others are effect sizes and flag drift when the distance is at or above the threshold.
 */
export function isPValueMethod(method: DriftMethod): boolean {
  return method === "ks" || method === "chi2";
}

export const DEFAULT_THRESHOLDS: Readonly<Record<DriftMethod, number>> = {
  ks: 0.05,
  chi2: 0.05,
  wasserstein: 0.1,
  jensen_shannon: 0.1,
  psi: 0.2,
  linf: 0.1,
};

/**
 * At or below this many values on the smaller side, drift is judged by a test (KS, chi-square);
 * above, by an effect size (normed Wasserstein, Jensen–Shannon). A test's power grows with n, so
 * on large data it flags differences too small to matter; an effect size is noisy on small data.
 */
export const SMALL_SAMPLE_LIMIT = 1_000;

/** A numeric reference column with at most this many distinct values is compared as categories. */
export const FEW_DISTINCT_NUMBERS = 5;

/** The dataset drifts when at least this share of the compared columns drift. */
export const DEFAULT_DRIFT_SHARE = 0.5;

/** A column's override: any of its kind, its method and its threshold. */
export interface ColumnDriftRule {
  readonly kind?: ColumnKind;
  readonly method?: DriftMethod;
  readonly threshold?: number;
}

export interface DriftPolicy {
  readonly columns?: Readonly<Record<string, ColumnDriftRule>>;
  /** Columns left out of drift (ids, timestamps). */
  readonly ignore?: readonly string[];
  readonly driftShare?: number;
  readonly smallSampleLimit?: number;
}

/** The method a column is judged by: its override, else the sample-size-aware default. */
export function chooseDriftMethod(kind: ColumnKind, smallerSide: number, limit = SMALL_SAMPLE_LIMIT): DriftMethod {
  if (smallerSide <= limit) return kind === "numeric" ? "ks" : "chi2";
  return kind === "numeric" ? "wasserstein" : "jensen_shannon";
}

/** Checks a column's rule against its kind; an InputError naming the column otherwise. */
export function checkDriftRule(column: string, kind: ColumnKind, rule: ColumnDriftRule): void {
  if (rule.method !== undefined && !DRIFT_METHODS_BY_KIND[kind].includes(rule.method)) {
    throw new InputError(
      `drift rule for column "${column}": method "${rule.method}" does not apply to a ${kind} column; expected one of ${DRIFT_METHODS_BY_KIND[kind].join(", ")}`,
    );
  }
  if (rule.threshold !== undefined) {
    const method = rule.method;
    const bounded =
      method !== undefined && (isPValueMethod(method) || method === "jensen_shannon" || method === "linf");
    if (!(Number.isFinite(rule.threshold) && rule.threshold > 0) || (bounded && rule.threshold > 1)) {
      throw new InputError(
        `drift rule for column "${column}": threshold ${rule.threshold} is out of range; expected a number above 0${bounded ? " and at most 1" : ""}`,
      );
    }
  }
}
