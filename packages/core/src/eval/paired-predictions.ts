import type { Task } from "./task.js";

/**
 * One model's per-example outputs, aligned with the rows of a {@link PairedPredictions}.
 * Columnar typed arrays keep 10M paired rows within memory budgets.
 */
export interface PredictionSide {
  /**
   * Binary: predicted class 0/1 (from the file's `prediction`, else `score >= threshold`).
   * Multiclass: predicted class index into `classes`. Regression: predicted value.
   * Generation: `passed` as 0/1, or NaN when the file only has `score`.
   */
  readonly prediction: Float64Array;
  /**
   * Binary: probability of the positive class. Multiclass: row-major n×k per-class scores, or
   * null when the file has none. Regression: null. Generation: the per-example score, or null.
   */
  readonly score: Float64Array | null;
}

/**
 * A slice column's codes, in the narrowest signed type that holds them: a column of a few dozen
 * values costs one byte per example instead of four (40 MB less per column at 10M rows).
 */
export type SliceCodes = Int8Array | Int16Array | Int32Array;

/** A slice column, dictionary-encoded: `codes[i]` indexes `values`; -1 means null/missing. */
export interface SliceColumn {
  readonly codes: SliceCodes;
  readonly values: readonly string[];
}

/** Candidate and baseline predictions on the same examples, paired by `id`. */
export interface PairedPredictions {
  readonly task: Task;
  readonly n: number;
  /** Example ids in row order (kept for reporting flips by id). */
  readonly ids: readonly string[];
  /** Binary 0/1; multiclass class index into `classes`; regression value; generation 0/1 or NaN. */
  readonly label: Float64Array;
  /** Multiclass class names by index (sorted), null otherwise. */
  readonly classes: readonly string[] | null;
  readonly baseline: PredictionSide;
  readonly candidate: PredictionSide;
  /** Slice columns by column name (`region` gives slices `region=eu`, `region=us`, …). */
  readonly slices: ReadonlyMap<string, SliceColumn>;
  /** Rows present on one side only; reported, never silently dropped from the counts. */
  readonly unpaired: { readonly baselineOnly: number; readonly candidateOnly: number };
}

/**
 * Per-example weights for a metric: `weights[i]` counts how many times example i is drawn (a
 * bootstrap resample) or is a sample weight; absent means every example counts once. Metric
 * functions must treat weight 0 as "not present".
 */
export type ExampleWeights = Float64Array | Uint32Array;
